// SSE4.1 color kernels.
//
// u8 gray: (R,G) and (B,0) word pairs gathered with pshufb and weighted with
// pmaddwd: exact 15-bit fixed point, 16 pixels per iteration from four
// overlapping 16-byte loads.
// u8 channel rearrangements: pshufb does all the byte moves; 16 pixels per
// iteration so that 3-channel data is a whole number of registers (48
// bytes), loaded and stored exactly (RGB <-> BGR may run in place).
// u8 HSV: 4 pixels per register as int32 lanes (pshufb unpack); reciprocals
// by exact float division; results packed back with pshufb + pblendw. SSE4.1
// has no FMA, so HSV -> RGB forms 1 - s*f in double, which equals the fused
// result for every operand a u8 pixel can produce (the all-2^24-inputs test
// checks it against the reference).
// u16 / f32: the shared plain-C++ loops, vectorized by the compiler where
// it can (the f32 HSV loops stay scalar: without hardware FMA their
// std::fma is a correctly rounded library call).
#include <immintrin.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/common/color_channels_generic.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/color_hsv_generic.hpp"
#include "kernels/common/x86_color_masks.hpp"
#include "kernels/common/x86_gray_masks.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

inline __m128i load16(const uint8_t* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}
inline void store16(uint8_t* p, __m128i v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
inline __m128i table16(const int8_t* t) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(t));
}

// Four result pixels, one per dword in its low 3 bytes, for each of 4
// registers -> 48 packed bytes at d (three exact stores).
inline void store_packed48(uint8_t* d, __m128i p0, __m128i p1, __m128i p2, __m128i p3) {
  const __m128i q0 = _mm_shuffle_epi8(p0, table16(kColorMasks.pack12[0]));
  const __m128i q1 = _mm_shuffle_epi8(p1, table16(kColorMasks.pack12[1]));
  const __m128i q2 = _mm_shuffle_epi8(p2, table16(kColorMasks.pack12[2]));
  const __m128i q3 = _mm_shuffle_epi8(p3, table16(kColorMasks.pack12[3]));
  store16(d, _mm_blend_epi16(q0, q1, 0xC0));
  store16(d + 16, _mm_blend_epi16(q1, q2, 0xF0));
  store16(d + 32, _mm_blend_epi16(q2, q3, 0xFC));
}

// round(num / x) for int32 x in [1, 255] and the two numerators of kHsvDiv:
// the float quotient is within float error of the real one, which is never
// within that distance of a half, so +0.5 and truncation give the exact
// rounded integer.
inline __m128i div_round(__m128 num_f32x4, __m128i x_s32x4) {
  const __m128 q_f32x4 = _mm_div_ps(num_f32x4, _mm_cvtepi32_ps(x_s32x4));
  return _mm_cvttps_epi32(_mm_add_ps(q_f32x4, _mm_set1_ps(0.5f)));
}

// 1 - a*b rounded once, as fma(-a, b, 1): the product of two floats is exact
// in double; the double difference, rounded to float, equals the fused
// result for the HSV -> RGB operands of u8 pixels.
inline __m128 one_minus_mul(__m128 a_f32x4, __m128 b_f32x4) {
  const __m128d one_f64x2 = _mm_set1_pd(1.0);
  const __m128d lo_f64x2 =
      _mm_sub_pd(one_f64x2, _mm_mul_pd(_mm_cvtps_pd(a_f32x4), _mm_cvtps_pd(b_f32x4)));
  const __m128d hi_f64x2 =
      _mm_sub_pd(one_f64x2, _mm_mul_pd(_mm_cvtps_pd(_mm_movehl_ps(a_f32x4, a_f32x4)),
                                       _mm_cvtps_pd(_mm_movehl_ps(b_f32x4, b_f32x4))));
  return _mm_movelh_ps(_mm_cvtpd_ps(lo_f64x2), _mm_cvtpd_ps(hi_f64x2));
}

}  // namespace

void u8_rgb_to_gray_row(const uint8_t* src, uint8_t* dst, size_t width, int scn, bool bgr) {
  const GrayMasks masks(scn, bgr);
  const __m128i mask_rg_u8x16 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.rg));
  const __m128i mask_b_u8x16 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.b));
  const __m128i coef_rg_s16x8 = _mm_set1_epi32((kGrayG15 << 16) | kGrayR15);
  const __m128i coef_b_s16x8 = _mm_set1_epi32(kGrayB15);
  const __m128i round_s32x4 = _mm_set1_epi32(1 << (kGrayShift - 1));
  auto gray4 = [&](const uint8_t* p) {
    const __m128i px_u8x16 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    const __m128i rg_s32x4 =
        _mm_madd_epi16(_mm_shuffle_epi8(px_u8x16, mask_rg_u8x16), coef_rg_s16x8);
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

// 16 gray bytes -> 48 bytes: three pshufb of the same register.
void u8_gray_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  const __m128i part0_u8x16 = table16(kColorMasks.gray_to_rgb[0]);
  const __m128i part1_u8x16 = table16(kColorMasks.gray_to_rgb[1]);
  const __m128i part2_u8x16 = table16(kColorMasks.gray_to_rgb[2]);
  size_t x = 0;
  for (; x + 16 <= width; x += 16) {
    const __m128i gray_u8x16 = load16(src + x);
    uint8_t* d = dst + 3 * x;
    store16(d, _mm_shuffle_epi8(gray_u8x16, part0_u8x16));
    store16(d + 16, _mm_shuffle_epi8(gray_u8x16, part1_u8x16));
    store16(d + 32, _mm_shuffle_epi8(gray_u8x16, part2_u8x16));
  }
  gray_to_rgb_generic(src + x, dst + 3 * x, width - x);
}

// 3 channels: each output register is the OR of pshufb of the (at most
// three) source registers its bytes come from. All loads of a step precede
// its stores, so src == dst is fine.
void u8_rgb_to_bgr_row(const uint8_t* src, uint8_t* dst, size_t width, int cn) {
  size_t x = 0;
  if (cn == 4) {
    const __m128i swap_u8x16 = table16(kColorMasks.swap4);
    for (; x + 4 <= width; x += 4) {
      store16(dst + 4 * x, _mm_shuffle_epi8(load16(src + 4 * x), swap_u8x16));
    }
  } else {
    const auto& m = kColorMasks.swap3;
    const __m128i m00 = table16(m[0][0]), m01 = table16(m[0][1]);
    const __m128i m10 = table16(m[1][0]), m11 = table16(m[1][1]), m12 = table16(m[1][2]);
    const __m128i m21 = table16(m[2][1]), m22 = table16(m[2][2]);
    for (; x + 16 <= width; x += 16) {
      const uint8_t* s = src + 3 * x;
      uint8_t* d = dst + 3 * x;
      const __m128i a_u8x16 = load16(s), b_u8x16 = load16(s + 16), c_u8x16 = load16(s + 32);
      const __m128i o0_u8x16 =
          _mm_or_si128(_mm_shuffle_epi8(a_u8x16, m00), _mm_shuffle_epi8(b_u8x16, m01));
      const __m128i o1_u8x16 =
          _mm_or_si128(_mm_or_si128(_mm_shuffle_epi8(a_u8x16, m10), _mm_shuffle_epi8(b_u8x16, m11)),
                       _mm_shuffle_epi8(c_u8x16, m12));
      const __m128i o2_u8x16 =
          _mm_or_si128(_mm_shuffle_epi8(b_u8x16, m21), _mm_shuffle_epi8(c_u8x16, m22));
      store16(d, o0_u8x16);
      store16(d + 16, o1_u8x16);
      store16(d + 32, o2_u8x16);
    }
  }
  rgb_to_bgr_generic(src + x * cn, dst + x * cn, width - x, cn);
}

// 64 bytes (16 pixels) -> 48: pshufb to 12 packed bytes per register, each
// rotated so that pblendw of neighbours yields the three output registers.
void u8_rgba_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  size_t x = 0;
  for (; x + 16 <= width; x += 16) {
    const uint8_t* s = src + 4 * x;
    store_packed48(dst + 3 * x, load16(s), load16(s + 16), load16(s + 32), load16(s + 48));
  }
  rgba_to_rgb_generic(src + 4 * x, dst + 3 * x, width - x);
}

// 48 bytes -> 64: palignr brings each group of 4 pixels to bytes 0..11,
// pshufb spreads it to 4-byte slots, OR sets alpha.
void u8_rgb_to_rgba_row(const uint8_t* src, uint8_t* dst, size_t width, uint8_t alpha) {
  const __m128i spread_u8x16 = table16(kColorMasks.add4);
  const __m128i alpha_u8x16 = _mm_set1_epi32(static_cast<int>(static_cast<uint32_t>(alpha) << 24));
  size_t x = 0;
  for (; x + 16 <= width; x += 16) {
    const uint8_t* s = src + 3 * x;
    uint8_t* d = dst + 4 * x;
    const __m128i a_u8x16 = load16(s), b_u8x16 = load16(s + 16), c_u8x16 = load16(s + 32);
    const __m128i g0 = a_u8x16;
    const __m128i g1 = _mm_alignr_epi8(b_u8x16, a_u8x16, 12);
    const __m128i g2 = _mm_alignr_epi8(c_u8x16, b_u8x16, 8);
    const __m128i g3 = _mm_srli_si128(c_u8x16, 4);
    store16(d, _mm_or_si128(_mm_shuffle_epi8(g0, spread_u8x16), alpha_u8x16));
    store16(d + 16, _mm_or_si128(_mm_shuffle_epi8(g1, spread_u8x16), alpha_u8x16));
    store16(d + 32, _mm_or_si128(_mm_shuffle_epi8(g2, spread_u8x16), alpha_u8x16));
    store16(d + 48, _mm_or_si128(_mm_shuffle_epi8(g3, spread_u8x16), alpha_u8x16));
  }
  rgb_to_rgba_generic(src + 3 * x, dst + 4 * x, width - x, alpha);
}

void u16_gray_to_rgb_row(const uint16_t* src, uint16_t* dst, size_t width) {
  gray_to_rgb_generic(src, dst, width);
}
void f32_gray_to_rgb_row(const float* src, float* dst, size_t width) {
  gray_to_rgb_generic(src, dst, width);
}
void u16_rgb_to_bgr_row(const uint16_t* src, uint16_t* dst, size_t width, int cn) {
  rgb_to_bgr_generic(src, dst, width, cn);
}
void f32_rgb_to_bgr_row(const float* src, float* dst, size_t width, int cn) {
  rgb_to_bgr_generic(src, dst, width, cn);
}
void u16_rgba_to_rgb_row(const uint16_t* src, uint16_t* dst, size_t width) {
  rgba_to_rgb_generic(src, dst, width);
}
void f32_rgba_to_rgb_row(const float* src, float* dst, size_t width) {
  rgba_to_rgb_generic(src, dst, width);
}
void u16_rgb_to_rgba_row(const uint16_t* src, uint16_t* dst, size_t width, uint16_t alpha) {
  rgb_to_rgba_generic(src, dst, width, alpha);
}
void f32_rgb_to_rgba_row(const float* src, float* dst, size_t width, float alpha) {
  rgb_to_rgba_generic(src, dst, width, alpha);
}

// 16 pixels per iteration as four groups of 4 (int32 lanes).
void u8_rgb_to_hsv_row(const uint8_t* src, uint8_t* dst, size_t width, int scn) {
  const ChannelUnpackMasks unpack(scn);
  const __m128i take_r = table16(unpack.ch[0]), take_g = table16(unpack.ch[1]);
  const __m128i take_b = table16(unpack.ch[2]);
  const __m128 sat_num_f32x4 = _mm_set1_ps(static_cast<float>(255 << kHsvShift));
  const __m128 hue_num_f32x4 = _mm_set1_ps(static_cast<float>(30 << kHsvShift));
  const __m128i one_s32x4 = _mm_set1_epi32(1);
  const __m128i half_s32x4 = _mm_set1_epi32(1 << (kHsvShift - 1));
  const __m128i k180_s32x4 = _mm_set1_epi32(180);
  // dword k = H | S << 8 | V << 16 of pixel k
  auto hsv4 = [&](const uint8_t* p) {
    const __m128i px_u8x16 = load16(p);
    const __m128i r_s32x4 = _mm_shuffle_epi8(px_u8x16, take_r);
    const __m128i g_s32x4 = _mm_shuffle_epi8(px_u8x16, take_g);
    const __m128i b_s32x4 = _mm_shuffle_epi8(px_u8x16, take_b);
    const __m128i v_s32x4 = _mm_max_epi32(r_s32x4, _mm_max_epi32(g_s32x4, b_s32x4));
    const __m128i diff_s32x4 =
        _mm_sub_epi32(v_s32x4, _mm_min_epi32(r_s32x4, _mm_min_epi32(g_s32x4, b_s32x4)));
    // V = 0 or D = 0 only meet a zero factor: divide by max(x, 1)
    const __m128i sdiv_s32x4 = div_round(sat_num_f32x4, _mm_max_epi32(v_s32x4, one_s32x4));
    const __m128i hdiv_s32x4 = div_round(hue_num_f32x4, _mm_max_epi32(diff_s32x4, one_s32x4));
    const __m128i s_s32x4 = _mm_srli_epi32(
        _mm_add_epi32(_mm_mullo_epi32(diff_s32x4, sdiv_s32x4), half_s32x4), kHsvShift);
    const __m128i diff2_s32x4 = _mm_add_epi32(diff_s32x4, diff_s32x4);
    const __m128i n_r = _mm_sub_epi32(g_s32x4, b_s32x4);
    const __m128i n_g = _mm_add_epi32(_mm_sub_epi32(b_s32x4, r_s32x4), diff2_s32x4);
    const __m128i n_b =
        _mm_add_epi32(_mm_sub_epi32(r_s32x4, g_s32x4), _mm_add_epi32(diff2_s32x4, diff2_s32x4));
    const __m128i n_s32x4 =
        _mm_blendv_epi8(_mm_blendv_epi8(n_b, n_g, _mm_cmpeq_epi32(v_s32x4, g_s32x4)), n_r,
                        _mm_cmpeq_epi32(v_s32x4, r_s32x4));
    __m128i h_s32x4 =
        _mm_srai_epi32(_mm_add_epi32(_mm_mullo_epi32(n_s32x4, hdiv_s32x4), half_s32x4), kHsvShift);
    h_s32x4 = _mm_add_epi32(h_s32x4, _mm_and_si128(_mm_srai_epi32(h_s32x4, 31), k180_s32x4));
    return _mm_or_si128(_mm_or_si128(h_s32x4, _mm_slli_epi32(s_s32x4, 8)),
                        _mm_slli_epi32(v_s32x4, 16));
  };
  const size_t s = static_cast<size_t>(scn);
  const size_t row_bytes = width * s;
  size_t x = 0;
  for (; x * s + 12 * s + 16 <= row_bytes; x += 16) {
    const uint8_t* p = src + x * s;
    store_packed48(dst + 3 * x, hsv4(p), hsv4(p + 4 * s), hsv4(p + 8 * s), hsv4(p + 12 * s));
  }
  u8_rgb_to_hsv_generic(src + x * s, dst + 3 * x, width - x, scn);
}

void f32_rgb_to_hsv_row(const float* src, float* dst, size_t width, int scn) {
  f32_rgb_to_hsv_generic(src, dst, width, scn);
}

// 16 pixels per iteration as four groups of 4 (float lanes); the sector
// selects among the candidates with a chain of blends (see hsv_pick).
void u8_hsv_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  const ChannelUnpackMasks unpack(3);
  const __m128i take_h = table16(unpack.ch[0]), take_s = table16(unpack.ch[1]);
  const __m128i take_v = table16(unpack.ch[2]);
  const __m128 to_sector_f32x4 = _mm_set1_ps(kHsvU8HueToSector);
  const __m128 inv255_f32x4 = _mm_set1_ps(kInv255);
  const __m128 k255_f32x4 = _mm_set1_ps(255.0f);
  const __m128 one_f32x4 = _mm_set1_ps(1.0f);
  const __m128i five_s32x4 = _mm_set1_epi32(5), six_s32x4 = _mm_set1_epi32(6);
  auto below = [](__m128i sector, int n) {
    return _mm_castsi128_ps(_mm_cmplt_epi32(sector, _mm_set1_epi32(n)));
  };
  // dword k = R | G << 8 | B << 16 of pixel k
  auto rgb4 = [&](const uint8_t* p) {
    const __m128i px_u8x16 = load16(p);
    const __m128 h_f32x4 = _mm_cvtepi32_ps(_mm_shuffle_epi8(px_u8x16, take_h));
    const __m128 s_f32x4 =
        _mm_mul_ps(_mm_cvtepi32_ps(_mm_shuffle_epi8(px_u8x16, take_s)), inv255_f32x4);
    const __m128 v_f32x4 =
        _mm_mul_ps(_mm_cvtepi32_ps(_mm_shuffle_epi8(px_u8x16, take_v)), inv255_f32x4);
    const __m128 hs_f32x4 = _mm_mul_ps(h_f32x4, to_sector_f32x4);
    const __m128 whole_f32x4 = _mm_round_ps(hs_f32x4, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
    const __m128 frac_f32x4 = _mm_sub_ps(hs_f32x4, whole_f32x4);
    // whole is 0..8 (H <= 255): sector = whole mod 6
    __m128i sector_s32x4 = _mm_cvttps_epi32(whole_f32x4);
    sector_s32x4 = _mm_sub_epi32(
        sector_s32x4, _mm_and_si128(_mm_cmpgt_epi32(sector_s32x4, five_s32x4), six_s32x4));
    const __m128 t0 = v_f32x4;
    const __m128 t1 = _mm_mul_ps(v_f32x4, _mm_sub_ps(one_f32x4, s_f32x4));
    const __m128 t2 = _mm_mul_ps(v_f32x4, one_minus_mul(s_f32x4, frac_f32x4));
    const __m128 t3 =
        _mm_mul_ps(v_f32x4, one_minus_mul(s_f32x4, _mm_sub_ps(one_f32x4, frac_f32x4)));
    const __m128 lt1 = below(sector_s32x4, 1), lt2 = below(sector_s32x4, 2);
    const __m128 lt3 = below(sector_s32x4, 3), lt4 = below(sector_s32x4, 4);
    const __m128 lt5 = below(sector_s32x4, 5);
    __m128 r = _mm_blendv_ps(t0, t3, lt5);
    r = _mm_blendv_ps(r, t1, lt4);
    r = _mm_blendv_ps(r, t2, lt2);
    r = _mm_blendv_ps(r, t0, lt1);
    __m128 g = _mm_blendv_ps(t1, t2, lt4);
    g = _mm_blendv_ps(g, t0, lt3);
    g = _mm_blendv_ps(g, t3, lt1);
    __m128 b = _mm_blendv_ps(t2, t0, lt5);
    b = _mm_blendv_ps(b, t3, lt3);
    b = _mm_blendv_ps(b, t1, lt2);
    const __m128i r_s32x4 = _mm_cvttps_epi32(_mm_mul_ps(r, k255_f32x4));
    const __m128i g_s32x4 = _mm_cvttps_epi32(_mm_mul_ps(g, k255_f32x4));
    const __m128i b_s32x4 = _mm_cvttps_epi32(_mm_mul_ps(b, k255_f32x4));
    return _mm_or_si128(_mm_or_si128(r_s32x4, _mm_slli_epi32(g_s32x4, 8)),
                        _mm_slli_epi32(b_s32x4, 16));
  };
  size_t x = 0;
  // the last load of a step reads bytes 36..51
  for (; 3 * x + 52 <= 3 * width; x += 16) {
    const uint8_t* p = src + 3 * x;
    store_packed48(dst + 3 * x, rgb4(p), rgb4(p + 12), rgb4(p + 24), rgb4(p + 36));
  }
  u8_hsv_to_rgb_generic(src + 3 * x, dst + 3 * x, width - x);
}

void f32_hsv_to_rgb_row(const float* src, float* dst, size_t width) {
  f32_hsv_to_rgb_generic(src, dst, width);
}

void register_color(KernelTable& t) {
  t.u8_rgb_to_gray_row = u8_rgb_to_gray_row;
  t.u16_rgb_to_gray_row = u16_rgb_to_gray_row;
  t.f32_rgb_to_gray_row = f32_rgb_to_gray_row;
  t.u8_gray_to_rgb_row = u8_gray_to_rgb_row;
  t.u16_gray_to_rgb_row = u16_gray_to_rgb_row;
  t.f32_gray_to_rgb_row = f32_gray_to_rgb_row;
  t.u8_rgb_to_bgr_row = u8_rgb_to_bgr_row;
  t.u16_rgb_to_bgr_row = u16_rgb_to_bgr_row;
  t.f32_rgb_to_bgr_row = f32_rgb_to_bgr_row;
  t.u8_rgba_to_rgb_row = u8_rgba_to_rgb_row;
  t.u16_rgba_to_rgb_row = u16_rgba_to_rgb_row;
  t.f32_rgba_to_rgb_row = f32_rgba_to_rgb_row;
  t.u8_rgb_to_rgba_row = u8_rgb_to_rgba_row;
  t.u16_rgb_to_rgba_row = u16_rgb_to_rgba_row;
  t.f32_rgb_to_rgba_row = f32_rgb_to_rgba_row;
  t.u8_rgb_to_hsv_row = u8_rgb_to_hsv_row;
  t.f32_rgb_to_hsv_row = f32_rgb_to_hsv_row;
  t.u8_hsv_to_rgb_row = u8_hsv_to_rgb_row;
  t.f32_hsv_to_rgb_row = f32_hsv_to_rgb_row;
}

}  // namespace vc::kernels::sse41
