#include "core/onednn/gemm_probe.h"

#include <algorithm>
#include <chrono>
#include <vector>

#include "core/onednn/dnnl_util.h"

namespace octet {

absl::StatusOr<GemmTiming> TimeInt8Gemm(int64_t m, int64_t k, int64_t n, int iters) {
  using dt = dnnl::memory::data_type;
  using tag = dnnl::memory::format_tag;
  GemmTiming result;
  std::vector<double> times;
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
      prim.execute(stream, {{DNNL_ARG_SRC, src}, {DNNL_ARG_WEIGHTS, wei}, {DNNL_ARG_DST, dst}});
      stream.wait();
      const double s = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
      if (i > 0) times.push_back(s);
    }
  });
  if (!status.ok()) return status;
  std::sort(times.begin(), times.end());
  result.median_seconds = times[times.size() / 2];
  return result;
}

}  // namespace octet
