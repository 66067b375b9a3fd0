// The production octet-server installs no hooks.

#include "server/main_hooks.h"

namespace octet::server {

absl::StatusOr<ServerHooks> MainHooks() { return ServerHooks{}; }

}  // namespace octet::server
