// Per-pixel thresholds and arithmetic: threshold, convert_scale, normalize, add_weighted, absdiff — kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"

void register_arith(KernelTable& t) {}

}  // namespace vc::kernels::reference
