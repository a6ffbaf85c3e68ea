// AVX2 histogram-family kernels: the CLAHE LUT blend, 8 pixels per step.
// vpgatherdd fetches the four table entries of 8 pixels as 32-bit words at
// byte (u8) or word (u16) offsets, masked to the entry; the blend is the
// reference's float expression with separate vmulps / vaddps in the same
// order (no FMA), and vcvtps2dq rounds half to even as the reference does,
// so the bits are the same. u8_s32_integral_row: 16 pixels per step (see
// there). Other entries fall back to SSE4.1.
#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/hist_generic.hpp"

namespace {

// r (8 floats) for pixels i..i+7 of value v_s32x8; T selects the gather
// scale and entry mask.
template <class T>
inline __m256i clahe_blend8(const T* top, const T* bottom, const int32_t* x0, const int32_t* x1,
                            const float* wx, const float* wx1, __m256 wy_f32x8,
                            __m256 wy1_f32x8, __m256i v_s32x8, size_t i) {
  constexpr int kScale = sizeof(T);
  const __m256i entry = _mm256_set1_epi32(sizeof(T) == 1 ? 0xff : 0xffff);
  const __m256i i0 =
      _mm256_add_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x0 + i)), v_s32x8);
  const __m256i i1 =
      _mm256_add_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(x1 + i)), v_s32x8);
  const auto* tb = reinterpret_cast<const int*>(top);
  const auto* bb = reinterpret_cast<const int*>(bottom);
  const __m256 t0 = _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_i32gather_epi32(tb, i0, kScale), entry));
  const __m256 t1 = _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_i32gather_epi32(tb, i1, kScale), entry));
  const __m256 b0 = _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_i32gather_epi32(bb, i0, kScale), entry));
  const __m256 b1 = _mm256_cvtepi32_ps(_mm256_and_si256(_mm256_i32gather_epi32(bb, i1, kScale), entry));
  const __m256 w1 = _mm256_loadu_ps(wx1 + i);
  const __m256 w = _mm256_loadu_ps(wx + i);
  const __m256 top_f32x8 = _mm256_add_ps(_mm256_mul_ps(t0, w1), _mm256_mul_ps(t1, w));
  const __m256 bot_f32x8 = _mm256_add_ps(_mm256_mul_ps(b0, w1), _mm256_mul_ps(b1, w));
  const __m256 r = _mm256_add_ps(_mm256_mul_ps(top_f32x8, wy1_f32x8), _mm256_mul_ps(bot_f32x8, wy_f32x8));
  return _mm256_cvtps_epi32(r);  // values in [0, max]: no saturation needed
}

}  // namespace

void u8_clahe_interp_row(const uint8_t* src, uint8_t* dst, size_t n, const uint8_t* lut_top,
                         const uint8_t* lut_bottom, const int32_t* x0, const int32_t* x1,
                         const float* wx, const float* wx1, float wy, float wy1) {
  const __m256 wy_f32x8 = _mm256_set1_ps(wy), wy1_f32x8 = _mm256_set1_ps(wy1);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i v_s32x8 =
        _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(src + i)));
    const __m256i r_s32x8 =
        clahe_blend8(lut_top, lut_bottom, x0, x1, wx, wx1, wy_f32x8, wy1_f32x8, v_s32x8, i);
    const __m128i r16 = _mm_packus_epi32(_mm256_castsi256_si128(r_s32x8),
                                         _mm256_extracti128_si256(r_s32x8, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(r16, r16));
  }
  clahe_interp_row_generic(src, dst, i, n, lut_top, lut_bottom, x0, x1, wx, wx1, wy, wy1);
}

void u16_clahe_interp_row(const uint16_t* src, uint16_t* dst, size_t n, const uint16_t* lut_top,
                          const uint16_t* lut_bottom, const int32_t* x0, const int32_t* x1,
                          const float* wx, const float* wx1, float wy, float wy1) {
  const __m256 wy_f32x8 = _mm256_set1_ps(wy), wy1_f32x8 = _mm256_set1_ps(wy1);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    const __m256i v_s32x8 =
        _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + i)));
    const __m256i r_s32x8 =
        clahe_blend8(lut_top, lut_bottom, x0, x1, wx, wx1, wy_f32x8, wy1_f32x8, v_s32x8, i);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i),
                     _mm_packus_epi32(_mm256_castsi256_si128(r_s32x8),
                                      _mm256_extracti128_si256(r_s32x8, 1)));
  }
  clahe_interp_row_generic(src, dst, i, n, lut_top, lut_bottom, x0, x1, wx, wx1, wy, wy1);
}

// One channel, 16 pixels per step: prefix sums in the two 128-bit lanes
// of 16 u16 (pslldq by 2, 4, 8 bytes; 16 * 255 fits), the low lane's
// total added to the high lane, widened to two int32 vectors plus the
// running carry and the row above.
void u8_s32_integral_row(const uint8_t* src, const int32_t* above, int32_t* dst, size_t width,
                         int cn) {
  if (cn != 1) {
    integral_row_generic(src, above, dst, width, cn, [](uint8_t v) { return int32_t{v}; });
    return;
  }
  __m256i carry_s32x8 = _mm256_setzero_si256();
  const __m256i last = _mm256_set1_epi32(7);
  size_t x = 0;
  for (; x + 16 <= width; x += 16) {
    __m256i v_u16x16 =
        _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(src + x)));
    v_u16x16 = _mm256_add_epi16(v_u16x16, _mm256_slli_si256(v_u16x16, 2));
    v_u16x16 = _mm256_add_epi16(v_u16x16, _mm256_slli_si256(v_u16x16, 4));
    v_u16x16 = _mm256_add_epi16(v_u16x16, _mm256_slli_si256(v_u16x16, 8));
    const __m128i lo_u16x8 = _mm256_castsi256_si128(v_u16x16);
    const __m128i total_u16x8 = _mm_set1_epi16(static_cast<short>(_mm_extract_epi16(lo_u16x8, 7)));
    const __m128i hi_u16x8 = _mm_add_epi16(_mm256_extracti128_si256(v_u16x16, 1), total_u16x8);
    const __m256i p0 = _mm256_add_epi32(_mm256_cvtepu16_epi32(lo_u16x8), carry_s32x8);
    const __m256i p1 = _mm256_add_epi32(_mm256_cvtepu16_epi32(hi_u16x8), carry_s32x8);
    carry_s32x8 = _mm256_permutevar8x32_epi32(p1, last);
    const __m256i a0 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(above + x));
    const __m256i a1 = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(above + x + 8));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x), _mm256_add_epi32(a0, p0));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x + 8), _mm256_add_epi32(a1, p1));
  }
  int32_t s = _mm256_extract_epi32(carry_s32x8, 0);
  for (; x < width; ++x) {
    s += src[x];
    dst[x] = above[x] + s;
  }
}

void register_hist(KernelTable& t) {
  t.u8_s32_integral_row = u8_s32_integral_row;
  t.u8_clahe_interp_row = u8_clahe_interp_row;
  t.u16_clahe_interp_row = u16_clahe_interp_row;
}

}  // namespace vc::kernels::avx2
