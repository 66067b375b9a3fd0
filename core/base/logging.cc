#include "core/base/logging.h"

#include <atomic>

namespace octet {
namespace {
std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};

const char* LevelName(LogLevel level) {
  switch (level) {
    case LogLevel::kInfo:
      return "info";
    case LogLevel::kWarning:
      return "warning";
    case LogLevel::kError:
      return "error";
  }
  return "?";
}
}  // namespace

void SetMinLogLevel(LogLevel level) { min_level.store(static_cast<int>(level)); }

void LogLine(LogLevel level, const std::string& message) {
  if (static_cast<int>(level) < min_level.load()) return;
  std::fprintf(stderr, "octet: %s: %s\n", LevelName(level), message.c_str());
}

}  // namespace octet
