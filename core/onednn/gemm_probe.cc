#include "core/onednn/gemm_probe.h"

#include <omp.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <vector>

#include "core/onednn/dnnl_util.h"

namespace octet {

double ProcessCpuSeconds() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return static_cast<double>(ts.tv_sec) + static_cast<double>(ts.tv_nsec) * 1e-9;
}

double Median(std::vector<double>& v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

absl::StatusOr<GemmTiming> TimeInt8Gemm(int64_t m, int64_t k, int64_t n, int iters) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  GemmTiming result;
  std::vector<double> times, cpu;
  absl::Status status = CatchDnnl("timing an int8 GEMM", [&] {
    const auto& engine = CpuEngine();
    dnnl::memory::desc src_md({m, k}, dt::u8, tag::ab);
    dnnl::memory::desc wei_md({k, n}, dt::s8, tag::any);
    dnnl::memory::desc dst_md({m, n}, dt::s32, tag::ab);
    dnnl::matmul::primitive_desc pd(dnnl::matmul::desc(src_md, wei_md, dst_md), engine);
    result.implementation = ImplementationName(pd);
    dnnl::memory src(src_md, engine), wei(pd.weights_desc(), engine), dst(dst_md, engine);
    std::fill_n(static_cast<uint8_t*>(src.get_data_handle()), m * k, uint8_t{3});
    std::fill_n(static_cast<int8_t*>(wei.get_data_handle()), pd.weights_desc().get_size(),
                int8_t{1});
    dnnl::matmul prim(pd);
    dnnl::stream stream(engine);
    for (int i = 0; i <= iters; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = ProcessCpuSeconds();
      prim.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
      stream.wait();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (i > 0) times.push_back(s), cpu.push_back(ProcessCpuSeconds() - c0);
    }
  });
  if (!status.ok()) return status;
  result.median_seconds = Median(times);
  result.median_cpu_seconds = Median(cpu);
  return result;
}

absl::StatusOr<GemmTiming> TimeAttentionGemms(int64_t n, int64_t d, int64_t heads, bool bf16,
                                              int threads, int iters) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  using dims = dnnl::memory::dims;
  GemmTiming result;
  std::vector<double> times, cpu;
  threads = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, heads)));
  const int saved_threads = omp_get_max_threads();
  absl::Status status = CatchDnnl("timing the attention matmuls", [&] {
    const auto& engine = CpuEngine();
    const dt ct = bf16 ? dt::bf16 : dt::f32;
    dnnl::memory::desc q_md(dims{n, d}, ct, tag::ab), kt_md(dims{d, n}, ct, tag::ba);
    dnnl::memory::desc s_md(dims{n, n}, dt::f32, tag::ab), p_md(dims{n, n}, ct, tag::ab);
    dnnl::memory::desc v_md(dims{n, d}, ct, tag::ab), o_md(dims{n, d}, dt::f32, tag::ab);
    // Made for one thread, as the engine's per-head primitives are.
    omp_set_num_threads(1);
    dnnl::primitive_attr scaled;
    scaled.set_output_scales(0, {0.125f});
    dnnl::matmul::primitive_desc scores_pd(dnnl::matmul::desc(q_md, kt_md, s_md), scaled, engine);
    dnnl::matmul::primitive_desc mix_pd(dnnl::matmul::desc(p_md, v_md, o_md), engine);
    result.implementation = ImplementationName(scores_pd) + ", " + ImplementationName(mix_pd);
    dnnl::matmul scores(scores_pd), mix(mix_pd);
    omp_set_num_threads(saved_threads);
    const size_t elem = bf16 ? 2 : 4;
    // Every head its own inputs and outputs (zeros: timing does not depend on the values).
    std::vector<std::byte> qkv(static_cast<size_t>(3 * heads * n * d) * elem);
    std::vector<std::byte> probs(static_cast<size_t>(heads * n * n) * elem);
    std::vector<float> s(static_cast<size_t>(heads * n * n)), o(static_cast<size_t>(heads * n * d));
    for (int i = 0; i <= iters; ++i) {
      const auto t0 = std::chrono::steady_clock::now();
      const double c0 = ProcessCpuSeconds();
#pragma omp parallel num_threads(threads)
      {
        const int t = omp_get_thread_num();
        omp_set_num_threads(1);
        dnnl::stream stream(engine);
        for (int64_t h = t; h < heads; h += threads) {
          std::byte* q = qkv.data() + static_cast<size_t>(h * n * d) * elem;
          std::byte* k = q + static_cast<size_t>(heads * n * d) * elem;
          std::byte* v = k + static_cast<size_t>(heads * n * d) * elem;
          dnnl::memory qm(q_md, engine, q), km(kt_md, engine, k), vm(v_md, engine, v);
          dnnl::memory sm(s_md, engine, s.data() + h * n * n);
          dnnl::memory pm(p_md, engine,
                          bf16 ? static_cast<void*>(probs.data() + h * n * n * elem)
                               : static_cast<void*>(s.data() + h * n * n));
          dnnl::memory om(o_md, engine, o.data() + h * n * d);
          scores.execute(stream, {{DNNL_ARG_SRC, qm}, {DNNL_ARG_WEIGHTS, km}, {DNNL_ARG_DST, sm}});
          mix.execute(stream, {{DNNL_ARG_SRC, pm}, {DNNL_ARG_WEIGHTS, vm}, {DNNL_ARG_DST, om}});
          stream.wait();
        }
      }
      const double sec =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (i > 0) times.push_back(sec), cpu.push_back(ProcessCpuSeconds() - c0);
    }
  });
  omp_set_num_threads(saved_threads);
  if (!status.ok()) return status;
  result.median_seconds = Median(times);
  result.median_cpu_seconds = Median(cpu);
  return result;
}

}  // namespace octet
