// SSE4.1 morphology kernels: 128-bit pminub/pminuw/pminsw/minps (and max,
// psubus/psubs), four registers per step (64 u8 pixels), unaligned loads.
// The bodies are the shared ones in morph_minmax_generic.hpp; the row tail
// (n not a multiple of the register) runs the scalar rule.
#include <immintrin.h>

#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/morph_minmax_generic.hpp"
#include "kernels/common/morph_vec_x86.hpp"

VC_DEFINE_MORPH_KERNELS(Vec)

}  // namespace vc::kernels::sse41
