#include "core/onednn/dnnl_util.h"

#include <cstdlib>

namespace octet {

const dnnl::engine& CpuEngine() {
  static const dnnl::engine* engine = [] {
    // oneDNN keeps the latest 1,024 primitives it made (its default) so that making one again
    // is cheap. The engine keeps what it runs itself (each linear layer its row buckets, the
    // attention its latest kAttentionLengthsKept lengths), so the library's copies only speed up
    // a length made again: 1,024 of them held ~30 MB more after traffic with every length up to
    // 512. ONEDNN_PRIMITIVE_CACHE_CAPACITY, when set, still decides.
    if (std::getenv("ONEDNN_PRIMITIVE_CACHE_CAPACITY") == nullptr) {
      dnnl::set_primitive_cache_capacity(kPrimitiveCacheCapacity);
    }
    return new dnnl::engine(dnnl::engine::kind::cpu, 0);
  }();
  return *engine;
}

std::string ImplementationName(const dnnl::primitive_desc_base& pd) {
  const char* name = pd.impl_info_str();
  return name ? std::string(name) : std::string("?");
}

dnnl::primitive_attr UserScratchpadAttr(float output_scale) {
  dnnl::primitive_attr attr;
  attr.set_scratchpad_mode(dnnl::scratchpad_mode::user);
  if (output_scale != 1.f) attr.set_output_scales(0, {output_scale});
  return attr;
}

}  // namespace octet
