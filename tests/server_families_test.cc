// Each encoder family through the whole service: a server holding the RoBERTa, DistilRoBERTa,
// ELECTRA, XLM-RoBERTa and CamemBERT fixtures answers Classify and Answer as the Hugging Face
// pipelines do on the PyTorch reference (reference.json "pipeline", FP32), reports each family in
// ListModels, and runs its int8 self-check at start-up.

#include <cmath>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "octet/v1/inference.grpc.pb.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using testing::ServerProcess;

// FP32 engine vs FP32 PyTorch: scores agree to ~1e-6 (the parity suites bound the logits at
// 1e-4); the references' top scores are further apart than this.
constexpr double kScoreTolerance = 1e-4;

const std::vector<std::string>& ClassifierFixtures() {
  static const auto* names = new std::vector<std::string>{"roberta_cls", "electra_cls", "xlmr_cls",
                                                          "camembert_cls", "debertav3_cls"};
  return *names;
}
const std::vector<std::string>& QaFixtures() {
  static const auto* names = new std::vector<std::string>{
      "distilroberta_qa", "electra_qa", "xlmr_qa", "camembert_qa", "debertav3_qa"};
  return *names;
}

std::vector<std::string> ModelFlags(const std::string& precision) {
  std::vector<std::string> flags = {"--precision=" + precision, "--max_batch_tokens=1024"};
  for (const auto* list : {&ClassifierFixtures(), &QaFixtures()}) {
    for (const std::string& f : *list) flags.push_back(testing::ModelFlag(f, f));
  }
  return flags;
}

TEST(ServerFamilies, ClassifyAndAnswerMatchThePipelinesInFp32) {
  auto server =
      ServerProcess::Start(ModelFlags("fp32"), /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  int classified = 0, pairs = 0, answered = 0;
  for (const std::string& fixture : ClassifierFixtures()) {
    const nlohmann::json ref = testing::LoadReference(fixture);
    for (const auto& input : ref["inputs"]) {
      SCOPED_TRACE(fixture + ": " + input["text"].get<std::string>());
      v1::ClassifyRequest r;
      r.set_model(fixture);
      r.add_texts(input["text"].get<std::string>());
      if (input["text_pair"].is_string()) {
        r.add_text_pairs(input["text_pair"].get<std::string>());
        ++pairs;
      }
      const auto& want = input["pipeline"];
      r.set_top_k(static_cast<int>(want["scores"].size()));
      grpc::ClientContext ctx;
      v1::ClassifyResponse resp;
      const grpc::Status s = stub->Classify(&ctx, r, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
      ASSERT_EQ(resp.results_size(), 1);
      const v1::ClassifyResult& got = resp.results(0);
      EXPECT_EQ(got.token_count(), static_cast<int>(input["ids"].size()));
      ASSERT_EQ(got.labels_size(), static_cast<int>(want["scores"].size()));
      EXPECT_EQ(got.labels(0).label(), want["label"].get<std::string>());
      EXPECT_EQ(got.labels(0).id(), want["label_id"].get<int>());
      for (const v1::LabelScore& l : got.labels()) {
        EXPECT_NEAR(l.score(), want["scores"][l.id()].get<double>(), kScoreTolerance) << l.label();
      }
      ++classified;
    }
  }
  for (const std::string& fixture : QaFixtures()) {
    const nlohmann::json ref = testing::LoadReference(fixture);
    for (const auto& input : ref["inputs"]) {
      SCOPED_TRACE(fixture + ": " + input["text"].get<std::string>());
      v1::AnswerRequest r;
      r.set_model(fixture);
      r.set_question(input["text"].get<std::string>());
      r.set_context(input["text_pair"].get<std::string>());
      if (ref["meta"]["qa_max_answer_len"].is_number()) {
        r.set_max_answer_len(ref["meta"]["qa_max_answer_len"].get<int>());
      }
      grpc::ClientContext ctx;
      v1::AnswerResponse resp;
      const grpc::Status s = stub->Answer(&ctx, r, &resp);
      ASSERT_TRUE(s.ok()) << s.error_message();
      const auto& want = input["pipeline"];
      ASSERT_GE(resp.answers_size(), 1);
      const v1::Answer& got = resp.answers(0);
      EXPECT_EQ(got.text(), want["answer"].get<std::string>());
      EXPECT_EQ(got.start(), want["start"].get<int64_t>());
      EXPECT_EQ(got.end(), want["end"].get<int64_t>());
      EXPECT_NEAR(got.score(), want["score"].get<double>(),
                  kScoreTolerance * std::max(1.0, want["score"].get<double>()));
      ++answered;
    }
  }
  EXPECT_GE(classified, 45);
  EXPECT_GE(pairs, 7);
  EXPECT_GE(answered, 20);
}

TEST(ServerFamilies, ListModelsReportsEachFamilyAndItsInt8SelfCheck) {
  auto server =
      ServerProcess::Start(ModelFlags("int8"), /*wait_serving=*/true, testing::ServerStartLimit());
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = v1::Inference::NewStub((*server)->NewChannel());
  grpc::ClientContext ctx;
  v1::ListModelsResponse list;
  ASSERT_TRUE(stub->ListModels(&ctx, v1::ListModelsRequest(), &list).ok());
  ASSERT_EQ(list.models_size(), 10);
  std::vector<std::string> kinds;
  for (const v1::ModelInfo& m : list.models()) {
    SCOPED_TRACE(m.name());
    const nlohmann::json meta = testing::LoadReference(m.name())["meta"];
    kinds.push_back(m.architecture() + "/" + m.model_type());
    EXPECT_EQ(m.architecture(), meta["architecture"].get<std::string>());
    EXPECT_EQ(m.state(), v1::MODEL_STATE_SERVING);
    EXPECT_EQ(m.precision(), v1::PRECISION_INT8);
    EXPECT_TRUE(m.self_check().ran());
    EXPECT_GT(m.self_check().inputs(), 0);
    EXPECT_GT(m.self_check().max_abs_logit_diff(), 0);
  }
  EXPECT_THAT(
      kinds,
      ::testing::ElementsAre(
          "RobertaForSequenceClassification/roberta", "ElectraForSequenceClassification/electra",
          "XLMRobertaForSequenceClassification/xlm-roberta",
          "CamembertForSequenceClassification/camembert",
          "DebertaV2ForSequenceClassification/deberta-v2", "RobertaForQuestionAnswering/roberta",
          "ElectraForQuestionAnswering/electra", "XLMRobertaForQuestionAnswering/xlm-roberta",
          "CamembertForQuestionAnswering/camembert", "DebertaV2ForQuestionAnswering/deberta-v2"));
  // RoBERTa's limit is its position table less the padding offset (514 → 512).
  EXPECT_EQ(list.models(0).max_sequence_length(), 512);
}

}  // namespace
}  // namespace octet
