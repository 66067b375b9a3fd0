// Per-batch memory accounting of the workspace: what a batch used, independent of the buffers'
// history (octet_request_memory_bytes is built on it).

#include "core/runtime/workspace.h"

#include <cstdint>
#include <vector>

#include "core/models/model.h"
#include "gtest/gtest.h"
#include "tests/fixture_util.h"
#include "tests/test_util.h"

namespace octet {
namespace {

class WorkspaceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto model = Model::Load(testing::FixtureDir("bert_cls2"), LoadOptions{});
    ASSERT_TRUE(model.ok()) << model.status();
    model_ = *std::move(model);
  }

  // `sequences` sequences of `length` tokens (any ids inside the fixture's 643-word vocabulary).
  static SequenceBatch Batch(int sequences, int length) {
    SequenceBatch batch;
    std::vector<int32_t> ids(length, 500);
    ids.front() = 2;
    ids.back() = 3;
    for (int i = 0; i < sequences; ++i) batch.Add(ids, {});
    return batch;
  }

  size_t RunAndMeasure(const SequenceBatch& batch, Workspace* ws) {
    ws->BeginBatch();
    // The output goes to the workspace's own buffer, as in the server's workers.
    const absl::Status status = model_->Forward(batch, ws, &ws->logits);
    EXPECT_TRUE(status.ok()) << status;
    return ws->BatchBytes();
  }

  std::unique_ptr<Model> model_;
};

TEST_F(WorkspaceTest, BatchBytesCoverTheActivationsAndStayWithinTheAllocation) {
  Workspace ws;
  const SequenceBatch batch = Batch(4, 32);
  const size_t used = RunAndMeasure(batch, &ws);
  const auto& config = model_->config();
  // At least the hidden states, the fused QKV and the FFN activations of every token, in floats.
  const size_t floor_bytes =
      static_cast<size_t>(batch.num_tokens()) *
      (config.hidden_size + 3 * config.hidden_size + config.intermediate_size) * sizeof(float);
  EXPECT_GE(used, floor_bytes);
  EXPECT_LE(used, ws.AllocatedBytes());
  // On a fresh workspace every buffer was sized by this batch, so the batch's figure is most of
  // what the workspace holds (growth slack aside): a buffer left out of the count would show.
  EXPECT_GE(used, ws.AllocatedBytes() * 3 / 4);
}

TEST_F(WorkspaceTest, BatchBytesGrowWithTheBatch) {
  Workspace small_ws, large_ws;
  const size_t small = RunAndMeasure(Batch(1, 16), &small_ws);
  const size_t large = RunAndMeasure(Batch(8, 100), &large_ws);
  EXPECT_GT(large, 4 * small) << "800 tokens against 16";
}

TEST_F(WorkspaceTest, SmallBatchAfterALargeOneReportsOnlyWhatItUsed) {
  Workspace fresh;
  const size_t alone = RunAndMeasure(Batch(1, 16), &fresh);

  Workspace reused;
  const size_t large = RunAndMeasure(Batch(8, 100), &reused);
  const size_t allocated = reused.AllocatedBytes();
  const size_t after_large = RunAndMeasure(Batch(1, 16), &reused);
  EXPECT_EQ(after_large, alone) << "history must not leak into a batch's figure";
  EXPECT_LT(after_large, large);
  EXPECT_EQ(reused.AllocatedBytes(), allocated) << "buffers are kept for reuse";
}

// The logits of `batch` on `ws`, copied out of the workspace.
std::vector<float> Logits(const Model& model, const SequenceBatch& batch, Workspace* ws) {
  ws->BeginBatch();
  const absl::Status status = model.Forward(batch, ws, &ws->logits);
  EXPECT_TRUE(status.ok()) << status;
  return std::vector<float>(ws->logits.data.begin(),
                            ws->logits.data.begin() + ws->logits.rows * ws->logits.cols);
}

TEST_F(WorkspaceTest, ReleaseFreesEverythingAndTheNextBatchIsUnchanged) {
  Workspace ws;
  const SequenceBatch batch = Batch(3, 40);
  const std::vector<float> before = Logits(*model_, batch, &ws);
  const size_t held = ws.AllocatedBytes();
  ASSERT_GT(held, 0u);
  EXPECT_EQ(ws.Release(), held);
  EXPECT_EQ(ws.AllocatedBytes(), 0u);
  EXPECT_EQ(Logits(*model_, batch, &ws), before) << "bit-identical after the buffers were freed";
  EXPECT_GT(ws.AllocatedBytes(), 0u);
}

TEST_F(WorkspaceTest, TrimFreesWhatOnlyAnEarlierLargeBatchNeeded) {
  Workspace ws;
  const SequenceBatch small = Batch(1, 16);
  const std::vector<float> small_alone = Logits(*model_, small, &ws);
  Logits(*model_, Batch(8, 100), &ws);
  const size_t after_large = ws.AllocatedBytes();
  // The window holds the large batch: every buffer is within twice what it used.
  EXPECT_EQ(ws.Trim(/*slack_bytes=*/0), 0u);
  EXPECT_EQ(ws.AllocatedBytes(), after_large);

  // Two small batches in the next window: the large batch's buffers go.
  Logits(*model_, small, &ws);
  EXPECT_EQ(Logits(*model_, small, &ws), small_alone);
  const size_t small_bytes = ws.BatchBytes();
  const size_t freed = ws.Trim(/*slack_bytes=*/0);
  EXPECT_GT(freed, 0u);
  EXPECT_EQ(ws.AllocatedBytes(), after_large - freed);
  EXPECT_LE(ws.AllocatedBytes(), 2 * small_bytes);
  EXPECT_EQ(Logits(*model_, small, &ws), small_alone);

  // The small batch refilled the window, so nothing goes; with no batch since, everything does.
  EXPECT_EQ(ws.Trim(/*slack_bytes=*/0), 0u);
  const size_t held = ws.AllocatedBytes();
  EXPECT_EQ(ws.Trim(/*slack_bytes=*/0), held);
  EXPECT_EQ(ws.AllocatedBytes(), 0u);
}

TEST_F(WorkspaceTest, TrimKeepsBuffersWithinTheSlack) {
  Workspace ws;
  Logits(*model_, Batch(8, 100), &ws);
  ws.Trim(0);  // the large batch's window
  // An empty window, but every buffer of this small fixture is far below 1 MiB of slack.
  ASSERT_LT(ws.AllocatedBytes() / 18, Workspace::kTrimSlackBytes);
  const size_t held = ws.AllocatedBytes();
  EXPECT_EQ(ws.Trim(), 0u);
  EXPECT_EQ(ws.AllocatedBytes(), held);
}

}  // namespace
}  // namespace octet
