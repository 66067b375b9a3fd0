#pragma once
// Per-client bound on in-flight inference calls, so that one client cannot fill the admission
// queue every client shares. A client is its IP address (the port differs per connection), or,
// for calls from a loopback address, a metadata value a trusted front on the same host sets.
//
// A gRPC interceptor counts each queued octet.v1.Inference call (not the inline ListModels,
// GetModel and Tokenize) from its initial metadata until gRPC is done with it; a call that
// arrives while its client is at the limit is marked, and the admission path
// (InferenceCalls::Submit) answers it RESOURCE_EXHAUSTED without queueing it.

#include <memory>
#include <string>
#include <string_view>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/grpcpp.h"
#include "grpcpp/support/server_interceptor.h"

namespace octet::server {

/// "ipv4:10.0.0.7:52344" → "10.0.0.7", "ipv6:[::1]:52344" → "::1"; anything else as it is.
std::string ClientAddressOfPeer(std::string_view peer);
/// True for 127.0.0.0/8, ::1 and ::ffff:127.x addresses.
bool IsLoopbackAddress(std::string_view address);

class ClientLimiter {
 public:
  /// `max_inflight` ≥ 1. `id_metadata`: see ServerConfig::client_id_metadata.
  ClientLimiter(int max_inflight, std::string id_metadata);
  ClientLimiter(const ClientLimiter&) = delete;
  ClientLimiter& operator=(const ClientLimiter&) = delete;

  /// The interceptor factory to give the ServerBuilder. The limiter must outlive the server.
  std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface> NewInterceptorFactory();

  /// OK, or RESOURCE_EXHAUSTED naming the limit when the call's client was at it when the call
  /// arrived. Calls the interceptor did not see (other transports) are OK.
  absl::Status Check(const grpc::ServerContextBase* call) const;

  /// The client of a call from `peer` with metadata value `id` (empty when absent).
  std::string ClientOf(std::string_view peer, std::string_view id) const;
  const std::string& id_metadata() const { return id_metadata_; }

  /// Takes a slot for `client` (true) or marks `call` as over the limit (false).
  bool Acquire(const std::string& client, const void* call);
  /// Ends what Acquire started for `call`.
  void Release(const std::string& client, const void* call, bool admitted);
  int InFlight(const std::string& client) const;

 private:
  const int max_inflight_;
  const std::string id_metadata_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, int> inflight_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_set<const void*> refused_ ABSL_GUARDED_BY(mu_);
};

}  // namespace octet::server
