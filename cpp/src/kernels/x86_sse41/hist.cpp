// Histograms, equalization, CLAHE, integral images, Otsu/triangle levels kernels for this ISA level.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"

void register_hist(KernelTable& t) {}

}  // namespace vc::kernels::sse41
