#include "server/client_limiter.h"

#include <utility>

#include "absl/strings/str_format.h"

namespace octet::server {
namespace {

using grpc::experimental::InterceptionHookPoints;

bool StartsWith(std::string_view s, std::string_view prefix) {
  return s.substr(0, prefix.size()) == prefix;
}

constexpr std::string_view kLimitedService = "/octet.v1.Inference/";
// Answered inline on the gRPC thread, never queued: not counted.
constexpr std::string_view kInlineMethods[] = {"ListModels", "GetModel", "Tokenize"};
// Longest client id kept (an IPv6 address is at most 45 characters).
constexpr size_t kMaxIdBytes = 64;

class LimitInterceptor final : public grpc::experimental::Interceptor {
 public:
  LimitInterceptor(ClientLimiter* limiter, grpc::experimental::ServerRpcInfo* info)
      : limiter_(limiter), info_(info) {}
  ~LimitInterceptor() override {
    if (counted_) limiter_->Release(client_, info_->server_context(), admitted_);
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (!counted_ &&
        methods->QueryInterceptionHookPoint(InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      std::string_view id;
      if (!limiter_->id_metadata().empty()) {
        const auto* metadata = methods->GetRecvInitialMetadata();
        if (metadata != nullptr) {
          auto it = metadata->find(limiter_->id_metadata());
          if (it != metadata->end()) id = std::string_view(it->second.data(), it->second.size());
        }
      }
      client_ = limiter_->ClientOf(info_->server_context()->peer(), id);
      admitted_ = limiter_->Acquire(client_, info_->server_context());
      counted_ = true;
    }
    methods->Proceed();
  }

 private:
  ClientLimiter* const limiter_;
  grpc::experimental::ServerRpcInfo* const info_;
  bool counted_ = false;
  bool admitted_ = false;
  std::string client_;
};

class LimitInterceptorFactory final : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  explicit LimitInterceptorFactory(ClientLimiter* limiter) : limiter_(limiter) {}
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    const std::string_view method = info->method() == nullptr ? "" : info->method();
    if (!StartsWith(method, kLimitedService)) return nullptr;  // health, reflection
    for (std::string_view inline_method : kInlineMethods) {
      if (method.substr(kLimitedService.size()) == inline_method) return nullptr;
    }
    return new LimitInterceptor(limiter_, info);
  }

 private:
  ClientLimiter* const limiter_;
};

}  // namespace

std::string ClientAddressOfPeer(std::string_view peer) {
  if (StartsWith(peer, "ipv6:[")) {
    const size_t close = peer.find(']');
    if (close != std::string_view::npos) return std::string(peer.substr(6, close - 6));
  }
  if (StartsWith(peer, "ipv4:")) {
    std::string_view rest = peer.substr(5);
    const size_t colon = rest.rfind(':');
    return std::string(colon == std::string_view::npos ? rest : rest.substr(0, colon));
  }
  return std::string(peer);
}

bool IsLoopbackAddress(std::string_view address) {
  return StartsWith(address, "127.") || address == "::1" || StartsWith(address, "::ffff:127.");
}

ClientLimiter::ClientLimiter(int max_inflight, std::string id_metadata)
    : max_inflight_(max_inflight), id_metadata_(std::move(id_metadata)) {}

std::unique_ptr<grpc::experimental::ServerInterceptorFactoryInterface>
ClientLimiter::NewInterceptorFactory() {
  return std::make_unique<LimitInterceptorFactory>(this);
}

std::string ClientLimiter::ClientOf(std::string_view peer, std::string_view id) const {
  std::string address = ClientAddressOfPeer(peer);
  // Only a front on the same host may name the client; anyone else could claim any name.
  if (!id.empty() && !id_metadata_.empty() && IsLoopbackAddress(address)) {
    return std::string(id.substr(0, kMaxIdBytes));
  }
  return address;
}

bool ClientLimiter::Acquire(const std::string& client, const void* call) {
  absl::MutexLock lock(&mu_);
  int& n = inflight_[client];
  if (n >= max_inflight_) {
    refused_.insert(call);
    return false;
  }
  ++n;
  return true;
}

void ClientLimiter::Release(const std::string& client, const void* call, bool admitted) {
  absl::MutexLock lock(&mu_);
  if (!admitted) {
    refused_.erase(call);
    return;
  }
  auto it = inflight_.find(client);
  if (it == inflight_.end()) return;
  if (--it->second <= 0) inflight_.erase(it);
}

int ClientLimiter::InFlight(const std::string& client) const {
  absl::MutexLock lock(&mu_);
  auto it = inflight_.find(client);
  return it == inflight_.end() ? 0 : it->second;
}

absl::Status ClientLimiter::Check(const grpc::ServerContextBase* call) const {
  if (call == nullptr) return absl::OkStatus();
  absl::MutexLock lock(&mu_);
  if (!refused_.contains(call)) return absl::OkStatus();
  return absl::ResourceExhaustedError(
      absl::StrFormat("this client already has %d calls in flight, the limit per client "
                      "(--max_inflight_per_client); retry once some are answered",
                      max_inflight_));
}

}  // namespace octet::server
