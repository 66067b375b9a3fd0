#include "client/channel_options.h"

#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "client/rpc_util.h"
#include "core/base/flag_file.h"
#include "core/base/status_macros.h"

namespace octet::cli {
namespace {

// Adds `authorization: Bearer <key>` to every call made on the channel.
class BearerKeyPlugin : public grpc::MetadataCredentialsPlugin {
 public:
  explicit BearerKeyPlugin(std::string key) : value_("Bearer " + std::move(key)) {}
  bool IsBlocking() const override { return false; }
  grpc::Status GetMetadata(grpc::string_ref /*service_url*/, grpc::string_ref /*method_name*/,
                           const grpc::AuthContext& /*channel_auth_context*/,
                           std::multimap<std::string, std::string>* metadata) override {
    metadata->emplace("authorization", value_);
    return grpc::Status::OK;
  }

 private:
  const std::string value_;
};

}  // namespace

std::set<std::string> WithChannelFlags(std::set<std::string> flags) {
  flags.insert({"addr", "tls-ca", "tls-cert", "tls-key", "api-key-file"});
  return flags;
}

std::set<std::string> WithChannelSwitches(std::set<std::string> switches) {
  switches.insert("tls");
  return switches;
}

absl::StatusOr<std::shared_ptr<grpc::Channel>> MakeChannel(const ParsedArgs& args) {
  const std::string address = args.Get("addr").value_or(kDefaultAddress);
  const auto ca = args.Get("tls-ca"), cert = args.Get("tls-cert"), key = args.Get("tls-key");
  const auto key_file = args.Get("api-key-file");
  const bool tls = args.Has("tls") || ca || cert;
  if (cert.has_value() != key.has_value()) {
    return absl::InvalidArgumentError("--tls-cert and --tls-key: expected both or neither");
  }
  if (!tls) {
    if (key_file) {
      return absl::InvalidArgumentError(
          "--api-key-file: needs TLS (--tls or --tls-ca); the key must not travel in plaintext");
    }
    return MakeChannel(address);
  }
  grpc::SslCredentialsOptions options;  // empty roots: the system's CAs
  struct FileFlag {
    const char* flag;
    const std::optional<std::string>& path;
    std::string* out;
  };
  for (const FileFlag& f : {FileFlag{"tls-ca", ca, &options.pem_root_certs},
                            FileFlag{"tls-cert", cert, &options.pem_cert_chain},
                            FileFlag{"tls-key", key, &options.pem_private_key}}) {
    if (!f.path) continue;
    OCTET_ASSIGN_OR_RETURN(*f.out, ReadFlagFile(f.flag, *f.path));
  }
  std::shared_ptr<grpc::ChannelCredentials> credentials = grpc::SslCredentials(options);
  if (key_file) {
    OCTET_ASSIGN_OR_RETURN(const std::string content, ReadFlagFile("api-key-file", *key_file));
    auto plugin =
        std::make_unique<BearerKeyPlugin>(std::string(absl::StripAsciiWhitespace(content)));
    credentials = grpc::CompositeChannelCredentials(
        credentials, grpc::MetadataCredentialsFromPlugin(std::move(plugin)));
  }
  grpc::ChannelArguments channel_args;
  channel_args.SetMaxReceiveMessageSize(64 << 20);
  return grpc::CreateCustomChannel(address, credentials, channel_args);
}

}  // namespace octet::cli
