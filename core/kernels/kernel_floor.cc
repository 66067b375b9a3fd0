#include "core/kernels/kernel_floor.h"

#include <algorithm>
#include <chrono>
#include <limits>
#include <vector>

#include "core/kernels/int8_kernels.h"
#include "core/kernels/row_kernels.h"

namespace octet {
namespace {

constexpr int kRounds = 5;
constexpr double kRoundSeconds = 2e-3;

// Best of kRounds: each round calls `run` (one row of `width` values) until kRoundSeconds pass.
template <typename Fn>
double NsPerValue(int64_t width, Fn run) {
  using Clock = std::chrono::steady_clock;
  for (int i = 0; i < 50; ++i) run();
  double best = std::numeric_limits<double>::max();
  for (int round = 0; round < kRounds; ++round) {
    int64_t calls = 0;
    const auto start = Clock::now();
    double elapsed = 0;
    do {
      for (int i = 0; i < 16; ++i) run();
      calls += 16;
      elapsed = std::chrono::duration<double>(Clock::now() - start).count();
    } while (elapsed < kRoundSeconds);
    best = std::min(best, elapsed * 1e9 / static_cast<double>(calls * width));
  }
  return best;
}

// One row of each buffer a kernel reads or writes, `width` values wide, with plausible values.
struct Row {
  explicit Row(int64_t width)
      : acc(width),
        col_sum(width),
        col_scale(width, 1e-4f),
        bias(width, 0.1f),
        gamma(width, 1.f),
        beta(width, 0.f),
        x(width),
        y(width),
        q(width),
        half(width),
        mask(width, 1) {
    for (int64_t i = 0; i < width; ++i) {
      acc[i] = static_cast<int32_t>((i * 7919) % 40000) - 20000;
      col_sum[i] = static_cast<int32_t>((i * 104729) % 2000) - 1000;
      x[i] = static_cast<float>((i * 31) % 97) / 24.f - 2.f;
    }
  }
  std::vector<int32_t> acc, col_sum;
  std::vector<float> col_scale, bias, gamma, beta, x, y;
  std::vector<uint8_t> q;
  std::vector<uint16_t> half;
  std::vector<int32_t> mask;
};

double EpilogueNs(int64_t width, Epilogue epilogue) {
  const Int8KernelTable& k = Int8Kernels();
  Row r(width);
  return NsPerValue(width, [&] {
    k.epilogue_row(r.acc.data(), width, 0.02f, 17, r.col_scale.data(), r.col_sum.data(),
                   r.bias.data(), epilogue, r.y.data());
  });
}

double QuantizeNs(int64_t width) {
  const Int8KernelTable& k = Int8Kernels();
  Row r(width);
  float scale = 0;
  int32_t zp = 0;
  return NsPerValue(width, [&] {
    k.quantize_row(r.x.data(), width, r.q.data(), &scale, &zp, ActivationQuantMax());
  });
}

}  // namespace

KernelFloor MeasureKernelFloor(const LayerShape& s) {
  const RowKernelTable& rk = RowKernels();
  KernelFloor f;
  const auto tokens = static_cast<double>(s.tokens);
  const double h = static_cast<double>(s.hidden), inter = static_cast<double>(s.intermediate);

  f.epilogue_ns = EpilogueNs(s.hidden, Epilogue::kNone);
  const double qkv_epilogue_ns = EpilogueNs(3 * s.hidden, Epilogue::kNone);
  f.activation_ns = EpilogueNs(s.intermediate, s.ffn_activation);
  f.quantize_ns = QuantizeNs(s.hidden);
  const double wide_quantize_ns = QuantizeNs(s.intermediate);
  {
    Row r(s.hidden);
    f.layer_norm_ns = NsPerValue(s.hidden, [&] {
      rk.layer_norm(r.y.data(), r.x.data(), r.gamma.data(), r.beta.data(), 1e-12f, s.hidden,
                    r.y.data());
    });
  }
  if (s.bf16_attention) {
    Row r(3 * s.hidden);
    f.to_bf16_ns =
        NsPerValue(3 * s.hidden, [&] { rk.to_bf16(r.x.data(), 3 * s.hidden, r.half.data()); });
  }
  {
    Row r(s.seq);
    f.softmax_ns =
        s.bf16_attention
            ? NsPerValue(s.seq,
                         [&] { rk.softmax_bf16(r.y.data(), s.seq, r.mask.data(), r.half.data()); })
            : NsPerValue(s.seq, [&] { rk.softmax(r.y.data(), s.seq, r.mask.data()); });
  }

  // Per layer: QKV epilogue (3H per token, to BF16 with BF16 attention), the softmax over every
  // score, attention out and FFN out epilogues (H), FFN in with its activation (I), the two
  // LayerNorms (H), and the four matmul inputs quantized (three of H, FFN out's of I).
  const double scores = static_cast<double>(s.sequences * s.heads * s.seq * s.seq);
  const double ns = tokens * 3 * h * (qkv_epilogue_ns + f.to_bf16_ns) + scores * f.softmax_ns +
                    tokens * h * 2 * f.epilogue_ns + tokens * inter * f.activation_ns +
                    tokens * h * 2 * f.layer_norm_ns + tokens * h * 3 * f.quantize_ns +
                    tokens * inter * wide_quantize_ns;
  f.layer_ms = ns / 1e6;
  return f;
}

}  // namespace octet
