// Shape and region kernels: connected components, distance transform, contours — kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"

void register_shapes(KernelTable& t) {}

}  // namespace vc::kernels::reference
