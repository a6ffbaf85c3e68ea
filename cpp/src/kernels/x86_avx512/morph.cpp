// AVX-512 morphology kernels: 512-bit vpminub/vpminuw/vpminsw (AVX-512BW) and
// vminps (and max, saturating subtract), four registers per step (256 u8
// pixels), unaligned loads.
// The bodies are the shared ones in morph_minmax_generic.hpp; the row tail
// (n not a multiple of the register) runs the scalar rule.
#include <immintrin.h>

#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/morph_minmax_generic.hpp"
#include "kernels/common/morph_vec_x86.hpp"

VC_DEFINE_MORPH_KERNELS(Vec)

}  // namespace vc::kernels::avx512
