#pragma once
// What the fuzz targets share: the fixture folder of the build, and a scratch file that loaders
// which take a path can read the fuzzer's bytes from.

#include <unistd.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace octet::fuzz {

/// tests/data/fixtures of the source tree (set by fuzz/CMakeLists.txt).
inline std::string FixtureDir(const std::string& name) {
  return std::string(OCTET_FUZZ_FIXTURES_DIR) + "/" + name;
}

/// A private directory for this process, created on first use and removed at exit.
inline const std::string& ScratchDir() {
  static const std::string* dir = [] {
    const char* base = std::getenv("TMPDIR");
    std::string tmpl = std::string(base != nullptr ? base : "/tmp") + "/octet_fuzz_XXXXXX";
    if (mkdtemp(tmpl.data()) == nullptr) std::abort();
    auto* d = new std::string(tmpl);
    std::atexit([] { std::system(("rm -rf '" + *dir + "'").c_str()); });
    return d;
  }();
  return *dir;
}

/// Writes `size` bytes to ScratchDir()/name (replacing it) and returns the path.
inline std::string WriteScratchFile(const std::string& name, const uint8_t* data, size_t size) {
  std::string path = ScratchDir() + "/" + name;
  FILE* f = std::fopen(path.c_str(), "wb");
  if (f == nullptr) std::abort();
  if (size > 0 && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  return path;
}

}  // namespace octet::fuzz
