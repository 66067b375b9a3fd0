// octet-server with TLS, mutual TLS and an API key, against certificates made by openssl at test
// time: who gets through and with which status code.

#include <sys/wait.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <utility>

#include "grpc/health/v1/health.grpc.pb.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"
#include "tests/tls_certs.h"

namespace octet {
namespace {

using testing::ServerProcess;
using testing::TestCertificates;

constexpr char kApiKey[] = "k3y-for-tests-0123456789abcdef";

class ServerTlsTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    auto certs = testing::MakeTestCertificates();
    ASSERT_TRUE(certs.ok()) << certs.status();
    certs_ = new TestCertificates(*std::move(certs));
    std::ofstream(certs_->dir + "/api_key") << kApiKey << "\n";
  }
  static void TearDownTestSuite() {
    if (certs_ != nullptr) std::filesystem::remove_all(certs_->dir);
    delete certs_;
  }

  // A server on loopback serving the small classifier, with `extra` security flags.
  static std::unique_ptr<ServerProcess> StartServer(std::vector<std::string> extra) {
    extra.insert(extra.begin(), {testing::ModelFlag("cls", "bert_cls2"), "--noself_check"});
    auto server = ServerProcess::Start(extra, /*wait_serving=*/true, testing::ServerStartLimit());
    EXPECT_TRUE(server.ok()) << server.status();
    return server.ok() ? *std::move(server) : nullptr;
  }
  static std::vector<std::string> TlsFlags() {
    return {"--tls_cert=" + certs_->server_cert, "--tls_key=" + certs_->server_key};
  }

  // A TLS channel trusting `ca` (our CA by default), with an optional client certificate.
  static std::shared_ptr<grpc::Channel> TlsChannel(const ServerProcess& server,
                                                   const std::string& cert = "",
                                                   const std::string& key = "",
                                                   const std::string& ca = "") {
    grpc::SslCredentialsOptions options;
    options.pem_root_certs = TestCertificates::Read(ca.empty() ? certs_->ca_cert : ca);
    if (!cert.empty()) {
      options.pem_cert_chain = TestCertificates::Read(cert);
      options.pem_private_key = TestCertificates::Read(key);
    }
    return grpc::CreateChannel(server.address(), grpc::SslCredentials(options));
  }

  // ListModels over `channel`, with `authorization` metadata unless empty.
  static grpc::Status ListModels(const std::shared_ptr<grpc::Channel>& channel,
                                 const std::string& authorization = "") {
    auto stub = v1::Inference::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    if (!authorization.empty()) context.AddMetadata("authorization", authorization);
    v1::ListModelsResponse response;
    grpc::Status status = stub->ListModels(&context, v1::ListModelsRequest(), &response);
    if (status.ok()) {
      EXPECT_EQ(response.models_size(), 1);
    }
    return status;
  }

  static grpc::Status Classify(const std::shared_ptr<grpc::Channel>& channel,
                               const std::string& authorization) {
    auto stub = v1::Inference::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    context.AddMetadata("authorization", authorization);
    v1::ClassifyRequest request;
    request.set_model("cls");
    request.add_texts("a short text");
    v1::ClassifyResponse response;
    grpc::Status status = stub->Classify(&context, request, &response);
    if (status.ok()) {
      EXPECT_EQ(response.results_size(), 1);
    }
    return status;
  }

  // Health of service "" without any metadata.
  static grpc::Status Health(const std::shared_ptr<grpc::Channel>& channel,
                             grpc::health::v1::HealthCheckResponse* response) {
    auto stub = grpc::health::v1::Health::NewStub(channel);
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    return stub->Check(&context, grpc::health::v1::HealthCheckRequest(), response);
  }

  static TestCertificates* certs_;
};

TestCertificates* ServerTlsTest::certs_ = nullptr;

TEST_F(ServerTlsTest, TlsServesTlsClientsAndRefusesPlaintextOnes) {
  auto server = StartServer(TlsFlags());
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(ListModels(TlsChannel(*server)).ok());
  EXPECT_EQ(ListModels(server->NewChannel()).error_code(), grpc::StatusCode::UNAVAILABLE);
  // A client that does not trust the server's CA refuses the handshake itself.
  EXPECT_EQ(ListModels(TlsChannel(*server, "", "", certs_->foreign_client_cert)).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  // Plain TLS asks for no client certificate, so presenting one is harmless.
  EXPECT_TRUE(ListModels(TlsChannel(*server, certs_->client_cert, certs_->client_key)).ok());
}

TEST_F(ServerTlsTest, MutualTlsNeedsAClientCertificateFromTheConfiguredCa) {
  std::vector<std::string> flags = TlsFlags();
  flags.push_back("--tls_client_ca=" + certs_->ca_cert);
  auto server = StartServer(flags);
  ASSERT_NE(server, nullptr);
  EXPECT_TRUE(ListModels(TlsChannel(*server, certs_->client_cert, certs_->client_key)).ok());
  EXPECT_EQ(ListModels(TlsChannel(*server)).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ListModels(TlsChannel(*server, certs_->foreign_client_cert, certs_->foreign_client_key))
                .error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(ListModels(server->NewChannel()).error_code(), grpc::StatusCode::UNAVAILABLE);
}

TEST_F(ServerTlsTest, ApiKeyIsRequiredExceptForHealth) {
  std::vector<std::string> flags = TlsFlags();
  flags.push_back("--api_key_file=" + certs_->dir + "/api_key");
  auto server = StartServer(flags);
  ASSERT_NE(server, nullptr);
  auto channel = TlsChannel(*server);

  grpc::Status missing = ListModels(channel);
  EXPECT_EQ(missing.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(missing.error_message(),
            "missing API key: send the metadata 'authorization: Bearer <key>'");
  grpc::Status wrong = ListModels(channel, "Bearer k3y-for-tests-0123456789abcdeX");
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(wrong.error_message(), "invalid API key");
  // A prefix of the key is not the key.
  EXPECT_EQ(ListModels(channel, "Bearer k3y-for-tests").error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
  grpc::Status no_scheme = ListModels(channel, kApiKey);
  EXPECT_EQ(no_scheme.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(no_scheme.error_message(), "authorization metadata: expected 'Bearer <key>'");
  EXPECT_EQ(Classify(channel, "Bearer wrong").error_code(), grpc::StatusCode::UNAUTHENTICATED);

  EXPECT_TRUE(ListModels(channel, std::string("Bearer ") + kApiKey).ok());
  EXPECT_TRUE(ListModels(channel, std::string("bearer ") + kApiKey).ok());
  grpc::Status classified = Classify(channel, std::string("Bearer ") + kApiKey);
  EXPECT_TRUE(classified.ok()) << classified.error_message();

  grpc::health::v1::HealthCheckResponse health;
  grpc::Status health_status = Health(channel, &health);
  ASSERT_TRUE(health_status.ok()) << health_status.error_message();
  EXPECT_EQ(health.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

// Runs `command` through the shell: its exit code and stdout + stderr.
std::pair<int, std::string> RunCommand(const std::string& command) {
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string out;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) out.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, out};
}

TEST_F(ServerTlsTest, CliConnectsWithClientCertificateAndApiKey) {
  std::vector<std::string> flags = TlsFlags();
  flags.push_back("--tls_client_ca=" + certs_->ca_cert);
  flags.push_back("--api_key_file=" + certs_->dir + "/api_key");
  auto server = StartServer(flags);
  ASSERT_NE(server, nullptr);
  const std::string cli = std::string(OCTET_BINARY_DIR) + "/client/octet classify --addr " +
                          server->address() + " --tls-ca " + certs_->ca_cert;
  const std::string client_cert =
      " --tls-cert " + certs_->client_cert + " --tls-key " + certs_->client_key;
  const std::string key = " --api-key-file " + certs_->dir + "/api_key";

  auto [ok_code, ok_out] = RunCommand(cli + client_cert + key + " 'a short text'");
  EXPECT_EQ(ok_code, 0) << ok_out;
  auto [no_key_code, no_key_out] = RunCommand(cli + client_cert + " 'a short text'");
  EXPECT_EQ(no_key_code, 1);
  EXPECT_NE(no_key_out.find("octet: error: UNAUTHENTICATED: missing API key"), std::string::npos)
      << no_key_out;
  auto [no_cert_code, no_cert_out] = RunCommand(cli + key + " 'a short text'");
  EXPECT_EQ(no_cert_code, 1);
  EXPECT_NE(no_cert_out.find("octet: error: UNAVAILABLE"), std::string::npos) << no_cert_out;
  auto [health_code, health_out] =
      RunCommand(std::string(OCTET_BINARY_DIR) + "/client/octet health --service '' --addr " +
                 server->address() + " --tls-ca " + certs_->ca_cert + client_cert);
  EXPECT_EQ(health_code, 0) << health_out;
}

// Runs octet-server with `flags` (and a model) expecting it to stop: its exit code and stderr.
std::pair<int, std::string> RunFailingServer(const std::vector<std::string>& flags) {
  std::string command = testing::ServerBinary() + " --host=127.0.0.1 --port=0 --metrics_port=0 " +
                        testing::ModelFlag("cls", "bert_cls2");
  for (const std::string& f : flags) command += " '" + f + "'";
  command += " 2>&1 >/dev/null";
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) return {-1, "popen failed"};
  std::string err;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof(buffer), pipe)) err.append(buffer, n);
  const int status = pclose(pipe);
  return {WIFEXITED(status) ? WEXITSTATUS(status) : -1, err};
}

TEST_F(ServerTlsTest, InconsistentSecurityFlagsAreUsageErrors) {
  const std::string key_file = certs_->dir + "/api_key";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--tls_cert=" + certs_->server_cert},
       "--tls_cert and --tls_key: expected both (TLS) or neither (plaintext), got one"},
      {{"--tls_client_ca=" + certs_->ca_cert}, "--tls_client_ca: needs --tls_cert and --tls_key"},
      {{"--api_key_file=" + key_file}, "--api_key_file: needs --tls_cert and --tls_key"}};
  for (const auto& [flags, message] : cases) {
    auto [code, err] = RunFailingServer(flags);
    EXPECT_EQ(code, 2) << flags[0];
    EXPECT_NE(err.find(message), std::string::npos) << err;
  }
}

TEST_F(ServerTlsTest, UnusableSecurityFilesStopTheServerNamingTheFile) {
  const std::string missing = certs_->dir + "/missing.key";
  const std::string short_key = certs_->dir + "/short_key";
  std::ofstream(short_key) << "abc\n";
  const std::vector<std::pair<std::vector<std::string>, std::string>> cases = {
      {{"--tls_cert=" + certs_->server_key, "--tls_key=" + certs_->server_key},
       "--tls_cert: expected a PEM certificate chain in '" + certs_->server_key + "'"},
      {{"--tls_cert=" + certs_->server_cert, "--tls_key=" + missing},
       "--tls_key: cannot read '" + missing + "': No such file or directory"},
      {{"--tls_cert=" + certs_->server_cert, "--tls_key=" + certs_->server_key,
        "--api_key_file=" + short_key},
       "--api_key_file: expected a key of 16 to 4096 characters, got 3"}};
  for (const auto& [flags, message] : cases) {
    auto [code, err] = RunFailingServer(flags);
    EXPECT_EQ(code, 1) << flags[0];
    EXPECT_NE(err.find(message), std::string::npos) << err;
  }
}

}  // namespace
}  // namespace octet
