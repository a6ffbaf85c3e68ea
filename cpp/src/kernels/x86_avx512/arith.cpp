// Per-pixel thresholds and arithmetic: threshold, convert_scale, normalize, add_weighted, absdiff — kernels for this ISA level.
// AVX-512 (F/BW/DQ): the shared bodies of common/arith_simd_body.hpp over
// 64-byte vectors. Compares give k-masks; the vocabulary turns them back
// into all-ones lanes (vpmovm2b/w/d) so one body serves every level. The
// narrowing stores use vpmov* (the values are already clamped).
#include <immintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/arith_generic.hpp"

namespace {

struct V {
  using I = __m512i;
  static constexpr size_t kB = 64;
  static I loadi(const void* p) { return _mm512_loadu_si512(p); }
  static void storei(void* p, I v) { _mm512_storeu_si512(p, v); }
  static I set1_8(uint8_t v) { return _mm512_set1_epi8(static_cast<char>(v)); }
  static I set1_16(int16_t v) { return _mm512_set1_epi16(v); }
  static I andi(I a, I b) { return _mm512_and_si512(a, b); }
  static I andnoti(I m, I x) { return _mm512_andnot_si512(m, x); }
  static I ori(I a, I b) { return _mm512_or_si512(a, b); }
  static I maxu8(I a, I b) { return _mm512_max_epu8(a, b); }
  static I minu8(I a, I b) { return _mm512_min_epu8(a, b); }
  static I maxu16(I a, I b) { return _mm512_max_epu16(a, b); }
  static I minu16(I a, I b) { return _mm512_min_epu16(a, b); }
  static I maxs16(I a, I b) { return _mm512_max_epi16(a, b); }
  static I mins16(I a, I b) { return _mm512_min_epi16(a, b); }
  static I cmpeq8(I a, I b) { return _mm512_movm_epi8(_mm512_cmpeq_epi8_mask(a, b)); }
  static I cmpeq16(I a, I b) { return _mm512_movm_epi16(_mm512_cmpeq_epi16_mask(a, b)); }
  static I cmpgts16(I a, I b) { return _mm512_movm_epi16(_mm512_cmpgt_epi16_mask(a, b)); }
  static I subsu8(I a, I b) { return _mm512_subs_epu8(a, b); }
  static I subsu16(I a, I b) { return _mm512_subs_epu16(a, b); }
  static I sub16(I a, I b) { return _mm512_sub_epi16(a, b); }

  using F = __m512;
  static constexpr size_t kF = 16;
  static F loadf(const float* p) { return _mm512_loadu_ps(p); }
  static void storef(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F set1f(float v) { return _mm512_set1_ps(v); }
  static F maxf(F a, F b) { return _mm512_max_ps(a, b); }
  static F minf(F a, F b) { return _mm512_min_ps(a, b); }
  static F subf(F a, F b) { return _mm512_sub_ps(a, b); }
  static F absf(F a) { return _mm512_andnot_ps(_mm512_set1_ps(-0.0f), a); }
  static F andf(F a, F b) { return _mm512_and_ps(a, b); }
  static F andnotf(F m, F x) { return _mm512_andnot_ps(m, x); }
  static F cmpgtf(F a, F b) {
    return _mm512_castsi512_ps(_mm512_movm_epi32(_mm512_cmp_ps_mask(a, b, _CMP_GT_OQ)));
  }
  static F cmplef(F a, F b) {
    return _mm512_castsi512_ps(_mm512_movm_epi32(_mm512_cmp_ps_mask(a, b, _CMP_LE_OQ)));
  }
  static F blendf(F a, F b, F m) {
    return _mm512_mask_blend_ps(_mm512_movepi32_mask(_mm512_castps_si512(m)), a, b);
  }

  static F fmaf(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F loadf_u8(const uint8_t* p) {
    return _mm512_cvtepi32_ps(
        _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static F loadf_u16(const uint16_t* p) {
    return _mm512_cvtepi32_ps(
        _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
  }
  static F loadf_s16(const int16_t* p) {
    return _mm512_cvtepi32_ps(
        _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
  }
  static void store_u8r(uint8_t* p, F v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtepi32_epi8(_mm512_cvtps_epi32(v)));
  }
  static void store_u16r(uint16_t* p, F v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                        _mm512_cvtepi32_epi16(_mm512_cvtps_epi32(v)));
  }
  static void store_s16r(int16_t* p, F v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p),
                        _mm512_cvtepi32_epi16(_mm512_cvtps_epi32(v)));
  }
};

#define VC_ARITH_SIMD_FMA
#include "kernels/common/arith_simd_body.hpp"

}  // namespace

#include "kernels/common/arith_simd_entries.hpp"
#undef VC_ARITH_SIMD_FMA

}  // namespace vc::kernels::avx512
