#include "core/onednn/dnnl_util.h"

namespace octet {

const dnnl::engine& CpuEngine() {
  static const dnnl::engine* engine = new dnnl::engine(dnnl::engine::kind::cpu, 0);
  return *engine;
}

std::string ImplementationName(const dnnl::primitive_desc_base& pd) {
  const char* name = pd.impl_info_str();
  return name ? std::string(name) : std::string("?");
}

}  // namespace octet
