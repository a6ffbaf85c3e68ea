// AVX2 color kernels. vpshufb works within 128-bit lanes, so each kernel
// first arranges its data so that every lane holds whole pixels, using the
// SSE4.1 byte tables unchanged in both lanes:
//
// u8 gray: each 256-bit register holds 8 pixels, 4 per lane (two
// overlapping 16-byte loads); 32 pixels per iteration, re-ordered once with
// vpermd.
// u8 RGB <-> BGR: 96 bytes in three registers; vperm2i128 pairs 16-byte
// chunks (0,3), (1,4), (2,5) so that both lanes run the SSE4.1 three-register
// recipe, and pairs the results back. Exact loads and stores: in place works.
// u8 RGBA -> RGB, RGB -> RGBA, HSV: pixels are brought to 4 per lane with
// vpermd (12 bytes per lane for 3 channels) and packed back with vpermd +
// vpblendd into exact 32-byte stores.
// u8 HSV math as in SSE4.1, 8 pixels per register; HSV -> RGB uses the real
// FMA (vfnmadd) where the reference uses std::fma. f32 HSV -> RGB: the same
// arithmetic, channels split and merged with vblendps + vpermps (the
// compiler cannot vectorize the plain loop: truncation and compares may
// trap under the default floating-point model).
// u16 and the other f32 kernels: the shared plain-C++ loops, vectorized by
// the compiler (except f32 RGB -> HSV, whose selects it will not convert;
// scalar, it still keeps up with memory).
#include <immintrin.h>

#include <algorithm>
#include <cfloat>
#include <cmath>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/common/color_channels_generic.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/color_hsv_generic.hpp"
#include "kernels/common/x86_color_masks.hpp"
#include "kernels/common/x86_gray_masks.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

inline __m256i load32(const uint8_t* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}
inline void store32(uint8_t* p, __m256i v) {
  _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v);
}
// A 16-byte table in both lanes.
inline __m256i table32(const int8_t* t) {
  return _mm256_broadcastsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(t)));
}
// Two 16-byte tables, one per lane.
inline __m256i table32(const int8_t* lo, const int8_t* hi) {
  return _mm256_inserti128_si256(
      _mm256_castsi128_si256(_mm_load_si128(reinterpret_cast<const __m128i*>(lo))),
      _mm_load_si128(reinterpret_cast<const __m128i*>(hi)), 1);
}

// Four registers of 8 result pixels (one per dword, low 3 bytes; lane 0 =
// pixels 0..3) -> 96 packed bytes at d in three exact stores. After the
// in-lane pshufb, packed dword q (0..5) of register k sits at q + q / 3;
// vpermd places it where its output register wants it, vpblendd merges.
inline void store_packed96(uint8_t* d, __m256i p0, __m256i p1, __m256i p2, __m256i p3) {
  const __m256i pack = table32(kColorMasks.pack12[0]);
  const __m256i r0 = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(p0, pack),
                                                 _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 0, 0));
  const __m256i r1 = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(p1, pack),
                                                 _mm256_setr_epi32(2, 4, 5, 6, 0, 0, 0, 1));
  const __m256i r2 = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(p2, pack),
                                                 _mm256_setr_epi32(5, 6, 0, 0, 0, 1, 2, 4));
  const __m256i r3 = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(p3, pack),
                                                 _mm256_setr_epi32(0, 0, 0, 1, 2, 4, 5, 6));
  store32(d, _mm256_blend_epi32(r0, r1, 0xC0));
  store32(d + 32, _mm256_blend_epi32(r1, r2, 0xF0));
  store32(d + 64, _mm256_blend_epi32(r2, r3, 0xFC));
}

// 8 pixels of `scn` channels at p (reads 32 bytes) -> 4 pixels per lane,
// each starting at byte 0 of its lane.
inline __m256i load8px(const uint8_t* p, __m256i lanes_s32x8) {
  return _mm256_permutevar8x32_epi32(load32(p), lanes_s32x8);
}

// round(num / x), exact for x in [1, 255] (see the SSE4.1 kernel).
inline __m256i div_round(__m256 num_f32x8, __m256i x_s32x8) {
  const __m256 q_f32x8 = _mm256_div_ps(num_f32x8, _mm256_cvtepi32_ps(x_s32x8));
  return _mm256_cvttps_epi32(_mm256_add_ps(q_f32x8, _mm256_set1_ps(0.5f)));
}

}  // namespace

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

// 32 gray bytes -> 96: output register k needs gray chunks (0,0), (0,1),
// (1,1) in its lanes (vpermq), then one pshufb with the matching tables.
void u8_gray_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  const auto& m = kColorMasks.gray_to_rgb;
  const __m256i parts01 = table32(m[0], m[1]), parts20 = table32(m[2], m[0]);
  const __m256i parts12 = table32(m[1], m[2]);
  size_t x = 0;
  for (; x + 32 <= width; x += 32) {
    const __m256i gray_u8x32 = load32(src + x);
    uint8_t* d = dst + 3 * x;
    store32(d, _mm256_shuffle_epi8(_mm256_permute4x64_epi64(gray_u8x32, 0x44), parts01));
    store32(d + 32, _mm256_shuffle_epi8(gray_u8x32, parts20));
    store32(d + 64, _mm256_shuffle_epi8(_mm256_permute4x64_epi64(gray_u8x32, 0xEE), parts12));
  }
  gray_to_rgb_generic(src + x, dst + 3 * x, width - x);
}

void u8_rgb_to_bgr_row(const uint8_t* src, uint8_t* dst, size_t width, int cn) {
  size_t x = 0;
  if (cn == 4) {
    const __m256i swap_u8x32 = table32(kColorMasks.swap4);
    for (; x + 8 <= width; x += 8) {
      store32(dst + 4 * x, _mm256_shuffle_epi8(load32(src + 4 * x), swap_u8x32));
    }
  } else {
    const auto& m = kColorMasks.swap3;
    const __m256i m00 = table32(m[0][0]), m01 = table32(m[0][1]);
    const __m256i m10 = table32(m[1][0]), m11 = table32(m[1][1]), m12 = table32(m[1][2]);
    const __m256i m21 = table32(m[2][1]), m22 = table32(m[2][2]);
    for (; x + 32 <= width; x += 32) {
      const uint8_t* s = src + 3 * x;
      uint8_t* d = dst + 3 * x;
      const __m256i y0 = load32(s), y1 = load32(s + 32), y2 = load32(s + 64);
      // 16-byte chunks c0..c5 -> (c0,c3), (c1,c4), (c2,c5)
      const __m256i a_u8x32 = _mm256_permute2x128_si256(y0, y1, 0x30);
      const __m256i b_u8x32 = _mm256_permute2x128_si256(y0, y2, 0x21);
      const __m256i c_u8x32 = _mm256_permute2x128_si256(y1, y2, 0x30);
      const __m256i o0 =
          _mm256_or_si256(_mm256_shuffle_epi8(a_u8x32, m00), _mm256_shuffle_epi8(b_u8x32, m01));
      const __m256i o1 = _mm256_or_si256(
          _mm256_or_si256(_mm256_shuffle_epi8(a_u8x32, m10), _mm256_shuffle_epi8(b_u8x32, m11)),
          _mm256_shuffle_epi8(c_u8x32, m12));
      const __m256i o2 =
          _mm256_or_si256(_mm256_shuffle_epi8(b_u8x32, m21), _mm256_shuffle_epi8(c_u8x32, m22));
      // (o0,o3), (o1,o4), (o2,o5) -> (o0,o1), (o2,o3), (o4,o5)
      store32(d, _mm256_permute2x128_si256(o0, o1, 0x20));
      store32(d + 32, _mm256_permute2x128_si256(o2, o0, 0x30));
      store32(d + 64, _mm256_permute2x128_si256(o1, o2, 0x31));
    }
  }
  rgb_to_bgr_generic(src + x * cn, dst + x * cn, width - x, cn);
}

void u8_rgba_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  size_t x = 0;
  for (; x + 32 <= width; x += 32) {
    const uint8_t* s = src + 4 * x;
    store_packed96(dst + 3 * x, load32(s), load32(s + 32), load32(s + 64), load32(s + 96));
  }
  rgba_to_rgb_generic(src + 4 * x, dst + 3 * x, width - x);
}

// 96 bytes -> 128: output register k needs source dwords 6k..6k+5, three per
// lane. Registers 1 and 2 straddle two loads: vpblendd merges the two first,
// then one vpermd per output spreads the dwords; pshufb + OR as in SSE4.1.
void u8_rgb_to_rgba_row(const uint8_t* src, uint8_t* dst, size_t width, uint8_t alpha) {
  const __m256i spread_u8x32 = table32(kColorMasks.add4);
  const __m256i alpha_u8x32 =
      _mm256_set1_epi32(static_cast<int>(static_cast<uint32_t>(alpha) << 24));
  const __m256i idx0 = _mm256_setr_epi32(0, 1, 2, 0, 3, 4, 5, 0);
  const __m256i idx1 = _mm256_setr_epi32(6, 7, 0, 0, 1, 2, 3, 0);
  const __m256i idx2 = _mm256_setr_epi32(4, 5, 6, 0, 7, 0, 1, 0);
  const __m256i idx3 = _mm256_setr_epi32(2, 3, 4, 0, 5, 6, 7, 0);
  auto put = [&](uint8_t* d, __m256i v) {
    store32(d, _mm256_or_si256(_mm256_shuffle_epi8(v, spread_u8x32), alpha_u8x32));
  };
  size_t x = 0;
  for (; x + 32 <= width; x += 32) {
    const uint8_t* s = src + 3 * x;
    uint8_t* d = dst + 4 * x;
    const __m256i y0 = load32(s), y1 = load32(s + 32), y2 = load32(s + 64);
    put(d, _mm256_permutevar8x32_epi32(y0, idx0));
    put(d + 32, _mm256_permutevar8x32_epi32(_mm256_blend_epi32(y1, y0, 0xC0), idx1));
    put(d + 64, _mm256_permutevar8x32_epi32(_mm256_blend_epi32(y2, y1, 0xF0), idx2));
    put(d + 96, _mm256_permutevar8x32_epi32(y2, idx3));
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

// 32 pixels per iteration as four groups of 8 (int32 lanes).
void u8_rgb_to_hsv_row(const uint8_t* src, uint8_t* dst, size_t width, int scn) {
  const ChannelUnpackMasks unpack(scn);
  const __m256i take_r = table32(unpack.ch[0]), take_g = table32(unpack.ch[1]);
  const __m256i take_b = table32(unpack.ch[2]);
  const __m256i lanes_s32x8 = _mm256_setr_epi32(0, 1, 2, 3, scn, scn + 1, scn + 2, scn + 3);
  const __m256 sat_num_f32x8 = _mm256_set1_ps(static_cast<float>(255 << kHsvShift));
  const __m256 hue_num_f32x8 = _mm256_set1_ps(static_cast<float>(30 << kHsvShift));
  const __m256i one_s32x8 = _mm256_set1_epi32(1);
  const __m256i half_s32x8 = _mm256_set1_epi32(1 << (kHsvShift - 1));
  const __m256i k180_s32x8 = _mm256_set1_epi32(180);
  // dword k = H | S << 8 | V << 16 of pixel k
  auto hsv8 = [&](const uint8_t* p) {
    const __m256i px_u8x32 = load8px(p, lanes_s32x8);
    const __m256i r_s32x8 = _mm256_shuffle_epi8(px_u8x32, take_r);
    const __m256i g_s32x8 = _mm256_shuffle_epi8(px_u8x32, take_g);
    const __m256i b_s32x8 = _mm256_shuffle_epi8(px_u8x32, take_b);
    const __m256i v_s32x8 = _mm256_max_epi32(r_s32x8, _mm256_max_epi32(g_s32x8, b_s32x8));
    const __m256i diff_s32x8 =
        _mm256_sub_epi32(v_s32x8, _mm256_min_epi32(r_s32x8, _mm256_min_epi32(g_s32x8, b_s32x8)));
    const __m256i sdiv_s32x8 = div_round(sat_num_f32x8, _mm256_max_epi32(v_s32x8, one_s32x8));
    const __m256i hdiv_s32x8 = div_round(hue_num_f32x8, _mm256_max_epi32(diff_s32x8, one_s32x8));
    const __m256i s_s32x8 = _mm256_srli_epi32(
        _mm256_add_epi32(_mm256_mullo_epi32(diff_s32x8, sdiv_s32x8), half_s32x8), kHsvShift);
    const __m256i diff2_s32x8 = _mm256_add_epi32(diff_s32x8, diff_s32x8);
    const __m256i n_r = _mm256_sub_epi32(g_s32x8, b_s32x8);
    const __m256i n_g = _mm256_add_epi32(_mm256_sub_epi32(b_s32x8, r_s32x8), diff2_s32x8);
    const __m256i n_b = _mm256_add_epi32(_mm256_sub_epi32(r_s32x8, g_s32x8),
                                         _mm256_add_epi32(diff2_s32x8, diff2_s32x8));
    const __m256i n_s32x8 =
        _mm256_blendv_epi8(_mm256_blendv_epi8(n_b, n_g, _mm256_cmpeq_epi32(v_s32x8, g_s32x8)), n_r,
                           _mm256_cmpeq_epi32(v_s32x8, r_s32x8));
    __m256i h_s32x8 = _mm256_srai_epi32(
        _mm256_add_epi32(_mm256_mullo_epi32(n_s32x8, hdiv_s32x8), half_s32x8), kHsvShift);
    h_s32x8 =
        _mm256_add_epi32(h_s32x8, _mm256_and_si256(_mm256_srai_epi32(h_s32x8, 31), k180_s32x8));
    return _mm256_or_si256(_mm256_or_si256(h_s32x8, _mm256_slli_epi32(s_s32x8, 8)),
                           _mm256_slli_epi32(v_s32x8, 16));
  };
  const size_t s = static_cast<size_t>(scn);
  const size_t row_bytes = width * s;
  size_t x = 0;
  // the last 32-byte load of a step starts at pixel 24
  for (; x * s + 24 * s + 32 <= row_bytes; x += 32) {
    const uint8_t* p = src + x * s;
    store_packed96(dst + 3 * x, hsv8(p), hsv8(p + 8 * s), hsv8(p + 16 * s), hsv8(p + 24 * s));
  }
  u8_rgb_to_hsv_generic(src + x * s, dst + 3 * x, width - x, scn);
}

void f32_rgb_to_hsv_row(const float* src, float* dst, size_t width, int scn) {
  f32_rgb_to_hsv_generic(src, dst, width, scn);
}

// HSV -> RGB of 8 pixels, H already in sextants, S and V in [0, 1]: the
// arithmetic of hsv_candidates + hsv_pick in the same order (the sector
// formula in float, unfused like the reference), blends for the selects.
struct Rgb8f {
  __m256 r, g, b;
};
inline Rgb8f hsv_to_rgb8(__m256 hs_f32x8, __m256 s_f32x8, __m256 v_f32x8) {
  const __m256 one_f32x8 = _mm256_set1_ps(1.0f);
  const __m256 whole_f32x8 = _mm256_round_ps(hs_f32x8, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m256 frac_f32x8 = _mm256_sub_ps(hs_f32x8, whole_f32x8);
  const __m256 sixths_f32x8 =
      _mm256_round_ps(_mm256_mul_ps(whole_f32x8, _mm256_set1_ps(1.0f / 6.0f)),
                      _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m256 sector_f32x8 =
      _mm256_sub_ps(whole_f32x8, _mm256_mul_ps(sixths_f32x8, _mm256_set1_ps(6.0f)));
  const __m256 t0 = v_f32x8;
  const __m256 t1 = _mm256_mul_ps(v_f32x8, _mm256_sub_ps(one_f32x8, s_f32x8));
  const __m256 t2 = _mm256_mul_ps(v_f32x8, _mm256_fnmadd_ps(s_f32x8, frac_f32x8, one_f32x8));
  const __m256 t3 = _mm256_mul_ps(
      v_f32x8, _mm256_fnmadd_ps(s_f32x8, _mm256_sub_ps(one_f32x8, frac_f32x8), one_f32x8));
  auto below = [&](float n) { return _mm256_cmp_ps(sector_f32x8, _mm256_set1_ps(n), _CMP_LT_OQ); };
  const __m256 lt1 = below(1), lt2 = below(2), lt3 = below(3), lt4 = below(4), lt5 = below(5);
  Rgb8f c;
  c.r = _mm256_blendv_ps(t0, t3, lt5);
  c.r = _mm256_blendv_ps(c.r, t1, lt4);
  c.r = _mm256_blendv_ps(c.r, t2, lt2);
  c.r = _mm256_blendv_ps(c.r, t0, lt1);
  c.g = _mm256_blendv_ps(t1, t2, lt4);
  c.g = _mm256_blendv_ps(c.g, t0, lt3);
  c.g = _mm256_blendv_ps(c.g, t3, lt1);
  c.b = _mm256_blendv_ps(t2, t0, lt5);
  c.b = _mm256_blendv_ps(c.b, t3, lt3);
  c.b = _mm256_blendv_ps(c.b, t1, lt2);
  return c;
}

// 32 pixels per iteration as four groups of 8 (float lanes).
void u8_hsv_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  const ChannelUnpackMasks unpack(3);
  const __m256i take_h = table32(unpack.ch[0]), take_s = table32(unpack.ch[1]);
  const __m256i take_v = table32(unpack.ch[2]);
  const __m256i lanes_s32x8 = _mm256_setr_epi32(0, 1, 2, 3, 3, 4, 5, 6);
  const __m256 to_sector_f32x8 = _mm256_set1_ps(kHsvU8HueToSector);
  const __m256 inv255_f32x8 = _mm256_set1_ps(kInv255);
  const __m256 k255_f32x8 = _mm256_set1_ps(255.0f);
  auto rgb8 = [&](const uint8_t* p) {
    const __m256i px_u8x32 = load8px(p, lanes_s32x8);
    const __m256 h_f32x8 = _mm256_cvtepi32_ps(_mm256_shuffle_epi8(px_u8x32, take_h));
    const __m256 s_f32x8 =
        _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_shuffle_epi8(px_u8x32, take_s)), inv255_f32x8);
    const __m256 v_f32x8 =
        _mm256_mul_ps(_mm256_cvtepi32_ps(_mm256_shuffle_epi8(px_u8x32, take_v)), inv255_f32x8);
    const Rgb8f c = hsv_to_rgb8(_mm256_mul_ps(h_f32x8, to_sector_f32x8), s_f32x8, v_f32x8);
    // every candidate lies in [0, 1.0000001]: the truncation fits a byte
    const __m256i r_s32x8 = _mm256_cvttps_epi32(_mm256_mul_ps(c.r, k255_f32x8));
    const __m256i g_s32x8 = _mm256_cvttps_epi32(_mm256_mul_ps(c.g, k255_f32x8));
    const __m256i b_s32x8 = _mm256_cvttps_epi32(_mm256_mul_ps(c.b, k255_f32x8));
    return _mm256_or_si256(_mm256_or_si256(r_s32x8, _mm256_slli_epi32(g_s32x8, 8)),
                           _mm256_slli_epi32(b_s32x8, 16));
  };
  size_t x = 0;
  // the last 32-byte load of a step reads bytes 72..103
  for (; 3 * x + 104 <= 3 * width; x += 32) {
    const uint8_t* p = src + 3 * x;
    store_packed96(dst + 3 * x, rgb8(p), rgb8(p + 24), rgb8(p + 48), rgb8(p + 72));
  }
  u8_hsv_to_rgb_generic(src + 3 * x, dst + 3 * x, width - x);
}

// 8 float pixels (24 floats in three ymm) per iteration. Channel c of pixel
// p is float 3p + c, at position (3p + c) % 8 of register (3p + c) / 8;
// those positions are distinct for the 8 pixels, so two vblendps gather a
// channel's floats into one register and one vpermps orders them. Merging
// runs the same steps backwards.
void f32_hsv_to_rgb_row(const float* src, float* dst, size_t width) {
  const __m256 to_sector_f32x8 = _mm256_set1_ps(kHsvF32HueToSector);
  // order_c[p] = (3p + c) % 8, and its inverse
  const __m256i order0 = _mm256_setr_epi32(0, 3, 6, 1, 4, 7, 2, 5);
  const __m256i order1 = _mm256_setr_epi32(1, 4, 7, 2, 5, 0, 3, 6);
  const __m256i order2 = _mm256_setr_epi32(2, 5, 0, 3, 6, 1, 4, 7);
  const __m256i place0 = _mm256_setr_epi32(0, 3, 6, 1, 4, 7, 2, 5);
  const __m256i place1 = _mm256_setr_epi32(5, 0, 3, 6, 1, 4, 7, 2);
  const __m256i place2 = _mm256_setr_epi32(2, 5, 0, 3, 6, 1, 4, 7);
  size_t x = 0;
  for (; x + 8 <= width; x += 8) {
    const float* s = src + 3 * x;
    const __m256 y0 = _mm256_loadu_ps(s), y1 = _mm256_loadu_ps(s + 8), y2 = _mm256_loadu_ps(s + 16);
    // blend masks: positions taken from y1 / y2 (channel 0: 1,4,7 / 2,5;
    // channel 1: 2,5 / 0,3,6; channel 2: 0,3,6 / 1,4,7)
    const __m256 h_f32x8 =
        _mm256_permutevar8x32_ps(_mm256_blend_ps(_mm256_blend_ps(y0, y1, 0x92), y2, 0x24), order0);
    const __m256 s_f32x8 =
        _mm256_permutevar8x32_ps(_mm256_blend_ps(_mm256_blend_ps(y0, y1, 0x24), y2, 0x49), order1);
    const __m256 v_f32x8 =
        _mm256_permutevar8x32_ps(_mm256_blend_ps(_mm256_blend_ps(y0, y1, 0x49), y2, 0x92), order2);
    const __m256 hs_f32x8 = _mm256_mul_ps(h_f32x8, to_sector_f32x8);
    Rgb8f c = hsv_to_rgb8(hs_f32x8, s_f32x8, v_f32x8);
    // NaN or infinite H -> NaN in all three channels (hs - hs is 0 otherwise)
    const __m256 nan_f32x8 = _mm256_sub_ps(hs_f32x8, hs_f32x8);
    const __m256 bad = _mm256_cmp_ps(nan_f32x8, _mm256_setzero_ps(), _CMP_NEQ_UQ);
    const __m256 r = _mm256_permutevar8x32_ps(_mm256_blendv_ps(c.r, nan_f32x8, bad), place0);
    const __m256 g = _mm256_permutevar8x32_ps(_mm256_blendv_ps(c.g, nan_f32x8, bad), place1);
    const __m256 b = _mm256_permutevar8x32_ps(_mm256_blendv_ps(c.b, nan_f32x8, bad), place2);
    float* d = dst + 3 * x;
    _mm256_storeu_ps(d, _mm256_blend_ps(_mm256_blend_ps(r, g, 0x92), b, 0x24));
    _mm256_storeu_ps(d + 8, _mm256_blend_ps(_mm256_blend_ps(r, g, 0x24), b, 0x49));
    _mm256_storeu_ps(d + 16, _mm256_blend_ps(_mm256_blend_ps(r, g, 0x49), b, 0x92));
  }
  f32_hsv_to_rgb_generic(src + 3 * x, dst + 3 * x, width - x);
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

}  // namespace vc::kernels::avx2
