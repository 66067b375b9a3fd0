#pragma once
// Shared oneDNN plumbing: the CPU engine, and turning oneDNN exceptions into absl::Status.

#include <exception>
#include <string>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "oneapi/dnnl/dnnl.hpp"

namespace octet {

/// How many primitives oneDNN's own cache keeps (see CpuEngine).
inline constexpr int kPrimitiveCacheCapacity = 256;

/// The process-wide oneDNN CPU engine (created on first use; thread-safe). Its creation also sets
/// oneDNN's primitive cache to kPrimitiveCacheCapacity unless ONEDNN_PRIMITIVE_CACHE_CAPACITY is
/// set.
const dnnl::engine& CpuEngine();

/// Runs `fn`, converting a dnnl::error or std::bad_alloc into an InternalError that names `what`.
template <typename Fn>
absl::Status CatchDnnl(const std::string& what, Fn&& fn) {
  try {
    std::forward<Fn>(fn)();
  } catch (const dnnl::error& e) {
    return absl::InternalError(absl::StrCat(what, ": oneDNN error ", e.status, ": ", e.what()));
  } catch (const std::bad_alloc&) {
    return absl::ResourceExhaustedError(absl::StrCat(what, ": out of memory"));
  }
  return absl::OkStatus();
}

/// The name of the implementation oneDNN picked for a primitive (e.g. "brg:avx512_core").
std::string ImplementationName(const dnnl::primitive_desc_base& pd);

/// Primitive attributes with a user-provided scratchpad (the workspace's) and, unless it is 1,
/// a common output scale.
dnnl::primitive_attr UserScratchpadAttr(float output_scale = 1.f);

}  // namespace octet
