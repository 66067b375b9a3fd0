// The API-key check (server/api_key_auth.h) on its own: key file rules, the comparison, and which
// calls need the key.

#include "server/api_key_auth.h"

#include "gtest/gtest.h"

namespace octet::server {
namespace {

constexpr absl::string_view kKey = "0123456789abcdef-key";
constexpr absl::string_view kClassify = "/octet.v1.Inference/Classify";

grpc::StatusCode CodeFor(absl::string_view path, const absl::string_view* authorization) {
  return CheckApiKey(kKey, path, authorization).error_code();
}

TEST(ConstantTimeEquals, EqualOnlyForIdenticalBytes) {
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_TRUE(ConstantTimeEquals(kKey, std::string(kKey)));
  EXPECT_FALSE(ConstantTimeEquals(kKey, "0123456789abcdef-kez"));
  EXPECT_FALSE(ConstantTimeEquals(kKey, "0123456789abcdef-key "));
  EXPECT_FALSE(ConstantTimeEquals(kKey, "0123456789abcdef"));
  EXPECT_FALSE(ConstantTimeEquals("", "x"));
  EXPECT_FALSE(ConstantTimeEquals(absl::string_view("a\0b", 3), absl::string_view("a\0c", 3)));
}

TEST(CheckApiKey, BearerKeyAcceptedAnyCaseOfTheScheme) {
  for (absl::string_view header : {"Bearer 0123456789abcdef-key", "bearer 0123456789abcdef-key",
                                   "BEARER  0123456789abcdef-key"}) {
    EXPECT_EQ(CodeFor(kClassify, &header), grpc::StatusCode::OK) << header;
  }
}

TEST(CheckApiKey, MissingMalformedOrWrongKeysAreUnauthenticated) {
  EXPECT_EQ(CodeFor(kClassify, nullptr), grpc::StatusCode::UNAUTHENTICATED);
  for (absl::string_view header : {"0123456789abcdef-key", "Bearer ", "Basic 0123456789abcdef-key",
                                   "Bearer 0123456789abcdef-keY", "Bearer 0123456789abcdef"}) {
    EXPECT_EQ(CodeFor(kClassify, &header), grpc::StatusCode::UNAUTHENTICATED) << header;
  }
  EXPECT_EQ(CodeFor("/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", nullptr),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST(CheckApiKey, HealthNeedsNoKey) {
  EXPECT_EQ(CodeFor("/grpc.health.v1.Health/Check", nullptr), grpc::StatusCode::OK);
  EXPECT_EQ(CodeFor("/grpc.health.v1.Health/Watch", nullptr), grpc::StatusCode::OK);
  // Only the exact service: a look-alike prefix is not health.
  EXPECT_EQ(CodeFor("/grpc.health.v1.HealthX/Check", nullptr), grpc::StatusCode::UNAUTHENTICATED);
}

TEST(ApiKeyAuthProcessor, KeyFileRules) {
  EXPECT_TRUE(ApiKeyAuthProcessor::Create("0123456789abcdef\n").ok());
  EXPECT_EQ(ApiKeyAuthProcessor::Create("short\n").status().message(),
            "--api_key_file: expected a key of 16 to 4096 characters, got 5");
  EXPECT_EQ(ApiKeyAuthProcessor::Create("0123456789 abcdef").status().message(),
            "--api_key_file: the key must be one line of visible ASCII characters (no spaces)");
  EXPECT_FALSE(ApiKeyAuthProcessor::Create(std::string(4097, 'k')).ok());
}

}  // namespace
}  // namespace octet::server
