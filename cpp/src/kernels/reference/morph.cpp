// Reference morphology kernels: the shared bodies with one-lane ScalarVec,
// the oracle every SIMD level is tested against.
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/morph_minmax_generic.hpp"

VC_DEFINE_MORPH_KERNELS(ScalarVec)

}  // namespace vc::kernels::reference
