// Template matching and descriptor kernels, AVX-512 level: the shared body of
// common/templ_corr_simd.hpp over 16 float lanes (unaligned loads of the
// shifted source rows hit L1; mul then add, no FMA, to match the reference); the u8 path
// sums int16 pairs exactly with pmaddwd.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/templ_corr_generic.hpp"

namespace {
struct V {
  using F = __m512;
  static constexpr size_t kF = 16;
  static F loadf(const float* p) { return _mm512_loadu_ps(p); }
  static void storef(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F set1f(float v) { return _mm512_set1_ps(v); }
  static F addf(F a, F b) { return _mm512_add_ps(a, b); }
  static F mulf(F a, F b) { return _mm512_mul_ps(a, b); }
  static F zerof() { return _mm512_setzero_ps(); }
  using I = __m512i;
  static I loadi(const int16_t* p) { return _mm512_loadu_si512(reinterpret_cast<const __m512i*>(p)); }
  static void storei(int32_t* p, I v) { _mm512_storeu_si512(reinterpret_cast<__m512i*>(p), v); }
  static I set1i(int32_t v) { return _mm512_set1_epi32(v); }
  static I addi(I a, I b) { return _mm512_add_epi32(a, b); }
  static I maddi(I a, I b) { return _mm512_madd_epi16(a, b); }
  static I zeroi() { return _mm512_setzero_si512(); }
};
}  // namespace

#include "kernels/common/templ_corr_simd.hpp"

void register_templ(KernelTable& t) {
  t.f32_templ_corr_row = f32_templ_corr_row;
  t.s16_templ_corr_pairs = s16_templ_corr_pairs;
}

}  // namespace vc::kernels::avx512
