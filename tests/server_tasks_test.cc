// TagTokens, ZeroShotClassify and Rerank over gRPC against the reference pipelines
// (tests/reference/pipelines.py, written into the bert_ner / bert_nli / bert_rerank fixtures'
// reference.json) with the server in FP32; and their errors: INVALID_ARGUMENT naming the field,
// FAILED_PRECONDITION for a model that cannot do the task; TEI's routes use TEI's status codes;
// the CLI's task commands. The HTTP routes against gRPC: server_tasks_http_test.cc.

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/cli_runner.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/http_client.h"
#include "tests/server_process.h"
#include "tests/server_tasks_fixture.h"
#include "tests/test_util.h"

namespace octet {
namespace {

const std::pair<const char*, v1::AggregationStrategy> kStrategies[] = {
    {"none", v1::AGGREGATION_STRATEGY_NONE},
    {"simple", v1::AGGREGATION_STRATEGY_SIMPLE},
    {"first", v1::AGGREGATION_STRATEGY_FIRST},
    {"average", v1::AGGREGATION_STRATEGY_AVERAGE},
    {"max", v1::AGGREGATION_STRATEGY_MAX}};

void ExpectSameEntities(const v1::TagResult& got, const nlohmann::json& want,
                        const std::string& what) {
  ASSERT_EQ(got.entities_size(), static_cast<int>(want.size())) << what;
  for (int i = 0; i < got.entities_size(); ++i) {
    const v1::Entity& e = got.entities(i);
    const auto& w = want[i];
    if (w.contains("entity")) {
      EXPECT_EQ(e.entity(), w["entity"].get<std::string>()) << what << " " << i;
      EXPECT_EQ(e.entity_group(), "");
      EXPECT_EQ(e.index(), w["index"].get<int>());
    } else {
      EXPECT_EQ(e.entity_group(), w["entity_group"].get<std::string>()) << what << " " << i;
      EXPECT_EQ(e.entity(), "");
      EXPECT_EQ(e.index(), -1);
    }
    EXPECT_EQ(e.word(), w["word"].get<std::string>()) << what << " " << i;
    EXPECT_EQ(e.start(), w["start"].get<int64_t>()) << what << " " << i;
    EXPECT_EQ(e.end(), w["end"].get<int64_t>()) << what << " " << i;
    EXPECT_NEAR(e.score(), w["score"].get<double>(), kScoreTolerance) << what << " " << i;
  }
}

void TagTokensMatchesTheReferenceForEveryStrategy(std::unique_ptr<v1::Inference::Stub>& stub_) {
  const nlohmann::json ref = testing::LoadReference("bert_ner");
  for (const auto& [name, strategy] : kStrategies) {
    v1::TagTokensRequest r;
    r.set_model("ner");
    for (const auto& input : ref["inputs"]) r.add_texts(input["text"].get<std::string>());
    r.set_aggregation_strategy(strategy);
    grpc::ClientContext ctx;
    v1::TagTokensResponse resp;
    const grpc::Status s = stub_->TagTokens(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(resp.results_size(), r.texts_size());
    for (int i = 0; i < resp.results_size(); ++i) {
      const auto& input = ref["inputs"][i];
      EXPECT_EQ(resp.results(i).windows(), 1);
      EXPECT_EQ(resp.results(i).token_count(), static_cast<int>(input["ids"].size()));
      ExpectSameEntities(resp.results(i), input["pipeline"][name],
                         input["text"].get<std::string>() + " / " + name);
    }
  }
}

void TagTokensInStrideWindowsMatchesTheReference(std::unique_ptr<v1::Inference::Stub>& stub_) {
  const nlohmann::json c = testing::LoadReference("bert_ner")["stride"][0];
  for (const auto& [name, strategy] : kStrategies) {
    if (strategy == v1::AGGREGATION_STRATEGY_NONE) continue;
    v1::TagTokensRequest r;
    r.add_texts(c["text"].get<std::string>());  // model left empty: the only NER model
    r.set_aggregation_strategy(strategy);
    r.set_stride(c["stride"].get<int>());
    grpc::ClientContext ctx;
    v1::TagTokensResponse resp;
    const grpc::Status s = stub_->TagTokens(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    EXPECT_EQ(resp.results(0).windows(), static_cast<int>(c["windows"].size()));
    ExpectSameEntities(resp.results(0), c["pipeline"][name], std::string("stride / ") + name);
  }
}

void TagTokensKeepsWhatIgnoreLabelsAllow(std::unique_ptr<v1::Inference::Stub>& stub_) {
  v1::TagTokensRequest r;
  r.set_model("ner");
  r.add_texts("Paris");  // [CLS] paris [SEP]
  r.set_aggregation_strategy(v1::AGGREGATION_STRATEGY_NONE);
  r.set_keep_all_labels(true);
  grpc::ClientContext ctx;
  v1::TagTokensResponse resp;
  ASSERT_TRUE(stub_->TagTokens(&ctx, r, &resp).ok());
  ASSERT_EQ(resp.results(0).entities_size(), 1);
  const std::string label = resp.results(0).entities(0).entity();
  EXPECT_EQ(resp.results(0).entities(0).word(), "paris");
  // Ignoring exactly that label leaves nothing.
  r.set_keep_all_labels(false);
  r.add_ignore_labels(label);
  grpc::ClientContext ctx2;
  v1::TagTokensResponse resp2;
  ASSERT_TRUE(stub_->TagTokens(&ctx2, r, &resp2).ok());
  EXPECT_EQ(resp2.results(0).entities_size(), 0);
}

void ZeroShotMatchesTheReference(std::unique_ptr<v1::Inference::Stub>& stub_) {
  const nlohmann::json ref = testing::LoadReference("bert_nli");
  for (const auto& c : ref["zero_shot"]) {
    v1::ZeroShotClassifyRequest r;
    r.set_model("nli");
    r.add_texts(c["text"].get<std::string>());
    for (const auto& l : c["candidate_labels"]) r.add_candidate_labels(l.get<std::string>());
    if (c["hypothesis_template"] != "This example is {}.") {
      r.set_hypothesis_template(c["hypothesis_template"].get<std::string>());
    }
    r.set_multi_label(c["multi_label"].get<bool>());
    grpc::ClientContext ctx;
    v1::ZeroShotClassifyResponse resp;
    const grpc::Status s = stub_->ZeroShotClassify(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(resp.results_size(), 1);
    const auto& want = c["result"];
    const v1::ZeroShotResult& got = resp.results(0);
    ASSERT_EQ(got.labels_size(), static_cast<int>(want["labels"].size()));
    for (int i = 0; i < got.labels_size(); ++i) {
      EXPECT_EQ(got.labels(i).label(), want["labels"][i].get<std::string>()) << c["text"] << i;
      EXPECT_EQ(got.labels(i).id(), want["ids"][i].get<int>());
      EXPECT_NEAR(got.labels(i).score(), want["scores"][i].get<double>(), kScoreTolerance);
    }
  }
}

void ZeroShotOfSeveralTextsIsOneJobOfTextsTimesLabels(std::unique_ptr<v1::Inference::Stub>& stub_) {
  const nlohmann::json c = testing::LoadReference("bert_nli")["zero_shot"][0];
  v1::ZeroShotClassifyRequest r;
  r.set_model("nli");
  r.add_texts(c["text"].get<std::string>());
  r.add_texts(c["text"].get<std::string>());
  for (const auto& l : c["candidate_labels"]) r.add_candidate_labels(l.get<std::string>());
  grpc::ClientContext ctx;
  v1::ZeroShotClassifyResponse resp;
  ASSERT_TRUE(stub_->ZeroShotClassify(&ctx, r, &resp).ok());
  ASSERT_EQ(resp.results_size(), 2);
  EXPECT_GE(resp.timing().batch_sequences(), 10);  // 2 texts × 5 labels in one batch
  for (int t = 0; t < 2; ++t) {
    EXPECT_EQ(resp.results(t).labels(0).label(), c["result"]["labels"][0].get<std::string>());
    EXPECT_NEAR(resp.results(t).labels(0).score(), c["result"]["scores"][0].get<double>(),
                kScoreTolerance);
  }
}

void CheckRerankMatchesTheReference(std::unique_ptr<v1::Inference::Stub>& stub_) {
  const nlohmann::json ref = testing::LoadReference("bert_rerank");
  for (const auto& c : ref["rerank"]) {
    for (const bool raw : {false, true}) {
      v1::RerankRequest r;
      r.set_model("rerank");
      r.set_query(c["query"].get<std::string>());
      for (const auto& t : c["texts"]) r.add_texts(t.get<std::string>());
      r.set_raw_scores(raw);
      r.set_return_text(true);
      r.set_top_n(2);
      grpc::ClientContext ctx;
      v1::RerankResponse resp;
      const grpc::Status s = stub_->Rerank(&ctx, r, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
      const auto& want = c[raw ? "result_raw" : "result"];
      ASSERT_EQ(resp.ranks_size(), 2);
      for (int i = 0; i < 2; ++i) {
        const int index = want[i]["index"].get<int>();
        EXPECT_EQ(resp.ranks(i).index(), index);
        EXPECT_NEAR(resp.ranks(i).score(), want[i]["score"].get<double>(), kScoreTolerance);
        EXPECT_EQ(resp.ranks(i).text(), c["texts"][index].get<std::string>());
      }
    }
  }
}

grpc::StatusCode TagCode(v1::Inference::Stub* stub, const v1::TagTokensRequest& r,
                         std::string* message) {
  grpc::ClientContext ctx;
  v1::TagTokensResponse resp;
  const grpc::Status s = stub->TagTokens(&ctx, r, &resp);
  *message = s.error_message();
  return s.error_code();
}

void TagTokensErrorsNameTheField(std::unique_ptr<v1::Inference::Stub>& stub_) {
  std::string message;
  v1::TagTokensRequest r;
  r.set_model("ner");
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message, "texts: expected 1 to 12 texts (max_texts_per_request), got 0");
  r.add_texts("Paris");
  r.set_aggregation_strategy(static_cast<v1::AggregationStrategy>(42));
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message, "aggregation_strategy: expected an AggregationStrategy value 0 to 5, got 42");
  r.set_aggregation_strategy(v1::AGGREGATION_STRATEGY_NONE);
  r.set_stride(8);
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message.rfind("stride: not supported with aggregation_strategy none", 0), 0u)
      << message;
  r.set_aggregation_strategy(v1::AGGREGATION_STRATEGY_FIRST);
  r.set_stride(125);
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message,
            "stride: expected 0 to 124 (the model's 128 tokens less room for special tokens), "
            "got 125");
  r.clear_stride();
  r.set_keep_all_labels(true);
  r.add_ignore_labels("O");
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message, "ignore_labels: expected none with keep_all_labels, got 1");
  r.clear_ignore_labels();
  r.set_keep_all_labels(false);
  r.clear_texts();
  r.add_texts(testing::LoadReference("bert_ner")["stride"][0]["text"].get<std::string>());
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(message.find("expected at most 128 (the model's limit); set stride"), std::string::npos)
      << message;
  EXPECT_EQ(message.rfind("texts[0]: ", 0), 0u) << message;
  r.set_model("nli");
  EXPECT_EQ(TagCode(stub_.get(), r, &message), grpc::StatusCode::FAILED_PRECONDITION);
}

void ZeroShotErrorsNameTheField(std::unique_ptr<v1::Inference::Stub>& stub_) {
  auto code = [&](const v1::ZeroShotClassifyRequest& r, std::string* message) {
    grpc::ClientContext ctx;
    v1::ZeroShotClassifyResponse resp;
    const grpc::Status s = stub_->ZeroShotClassify(&ctx, r, &resp);
    *message = s.error_message();
    return s.error_code();
  };
  std::string message;
  v1::ZeroShotClassifyRequest r;
  r.set_model("nli");
  r.add_texts("A text.");
  EXPECT_EQ(code(r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message, "candidate_labels: expected 1 to 12 labels (max_texts_per_request), got 0");
  for (const char* l : {"a", "b", "c", "d", "e"}) r.add_candidate_labels(l);
  for (int i = 0; i < 2; ++i) r.add_texts("Another text.");
  // 3 texts × 5 labels = 15 sequences over the limit of 12.
  EXPECT_EQ(code(r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message,
            "candidate_labels: 3 texts × 5 labels = 15 sequences, expected at most 12 "
            "(max_texts_per_request); send fewer texts or labels per request");
  r.clear_texts();
  r.add_texts("A text.");
  r.add_candidate_labels("b");
  EXPECT_EQ(code(r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message,
            "candidate_labels[5]: expected distinct labels, got a repeat of candidate_labels[1]");
  r.mutable_candidate_labels()->RemoveLast();
  r.set_hypothesis_template("No placeholder.");
  EXPECT_EQ(code(r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message.rfind("hypothesis_template: expected \"{}\"", 0), 0u) << message;
  r.clear_hypothesis_template();
  r.set_model("rerank");  // labels [LABEL_0]: no entailment label
  EXPECT_EQ(code(r, &message), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(message.find("label starting with \"entail\""), std::string::npos) << message;
  EXPECT_NE(message.find("[LABEL_0]"), std::string::npos) << message;
}

void RerankErrorsNameTheField(std::unique_ptr<v1::Inference::Stub>& stub_) {
  auto code = [&](const v1::RerankRequest& r, std::string* message) {
    grpc::ClientContext ctx;
    v1::RerankResponse resp;
    const grpc::Status s = stub_->Rerank(&ctx, r, &resp);
    *message = s.error_message();
    return s.error_code();
  };
  std::string message;
  v1::RerankRequest r;
  r.set_model("rerank");
  r.add_texts("A document.");
  EXPECT_EQ(code(r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message, "query: expected a non-empty text, got \"\"");
  r.set_query("A query?");
  r.set_top_n(2);
  EXPECT_EQ(code(r, &message), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(message, "top_n: expected 0 (all) to 1 (the number of texts), got 2");
  r.set_top_n(0);
  r.set_model("nli");  // 3 labels
  EXPECT_EQ(code(r, &message), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(message.find("this model has 3 labels"), std::string::npos) << message;
}

void RerankTooLongPairNeedsTruncate(std::unique_ptr<v1::Inference::Stub>& stub_) {
  v1::RerankRequest r;
  r.set_model("rerank");
  r.set_query("Where is the tower?");
  std::string long_text;
  for (int i = 0; i < 150; ++i) long_text += "tower ";
  r.add_texts("The tower is in Paris.");
  r.add_texts(long_text);
  grpc::ClientContext ctx;
  v1::RerankResponse resp;
  const grpc::Status s = stub_->Rerank(&ctx, r, &resp);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("texts[1]: with the query, ", 0), 0u) << s.error_message();
  EXPECT_NE(s.error_message().find("set truncate to cut it"), std::string::npos);
  r.set_truncate(true);
  grpc::ClientContext ctx2;
  v1::RerankResponse resp2;
  ASSERT_TRUE(stub_->Rerank(&ctx2, r, &resp2).ok());
  EXPECT_EQ(resp2.ranks_size(), 2);
}

// One server per test process (ctest runs each test alone): a few tests, each several checks.
TEST_F(ServerTasks, TagTokensMatchesTheReferenceWithAndWithoutStride) {
  {
    SCOPED_TRACE("TagTokensMatchesTheReferenceForEveryStrategy");
    TagTokensMatchesTheReferenceForEveryStrategy(stub_);
  }
  {
    SCOPED_TRACE("TagTokensInStrideWindowsMatchesTheReference");
    TagTokensInStrideWindowsMatchesTheReference(stub_);
  }
  {
    SCOPED_TRACE("TagTokensKeepsWhatIgnoreLabelsAllow");
    TagTokensKeepsWhatIgnoreLabelsAllow(stub_);
  }
}

TEST_F(ServerTasks, ZeroShotMatchesTheReferenceInOneJobPerRequest) {
  {
    SCOPED_TRACE("ZeroShotMatchesTheReference");
    ZeroShotMatchesTheReference(stub_);
  }
  {
    SCOPED_TRACE("ZeroShotOfSeveralTextsIsOneJobOfTextsTimesLabels");
    ZeroShotOfSeveralTextsIsOneJobOfTextsTimesLabels(stub_);
  }
}

TEST_F(ServerTasks, RerankMatchesTheReference) {
  {
    SCOPED_TRACE("RerankMatchesTheReference");
    CheckRerankMatchesTheReference(stub_);
  }
  {
    SCOPED_TRACE("RerankTooLongPairNeedsTruncate");
    RerankTooLongPairNeedsTruncate(stub_);
  }
}

TEST_F(ServerTasks, ErrorsNameTheFieldOrTheMissingCapability) {
  {
    SCOPED_TRACE("TagTokensErrorsNameTheField");
    TagTokensErrorsNameTheField(stub_);
  }
  {
    SCOPED_TRACE("ZeroShotErrorsNameTheField");
    ZeroShotErrorsNameTheField(stub_);
  }
  {
    SCOPED_TRACE("RerankErrorsNameTheField");
    RerankErrorsNameTheField(stub_);
  }
}

// The three RPCs over HTTP: the native routes in protobuf's JSON mapping, TEI's POST /rerank
// (--tei_model=rerank) and the Hugging Face task shapes, each equal to gRPC's answer to the same
// request, scores bit for bit.
TEST_F(ServerTasks, TeiRoutesUseTeisStatusCodesAndTheChosenModel) {
  const testing::HttpReply predict = Post("/predict", R"({"inputs":"a question and a passage"})");
  ASSERT_EQ(predict.status, 200) << predict.body;
  v1::ClassifyRequest classify;
  classify.set_model("rerank");
  classify.add_texts("a question and a passage");
  v1::ClassifyResponse want;
  grpc::ClientContext ctx;
  ASSERT_TRUE(stub_->Classify(&ctx, classify, &want).ok());
  const nlohmann::json got = nlohmann::json::parse(predict.body);
  ASSERT_EQ(got.size(), 1u);
  EXPECT_EQ(got[0]["label"], want.results(0).labels(0).label());
  EXPECT_EQ(got[0]["score"].get<float>(), want.results(0).labels(0).score());

  const testing::HttpReply shape = Post("/rerank", R"({"query":7,"texts":["a"]})");
  EXPECT_EQ(shape.status, 422) << shape.body;
  EXPECT_THAT(shape.body, ::testing::HasSubstr("'query'"));
  EXPECT_THAT(shape.body, ::testing::HasSubstr(R"("error_type":"validation")"));
  nlohmann::json many = {{"query", "q"}, {"texts", nlohmann::json::array()}};
  for (int i = 0; i <= kMaxTexts; ++i) many["texts"].push_back("document");
  const testing::HttpReply over = Post("/rerank", many.dump());
  EXPECT_EQ(over.status, 413) << over.body;
  EXPECT_THAT(over.body, ::testing::HasSubstr(R"("error_type":"validation")"));
  EXPECT_THAT(over.body, ::testing::HasSubstr("max_texts_per_request"));
  const testing::HttpReply not_json = Post("/predict", "{");
  EXPECT_EQ(not_json.status, 422) << not_json.body;
  // The native route for the same limit keeps the googleapis mapping.
  many["model"] = "rerank";
  EXPECT_EQ(Post("/v1/rerank", many.dump()).status, 400);
}

// A shell word holding `s` exactly.
std::string Quoted(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

TEST_F(ServerTasks, CliCommandsGiveTheReferenceResults) {
  const std::string addr = " --addr " + server_->address();
  const nlohmann::json ner = testing::LoadReference("bert_ner");
  const std::string text = ner["inputs"][0]["text"];
  auto tag =
      testing::RunOctet("tag --model ner --aggregation first --json" + addr + " " + Quoted(text));
  ASSERT_EQ(tag.exit_code, 0) << tag.err;
  const nlohmann::json entities = nlohmann::json::parse(tag.out)["results"][0]["entities"];
  const auto& want = ner["inputs"][0]["pipeline"]["first"];
  ASSERT_EQ(entities.size(), want.size());
  for (size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(entities[i]["entity_group"], want[i]["entity_group"]) << i;
    EXPECT_EQ(entities[i]["word"], want[i]["word"]) << i;
    EXPECT_EQ(std::stoll(entities[i]["end"].get<std::string>()), want[i]["end"].get<int64_t>());
    EXPECT_NEAR(entities[i]["score"].get<double>(), want[i]["score"].get<double>(),
                kScoreTolerance);
  }
  const nlohmann::json zs = testing::LoadReference("bert_nli")["zero_shot"][0];
  auto zero_shot =
      testing::RunOctet("zero-shot --model nli --labels ' sports, politics,music ,weather,food'" +
                        addr + " " + Quoted(zs["text"].get<std::string>()));
  ASSERT_EQ(zero_shot.exit_code, 0) << zero_shot.err;
  // Labels split on commas and stripped, as the pipeline splits a string; the human output is
  // "  LABEL  SCORE" lines, best first.
  EXPECT_THAT(zero_shot.out,
              ::testing::HasSubstr("\n  " + zs["result"]["labels"][0].get<std::string>()));
  const nlohmann::json rr = testing::LoadReference("bert_rerank")["rerank"][0];
  std::string docs;
  for (const auto& t : rr["texts"]) docs += " " + Quoted(t.get<std::string>());
  auto rerank = testing::RunOctet("rerank --model rerank --json --top-n 1 --query " +
                                  Quoted(rr["query"].get<std::string>()) + addr + docs);
  ASSERT_EQ(rerank.exit_code, 0) << rerank.err;
  const nlohmann::json ranks = nlohmann::json::parse(rerank.out)["ranks"];
  ASSERT_EQ(ranks.size(), 1u);
  EXPECT_EQ(ranks[0].value("index", 0), rr["result"][0]["index"].get<int>());
  EXPECT_NEAR(ranks[0]["score"].get<double>(), rr["result"][0]["score"].get<double>(),
              kScoreTolerance);
  auto refused = testing::RunOctet("zero-shot --model rerank --labels a,b" + addr + " 'x'");
  EXPECT_EQ(refused.exit_code, 1);
  EXPECT_THAT(refused.err, ::testing::HasSubstr("octet: error: FAILED_PRECONDITION: zero-shot"));
}

}  // namespace
}  // namespace octet
