// Reference shape kernels: plain loops, the oracle every level is tested against.
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/shapes_generic.hpp"

VC_DEFINE_SHAPES_KERNELS()

}  // namespace vc::kernels::reference
