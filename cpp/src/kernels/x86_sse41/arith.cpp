// Per-pixel thresholds and arithmetic: threshold, convert_scale, normalize, add_weighted, absdiff — kernels for this ISA level.
// SSE4.1: the shared bodies of common/arith_simd_body.hpp over 16-byte
// vectors (pmaxub/pmaxuw/pminsw for the integer compares, psubus for
// absdiff). No FMA at this level, so convert_scale and add_weighted (FMA
// by contract) stay with the reference.
#include <smmintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/arith_generic.hpp"

namespace {

struct V {
  using I = __m128i;
  static constexpr size_t kB = 16;
  static I loadi(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
  static void storei(void* p, I v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
  static I set1_8(uint8_t v) { return _mm_set1_epi8(static_cast<char>(v)); }
  static I set1_16(int16_t v) { return _mm_set1_epi16(v); }
  static I andi(I a, I b) { return _mm_and_si128(a, b); }
  static I andnoti(I m, I x) { return _mm_andnot_si128(m, x); }
  static I ori(I a, I b) { return _mm_or_si128(a, b); }
  static I maxu8(I a, I b) { return _mm_max_epu8(a, b); }
  static I minu8(I a, I b) { return _mm_min_epu8(a, b); }
  static I maxu16(I a, I b) { return _mm_max_epu16(a, b); }
  static I minu16(I a, I b) { return _mm_min_epu16(a, b); }
  static I maxs16(I a, I b) { return _mm_max_epi16(a, b); }
  static I mins16(I a, I b) { return _mm_min_epi16(a, b); }
  static I cmpeq8(I a, I b) { return _mm_cmpeq_epi8(a, b); }
  static I cmpeq16(I a, I b) { return _mm_cmpeq_epi16(a, b); }
  static I cmpgts16(I a, I b) { return _mm_cmpgt_epi16(a, b); }
  static I subsu8(I a, I b) { return _mm_subs_epu8(a, b); }
  static I subsu16(I a, I b) { return _mm_subs_epu16(a, b); }
  static I sub16(I a, I b) { return _mm_sub_epi16(a, b); }

  using F = __m128;
  static constexpr size_t kF = 4;
  static F loadf(const float* p) { return _mm_loadu_ps(p); }
  static void storef(float* p, F v) { _mm_storeu_ps(p, v); }
  static F set1f(float v) { return _mm_set1_ps(v); }
  static F maxf(F a, F b) { return _mm_max_ps(a, b); }
  static F minf(F a, F b) { return _mm_min_ps(a, b); }
  static F subf(F a, F b) { return _mm_sub_ps(a, b); }
  static F absf(F a) { return _mm_andnot_ps(_mm_set1_ps(-0.0f), a); }
  static F andf(F a, F b) { return _mm_and_ps(a, b); }
  static F andnotf(F m, F x) { return _mm_andnot_ps(m, x); }
  static F cmpgtf(F a, F b) { return _mm_cmpgt_ps(a, b); }
  static F cmplef(F a, F b) { return _mm_cmple_ps(a, b); }
  static F blendf(F a, F b, F m) { return _mm_blendv_ps(a, b, m); }
};

#include "kernels/common/arith_simd_body.hpp"

}  // namespace

#include "kernels/common/arith_simd_entries.hpp"

}  // namespace vc::kernels::sse41
