// Template matching and descriptor kernels, AVX2 level: the shared body of
// common/templ_corr_simd.hpp over 8 float lanes (unaligned loads of the
// shifted source rows hit L1; mul then add, no FMA, to match the reference).
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/templ_corr_generic.hpp"

namespace {
struct V {
  using F = __m256;
  static constexpr size_t kF = 8;
  static F loadf(const float* p) { return _mm256_loadu_ps(p); }
  static void storef(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F set1f(float v) { return _mm256_set1_ps(v); }
  static F addf(F a, F b) { return _mm256_add_ps(a, b); }
  static F mulf(F a, F b) { return _mm256_mul_ps(a, b); }
  static F zerof() { return _mm256_setzero_ps(); }
};
}  // namespace

#include "kernels/common/templ_corr_simd.hpp"

void register_templ(KernelTable& t) { t.f32_templ_corr_row = f32_templ_corr_row; }

}  // namespace vc::kernels::avx2
