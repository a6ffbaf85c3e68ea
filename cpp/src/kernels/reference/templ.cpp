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

void s16_templ_corr_pairs(const int16_t* const* rows, const int32_t* t, int npairs, int tw,
                          int32_t* dst, size_t n) {
  templ_generic::corr_pairs_generic(rows, t, npairs, tw, dst, 0, n);
}

void register_templ(KernelTable& t) {
  t.f32_templ_corr_row = f32_templ_corr_row;
  t.s16_templ_corr_pairs = s16_templ_corr_pairs;
}

}  // namespace vc::kernels::reference
