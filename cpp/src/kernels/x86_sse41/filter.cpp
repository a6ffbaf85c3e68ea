// SSE4.1 linear-filter kernels: the shared bodies of
// common/filter_simd_body.hpp over 4 float / 2 double / 8 word lanes. No FMA
// at this level: the adaptive-threshold kernels (FMA by contract) stay with
// the reference.
#include <smmintrin.h>

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/filter_generic.hpp"
using namespace filter_generic;

namespace {

struct V {
  static constexpr bool kHasFma = false;
  // float
  using F = __m128;
  static constexpr size_t kF = 4;
  static F loadf(const float* p) { return _mm_loadu_ps(p); }
  static void storef(float* p, F v) { _mm_storeu_ps(p, v); }
  static F set1f(float v) { return _mm_set1_ps(v); }
  static F addf(F a, F b) { return _mm_add_ps(a, b); }
  static F mulf(F a, F b) { return _mm_mul_ps(a, b); }
  static F u8f(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm_cvtepi32_ps(_mm_cvtepu8_epi32(_mm_cvtsi32_si128(v)));
  }
  static __m128i round_i32(F v) { return _mm_cvtps_epi32(v); }
  static void store_u8(uint8_t* p, F v) {
    const __m128i w = _mm_packs_epi32(round_i32(v), round_i32(v));
    const int32_t b = _mm_cvtsi128_si32(_mm_packus_epi16(w, w));
    std::memcpy(p, &b, 4);
  }
  static void store_s16(int16_t* p, F v) {
    const __m128i i = round_i32(v);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packs_epi32(i, i));
  }
  static void store_u16(uint16_t* p, F v) {
    const __m128i i = round_i32(v);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi32(i, i));
  }
  static void store_u8x4(uint8_t* p, F a, F b, F c, F d) {
    const __m128i ab = _mm_packs_epi32(round_i32(a), round_i32(b));
    const __m128i cd = _mm_packs_epi32(round_i32(c), round_i32(d));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(ab, cd));
  }
  // double
  using D = __m128d;
  static constexpr size_t kD = 2;
  static D loadd(const double* p) { return _mm_loadu_pd(p); }
  static D setd(double v) { return _mm_set1_pd(v); }
  static D addd(D a, D b) { return _mm_add_pd(a, b); }
  static D muld(D a, D b) { return _mm_mul_pd(a, b); }
  static void store_f32_from_d(float* p, D v) {
    _mm_storel_pi(reinterpret_cast<__m64*>(p), _mm_cvtpd_ps(v));
  }
  // u16
  using W = __m128i;
  static constexpr size_t kW = 8;
  static W loadw(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }
  static void storew(void* p, W v) { _mm_storeu_si128(static_cast<__m128i*>(p), v); }
  static W set1w(uint16_t v) { return _mm_set1_epi16(static_cast<short>(v)); }
  static W addw(W a, W b) { return _mm_add_epi16(a, b); }
  static W subw(W a, W b) { return _mm_sub_epi16(a, b); }
  static W mullow(W a, W b) { return _mm_mullo_epi16(a, b); }
  static W mulhiw(W a, W b) { return _mm_mulhi_epu16(a, b); }
  static W andw(W a, W b) { return _mm_and_si128(a, b); }
  static W orw(W a, W b) { return _mm_or_si128(a, b); }
  template <int N>
  static W srliw(W a) {
    return _mm_srli_epi16(a, N);
  }
  template <int N>
  static W slliw(W a) {
    return _mm_slli_epi16(a, N);
  }
  static W srlw(W a, int n) { return _mm_srl_epi16(a, _mm_cvtsi32_si128(n)); }
  static W avgw(W a, W b) { return _mm_avg_epu16(a, b); }
  static W maxw(W a, W b) { return _mm_max_epu16(a, b); }
  static W cmpeqw(W a, W b) { return _mm_cmpeq_epi16(a, b); }
  static W zerow() { return _mm_setzero_si128(); }
  static W u8w(const uint8_t* p) {
    return _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  }
  static void store_f32_from_s16(float* p, W v, F delta) {
    const __m128i lo = _mm_cvtepi16_epi32(v);
    const __m128i hi = _mm_cvtepi16_epi32(_mm_srli_si128(v, 8));
    _mm_storeu_ps(p, _mm_add_ps(_mm_cvtepi32_ps(lo), delta));
    _mm_storeu_ps(p + 4, _mm_add_ps(_mm_cvtepi32_ps(hi), delta));
  }
  static void store_u8_from_w(uint8_t* p, W v) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(v, v));
  }
};

#include "kernels/common/filter_simd_body.hpp"

}  // namespace

#include "kernels/common/filter_simd_entries.hpp"

}  // namespace vc::kernels::sse41
