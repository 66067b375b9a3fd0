#include "client/cli.h"

#include <cstdio>

namespace octet::cli {

int Run(int argc, char** argv) {
  (void)argc;
  (void)argv;
  std::fprintf(stderr, "octet: no command yet\n");
  return 2;
}

}  // namespace octet::cli
