// AVX2 linear-filter kernels: the shared bodies of
// common/filter_simd_body.hpp over 8 float / 4 double / 16 word lanes.
// pack instructions work per 128-bit lane, so the narrowing stores re-order
// with vpermd / vpermq; vfmadd only in the adaptive-threshold kernels, whose
// contract is FMA.
#include <immintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/filter_generic.hpp"
using namespace filter_generic;

namespace {

struct V {
  static constexpr bool kHasFma = true;
  // float
  using F = __m256;
  static constexpr size_t kF = 8;
  static F loadf(const float* p) { return _mm256_loadu_ps(p); }
  static void storef(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F set1f(float v) { return _mm256_set1_ps(v); }
  static F addf(F a, F b) { return _mm256_add_ps(a, b); }
  static F mulf(F a, F b) { return _mm256_mul_ps(a, b); }
  static F fmaf(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static F u8f(const uint8_t* p) {
    return _mm256_cvtepi32_ps(
        _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
  }
  static __m256i round_i32(F v) { return _mm256_cvtps_epi32(v); }
  static __m128i packs_halves(__m256i i) {
    return _mm_packs_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1));
  }
  static void store_u8(uint8_t* p, F v) {
    const __m128i w = packs_halves(round_i32(v));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(w, w));
  }
  static void store_s16(int16_t* p, F v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), packs_halves(round_i32(v)));
  }
  static void store_u16(uint16_t* p, F v) {
    const __m256i i = round_i32(v);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p),
                     _mm_packus_epi32(_mm256_castsi256_si128(i), _mm256_extracti128_si256(i, 1)));
  }
  static void store_u8x4(uint8_t* p, F a, F b, F c, F d) {
    // per-lane packs leave dword j = vector j % 4, lane j / 4: vpermd sorts.
    const __m256i ab = _mm256_packs_epi32(round_i32(a), round_i32(b));
    const __m256i cd = _mm256_packs_epi32(round_i32(c), round_i32(d));
    const __m256i bytes = _mm256_packus_epi16(ab, cd);
    const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), _mm256_permutevar8x32_epi32(bytes, order));
  }
  // double
  using D = __m256d;
  static constexpr size_t kD = 4;
  static D loadd(const double* p) { return _mm256_loadu_pd(p); }
  static D setd(double v) { return _mm256_set1_pd(v); }
  static D addd(D a, D b) { return _mm256_add_pd(a, b); }
  static D muld(D a, D b) { return _mm256_mul_pd(a, b); }
  static void store_f32_from_d(float* p, D v) { _mm_storeu_ps(p, _mm256_cvtpd_ps(v)); }
  // u16
  using W = __m256i;
  static constexpr size_t kW = 16;
  static W loadw(const void* p) { return _mm256_loadu_si256(static_cast<const __m256i*>(p)); }
  static void storew(void* p, W v) { _mm256_storeu_si256(static_cast<__m256i*>(p), v); }
  static W set1w(uint16_t v) { return _mm256_set1_epi16(static_cast<short>(v)); }
  static W addw(W a, W b) { return _mm256_add_epi16(a, b); }
  static W subw(W a, W b) { return _mm256_sub_epi16(a, b); }
  static W mullow(W a, W b) { return _mm256_mullo_epi16(a, b); }
  static W mulhiw(W a, W b) { return _mm256_mulhi_epu16(a, b); }
  static W andw(W a, W b) { return _mm256_and_si256(a, b); }
  static W orw(W a, W b) { return _mm256_or_si256(a, b); }
  template <int N>
  static W srliw(W a) {
    return _mm256_srli_epi16(a, N);
  }
  template <int N>
  static W slliw(W a) {
    return _mm256_slli_epi16(a, N);
  }
  static W srlw(W a, int n) { return _mm256_srl_epi16(a, _mm_cvtsi32_si128(n)); }
  static W avgw(W a, W b) { return _mm256_avg_epu16(a, b); }
  static W maxw(W a, W b) { return _mm256_max_epu16(a, b); }
  static W cmpeqw(W a, W b) { return _mm256_cmpeq_epi16(a, b); }
  static W zerow() { return _mm256_setzero_si256(); }
  static W u8w(const uint8_t* p) {
    return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static void store_f32_from_s16(float* p, W v, F delta) {
    const __m256i lo = _mm256_cvtepi16_epi32(_mm256_castsi256_si128(v));
    const __m256i hi = _mm256_cvtepi16_epi32(_mm256_extracti128_si256(v, 1));
    _mm256_storeu_ps(p, _mm256_add_ps(_mm256_cvtepi32_ps(lo), delta));
    _mm256_storeu_ps(p + 8, _mm256_add_ps(_mm256_cvtepi32_ps(hi), delta));
  }
  static void store_u8_from_w(uint8_t* p, W v) {
    const __m256i b = _mm256_permute4x64_epi64(_mm256_packus_epi16(v, v), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm256_castsi256_si128(b));
  }
};

#include "kernels/common/filter_simd_body.hpp"

}  // namespace

#define VC_FILTER_SIMD_FMA
#include "kernels/common/filter_simd_entries.hpp"
#undef VC_FILTER_SIMD_FMA

}  // namespace vc::kernels::avx2
