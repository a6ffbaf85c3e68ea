// Template matching and descriptor kernels, reference level: the plain loops
// that define every result (the SIMD levels must match them bit for bit).
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/templ_corr_generic.hpp"

void f32_templ_corr_row(const float* const* rows, const float* t, int nrows, int tw, float* dst,
                        size_t n) {
  templ_generic::corr_row_generic(rows, t, nrows, tw, dst, 0, n);
}

void register_templ(KernelTable& t) { t.f32_templ_corr_row = f32_templ_corr_row; }

}  // namespace vc::kernels::reference
