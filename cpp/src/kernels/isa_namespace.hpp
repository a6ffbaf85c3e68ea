// Included by every kernel file inside `namespace vc::kernels::<isa> { ... }`:
// declares every kernel of kernels.inc in that namespace and the ISA's
// registration entry point.
#define VC_KERNEL(name, ret, params) ret name params;
#include "kernels/kernels.inc"
#undef VC_KERNEL
void register_kernels(KernelTable& table);
