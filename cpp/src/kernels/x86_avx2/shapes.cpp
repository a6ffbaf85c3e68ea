// AVX2 shape kernels: the shared loops compiled for 256-bit registers (vpminsd, vpmulld).
#include <cstddef>
#include <cstdint>
#include <immintrin.h>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/shapes_generic.hpp"

VC_DEFINE_SHAPES_KERNELS()

}  // namespace vc::kernels::avx2
