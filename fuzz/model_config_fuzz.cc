// Fuzzes config.json parsing and validation (ModelConfig::Parse): any text gives a config or an
// error, never a crash, and an accepted config is internally consistent.

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/models/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto config = octet::ModelConfig::Parse(text, "config.json");
  if (!config.ok()) return 0;
  // What the rest of the engine relies on once Parse succeeded.
  if (config->num_heads <= 0 || config->hidden_size % config->num_heads != 0) __builtin_trap();
  if (config->head_dim() <= 0) __builtin_trap();
  return 0;
}
