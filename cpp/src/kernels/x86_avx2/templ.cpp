// Template matching and descriptor kernels, AVX2 level: the shared body of
// common/templ_corr_simd.hpp over 8 float lanes (unaligned loads of the
// shifted source rows hit L1; mul then add, no FMA, to match the reference); the u8 path
// sums int16 pairs exactly with pmaddwd.
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
  using I = __m256i;
  static I loadi(const int16_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static void storei(int32_t* p, I v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
  static I set1i(int32_t v) { return _mm256_set1_epi32(v); }
  static I addi(I a, I b) { return _mm256_add_epi32(a, b); }
  static I maddi(I a, I b) { return _mm256_madd_epi16(a, b); }
  static I zeroi() { return _mm256_setzero_si256(); }
};
}  // namespace

#include "kernels/common/templ_corr_simd.hpp"

void register_templ(KernelTable& t) {
  t.f32_templ_corr_row = f32_templ_corr_row;
  t.s16_templ_corr_pairs = s16_templ_corr_pairs;
}

}  // namespace vc::kernels::avx2
