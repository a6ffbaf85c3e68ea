// AVX-512 histogram-family kernels: none yet. The CLAHE blend is
// gather-bound and the rest scalar or memory-bound; until a wider version
// is measured to pay, every entry falls back to AVX2 / SSE4.1.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"

void register_hist(KernelTable& t) {}

}  // namespace vc::kernels::avx512
