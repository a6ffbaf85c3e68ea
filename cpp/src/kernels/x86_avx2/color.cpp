// AVX2 color kernels. u8 gray: each 256-bit register holds 8 pixels, 4 per
// 128-bit lane (two overlapping 16-byte loads), so the SSE4.1 pshufb masks
// apply unchanged; 32 pixels per iteration, re-ordered once with vpermd.
#include <immintrin.h>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/x86_gray_masks.hpp"

void u8_rgb_to_gray_row(const uint8_t* src, uint8_t* dst, size_t width, int scn, bool bgr) {
  const GrayMasks masks(scn, bgr);
  const __m256i mask_rg_u8x32 =
      _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(masks.rg)));
  const __m256i mask_b_u8x32 =
      _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(masks.b)));
  const __m256i coef_rg_s16x16 = _mm256_set1_epi32((kGrayG15 << 16) | kGrayR15);
  const __m256i coef_b_s16x16 = _mm256_set1_epi32(kGrayB15);
  const __m256i round_s32x8 = _mm256_set1_epi32(1 << (kGrayShift - 1));
  const __m256i order_s32x8 = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  const size_t s = static_cast<size_t>(scn);
  auto gray8 = [&](const uint8_t* p) {
    const __m256i px_u8x32 = _mm256_inserti128_si256(
        _mm256_castsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))),
        _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 4 * s)), 1);
    const __m256i rg_s32x8 =
        _mm256_madd_epi16(_mm256_shuffle_epi8(px_u8x32, mask_rg_u8x32), coef_rg_s16x16);
    const __m256i b_s32x8 =
        _mm256_madd_epi16(_mm256_shuffle_epi8(px_u8x32, mask_b_u8x32), coef_b_s16x16);
    return _mm256_srli_epi32(_mm256_add_epi32(_mm256_add_epi32(rg_s32x8, b_s32x8), round_s32x8),
                             kGrayShift);
  };
  const size_t row_bytes = width * s;
  size_t x = 0;
  for (; x * s + 28 * s + 16 <= row_bytes; x += 32) {
    const uint8_t* p = src + x * s;
    // packs/packus work per lane: dwords come out as pixel groups
    // 0,8,16,24 | 4,12,20,28 (4 pixels each); vpermd restores the order.
    const __m256i w0_s16x16 = _mm256_packs_epi32(gray8(p), gray8(p + 8 * s));
    const __m256i w1_s16x16 = _mm256_packs_epi32(gray8(p + 16 * s), gray8(p + 24 * s));
    const __m256i y_u8x32 =
        _mm256_permutevar8x32_epi32(_mm256_packus_epi16(w0_s16x16, w1_s16x16), order_s32x8);
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x), y_u8x32);
  }
  int_rgb_to_gray_generic(src + x * s, dst + x, width - x, scn, bgr);
}

void u16_rgb_to_gray_row(const uint16_t* src, uint16_t* dst, size_t width, int scn, bool bgr) {
  int_rgb_to_gray_generic(src, dst, width, scn, bgr);
}
void f32_rgb_to_gray_row(const float* src, float* dst, size_t width, int scn, bool bgr) {
  f32_rgb_to_gray_generic(src, dst, width, scn, bgr);
}

void register_color(KernelTable& t) {
  t.u8_rgb_to_gray_row = u8_rgb_to_gray_row;
  t.u16_rgb_to_gray_row = u16_rgb_to_gray_row;
  t.f32_rgb_to_gray_row = f32_rgb_to_gray_row;
}

}  // namespace vc::kernels::avx2
