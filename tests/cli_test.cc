// The `octet` binary end to end: tokenize, predict, eval, bench-engine and its error handling.

#include <sys/wait.h>
#include <unistd.h>

#include <array>
#include <cstdio>
#include <fstream>
#include <map>
#include <sstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "nlohmann/json.hpp"
#include "tests/cli_runner.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;

using Result = octet::testing::CliResult;

using octet::testing::RunOctet;

int Lines(const std::string& s) { return static_cast<int>(std::count(s.begin(), s.end(), '\n')); }

TEST(Cli, TokenizeMatchesReference) {
  const std::string dir = testing::FixtureDir("bert_qa_sharded");
  const auto ref = testing::LoadReference("bert_qa_sharded");
  const auto& input = ref["inputs"][0];
  nlohmann::json line = {{"text", input["text"]}, {"text_pair", input["text_pair"]}};
  Result r =
      RunOctet("tokenize --model " + dir, line.dump() + "\n" + R"({"text": "Hello"})" + "\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Lines(r.out), 2);
  auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  EXPECT_EQ(first["ids"], input["ids"]);
  EXPECT_EQ(first["type_ids"], input["type_ids"]);
  EXPECT_EQ(first["offsets"], input["offsets"]);
  EXPECT_EQ(first["tokens"], input["tokens"]);
}

TEST(Cli, TokenizeNoSpecialAndBadLine) {
  const std::string dir = testing::FixtureDir("bert_cls2");
  Result r = RunOctet("tokenize --no-special --model " + dir, "{\"text\": \"good\"}\n");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["tokens"], nlohmann::json({"good"}));
  EXPECT_EQ(j["offsets"], nlohmann::json::parse("[[0, 4]]"));
  Result bad = RunOctet("tokenize --model " + dir, "{\"text\": 5}\n");
  EXPECT_EQ(bad.exit_code, 1);
  EXPECT_THAT(bad.err, HasSubstr("stdin line 1"));
  EXPECT_EQ(Lines(bad.err), 1);
}

TEST(Cli, PredictJsonGivesLogitsOfEveryText) {
  const auto ref = testing::LoadReference("bert_cls2");
  const std::string text = ref["inputs"][2]["text"];
  Result r = RunOctet("predict --json --precision fp32 --model " +
                      testing::FixtureDir("bert_cls2") + " '" + text + "' 'terrible'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_EQ(Lines(r.out), 2);
  auto first = nlohmann::json::parse(r.out.substr(0, r.out.find('\n')));
  const auto want = ref["inputs"][2]["logits"].get<std::vector<float>>();
  const auto got = first["logits"].get<std::vector<float>>();
  ASSERT_EQ(got.size(), want.size());
  for (size_t i = 0; i < got.size(); ++i) EXPECT_NEAR(got[i], want[i], 1e-4);
  EXPECT_EQ(first["labels"][0]["label"], ref["inputs"][2]["pipeline"]["label"]);
}

TEST(Cli, PredictAnswerMatchesPipeline) {
  const auto ref = testing::LoadReference("distil_qa");
  const auto& input = ref["inputs"][1];
  Result r =
      RunOctet("predict --json --precision fp32 --model " + testing::FixtureDir("distil_qa") +
               " --question '" + input["text"].get<std::string>() + "' --context '" +
               input["text_pair"].get<std::string>() + "'");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["answers"][0]["answer"], input["pipeline"]["answer"]);
  EXPECT_EQ(j["answers"][0]["start"], input["pipeline"]["start"]);
  EXPECT_EQ(j["answers"][0]["end"], input["pipeline"]["end"]);
  EXPECT_EQ(j["start_logits"].size(), 1u);
}

// `octet eval` on a fixture with the PyTorch pipeline's own outputs as gold labels / answers:
// FP32 must score every example (so the whole pipeline, tokenizer included, is the reference's).
nlohmann::json EvalOnReference(const std::string& fixture) {
  const auto ref = testing::LoadReference(fixture);
  const std::string data = ::testing::TempDir() + "/eval_" + fixture + ".jsonl";
  std::ofstream out(data);
  int examples = 0;
  for (const auto& input : ref["inputs"]) {
    const auto& want = input["pipeline"];
    nlohmann::json line;
    if (want.contains("label")) {
      if (input.contains("text_pair") && !input["text_pair"].is_null()) continue;
      line = {{"text", input["text"]}, {"label", want["label"]}};
    } else {
      const std::string context = input["text_pair"];
      // answer_start in code points, as the pipeline's `start`.
      line = {{"question", input["text"]},
              {"context", context},
              {"answers", {{"text", {want["answer"]}}, {"answer_start", {want["start"]}}}}};
    }
    out << line.dump() << "\n";
    ++examples;
  }
  out.close();
  Result r = RunOctet("eval --json --model " + testing::FixtureDir(fixture) + " --data " + data);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["examples"], examples);
  return j;
}

TEST(Cli, EvalScoresXlmRobertaAndCamembertAsTheReferencePipelines) {
  const nlohmann::json xlmr = EvalOnReference("xlmr_cls");
  EXPECT_EQ(xlmr["architecture"], "XLMRobertaForSequenceClassification");
  EXPECT_EQ(xlmr["fp32"]["correct"], xlmr["examples"]);
  EXPECT_EQ(xlmr["agreement"]["same"], xlmr["examples"]);
  const nlohmann::json camembert = EvalOnReference("camembert_qa");
  EXPECT_EQ(camembert["architecture"], "CamembertForQuestionAnswering");
  EXPECT_EQ(camembert["fp32"]["exact"], camembert["examples"]);
  EXPECT_DOUBLE_EQ(camembert["fp32"]["f1"].get<double>(), 100.0);
}

TEST(Cli, EvalScoresDebertaAsTheReferencePipelines) {
  const nlohmann::json cls = EvalOnReference("debertav3_cls");
  EXPECT_EQ(cls["architecture"], "DebertaV2ForSequenceClassification");
  EXPECT_EQ(cls["fp32"]["correct"], cls["examples"]);
  const nlohmann::json qa = EvalOnReference("debertav3_qa");
  EXPECT_EQ(qa["architecture"], "DebertaV2ForQuestionAnswering");
  EXPECT_EQ(qa["fp32"]["exact"], qa["examples"]);
  EXPECT_DOUBLE_EQ(qa["fp32"]["f1"].get<double>(), 100.0);
}

// `octet eval` on the bert_ner fixture with the PyTorch reference pipeline's entities as gold, for
// each grouping aggregation: FP32 finds every entity exactly and no other (the eval command runs
// the token-classification pipeline as the reference does).
TEST(Cli, EvalScoresTheNerFixtureAsTheReferencePipeline) {
  const auto ref = testing::LoadReference("bert_ner");
  for (const std::string aggregation : {"first", "simple", "average", "max"}) {
    const std::string data = ::testing::TempDir() + "/eval_bert_ner_" + aggregation + ".jsonl";
    std::ofstream out(data);
    int examples = 0, entities = 0;
    for (const auto& input : ref["inputs"]) {
      nlohmann::json gold = nlohmann::json::array();
      for (const auto& e : input["pipeline"][aggregation]) {
        gold.push_back({{"start", e["start"]}, {"end", e["end"]}, {"label", e["entity_group"]}});
        ++entities;
      }
      out << nlohmann::json{{"text", input["text"]}, {"entities", gold}}.dump() << "\n";
      ++examples;
    }
    out.close();
    std::string args = "eval --json --aggregation ";
    args += aggregation;
    args += " --model ";
    args += testing::FixtureDir("bert_ner");
    args += " --data ";
    args += data;
    Result r = RunOctet(args);
    ASSERT_EQ(r.exit_code, 0) << r.err;
    auto j = nlohmann::json::parse(r.out);
    EXPECT_EQ(j["task"], "token_classification");
    EXPECT_EQ(j["aggregation"], aggregation);
    EXPECT_EQ(j["examples"], examples);
    EXPECT_GT(entities, examples) << aggregation;
    EXPECT_EQ(j["fp32"]["entities"]["gold"], entities) << aggregation;
    EXPECT_EQ(j["fp32"]["entities"]["true_positives"], entities) << aggregation;
    EXPECT_EQ(j["fp32"]["entities"]["predicted"], entities) << aggregation;
    EXPECT_DOUBLE_EQ(j["fp32"]["entities"]["f1"].get<double>(), 100.0) << aggregation;
    std::remove(data.c_str());
  }
}

TEST(Cli, ErrorsAreOneLineAndNonZero) {
  struct Case {
    std::string args, expect;
    int code;
  };
  const std::string tmp = ::testing::TempDir();
  const std::vector<Case> cases = {
      {"predict 'x'", "--model", 2},
      {"predict --model " + tmp + "/no-such-dir 'x'", "config.json", 1},
      {"predict --model " + testing::FixtureDir("bert_cls2") + " --precision int4 x",
       "int8 or fp32", 2},
      {"predict --model " + testing::FixtureDir("bert_cls2") + " --question q --context c",
       "classification model", 2},
      {"predict --model " + testing::FixtureDir("distil_qa") + " text", "--question", 2},
      {"predict --bogus", "unknown flag --bogus", 2},
      {"frobnicate", "unknown command", 2},
  };
  for (const Case& c : cases) {
    Result r = RunOctet(c.args);
    EXPECT_EQ(r.exit_code, c.code) << c.args << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.expect)) << c.args;
    EXPECT_THAT(r.err, HasSubstr("octet: error: ")) << c.args;
  }
}

TEST(Cli, HelpAfterAnyCommandPrintsUsage) {
  for (const std::string args :
       {"--help", "bench --help", "classify -h", "predict --model x --help"}) {
    Result r = RunOctet(args);
    EXPECT_EQ(r.exit_code, 0) << args << "\n" << r.err;
    EXPECT_THAT(r.out, HasSubstr("usage: octet COMMAND")) << args;
    EXPECT_THAT(r.out, HasSubstr("bench [--model M] [--concurrency C]")) << args;
  }
}

TEST(Cli, HelpIsNotTakenFromTextsOrUnknownCommands) {
  Result unknown = RunOctet("frobnicate --help");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_THAT(unknown.err, HasSubstr("unknown command 'frobnicate'"));
  // After "--", "--help" is a text: predict then complains about the missing --model.
  Result text = RunOctet("predict -- --help");
  EXPECT_EQ(text.exit_code, 2) << text.out;
  EXPECT_THAT(text.err, HasSubstr("--model"));
  EXPECT_THAT(text.out, Not(HasSubstr("usage: octet COMMAND")));
}

TEST(Cli, BenchEnginePrintsResultLine) {
  Result r = RunOctet("bench-engine --model " + testing::FixtureDir("bert_cls2") +
                      " --batch 2 --seq 16 --iters 3 --warmup 1 --no-gemm-peak");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("RESULT precision=int8 batch=2 seq=16 threads=1 median_ms="));
}

// The key=value fields of the first output line that starts with `tag` (empty if none).
std::map<std::string, double> LineFields(const std::string& out, const std::string& tag) {
  std::map<std::string, double> fields;
  std::istringstream lines(out);
  std::string line;
  while (std::getline(lines, line)) {
    if (line.rfind(tag + " ", 0) != 0) continue;
    std::istringstream words(line);
    std::string word;
    while (words >> word) {
      const size_t eq = word.find('=');
      if (eq == std::string::npos) continue;
      char* end = nullptr;
      const double v = std::strtod(word.c_str() + eq + 1, &end);
      if (end && *end == '\0') fields[word.substr(0, eq)] = v;
    }
    break;
  }
  return fields;
}

TEST(Cli, BenchEnginePrintsConsistentFloorLine) {
  // Not a speed bound: the FLOOR figures must agree with each other and with the RESULT line.
  Result r = RunOctet("bench-engine --model " + testing::FixtureDir("bert_cls2") +
                      " --batch 2 --seq 16 --iters 3 --warmup 1");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto floor = LineFields(r.out, "FLOOR");
  const auto result = LineFields(r.out, "RESULT");
  ASSERT_FALSE(floor.empty()) << r.out;
  for (const char* key :
       {"gemm_ms", "forward_ms", "ratio", "linear_gemm_ms", "attention_gemm_ms", "linear_ratio"}) {
    ASSERT_EQ(floor.count(key), 1u) << key << " missing in\n" << r.out;
  }
  EXPECT_GT(floor.at("linear_gemm_ms"), 0);
  EXPECT_GT(floor.at("attention_gemm_ms"), 0);
  // Printed with 3 decimals: equal within the rounding of the printed values.
  EXPECT_NEAR(floor.at("gemm_ms"), floor.at("linear_gemm_ms") + floor.at("attention_gemm_ms"),
              0.0011);
  EXPECT_NEAR(floor.at("forward_ms"), result.at("median_ms"), 0.0011);
  // ratio = F / G from unrounded values: each printed value is off by at most 0.0005.
  auto ratio_tolerance = [](double ratio, double g) { return 0.0006 + 0.0006 * (1 + ratio) / g; };
  EXPECT_NEAR(floor.at("ratio"), floor.at("forward_ms") / floor.at("gemm_ms"),
              ratio_tolerance(floor.at("ratio"), floor.at("gemm_ms")));
  EXPECT_NEAR(floor.at("linear_ratio"), floor.at("forward_ms") / floor.at("linear_gemm_ms"),
              ratio_tolerance(floor.at("linear_ratio"), floor.at("linear_gemm_ms")));
  // Per op: ms and share of the forward, one line each, the shares adding up to about 100 %.
  double share = 0;
  int ops = 0;
  std::istringstream lines(r.out);
  std::string line;
  while (std::getline(lines, line)) {
    std::istringstream words(line);
    std::string tag, name, ms_unit, pct_unit;
    double ms = -1, pct = -1;
    if (words >> tag >> name >> ms >> ms_unit >> pct >> pct_unit && tag == "OP") {
      EXPECT_GE(ms, 0) << line;
      share += pct;
      ++ops;
    }
  }
  EXPECT_EQ(ops, 9) << r.out;  // the eight ops and "other"
  EXPECT_NEAR(share, 100.0, 1.0) << r.out;

  // KERNELS: the vector kernels' cost without memory traffic, per layer and per forward (the
  // fixture's 2 layers on one thread), and the FLOOR ratio it bounds.
  const auto kernels = LineFields(r.out, "KERNELS");
  ASSERT_FALSE(kernels.empty()) << r.out;
  for (const char* key :
       {"epilogue_ns", "activation_ns", "quantize_ns", "layer_norm_ns", "softmax_ns", "layer_ms"}) {
    ASSERT_EQ(kernels.count(key), 1u) << key << " missing in\n" << r.out;
    EXPECT_GT(kernels.at(key), 0) << key;
  }
  EXPECT_NEAR(kernels.at("forward_ms"), 2 * kernels.at("layer_ms"), 0.0011);
  EXPECT_NEAR(kernels.at("bound_ratio"),
              (floor.at("gemm_ms") + kernels.at("forward_ms")) / floor.at("gemm_ms"),
              ratio_tolerance(kernels.at("bound_ratio"), floor.at("gemm_ms")));
  EXPECT_GT(kernels.at("bound_ratio"), 1.0);
}

TEST(Cli, BenchEngineNamesDebertasOwnAttentionKernels) {
  // DeBERTa's layers run their disentangled attention, not the BERT one the encoder also holds:
  // the attention line names the relative terms' matmuls too.
  Result r = RunOctet("bench-engine --model " + testing::FixtureDir("debertav3_cls") +
                      " --batch 1 --seq 16 --iters 1 --warmup 0 --no-gemm-peak");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, ::testing::HasSubstr(" disentangled (")) << r.out;
  EXPECT_THAT(r.out, ::testing::HasSubstr("c2p/p2c ")) << r.out;
}

TEST(Cli, BenchEngineFp32HasNoKernelsLine) {
  // The kernel floor describes the int8 engine's kernels only.
  Result r = RunOctet("bench-engine --model " + testing::FixtureDir("bert_cls2") +
                      " --precision fp32 --batch 1 --seq 8 --iters 1 --warmup 0");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_FALSE(LineFields(r.out, "FLOOR").empty()) << r.out;
  EXPECT_TRUE(LineFields(r.out, "KERNELS").empty()) << r.out;
}

}  // namespace
}  // namespace octet
