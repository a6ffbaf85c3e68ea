// Edge and corner kernels: Canny, Harris / min-eigenvalue corner responses — kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"

void register_edges(KernelTable& t) {}

}  // namespace vc::kernels::avx512
