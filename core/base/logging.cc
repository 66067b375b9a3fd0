#include "core/base/logging.h"

#include <atomic>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"

namespace octet {
namespace {
std::atomic<int> min_level{static_cast<int>(LogLevel::kInfo)};
std::atomic<int> log_format{static_cast<int>(LogFormat::kText)};

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
void SetLogFormat(LogFormat format) { log_format.store(static_cast<int>(format)); }

std::string JsonQuote(const std::string& s) {
  std::string out = "\"";
  for (const char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          out += absl::StrFormat("\\u%04x", static_cast<int>(c));
        } else {
          out += c;
        }
    }
  }
  return out + "\"";
}

void LogLine(LogLevel level, const std::string& message) { LogLine(level, message, {}); }

void LogLine(LogLevel level, const std::string& message, const std::vector<LogField>& fields) {
  if (static_cast<int>(level) < min_level.load()) return;
  std::string line;
  if (log_format.load() == static_cast<int>(LogFormat::kJson)) {
    line = absl::StrCat("{\"ts\":\"",
                        absl::FormatTime("%Y-%m-%dT%H:%M:%E6SZ", absl::Now(), absl::UTCTimeZone()),
                        "\",\"level\":\"", LevelName(level), "\",\"msg\":", JsonQuote(message));
    for (const LogField& f : fields) {
      absl::StrAppend(&line, ",", JsonQuote(f.key), ":", f.raw ? f.value : JsonQuote(f.value));
    }
    line += "}\n";
  } else {
    line = absl::StrCat("octet: ", LevelName(level), ": ", message);
    for (const LogField& f : fields) absl::StrAppend(&line, " ", f.key, "=", f.value);
    line += "\n";
  }
  // One write per line, so that lines from several threads never interleave.
  std::fwrite(line.data(), 1, line.size(), stderr);
}

}  // namespace octet
