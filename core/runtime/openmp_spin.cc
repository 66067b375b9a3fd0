#include "core/runtime/openmp_spin.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace octet {
namespace {

constexpr char kSpinCount[] = "GOMP_SPINCOUNT";
constexpr char kWaitPolicy[] = "OMP_WAIT_POLICY";

}  // namespace

absl::Status BoundOpenMpSpinning(char** argv) {
  if (std::getenv(kSpinCount) != nullptr || std::getenv(kWaitPolicy) != nullptr) {
    return absl::OkStatus();
  }
  const std::string value = absl::StrCat(kOpenMpSpinCount);
  if (setenv(kSpinCount, value.c_str(), /*overwrite=*/1) != 0) {
    return absl::InternalError(absl::StrCat("setenv(", kSpinCount, "): ", std::strerror(errno)));
  }
  execv("/proc/self/exe", argv);
  // Only reached when execv failed; the variable stays set for our children.
  return absl::InternalError(
      absl::StrCat("re-executing /proc/self/exe to set ", kSpinCount, ": ", std::strerror(errno)));
}

std::string OpenMpSpinningDescription() {
  std::string parts;
  for (const char* name : {kSpinCount, kWaitPolicy}) {
    if (const char* v = std::getenv(name); v != nullptr) {
      absl::StrAppend(&parts, parts.empty() ? "" : ", ", name, "=", v);
    }
  }
  return parts.empty() ? "libgomp defaults" : parts;
}

}  // namespace octet
