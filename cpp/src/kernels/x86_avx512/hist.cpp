// Histograms, equalization, CLAHE, integral images, Otsu/triangle levels kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"

void register_hist(KernelTable& t) {}

}  // namespace vc::kernels::avx512
