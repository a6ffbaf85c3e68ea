// AVX-512 (F/BW/VL/DQ) color kernels. u8 gray: 16 pixels per zmm, 4 per
// 128-bit lane, so the sums come out in pixel order and vpmovdb narrows them
// straight to bytes (no pack/permute chain).
#include <immintrin.h>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/x86_gray_masks.hpp"

void u8_rgb_to_gray_row(const uint8_t* src, uint8_t* dst, size_t width, int scn, bool bgr) {
  const GrayMasks masks(scn, bgr);
  const __m512i mask_rg_u8x64 =
      _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(masks.rg)));
  const __m512i mask_b_u8x64 =
      _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(masks.b)));
  const __m512i coef_rg_s16x32 = _mm512_set1_epi32((kGrayG15 << 16) | kGrayR15);
  const __m512i coef_b_s16x32 = _mm512_set1_epi32(kGrayB15);
  const __m512i round_s32x16 = _mm512_set1_epi32(1 << (kGrayShift - 1));
  const size_t s = static_cast<size_t>(scn);
  auto load4 = [](const uint8_t* p) {
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
  };
  auto gray16 = [&](const uint8_t* p) {
    __m512i px_u8x64 = _mm512_castsi128_si512(load4(p));
    px_u8x64 = _mm512_inserti32x4(px_u8x64, load4(p + 4 * s), 1);
    px_u8x64 = _mm512_inserti32x4(px_u8x64, load4(p + 8 * s), 2);
    px_u8x64 = _mm512_inserti32x4(px_u8x64, load4(p + 12 * s), 3);
    const __m512i rg_s32x16 =
        _mm512_madd_epi16(_mm512_shuffle_epi8(px_u8x64, mask_rg_u8x64), coef_rg_s16x32);
    const __m512i b_s32x16 =
        _mm512_madd_epi16(_mm512_shuffle_epi8(px_u8x64, mask_b_u8x64), coef_b_s16x32);
    const __m512i y_s32x16 = _mm512_srli_epi32(
        _mm512_add_epi32(_mm512_add_epi32(rg_s32x16, b_s32x16), round_s32x16), kGrayShift);
    return _mm512_cvtepi32_epi8(y_s32x16);  // values are 0..255: truncation is exact
  };
  const size_t row_bytes = width * s;
  size_t x = 0;
  for (; x * s + 28 * s + 16 <= row_bytes; x += 32) {
    const uint8_t* p = src + x * s;
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), gray16(p));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 16), gray16(p + 16 * s));
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

}  // namespace vc::kernels::avx512
