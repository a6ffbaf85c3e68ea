// Per-pixel thresholds and arithmetic: threshold, convert_scale, normalize, add_weighted, absdiff — kernels for this ISA level.
// AVX2: the shared bodies of common/arith_simd_body.hpp over 32-byte
// vectors; vfmadd231ps for convert_scale / add_weighted (the FMA contract
// of OpenCV's vector loops). The narrowing stores pack per 128-bit lane,
// hence the extract before packing 8 floats.
#include <immintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/arith_generic.hpp"

namespace {

struct V {
  using I = __m256i;
  static constexpr size_t kB = 32;
  static I loadi(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
  static void storei(void* p, I v) { _mm256_storeu_si256(static_cast<__m256i*>(p), v); }
  static I set1_8(uint8_t v) { return _mm256_set1_epi8(static_cast<char>(v)); }
  static I set1_16(int16_t v) { return _mm256_set1_epi16(v); }
  static I andi(I a, I b) { return _mm256_and_si256(a, b); }
  static I andnoti(I m, I x) { return _mm256_andnot_si256(m, x); }
  static I ori(I a, I b) { return _mm256_or_si256(a, b); }
  static I maxu8(I a, I b) { return _mm256_max_epu8(a, b); }
  static I minu8(I a, I b) { return _mm256_min_epu8(a, b); }
  static I maxu16(I a, I b) { return _mm256_max_epu16(a, b); }
  static I minu16(I a, I b) { return _mm256_min_epu16(a, b); }
  static I maxs16(I a, I b) { return _mm256_max_epi16(a, b); }
  static I mins16(I a, I b) { return _mm256_min_epi16(a, b); }
  static I cmpeq8(I a, I b) { return _mm256_cmpeq_epi8(a, b); }
  static I cmpeq16(I a, I b) { return _mm256_cmpeq_epi16(a, b); }
  static I cmpgts16(I a, I b) { return _mm256_cmpgt_epi16(a, b); }
  static I subsu8(I a, I b) { return _mm256_subs_epu8(a, b); }
  static I subsu16(I a, I b) { return _mm256_subs_epu16(a, b); }
  static I sub16(I a, I b) { return _mm256_sub_epi16(a, b); }

  using F = __m256;
  static constexpr size_t kF = 8;
  static F loadf(const float* p) { return _mm256_loadu_ps(p); }
  static void storef(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F set1f(float v) { return _mm256_set1_ps(v); }
  static F maxf(F a, F b) { return _mm256_max_ps(a, b); }
  static F minf(F a, F b) { return _mm256_min_ps(a, b); }
  static F subf(F a, F b) { return _mm256_sub_ps(a, b); }
  static F absf(F a) { return _mm256_andnot_ps(_mm256_set1_ps(-0.0f), a); }
  static F andf(F a, F b) { return _mm256_and_ps(a, b); }
  static F andnotf(F m, F x) { return _mm256_andnot_ps(m, x); }
  static F cmpgtf(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static F cmplef(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
  static F blendf(F a, F b, F m) { return _mm256_blendv_ps(a, b, m); }

  static F fmaf(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static F loadf_u8(const uint8_t* p) {
    return _mm256_cvtepi32_ps(
        _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
  }
  static F loadf_u16(const uint16_t* p) {
    return _mm256_cvtepi32_ps(
        _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static F loadf_s16(const int16_t* p) {
    return _mm256_cvtepi32_ps(
        _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static void store_u8r(uint8_t* p, F v) {
    const __m256i i = _mm256_cvtps_epi32(v);
    const __m128i w = _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(w, w));
  }
  static void store_u16r(uint16_t* p, F v) {
    const __m256i i = _mm256_cvtps_epi32(v);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                     _mm_packus_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1)));
  }
  static void store_s16r(int16_t* p, F v) {
    const __m256i i = _mm256_cvtps_epi32(v);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                     _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1)));
  }
};

#define VC_ARITH_SIMD_FMA
#include "kernels/common/arith_simd_body.hpp"

}  // namespace

#include "kernels/common/arith_simd_entries.hpp"
#undef VC_ARITH_SIMD_FMA

}  // namespace vc::kernels::avx2
