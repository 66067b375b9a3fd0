#include "server/file_limit.h"

#include <sys/resource.h>

#include <cerrno>
#include <cstring>

namespace octet::server {
namespace {

int64_t AsInt(rlim_t v) { return v == RLIM_INFINITY ? INT64_MAX : static_cast<int64_t>(v); }

}  // namespace

FileLimit RaiseFileLimit() {
  FileLimit out;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  out.before = out.soft = AsInt(limit.rlim_cur);
  out.hard = AsInt(limit.rlim_max);
  if (limit.rlim_cur == limit.rlim_max) return out;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    out.error = std::strerror(errno);
    return out;
  }
  out.soft = out.hard;
  return out;
}

}  // namespace octet::server
