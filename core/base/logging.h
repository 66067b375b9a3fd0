#pragma once
// Minimal logging to stderr (Abseil 20220623 has no absl/log): one line per message, as text
// ("octet: LEVEL: message key=value ...") or as a JSON object per line
// ({"ts": RFC 3339 UTC, "level", "msg", fields...}).

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/str_format.h"

namespace octet {

enum class LogLevel { kInfo, kWarning, kError };
enum class LogFormat { kText, kJson };

/// A structured field of a log line. `value` is text, or a JSON number / true / false / null
/// when `raw` (written unquoted).
struct LogField {
  std::string key;
  std::string value;
  bool raw = false;
};

/// Writes one line with `message` to stderr in the current format.
void LogLine(LogLevel level, const std::string& message);
/// The same with structured fields (JSON members, or key=value pairs after the text message).
void LogLine(LogLevel level, const std::string& message, const std::vector<LogField>& fields);

/// Sets the lowest level that is printed (default kInfo); tests and quiet CLIs raise it.
void SetMinLogLevel(LogLevel level);
/// Text (default) or JSON lines; set once at start-up.
void SetLogFormat(LogFormat format);

/// A JSON string literal for `s` (quotes included; control characters escaped).
std::string JsonQuote(const std::string& s);

template <typename... Args>
void LogInfo(const absl::FormatSpec<Args...>& format, const Args&... args) {
  LogLine(LogLevel::kInfo, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogWarning(const absl::FormatSpec<Args...>& format, const Args&... args) {
  LogLine(LogLevel::kWarning, absl::StrFormat(format, args...));
}
template <typename... Args>
void LogError(const absl::FormatSpec<Args...>& format, const Args&... args) {
  LogLine(LogLevel::kError, absl::StrFormat(format, args...));
}

}  // namespace octet
