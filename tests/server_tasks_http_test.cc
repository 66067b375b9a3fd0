// The task routes over HTTP answer what gRPC answers: the native routes, TEI's /rerank and the
// Hugging Face task shapes, on the server of tests/server_tasks_fixture.h (scores bit-equal).

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/server_tasks_fixture.h"
#include "tests/test_util.h"

namespace octet {
namespace {

TEST_F(ServerTasks, HttpRoutesAnswerWhatGrpcAnswers) {
  const nlohmann::json ner = testing::LoadReference("bert_ner");
  const std::string text = ner["inputs"][0]["text"];
  const std::string text2 = ner["inputs"][1]["text"];
  v1::TagTokensRequest tag;
  tag.set_model("ner");
  tag.add_texts(text);
  tag.add_texts(text2);
  tag.set_aggregation_strategy(v1::AGGREGATION_STRATEGY_SIMPLE);
  v1::TagTokensResponse tagged;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->TagTokens(&ctx, tag, &tagged).ok());
  }
  ASSERT_GT(tagged.results(0).entities_size(), 0);
  {
    SCOPED_TRACE("native /v1/tag_tokens");
    const nlohmann::json body = {{"model", "ner"},
                                 {"texts", {text, text2}},
                                 {"aggregation_strategy", "AGGREGATION_STRATEGY_SIMPLE"}};
    const testing::HttpReply r = Post("/v1/tag_tokens", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ProtoOfJson<v1::TagTokensResponse>(r), WithoutTiming(tagged));
  }
  {
    SCOPED_TRACE("Hugging Face token-classification");
    const nlohmann::json body = {{"inputs", {text, text2}},
                                 {"parameters", {{"aggregation_strategy", "simple"}}}};
    const testing::HttpReply r = Post("/models/ner", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    const nlohmann::json got = nlohmann::json::parse(r.body);
    ASSERT_EQ(got.size(), 2u);
    for (int t = 0; t < 2; ++t) {
      const v1::TagResult& want = tagged.results(t);
      ASSERT_EQ(got[t].size(), static_cast<size_t>(want.entities_size()));
      for (int i = 0; i < want.entities_size(); ++i) {
        const v1::Entity& e = want.entities(i);
        EXPECT_EQ(got[t][i]["entity_group"], e.entity_group());
        EXPECT_EQ(got[t][i]["score"].get<double>(), e.score());
        EXPECT_EQ(got[t][i]["word"], e.word());
        EXPECT_EQ(got[t][i]["start"], e.start());
        EXPECT_EQ(got[t][i]["end"], e.end());
        EXPECT_FALSE(got[t][i].contains("index"));
      }
    }
    // One text (not a list): its entity list alone. Per token (aggregation none): entity and
    // index instead of entity_group.
    const testing::HttpReply one =
        Post("/models/ner",
             nlohmann::json({{"inputs", text}, {"parameters", nlohmann::json::object()}}).dump());
    ASSERT_EQ(one.status, 200) << one.body;
    const nlohmann::json tokens = nlohmann::json::parse(one.body);
    ASSERT_TRUE(tokens.is_array());
    ASSERT_FALSE(tokens.empty());
    EXPECT_TRUE(tokens[0].contains("entity"));
    EXPECT_TRUE(tokens[0].contains("index"));
    const testing::HttpReply bad =
        Post("/models/ner", R"({"inputs":"x","parameters":{"aggregation_strategy":"loudest"}})");
    EXPECT_EQ(bad.status, 400);
    EXPECT_THAT(bad.body, ::testing::HasSubstr("parameters.aggregation_strategy"));
  }

  const nlohmann::json zs = testing::LoadReference("bert_nli")["zero_shot"][0];
  v1::ZeroShotClassifyRequest zero;
  zero.set_model("nli");
  zero.add_texts(zs["text"].get<std::string>());
  for (const char* label : {"sports", "politics", "music"}) zero.add_candidate_labels(label);
  v1::ZeroShotClassifyResponse zeroed;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->ZeroShotClassify(&ctx, zero, &zeroed).ok());
  }
  {
    SCOPED_TRACE("native /v1/zero_shot_classify");
    const nlohmann::json body = {{"model", "nli"},
                                 {"texts", {zs["text"]}},
                                 {"candidate_labels", {"sports", "politics", "music"}}};
    const testing::HttpReply r = Post("/v1/zero_shot_classify", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ProtoOfJson<v1::ZeroShotClassifyResponse>(r), WithoutTiming(zeroed));
  }
  {
    SCOPED_TRACE("Hugging Face zero-shot-classification");
    // One comma-separated string of labels, split as the pipeline splits it.
    const nlohmann::json body = {
        {"inputs", zs["text"]},
        {"parameters", {{"candidate_labels", " sports, politics,music ,"}}}};
    const testing::HttpReply r = Post("/models/nli", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    const nlohmann::json got = nlohmann::json::parse(r.body);
    EXPECT_EQ(got["sequence"], zs["text"]);
    const v1::ZeroShotResult& want = zeroed.results(0);
    ASSERT_EQ(got["labels"].size(), static_cast<size_t>(want.labels_size()));
    for (int i = 0; i < want.labels_size(); ++i) {
      EXPECT_EQ(got["labels"][i], want.labels(i).label());
      EXPECT_EQ(got["scores"][i].get<double>(), want.labels(i).score());
    }
    // Without candidate_labels, the NLI model classifies (text-classification).
    const testing::HttpReply cls = Post("/models/nli", R"({"inputs":"a text"})");
    ASSERT_EQ(cls.status, 200) << cls.body;
    EXPECT_TRUE(nlohmann::json::parse(cls.body)[0][0].contains("label"));
  }

  const nlohmann::json rr = testing::LoadReference("bert_rerank")["rerank"][0];
  v1::RerankRequest rerank;
  rerank.set_model("rerank");
  rerank.set_query(rr["query"].get<std::string>());
  for (const auto& t : rr["texts"]) rerank.add_texts(t.get<std::string>());
  rerank.set_return_text(true);
  v1::RerankResponse ranked;
  {
    grpc::ClientContext ctx;
    ASSERT_TRUE(stub_->Rerank(&ctx, rerank, &ranked).ok());
  }
  ASSERT_GE(ranked.ranks_size(), 2);
  {
    SCOPED_TRACE("native /v1/rerank");
    const nlohmann::json body = {
        {"model", "rerank"}, {"query", rr["query"]}, {"texts", rr["texts"]}, {"return_text", true}};
    const testing::HttpReply r = Post("/v1/rerank", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    EXPECT_EQ(ProtoOfJson<v1::RerankResponse>(r), WithoutTiming(ranked));
  }
  {
    SCOPED_TRACE("TEI /rerank");
    const nlohmann::json body = {
        {"query", rr["query"]}, {"texts", rr["texts"]}, {"return_text", true}};
    const testing::HttpReply r = Post("/rerank", body.dump());
    ASSERT_EQ(r.status, 200) << r.body;
    const nlohmann::json got = nlohmann::json::parse(r.body);
    ASSERT_EQ(got.size(), static_cast<size_t>(ranked.ranks_size()));
    for (int i = 0; i < ranked.ranks_size(); ++i) {
      EXPECT_EQ(got[i]["index"], ranked.ranks(i).index());
      EXPECT_EQ(got[i]["score"].get<float>(), ranked.ranks(i).score());
      EXPECT_EQ(got[i]["text"], ranked.ranks(i).text());
    }
    // Without return_text there is no "text".
    const testing::HttpReply bare =
        Post("/rerank", nlohmann::json({{"query", rr["query"]}, {"texts", rr["texts"]}}).dump());
    ASSERT_EQ(bare.status, 200) << bare.body;
    EXPECT_FALSE(nlohmann::json::parse(bare.body)[0].contains("text"));
  }
}

// TEI's routes answer with TEI's codes: a body that does not deserialize 422, a request over a
// limit 413 "validation"; the model is --tei_model's although three models are loaded.

}  // namespace
}  // namespace octet
