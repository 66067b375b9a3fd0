// The transport limits against HTTP/2 abuse: their flags' validation, the channel arguments set
// on the gRPC ServerBuilder, the per-client in-flight limit (unit and over a real channel: a
// client at --max_inflight_per_client gets RESOURCE_EXHAUSTED naming the flag, another client
// is still admitted), and compressed requests refused when --grpc_accept_compressed is off.

#include "server/transport_limits.h"

#include <map>
#include <memory>
#include <string>
#include <thread>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "server/client_limiter.h"
#include "server/server_config.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using server::ClientAddressOfPeer;
using server::ClientLimiter;
using server::ServerConfig;
using ::testing::HasSubstr;

ServerConfig ValidConfig() {
  ServerConfig c;
  c.models = {{"a", "x"}};
  return c;
}

TEST(TransportLimitsConfig, DefaultsAreValidAndBounded) {
  const ServerConfig c = ValidConfig();
  ASSERT_OK(c.Validate());
  EXPECT_EQ(c.grpc_max_concurrent_streams, 128);
  EXPECT_LE(c.grpc_handshake_timeout_s, 20);
  EXPECT_FALSE(c.grpc_accept_compressed);
  // Grace outlasts the drain: 30 s drain + 5.
  EXPECT_EQ(c.EffectiveConnectionAgeGraceSeconds(), 35);
}

TEST(TransportLimitsConfig, ValidateNamesTheFlag) {
  struct Case {
    void (*set)(ServerConfig*);
    const char* flag;
  };
  const Case cases[] = {
      {[](ServerConfig* c) { c->grpc_max_concurrent_streams = 0; },
       "--grpc_max_concurrent_streams: expected at least 1, got 0"},
      {[](ServerConfig* c) { c->grpc_max_metadata_bytes = 100; },
       "--grpc_max_metadata_bytes: expected at least 1024, got 100"},
      {[](ServerConfig* c) { c->grpc_memory_quota_mb = 1; },
       "--grpc_memory_quota_mb: expected at least 16, got 1"},
      {[](ServerConfig* c) { c->grpc_handshake_timeout_s = 21; },
       "--grpc_handshake_timeout_seconds: expected 1 to 20, got 21"},
      {[](ServerConfig* c) { c->grpc_max_connection_age_grace_s = 10; },
       "--grpc_max_connection_age_grace_seconds: expected 0 (= --drain_seconds + 5) or at least "
       "--drain_seconds (30), got 10"},
      {[](ServerConfig* c) { c->grpc_keepalive_s = 3000000; },
       "--grpc_keepalive_seconds: expected at most 2147483, got 3000000"},
      {[](ServerConfig* c) { c->max_inflight_per_client = -1; },
       "--max_inflight_per_client: expected at least 0, got -1"},
      {[](ServerConfig* c) { c->client_id_metadata = "X-Real-IP"; },
       "--client_id_metadata: expected a lower-case metadata key ([a-z0-9._-]), got 'X-Real-IP'"},
      {[](ServerConfig* c) { c->metrics_threads = 1; },
       "--metrics_threads: expected at least 2, got 1"},
  };
  for (const Case& k : cases) {
    ServerConfig c = ValidConfig();
    k.set(&c);
    EXPECT_THAT(c.Validate(), StatusIs(absl::StatusCode::kInvalidArgument, k.flag)) << k.flag;
  }
}

TEST(TransportLimits, ChannelArguments) {
  ServerConfig c = ValidConfig();
  c.grpc_max_connection_age_s = 0;  // never: gRPC's "infinite" is INT_MAX, not 0
  c.drain_seconds = 12.5;
  std::map<std::string, int64_t> args;
  for (const auto& [name, value] : server::TransportChannelArgs(c)) args[name] = value;
  EXPECT_EQ(args["grpc.max_concurrent_streams"], 128);
  EXPECT_EQ(args["grpc.max_metadata_size"], 16384);
  EXPECT_EQ(args["grpc.server_handshake_timeout_ms"], 10000);
  EXPECT_EQ(args["grpc.max_connection_idle_ms"], 300000);
  EXPECT_EQ(args["grpc.max_connection_age_ms"], 2147483647);
  EXPECT_EQ(args["grpc.max_connection_age_grace_ms"], 18000);  // ceil(12.5) + 5 s
  EXPECT_EQ(args["grpc.keepalive_time_ms"], 60000);
  EXPECT_EQ(args["grpc.keepalive_timeout_ms"], 20000);
  EXPECT_EQ(args["grpc.http2.min_ping_interval_without_data_ms"], 10000);
  EXPECT_EQ(args["grpc.http2.max_ping_strikes"], 2);
  EXPECT_EQ(args["grpc.per_message_decompression"], 0);
}

TEST(ClientLimiter, PeerAddressWithoutThePort) {
  EXPECT_EQ(ClientAddressOfPeer("ipv4:10.1.2.3:51234"), "10.1.2.3");
  EXPECT_EQ(ClientAddressOfPeer("ipv6:[2001:db8::7]:443"), "2001:db8::7");
  EXPECT_EQ(ClientAddressOfPeer("ipv6:[::1]:50051"), "::1");
  EXPECT_EQ(ClientAddressOfPeer("unix:/run/octet.sock"), "unix:/run/octet.sock");
}

TEST(ClientLimiter, MetadataNamesTheClientOnlyFromLoopback) {
  const ClientLimiter limiter(2, "x-real-ip");
  EXPECT_EQ(limiter.ClientOf("ipv4:127.0.0.1:4000", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(limiter.ClientOf("ipv6:[::1]:4000", "203.0.113.9"), "203.0.113.9");
  EXPECT_EQ(limiter.ClientOf("ipv4:198.51.100.4:4000", "203.0.113.9"), "198.51.100.4");
  EXPECT_EQ(limiter.ClientOf("ipv4:127.0.0.1:4000", ""), "127.0.0.1");
  const ClientLimiter no_metadata(2, "");
  EXPECT_EQ(no_metadata.ClientOf("ipv4:127.0.0.1:4000", "203.0.113.9"), "127.0.0.1");
}

TEST(ClientLimiter, RefusesTheCallOverTheLimitUntilOneEnds) {
  ClientLimiter limiter(2, "");
  int calls[5];
  EXPECT_TRUE(limiter.Acquire("a", &calls[0]));
  EXPECT_TRUE(limiter.Acquire("a", &calls[1]));
  EXPECT_FALSE(limiter.Acquire("a", &calls[2]));
  EXPECT_TRUE(limiter.Acquire("b", &calls[3]));  // another client is not affected
  EXPECT_EQ(limiter.InFlight("a"), 2);
  // Check() looks a call up by its server context; the ints stand in for them here.
  limiter.Release("a", &calls[2], /*admitted=*/false);
  limiter.Release("a", &calls[0], /*admitted=*/true);
  EXPECT_EQ(limiter.InFlight("a"), 1);
  EXPECT_TRUE(limiter.Acquire("a", &calls[4]));
  limiter.Release("a", &calls[1], true);
  limiter.Release("a", &calls[4], true);
  limiter.Release("b", &calls[3], true);
  EXPECT_EQ(limiter.InFlight("a"), 0);
  EXPECT_EQ(limiter.InFlight("b"), 0);
  EXPECT_TRUE(limiter.Check(nullptr).ok());
}

// Over a real channel: one worker held, one client with 2 calls in flight; its third call is
// refused at once naming the flag, while another client (named by x-real-ip, as the front does)
// is still admitted.
TEST(ClientLimiterServer, ThirdCallOfOneClientIsRefusedOthersAdmitted) {
  testing::WorkerHold hold{/*held=*/false};
  auto server = testing::ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--max_batch_size=1", "--max_queue=8",
       "--max_inflight_per_client=2", "--client_id_metadata=x-real-ip", hold.Flag(),
       "--self_check=false"},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  hold.Hold();
  testing::BackgroundClassify first(stub.get(), "the food was good");
  ASSERT_TRUE(first.WaitComputing());
  const v1::ModelStats before = testing::Stats(stub.get());
  testing::BackgroundClassify second(stub.get(), "the food was good");
  ASSERT_TRUE(testing::WaitAdmitted(stub.get(), before, 1));

  const testing::Timed third = testing::ClassifyOnce(stub.get(), "the food was good");
  EXPECT_EQ(third.status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(third.status.error_message(), HasSubstr("--max_inflight_per_client"));
  EXPECT_THAT(third.status.error_message(), HasSubstr("2 calls in flight"));

  grpc::Status other_status;
  std::thread other([&] {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-real-ip", "203.0.113.9");
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
    v1::ClassifyRequest request;
    request.add_texts("the food was good");
    v1::ClassifyResponse response;
    other_status = stub->Classify(&ctx, request, &response);
  });
  const bool other_admitted = testing::WaitAdmitted(stub.get(), before, 2);
  hold.Release();
  other.join();
  EXPECT_TRUE(other_admitted);
  EXPECT_TRUE(other_status.ok()) << other_status.error_message();
  EXPECT_TRUE(first.Join().status.ok());
  EXPECT_TRUE(second.Join().status.ok());
  // The slots are free again.
  EXPECT_TRUE(testing::ClassifyOnce(stub.get(), "the food was good").status.ok());
}

// A gzip-compressed request is refused by the transport before it is inflated.
TEST(CompressedRequests, RefusedUnlessAccepted) {
  auto server = testing::ServerProcess::Start(
      {testing::ModelFlag("cls", "bert_cls2"), "--workers=1", "--self_check=false"},
      /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  grpc::ClientContext ctx;
  ctx.set_compression_algorithm(GRPC_COMPRESS_GZIP);
  v1::ClassifyRequest request;
  request.add_texts("the food was good");
  v1::ClassifyResponse response;
  const grpc::Status s = stub->Classify(&ctx, request, &response);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::UNIMPLEMENTED) << s.error_message();
  EXPECT_THAT(s.error_message(), HasSubstr("gzip"));
  // Uncompressed: served.
  EXPECT_TRUE(testing::ClassifyOnce(stub.get(), "the food was good").status.ok());
}

}  // namespace
}  // namespace octet
