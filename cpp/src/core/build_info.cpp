#include "visioncore/build_info.hpp"

#include "visioncore/cpu.hpp"
#include "visioncore/parallel.hpp"
#include "visioncore/version.hpp"

namespace vc {

BuildInfo build_info() {
  BuildInfo info;
  info.version = VISIONCORE_VERSION_STRING;
#ifdef VC_COMPILER_ID
  info.compiler = VC_COMPILER_ID;
#endif
  for (Isa i : compiled_isas()) info.compiled_isas.push_back(isa_name(i));
  for (Isa i : available_isas()) info.available_isas.push_back(isa_name(i));
  info.active_isa = isa_name(active_isa());
  info.num_threads = get_num_threads();
  info.cuda_compiled = false;  // no CUDA backend in this build yet
  info.cuda_available = false;
  return info;
}

}  // namespace vc
