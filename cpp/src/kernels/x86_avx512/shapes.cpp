// AVX-512 shape kernels: the shared loops compiled for 512-bit registers.
#include <cstddef>
#include <cstdint>
#include <immintrin.h>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/shapes_generic.hpp"

VC_DEFINE_SHAPES_KERNELS()

}  // namespace vc::kernels::avx512
