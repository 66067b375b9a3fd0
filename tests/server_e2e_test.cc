// octet-server end to end over a real channel on loopback: results equal the in-process engine
// bit for bit (same precision), alone and batched with other requests; metadata and Tokenize.

#include <algorithm>
#include <cmath>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "core/models/model.h"
#include "core/tasks/classification.h"
#include "core/tasks/question_answering.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "octet/v1/inference.grpc.pb.h"
#include "server/self_check.h"
#include "tests/fixture_util.h"
#include "tests/grpc_test_util.h"
#include "tests/server_process.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::Gt;
using testing::ServerProcess;

std::unique_ptr<Model> LoadInt8(const std::string& fixture) {
  auto m = Model::Load(testing::FixtureDir(fixture), LoadOptions());
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : nullptr;
}

// The in-process logits of one text (pair) computed alone.
std::vector<float> LogitsAlone(const Model& model, const std::string& text,
                               const std::string& pair) {
  EncodeOptions options;
  auto enc = pair.empty() ? model.tokenizer().Encode(text, options)
                          : model.tokenizer().EncodePair(text, pair, options);
  EXPECT_TRUE(enc.ok()) << enc.status();
  SequenceBatch batch;
  batch.Add(enc->ids, enc->type_ids);
  Workspace ws(1);
  Matrix logits;
  EXPECT_TRUE(model.Forward(batch, &ws, &logits).ok());
  return std::vector<float>(logits.row(0), logits.row(0) + logits.cols);
}

std::unique_ptr<Model> LoadFp32(const std::string& fixture) {
  LoadOptions options;
  options.precision.base = Precision::kFp32;
  auto m = Model::Load(testing::FixtureDir(fixture), options);
  EXPECT_TRUE(m.ok()) << m.status();
  return m.ok() ? *std::move(m) : nullptr;
}

// What the start-up self-check should report, computed here: each built-in input through both
// engines alone, top labels compared by argmax of the logits.
struct SelfCheckFigures {
  int inputs = 0, agreeing = 0;
  double max_abs_logit_diff = 0, max_abs_fp32_logit = 0;
};
SelfCheckFigures SelfCheckAlone(const Model& int8, const Model& fp32) {
  SelfCheckFigures out;
  for (const TextInput& in : server::SelfCheckClassificationInputs()) {
    const std::string pair = in.text_pair ? std::string(*in.text_pair) : "";
    const std::vector<float> q = LogitsAlone(int8, std::string(in.text), pair);
    const std::vector<float> f = LogitsAlone(fp32, std::string(in.text), pair);
    ++out.inputs;
    out.agreeing += std::max_element(q.begin(), q.end()) - q.begin() ==
                    std::max_element(f.begin(), f.end()) - f.begin();
    for (size_t i = 0; i < f.size(); ++i) {
      out.max_abs_logit_diff = std::max(out.max_abs_logit_diff, double{std::fabs(q[i] - f[i])});
      out.max_abs_fp32_logit = std::max(out.max_abs_fp32_logit, double{std::fabs(f[i])});
    }
  }
  return out;
}

std::vector<AnswerSpan> AnswersAlone(const Model& model, const std::string& q, const std::string& c,
                                     const AnswerOptions& options) {
  auto windows = EncodeQuestionContext(model.tokenizer(), q, c, options);
  EXPECT_TRUE(windows.ok()) << windows.status();
  std::vector<WindowLogits> per_window;
  Workspace ws(1);
  for (const Encoding& w : *windows) {
    SequenceBatch batch;
    batch.Add(w.ids, w.type_ids);
    Matrix logits;
    EXPECT_TRUE(model.Forward(batch, &ws, &logits).ok());
    WindowLogits wl;
    for (int64_t t = 0; t < logits.rows; ++t) {
      wl.start.push_back(logits.row(t)[0]);
      wl.end.push_back(logits.row(t)[1]);
    }
    per_window.push_back(std::move(wl));
  }
  return DecodeAnswers(*windows, per_window, c, options);
}

// Raw logits come back as scores with SCORE_FUNCTION_NONE; compare them bit for bit.
void ExpectSameLogits(const v1::ClassifyResult& got, const std::vector<float>& want) {
  ASSERT_EQ(got.labels_size(), static_cast<int>(want.size()));
  for (const v1::LabelScore& l : got.labels()) {
    EXPECT_EQ(l.score(), want[l.id()]) << "label " << l.id();
  }
}

void ExpectSameAnswers(const v1::AnswerResponse& got, const std::vector<AnswerSpan>& want) {
  ASSERT_EQ(got.answers_size(), static_cast<int>(want.size()));
  for (size_t i = 0; i < want.size(); ++i) {
    const v1::Answer& a = got.answers(static_cast<int>(i));
    EXPECT_EQ(a.text(), want[i].text);
    EXPECT_EQ(a.start(), want[i].start);
    EXPECT_EQ(a.end(), want[i].end);
    EXPECT_EQ(a.byte_start(), want[i].byte_start);
    EXPECT_EQ(a.byte_end(), want[i].byte_end);
    EXPECT_EQ(a.score(), want[i].score);
  }
}

std::vector<std::pair<std::string, std::string>> ClassificationInputs() {
  std::vector<std::pair<std::string, std::string>> out;
  const nlohmann::json ref = testing::LoadReference("bert_cls2");
  for (const auto& in : ref["inputs"]) {
    out.emplace_back(in["text"].get<std::string>(),
                     in["text_pair"].is_null() ? "" : in["text_pair"].get<std::string>());
  }
  return out;
}

class ServerE2E : public ::testing::Test {
 protected:
  void StartServer(std::vector<std::string> extra) {
    std::vector<std::string> args = {testing::ModelFlag("cls", "bert_cls2"),
                                     testing::ModelFlag("qa", "bert_qa_sharded"), "--workers=1",
                                     "--threads_per_worker=1"};
    args.insert(args.end(), extra.begin(), extra.end());
    auto server = ServerProcess::Start(args, /*wait_serving=*/true, testing::ServerStartLimit());
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    stub_ = v1::Inference::NewStub(server_->NewChannel());
  }
  std::unique_ptr<ServerProcess> server_;
  std::unique_ptr<v1::Inference::Stub> stub_;
};

TEST_F(ServerE2E, ClassifyEqualsInProcessEngineBitForBit) {
  StartServer({});
  auto model = LoadInt8("bert_cls2");
  ASSERT_NE(model, nullptr);
  v1::ClassifyRequest singles, pairs;
  for (const auto& [text, pair] : ClassificationInputs()) {
    if (pair.empty()) {
      singles.add_texts(text);
    } else {
      pairs.add_texts(text);
      pairs.add_text_pairs(pair);
    }
  }
  for (v1::ClassifyRequest* r : {&singles, &pairs}) {
    r->set_model("cls");
    r->set_function(v1::SCORE_FUNCTION_NONE);
    grpc::ClientContext ctx;
    v1::ClassifyResponse resp;
    grpc::Status s = stub_->Classify(&ctx, *r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    ASSERT_EQ(resp.results_size(), r->texts_size());
    EXPECT_EQ(resp.model(), "cls");
    EXPECT_EQ(resp.timing().batch_sequences(), r->texts_size());
    EXPECT_GT(resp.timing().inference_ns(), 0);
    EXPECT_GE(resp.timing().total_ns(), resp.timing().inference_ns());
    for (int i = 0; i < r->texts_size(); ++i) {
      ExpectSameLogits(resp.results(i), LogitsAlone(*model, r->texts(i),
                                                    r->text_pairs_size() ? r->text_pairs(i) : ""));
    }
  }
}

// The PyTorch pipeline's scores (tests/data/fixtures/<fixture>/reference.json, transformers'
// text-classification pipeline with top_k=None) against the server in FP32 with the default
// function and all labels: a 3-label model, so both the softmax and the order are checked.
TEST_F(ServerE2E, DefaultScoresInFp32AreThePyTorchPipelinesSoftmaxOverAllLabelsBestFirst) {
  StartServer({"--precision=fp32", testing::ModelFlag("cls3", "bert_cls3_gelu_new")});
  const nlohmann::json ref = testing::LoadReference("bert_cls3_gelu_new");
  const std::vector<std::string> names = {"negative", "neutral", "positive"};
  int checked = 0;
  for (const nlohmann::json& in : ref["inputs"]) {
    SCOPED_TRACE(in["text"].get<std::string>());
    v1::ClassifyRequest r;
    r.set_model("cls3");
    r.add_texts(in["text"].get<std::string>());
    if (!in["text_pair"].is_null()) r.add_text_pairs(in["text_pair"].get<std::string>());
    r.set_top_k(0);  // all labels
    grpc::ClientContext ctx;
    v1::ClassifyResponse resp;
    const grpc::Status s = stub_->Classify(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    const v1::ClassifyResult& got = resp.results(0);
    const std::vector<double> want = in["pipeline"]["scores"].get<std::vector<double>>();
    ASSERT_EQ(want.size(), 3u);
    ASSERT_EQ(got.labels_size(), 3);
    // The reference's order: label ids by its scores, highest first.
    std::vector<int> want_order = {0, 1, 2};
    std::sort(want_order.begin(), want_order.end(),
              [&](int a, int b) { return want[a] > want[b]; });
    for (int k = 0; k < 3; ++k) {
      const v1::LabelScore& l = got.labels(k);
      EXPECT_EQ(l.id(), want_order[k]) << "rank " << k;
      EXPECT_EQ(l.label(), names[l.id()]);
      EXPECT_NEAR(l.score(), want[l.id()], 1e-4) << "label " << l.label();
    }
    EXPECT_EQ(got.labels(0).id(), in["pipeline"]["label_id"].get<int>());
    EXPECT_EQ(got.token_count(), static_cast<int>(in["ids"].size()));
    EXPECT_FALSE(got.truncated());
    ++checked;
  }
  EXPECT_EQ(checked, 10);
}

TEST_F(ServerE2E, TextsBatchedWithOtherRequestsGiveTheSameBits) {
  // One worker held by the first request until the others have queued up: they are computed
  // together in one padding-free batch.
  testing::WorkerHold hold(/*held=*/false);
  StartServer({hold.Flag()});
  hold.Hold();
  auto model = LoadInt8("bert_cls2");
  auto qa = LoadInt8("bert_qa_sharded");
  const auto inputs = ClassificationInputs();
  std::vector<v1::ClassifyResponse> responses(inputs.size());
  std::vector<grpc::Status> statuses(inputs.size());
  std::vector<std::thread> threads;
  auto call = [&](size_t i) {
    v1::ClassifyRequest r;
    r.set_model("cls");
    r.add_texts(inputs[i].first);
    if (!inputs[i].second.empty()) r.add_text_pairs(inputs[i].second);
    r.set_function(v1::SCORE_FUNCTION_NONE);
    grpc::ClientContext ctx;
    statuses[i] = stub_->Classify(&ctx, r, &responses[i]);
  };
  const v1::ModelStats before = testing::Stats(stub_.get(), "cls");
  threads.emplace_back(call, 0);
  // Request 0 on the worker (admitted, in flight, not queued) before the others are sent.
  EXPECT_TRUE(testing::WaitUntil(
      [&] {
        const v1::ModelStats s = testing::Stats(stub_.get(), "cls");
        return s.requests_admitted() - before.requests_admitted() == 1 && s.inflight() == 1 &&
               s.queued() == 0;
      },
      testing::WaitLimit()));
  for (size_t i = 1; i < inputs.size(); ++i) threads.emplace_back(call, i);
  // A QA request in the same flood is batched apart (other model), and equal to alone too.
  v1::AnswerResponse answer;
  grpc::Status answer_status;
  AnswerOptions qa_options;
  qa_options.max_seq_len = 128;
  qa_options.doc_stride = 64;
  qa_options.top_k = 2;
  const std::string question = "Who designed the tower?";
  const std::string context = testing::LoadReference("bert_qa_sharded")["inputs"][1]["text_pair"];
  threads.emplace_back([&] {
    v1::AnswerRequest r;
    r.set_question(question);
    r.set_context(context);
    r.set_top_k(2);
    grpc::ClientContext ctx;
    answer_status = stub_->Answer(&ctx, r, &answer);
  });
  // Everything queued behind the held request (the QA request in its own model's queue), then
  // the worker goes on.
  EXPECT_TRUE(testing::WaitUntil(
      [&] {
        return testing::Stats(stub_.get(), "cls").queued() ==
                   static_cast<int64_t>(inputs.size()) - 1 &&
               testing::Stats(stub_.get(), "qa").queued() == 1;
      },
      absl::Seconds(60)));
  hold.Release();
  for (std::thread& t : threads) t.join();
  int batched = 0;
  for (size_t i = 0; i < inputs.size(); ++i) {
    ASSERT_TRUE(statuses[i].ok()) << statuses[i].error_message();
    ExpectSameLogits(responses[i].results(0),
                     LogitsAlone(*model, inputs[i].first, inputs[i].second));
    batched += responses[i].timing().batch_sequences() > 1;
  }
  EXPECT_GE(batched, static_cast<int>(inputs.size()) - 1);  // all but the first shared a batch
  ASSERT_TRUE(answer_status.ok()) << answer_status.error_message();
  ExpectSameAnswers(answer, AnswersAlone(*qa, question, context, qa_options));
}

TEST_F(ServerE2E, AnswerEqualsInProcessPipelineBitForBit) {
  StartServer({});
  auto model = LoadInt8("bert_qa_sharded");
  const nlohmann::json ref = testing::LoadReference("bert_qa_sharded");
  for (const auto& in : ref["inputs"]) {
    v1::AnswerRequest r;
    r.set_model("qa");
    r.set_question(in["text"].get<std::string>());
    r.set_context(in["text_pair"].get<std::string>());
    r.set_top_k(3);
    r.set_max_seq_len(40);
    r.set_doc_stride(10);
    grpc::ClientContext ctx;
    v1::AnswerResponse resp;
    grpc::Status s = stub_->Answer(&ctx, r, &resp);
    ASSERT_TRUE(s.ok()) << s.error_message();
    AnswerOptions o;
    o.top_k = 3;
    o.max_seq_len = 40;
    o.doc_stride = 10;
    ExpectSameAnswers(resp, AnswersAlone(*model, r.question(), r.context(), o));
    for (const v1::Answer& a : resp.answers()) {  // the exact substring, in code points and bytes
      EXPECT_EQ(a.text(), r.context().substr(a.byte_start(), a.byte_end() - a.byte_start()));
    }
  }
}

TEST_F(ServerE2E, ListAndGetModelReportTheEngineAndSelfCheck) {
  StartServer({});
  auto model = LoadInt8("bert_cls2");
  grpc::ClientContext ctx;
  v1::ListModelsResponse list;
  ASSERT_TRUE(stub_->ListModels(&ctx, v1::ListModelsRequest(), &list).ok());
  ASSERT_EQ(list.models_size(), 2);
  EXPECT_EQ(list.limits().workers(), 1);
  EXPECT_EQ(list.limits().threads_per_worker(), 1);
  EXPECT_EQ(list.limits().max_queue(), 256);
  const v1::ModelInfo& cls = list.models(0);
  EXPECT_EQ(cls.name(), "cls");
  EXPECT_EQ(cls.architecture(), "BertForSequenceClassification");
  EXPECT_EQ(cls.model_type(), "bert");
  EXPECT_EQ(cls.task(), v1::TASK_SEQUENCE_CLASSIFICATION);
  EXPECT_THAT(cls.labels(), ::testing::ElementsAre("NEGATIVE", "POSITIVE"));
  EXPECT_EQ(cls.max_sequence_length(), 128);
  EXPECT_EQ(cls.precision(), v1::PRECISION_INT8);
  EXPECT_EQ(cls.weight_bytes(), static_cast<int64_t>(model->weight_bytes()));
  EXPECT_EQ(cls.fp32_weight_bytes(), static_cast<int64_t>(model->fp32_weight_bytes()));
  EXPECT_EQ(cls.parameter_count(), model->parameter_count());
  EXPECT_EQ(cls.state(), v1::MODEL_STATE_SERVING);
  // The process's memory when it turned SERVING: the same for every model, more than the
  // weights, at most the start-up peak.
  EXPECT_GT(cls.served_rss_bytes(), cls.weight_bytes());
  EXPECT_GE(cls.startup_peak_rss_bytes(), cls.served_rss_bytes());
  EXPECT_EQ(list.models(1).served_rss_bytes(), cls.served_rss_bytes());
  // The self-check's report against the same comparison made here: the int8 and FP32 engines
  // on its built-in inputs, each alone. Both engines are deterministic (bit-identical alone and
  // in any batch), so the figures are equal, not close.
  const SelfCheckFigures want = SelfCheckAlone(*model, *LoadFp32("bert_cls2"));
  ASSERT_EQ(want.inputs, 6);
  EXPECT_TRUE(cls.self_check().ran());
  EXPECT_EQ(cls.self_check().inputs(), 6);
  EXPECT_EQ(want.agreeing, 6);  // every top label of this fixture is decisive
  EXPECT_EQ(cls.self_check().agreeing(), 6);
  EXPECT_DOUBLE_EQ(cls.self_check().max_abs_logit_diff(), want.max_abs_logit_diff);
  // Within the int8 fidelity bound (int8_fidelity_test), and not zero (int8 was used).
  EXPECT_GT(cls.self_check().max_abs_logit_diff(), 0);
  EXPECT_LT(cls.self_check().max_abs_logit_diff(),
            testing::Int8MaxAbsErrorFraction() * want.max_abs_fp32_logit);
  EXPECT_THAT(cls.self_check().summary(), ::testing::HasSubstr("6/6 top labels agree"));
  EXPECT_EQ(list.models(1).task(), v1::TASK_QUESTION_ANSWERING);

  grpc::ClientContext ctx2;
  v1::GetModelRequest get;
  get.set_name("qa");
  v1::GetModelResponse one;
  ASSERT_TRUE(stub_->GetModel(&ctx2, get, &one).ok());
  EXPECT_EQ(one.model().architecture(), "BertForQuestionAnswering");
  EXPECT_EQ(one.model().stats().requests_admitted(), 0);
  EXPECT_GT(one.timing().total_ns(), 0);
}

TEST_F(ServerE2E, TokenizeShowsTokensIdsAndOffsets) {
  StartServer({});
  const nlohmann::json ref = testing::LoadReference("bert_qa_sharded");
  const nlohmann::json& in = ref["inputs"][4];  // Zoë's café
  v1::TokenizeRequest r;
  r.set_model("qa");
  r.set_text(in["text"].get<std::string>());
  r.set_text_pair(in["text_pair"].get<std::string>());
  grpc::ClientContext ctx;
  v1::TokenizeResponse resp;
  ASSERT_TRUE(stub_->Tokenize(&ctx, r, &resp).ok());
  ASSERT_EQ(resp.tokens_size(), static_cast<int>(in["ids"].size()));
  for (int i = 0; i < resp.tokens_size(); ++i) {
    EXPECT_EQ(resp.tokens(i).id(), in["ids"][i].get<int>());
    EXPECT_EQ(resp.tokens(i).text(), in["tokens"][i].get<std::string>());
    EXPECT_EQ(resp.tokens(i).start(), in["offsets"][i][0].get<int64_t>());
    EXPECT_EQ(resp.tokens(i).end(), in["offsets"][i][1].get<int64_t>());
    EXPECT_EQ(resp.tokens(i).type_id(), in["type_ids"][i].get<int>());
  }
  EXPECT_TRUE(resp.tokens(0).special());
  EXPECT_EQ(resp.model_limit(), 128);
  EXPECT_FALSE(resp.truncated());

  v1::TokenizeRequest cut;
  cut.set_model("qa");
  cut.set_text(in["text_pair"].get<std::string>());
  cut.set_max_length(8);
  cut.set_add_special_tokens(false);
  grpc::ClientContext ctx2;
  v1::TokenizeResponse cut_resp;
  ASSERT_TRUE(stub_->Tokenize(&ctx2, cut, &cut_resp).ok());
  EXPECT_EQ(cut_resp.tokens_size(), 8);
  EXPECT_TRUE(cut_resp.truncated());
  EXPECT_FALSE(cut_resp.tokens(0).special());
}

// A text of 150 "good" then 150 "terrible" (one token each) is cut to the model's 128 tokens
// from the end: what is classified is [CLS] + the first 126 words + [SEP], all "good".
TEST_F(ServerE2E, TruncateKeepsTheStartOfALongTextUpToTheModelLimit) {
  StartServer({});
  std::string text, head, tail;
  for (int i = 0; i < 150; ++i) text += "good ";
  for (int i = 0; i < 150; ++i) text += "terrible ";
  for (int i = 0; i < 126; ++i) head += "good ";
  for (int i = 0; i < 126; ++i) tail += "terrible ";
  v1::ClassifyRequest r;
  r.add_texts(text);
  r.add_texts("short");
  r.add_texts(head);
  r.add_texts(tail);
  r.set_truncate(true);
  r.set_function(v1::SCORE_FUNCTION_NONE);
  grpc::ClientContext ctx;
  v1::ClassifyResponse resp;
  ASSERT_TRUE(stub_->Classify(&ctx, r, &resp).ok());
  ASSERT_EQ(resp.results_size(), 4);
  EXPECT_TRUE(resp.results(0).truncated());
  EXPECT_EQ(resp.results(0).token_count(), 128);
  EXPECT_FALSE(resp.results(1).truncated());
  EXPECT_EQ(resp.results(1).token_count(), 3);  // [CLS] short [SEP]
  EXPECT_FALSE(resp.results(2).truncated());
  EXPECT_EQ(resp.results(2).token_count(), 128);
  // The cut text's logits are the first 126 words', bit for bit, and not the last 126 words'.
  auto logits = [&](int i) {
    std::vector<float> v(resp.results(i).labels_size());
    for (const v1::LabelScore& l : resp.results(i).labels()) v[l.id()] = l.score();
    return v;
  };
  EXPECT_EQ(logits(0), logits(2));
  EXPECT_NE(logits(0), logits(3));
}

}  // namespace
}  // namespace octet
