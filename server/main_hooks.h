#pragma once
// The seams main() installs in the server. Two definitions, one per executable: octet-server
// links server/main_hooks.cc (none), octet-server-testing links server/testing/test_hooks.cc
// (the --test_* flags). The octet_server library has neither.

#include "absl/status/statusor.h"
#include "server/server_hooks.h"

namespace octet::server {

/// The hooks of this executable, read from its flags; call after ParseCommandLine.
/// InvalidArgument names a flag with a bad value.
absl::StatusOr<ServerHooks> MainHooks();

}  // namespace octet::server
