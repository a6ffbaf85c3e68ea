// Registers the NEON kernels, one family at a time. Families without a NEON
// file keep the reference entries (dispatch.cpp fills the table from the
// reference level first).
#include "kernels/kernel_table.hpp"

namespace vc::kernels::neon {
#include "kernels/isa_namespace.hpp"

void register_dnn(KernelTable& t);
void register_dnn_math(KernelTable& t);

void register_kernels(KernelTable& t) {
  register_dnn(t);
  register_dnn_math(t);
}

}  // namespace vc::kernels::neon
