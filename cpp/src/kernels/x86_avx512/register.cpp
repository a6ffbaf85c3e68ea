// Registers this ISA's kernels, one family at a time. A family file that
// has nothing for this level simply is not listed.
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"

void register_color(KernelTable& t);
void register_camera(KernelTable& t);

void register_kernels(KernelTable& t) {
  register_color(t);
  register_camera(t);
}

}  // namespace vc::kernels::avx512
