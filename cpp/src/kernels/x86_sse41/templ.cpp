// Template matching and descriptor kernels, SSE4.1 level: the shared body of
// common/templ_corr_simd.hpp over 4 float lanes (unaligned loads of the
// shifted source rows hit L1; mul then add, no FMA, to match the reference); the u8 path
// sums int16 pairs exactly with pmaddwd.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/templ_corr_generic.hpp"

namespace {
struct V {
  using F = __m128;
  static constexpr size_t kF = 4;
  static F loadf(const float* p) { return _mm_loadu_ps(p); }
  static void storef(float* p, F v) { _mm_storeu_ps(p, v); }
  static F set1f(float v) { return _mm_set1_ps(v); }
  static F addf(F a, F b) { return _mm_add_ps(a, b); }
  static F mulf(F a, F b) { return _mm_mul_ps(a, b); }
  static F zerof() { return _mm_setzero_ps(); }
  using I = __m128i;
  static I loadi(const int16_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static void storei(int32_t* p, I v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
  static I set1i(int32_t v) { return _mm_set1_epi32(v); }
  static I addi(I a, I b) { return _mm_add_epi32(a, b); }
  static I maddi(I a, I b) { return _mm_madd_epi16(a, b); }
  static I zeroi() { return _mm_setzero_si128(); }
};
}  // namespace

#include "kernels/common/templ_corr_simd.hpp"

void register_templ(KernelTable& t) {
  t.f32_templ_corr_row = f32_templ_corr_row;
  t.s16_templ_corr_pairs = s16_templ_corr_pairs;
}

}  // namespace vc::kernels::sse41
