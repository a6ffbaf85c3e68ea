// SSE4.1 shape kernels: the shared loops compiled for 128-bit registers (pminsd, pmulld).
#include <cstddef>
#include <cstdint>
#include <immintrin.h>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/shapes_generic.hpp"

VC_DEFINE_SHAPES_KERNELS()

}  // namespace vc::kernels::sse41
