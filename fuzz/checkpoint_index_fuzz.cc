// Fuzzes the sharded-checkpoint index (model.safetensors.index.json) that Checkpoint::Open reads
// next to a real shard: shard names must stay inside the folder, bad maps must be errors.

#include <cstddef>
#include <cstdint>
#include <filesystem>

#include "core/io/checkpoint.h"
#include "fuzz/fuzz_util.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace fs = std::filesystem;
  static const std::string dir = [] {
    std::string d = octet::fuzz::ScratchDir() + "/checkpoint";
    fs::create_directories(d);
    const std::string src = octet::fuzz::FixtureDir("bert_qa_sharded");
    for (const char* shard :
         {"model-00001-of-00002.safetensors", "model-00002-of-00002.safetensors"}) {
      fs::copy_file(src + "/" + shard, d + "/" + shard, fs::copy_options::overwrite_existing);
    }
    return d;
  }();
  octet::fuzz::WriteScratchFile("checkpoint/model.safetensors.index.json", data, size);
  auto checkpoint = octet::Checkpoint::Open(dir, "bert.");
  if (!checkpoint.ok()) return 0;
  for (const std::string& name : (*checkpoint)->Names()) {
    if ((*checkpoint)->Info(name) == nullptr || (*checkpoint)->FileOf(name).empty()) {
      __builtin_trap();
    }
  }
  return 0;
}
