// SSE4.1 color kernels. The u8 gray kernel gathers (R,G) and (B,0) word pairs
// with pshufb and weights them with pmaddwd: exact 15-bit fixed point, 16
// pixels per iteration from four overlapping 16-byte loads.
#include <immintrin.h>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/x86_gray_masks.hpp"

void u8_rgb_to_gray_row(const uint8_t* src, uint8_t* dst, size_t width, int scn, bool bgr) {
  const GrayMasks masks(scn, bgr);
  const __m128i mask_rg_u8x16 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.rg));
  const __m128i mask_b_u8x16 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.b));
  const __m128i coef_rg_s16x8 = _mm_set1_epi32((kGrayG15 << 16) | kGrayR15);
  const __m128i coef_b_s16x8 = _mm_set1_epi32(kGrayB15);
  const __m128i round_s32x4 = _mm_set1_epi32(1 << (kGrayShift - 1));
  auto gray4 = [&](const uint8_t* p) {
    const __m128i px_u8x16 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i rg_s32x4 = _mm_madd_epi16(_mm_shuffle_epi8(px_u8x16, mask_rg_u8x16), coef_rg_s16x8);
    const __m128i b_s32x4 = _mm_madd_epi16(_mm_shuffle_epi8(px_u8x16, mask_b_u8x16), coef_b_s16x8);
    return _mm_srli_epi32(_mm_add_epi32(_mm_add_epi32(rg_s32x4, b_s32x4), round_s32x4), kGrayShift);
  };
  const size_t s = static_cast<size_t>(scn);
  const size_t row_bytes = width * s;
  size_t x = 0;
  // The last 16-byte load of a 16-pixel step starts at pixel 12.
  for (; x * s + 12 * s + 16 <= row_bytes; x += 16) {
    const uint8_t* p = src + x * s;
    const __m128i w0_s16x8 = _mm_packs_epi32(gray4(p), gray4(p + 4 * s));
    const __m128i w1_s16x8 = _mm_packs_epi32(gray4(p + 8 * s), gray4(p + 12 * s));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_packus_epi16(w0_s16x8, w1_s16x8));
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

}  // namespace vc::kernels::sse41
