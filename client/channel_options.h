#pragma once
// How the gRPC subcommands reach the server: --addr, TLS (--tls, --tls-ca, and --tls-cert /
// --tls-key for mutual TLS) and an API key (--api-key-file, sent as `authorization: Bearer`).

#include <memory>
#include <set>
#include <string>

#include "absl/status/statusor.h"
#include "client/args.h"
#include "grpcpp/grpcpp.h"

namespace octet::cli {

/// `flags` plus the value flags every gRPC subcommand accepts.
std::set<std::string> WithChannelFlags(std::set<std::string> flags);
/// `switches` plus --tls.
std::set<std::string> WithChannelSwitches(std::set<std::string> switches);

/// The channel the flags describe: plaintext by default; TLS with --tls (system roots) or
/// --tls-ca FILE; a client certificate with --tls-cert/--tls-key; the key of --api-key-file on
/// every call (needs TLS). InvalidArgument naming the flag for unreadable or inconsistent ones.
absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ParsedArgs& args);

}  // namespace octet::cli
