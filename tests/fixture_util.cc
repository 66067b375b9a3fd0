#include "tests/fixture_util.h"

#include <algorithm>
#include <cmath>

#include "core/kernels/int8_kernels.h"
#include "tests/test_util.h"

namespace octet::testing {

const std::vector<std::string>& FixtureNames() {
  static const std::vector<std::string> names = {
      "bert_cls2",     "bert_cls3_gelu_new", "bert_qa_sharded",  "distil_cls_f16",
      "distil_qa",     "roberta_cls",        "distilroberta_qa", "electra_cls",
      "electra_qa",    "xlmr_cls",           "camembert_cls",    "xlmr_qa",
      "camembert_qa",  "bert_ner",           "bert_nli",         "bert_rerank",
      "debertav3_cls", "debertav3_qa",       "debertav2_cls",    "debertav3_ner"};
  return names;
}

std::string FixtureDir(const std::string& name) { return TestDataDir() + "/fixtures/" + name; }

nlohmann::json LoadReference(const std::string& name) {
  return nlohmann::json::parse(ReadFileOrDie(FixtureDir(name) + "/reference.json"));
}

std::vector<float> ExpectedOutputs(const nlohmann::json& entry) {
  if (entry.contains("logits")) return entry["logits"].get<std::vector<float>>();
  std::vector<float> out = entry["start_logits"].get<std::vector<float>>();
  const auto end = entry["end_logits"].get<std::vector<float>>();
  out.insert(out.end(), end.begin(), end.end());
  return out;
}

std::vector<float> ModelOutputs(const Model& model, const SequenceBatch& batch,
                                const Matrix& logits, int64_t s) {
  if (model.config().task == TaskKind::kSequenceClassification) {
    return std::vector<float>(logits.row(s), logits.row(s) + logits.cols);
  }
  if (model.config().task == TaskKind::kTokenClassification) {
    return std::vector<float>(logits.row(batch.starts[s]), logits.row(batch.starts[s + 1]));
  }
  std::vector<float> out;
  for (int col = 0; col < 2; ++col) {
    for (int64_t t = batch.starts[s]; t < batch.starts[s + 1]; ++t) {
      out.push_back(logits.row(t)[col]);
    }
  }
  return out;
}

double MaxRelativeError(const std::vector<float>& got, const std::vector<float>& want) {
  if (got.size() != want.size()) return INFINITY;
  double worst = 0;
  for (size_t i = 0; i < got.size(); ++i) {
    const double err = std::fabs(static_cast<double>(got[i]) - want[i]) /
                       std::max(1.0, std::fabs(static_cast<double>(want[i])));
    worst = std::max(worst, err);
  }
  return worst;
}

double Int8MaxAbsErrorFraction() { return ActivationQuantMax() == 255 ? 0.1 : 0.15; }

}  // namespace octet::testing
