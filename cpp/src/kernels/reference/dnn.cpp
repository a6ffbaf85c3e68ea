// CNN inference kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"

void register_dnn(KernelTable& t) {}

}  // namespace vc::kernels::reference
