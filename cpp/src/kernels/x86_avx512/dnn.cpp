// CNN inference kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"

void register_dnn(KernelTable& t) {}

}  // namespace vc::kernels::avx512
