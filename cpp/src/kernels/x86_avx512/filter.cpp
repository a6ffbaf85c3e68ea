// AVX-512 (F/BW/VL/DQ) linear-filter kernels: the shared bodies of
// common/filter_simd_body.hpp over 16 float / 8 double / 32 word lanes.
// What matters here: vpmullw/vpmulhuw on 32 words for the fixed-point
// Gaussian and box paths (no widening shuffles: the even/odd byte trick), the
// saturating down-converts vpmovusdb/vpmovsdw/vpmovusdw for the stores, and
// vfmadd only in the adaptive-threshold kernels, whose contract is FMA.
#include <immintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/filter_generic.hpp"
using namespace filter_generic;

namespace {

struct V {
  static constexpr bool kHasFma = true;
  // float
  using F = __m512;
  static constexpr size_t kF = 16;
  static F loadf(const float* p) { return _mm512_loadu_ps(p); }
  static void storef(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F set1f(float v) { return _mm512_set1_ps(v); }
  static F addf(F a, F b) { return _mm512_add_ps(a, b); }
  static F mulf(F a, F b) { return _mm512_mul_ps(a, b); }
  static F fmaf(F a, F b, F c) { return _mm512_fmadd_ps(a, b, c); }
  static F u8f(const uint8_t* p) {
    return _mm512_cvtepi32_ps(
        _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
  }
  static __m512i round_i32(F v) { return _mm512_cvtps_epi32(v); }
  static void store_u8(uint8_t* p, F v) {
    const __m512i i = _mm512_max_epi32(round_i32(v), _mm512_setzero_si512());
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtusepi32_epi8(i));
  }
  static void store_s16(int16_t* p, F v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtsepi32_epi16(round_i32(v)));
  }
  static void store_u16(uint16_t* p, F v) {
    const __m512i i = _mm512_max_epi32(round_i32(v), _mm512_setzero_si512());
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtusepi32_epi16(i));
  }
  static void store_u8x4(uint8_t* p, F a, F b, F c, F d) {
    // packs/packus work per 128-bit lane: dword j of the result holds
    // vector j % 4, lane j / 4; vpermd puts each vector's 4 lanes together.
    const __m512i ab = _mm512_packs_epi32(round_i32(a), round_i32(b));
    const __m512i cd = _mm512_packs_epi32(round_i32(c), round_i32(d));
    const __m512i bytes = _mm512_packus_epi16(ab, cd);
    const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    _mm512_storeu_si512(p, _mm512_permutexvar_epi32(order, bytes));
  }
  // double
  using D = __m512d;
  static constexpr size_t kD = 8;
  static D loadd(const double* p) { return _mm512_loadu_pd(p); }
  static D setd(double v) { return _mm512_set1_pd(v); }
  static D addd(D a, D b) { return _mm512_add_pd(a, b); }
  static D muld(D a, D b) { return _mm512_mul_pd(a, b); }
  static void store_f32_from_d(float* p, D v) { _mm256_storeu_ps(p, _mm512_cvtpd_ps(v)); }
  // u16
  using W = __m512i;
  static constexpr size_t kW = 32;
  static W loadw(const void* p) { return _mm512_loadu_si512(p); }
  static void storew(void* p, W v) { _mm512_storeu_si512(p, v); }
  static W set1w(uint16_t v) { return _mm512_set1_epi16(static_cast<short>(v)); }
  static W addw(W a, W b) { return _mm512_add_epi16(a, b); }
  static W subw(W a, W b) { return _mm512_sub_epi16(a, b); }
  static W mullow(W a, W b) { return _mm512_mullo_epi16(a, b); }
  static W mulhiw(W a, W b) { return _mm512_mulhi_epu16(a, b); }
  static W andw(W a, W b) { return _mm512_and_si512(a, b); }
  static W orw(W a, W b) { return _mm512_or_si512(a, b); }
  template <int N>
  static W srliw(W a) {
    return _mm512_srli_epi16(a, N);
  }
  template <int N>
  static W slliw(W a) {
    return _mm512_slli_epi16(a, N);
  }
  static W srlw(W a, int n) { return _mm512_srl_epi16(a, _mm_cvtsi32_si128(n)); }
  static W avgw(W a, W b) { return _mm512_avg_epu16(a, b); }
  static W maxw(W a, W b) { return _mm512_max_epu16(a, b); }
  static W cmpeqw(W a, W b) { return _mm512_movm_epi16(_mm512_cmpeq_epi16_mask(a, b)); }
  static W zerow() { return _mm512_setzero_si512(); }
  static W u8w(const uint8_t* p) {
    return _mm512_cvtepu8_epi16(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
  static void store_f32_from_s16(float* p, W v, F delta) {
    const __m512i lo = _mm512_cvtepi16_epi32(_mm512_castsi512_si256(v));
    const __m512i hi = _mm512_cvtepi16_epi32(_mm512_extracti64x4_epi64(v, 1));
    _mm512_storeu_ps(p, _mm512_add_ps(_mm512_cvtepi32_ps(lo), delta));
    _mm512_storeu_ps(p + 16, _mm512_add_ps(_mm512_cvtepi32_ps(hi), delta));
  }
  static void store_u8_from_w(uint8_t* p, W v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm512_cvtepi16_epi8(v));
  }
};

#include "kernels/common/filter_simd_body.hpp"

}  // namespace

#define VC_FILTER_SIMD_FMA
#include "kernels/common/filter_simd_entries.hpp"
#undef VC_FILTER_SIMD_FMA

}  // namespace vc::kernels::avx512
