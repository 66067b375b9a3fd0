#pragma once
// Minimal logging to stderr (Abseil 20220623 has no absl/log).

#include <cstdio>
#include <string>

#include "absl/strings/str_format.h"

namespace octet {

enum class LogLevel { kInfo, kWarning, kError };

/// Writes one line "octet: LEVEL: message" to stderr.
void LogLine(LogLevel level, const std::string& message);

/// Sets the lowest level that is printed (default kInfo); tests and quiet CLIs raise it.
void SetMinLogLevel(LogLevel level);

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
