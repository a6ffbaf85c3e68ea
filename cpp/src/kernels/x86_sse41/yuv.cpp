// SSE4.1 YUV -> RGB rows. One tile = 16 pixels of a row (8 chroma pairs).
//
// Exact 32-bit fixed point with pmaddwd only: every 20-bit coefficient C is
// split as C = hi * 128 + lo (hi fits int16, 0 <= lo < 128), so
// C * x = pmaddwd(x * 128, hi) + pmaddwd(x, lo) with x * 128 in int16 range.
// Luma is paired as (Y * 128, Y) words against (hi, lo); chroma as the
// stored (c0, c1) word pairs against each channel's (hi0, hi1) and (lo0, lo1).
// Chroma terms are computed once per pair and duplicated to both pixels (and
// to both rows for 4:2:0); packssdw + packuswb saturate to 0..255.
#include <immintrin.h>

#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/common/camera_x86_rgb_store.hpp"
#include "kernels/common/yuv_generic.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

constexpr size_t kTile = 16;

__m128i load(const void* p) { return _mm_loadu_si128(static_cast<const __m128i*>(p)); }

// Two int16 words (first, second) as one int32 broadcast for pmaddwd.
__m128i word_pair(int32_t first, int32_t second) {
  return _mm_set1_epi32(static_cast<int32_t>((static_cast<uint32_t>(second) << 16) |
                                             (static_cast<uint32_t>(first) & 0xFFFFu)));
}
int32_t hi7(int32_t c) { return c >> 7; }
int32_t lo7(int32_t c) { return c - (c >> 7) * 128; }

struct Yuv {
  __m128i y_offset;  // u8
  __m128i cy;        // (hi, lo) pair
  __m128i chi[3];    // per channel: (hi0, hi1)
  __m128i clo[3];    // per channel: (lo0, lo1)
  __m128i round;
  __m128i c128;
  __m128i rotate[3];
  __m128i select[3][3];

  explicit Yuv(const int32_t* k) {
    y_offset = _mm_set1_epi8(static_cast<char>(k[kYuvYOffset]));
    cy = word_pair(hi7(k[kYuvCy]), lo7(k[kYuvCy]));
    const int idx[3][2] = {{kYuvR0, kYuvR1}, {kYuvG0, kYuvG1}, {kYuvB0, kYuvB1}};
    for (int c = 0; c < 3; ++c) {
      chi[c] = word_pair(hi7(k[idx[c][0]]), hi7(k[idx[c][1]]));
      clo[c] = word_pair(lo7(k[idx[c][0]]), lo7(k[idx[c][1]]));
    }
    round = _mm_set1_epi32(1 << (kYuvShift - 1));
    c128 = _mm_set1_epi16(128);
    const RgbStoreMasks<1>& m = kRgbStoreMasks<uint8_t>;
    for (int c = 0; c < 3; ++c) rotate[c] = load(m.rotate[c]);
    for (int j = 0; j < 3; ++j) {
      const __m128i sel = load(m.select[j]);
      for (int c = 0; c < 3; ++c)
        select[j][c] = _mm_cmpeq_epi8(sel, _mm_set1_epi8(static_cast<char>(c)));
    }
  }

  // Chroma terms of 8 pairs (16 bytes c0 c1 c0 c1 ...) for 16 pixels:
  // t[channel][q] covers pixels 4q .. 4q+3.
  void chroma(__m128i pairs_u8x16, __m128i t[3][4]) const {
    const __m128i zero = _mm_setzero_si128();
    const __m128i lo_s16x8 =
        _mm_sub_epi16(_mm_unpacklo_epi8(pairs_u8x16, zero), c128);  // pairs 0..3
    const __m128i hi_s16x8 =
        _mm_sub_epi16(_mm_unpackhi_epi8(pairs_u8x16, zero), c128);  // pairs 4..7
    const __m128i lo128_s16x8 = _mm_slli_epi16(lo_s16x8, 7);
    const __m128i hi128_s16x8 = _mm_slli_epi16(hi_s16x8, 7);
    for (int c = 0; c < 3; ++c) {
      const __m128i sum_lo_s32x4 = _mm_add_epi32(
          _mm_add_epi32(_mm_madd_epi16(lo128_s16x8, chi[c]), _mm_madd_epi16(lo_s16x8, clo[c])),
          round);
      const __m128i sum_hi_s32x4 = _mm_add_epi32(
          _mm_add_epi32(_mm_madd_epi16(hi128_s16x8, chi[c]), _mm_madd_epi16(hi_s16x8, clo[c])),
          round);
      t[c][0] = _mm_unpacklo_epi32(sum_lo_s32x4, sum_lo_s32x4);
      t[c][1] = _mm_unpackhi_epi32(sum_lo_s32x4, sum_lo_s32x4);
      t[c][2] = _mm_unpacklo_epi32(sum_hi_s32x4, sum_hi_s32x4);
      t[c][3] = _mm_unpackhi_epi32(sum_hi_s32x4, sum_hi_s32x4);
    }
  }

  // 16 luma samples + their chroma terms -> 48 bytes of RGB.
  void rgb(__m128i y_u8x16, const __m128i t[3][4], uint8_t* dst) const {
    const __m128i zero = _mm_setzero_si128();
    const __m128i ysub_u8x16 = _mm_subs_epu8(y_u8x16, y_offset);  // max(Y - offset, 0)
    const __m128i lo_s16x8 = _mm_unpacklo_epi8(ysub_u8x16, zero);
    const __m128i hi_s16x8 = _mm_unpackhi_epi8(ysub_u8x16, zero);
    const __m128i lo128_s16x8 = _mm_slli_epi16(lo_s16x8, 7);
    const __m128i hi128_s16x8 = _mm_slli_epi16(hi_s16x8, 7);
    const __m128i yl_s32x4[4] = {_mm_madd_epi16(_mm_unpacklo_epi16(lo128_s16x8, lo_s16x8), cy),
                                 _mm_madd_epi16(_mm_unpackhi_epi16(lo128_s16x8, lo_s16x8), cy),
                                 _mm_madd_epi16(_mm_unpacklo_epi16(hi128_s16x8, hi_s16x8), cy),
                                 _mm_madd_epi16(_mm_unpackhi_epi16(hi128_s16x8, hi_s16x8), cy)};
    __m128i plane_u8x16[3];
    for (int c = 0; c < 3; ++c) {
      __m128i s_s32x4[4];
      for (int q = 0; q < 4; ++q)
        s_s32x4[q] = _mm_srai_epi32(_mm_add_epi32(yl_s32x4[q], t[c][q]), kYuvShift);
      plane_u8x16[c] = _mm_packus_epi16(_mm_packs_epi32(s_s32x4[0], s_s32x4[1]),
                                        _mm_packs_epi32(s_s32x4[2], s_s32x4[3]));
    }
    const __m128i rot_r_u8x16 = _mm_shuffle_epi8(plane_u8x16[0], rotate[0]);
    const __m128i rot_g_u8x16 = _mm_shuffle_epi8(plane_u8x16[1], rotate[1]);
    const __m128i rot_b_u8x16 = _mm_shuffle_epi8(plane_u8x16[2], rotate[2]);
    auto* d = reinterpret_cast<__m128i*>(dst);
    for (int j = 0; j < 3; ++j) {
      _mm_storeu_si128(d + j, _mm_or_si128(_mm_or_si128(_mm_and_si128(rot_r_u8x16, select[j][0]),
                                                        _mm_and_si128(rot_g_u8x16, select[j][1])),
                                           _mm_and_si128(rot_b_u8x16, select[j][2])));
    }
  }
};

// Runs tile(x) over [0, width) in steps of kTile, the last tile overlapping
// the previous one (width >= kTile; width and kTile even, so is every x).
template <class Tile>
void tiles(size_t width, Tile&& tile) {
  size_t x = 0;
  for (; x + kTile <= width; x += kTile) tile(x);
  if (x < width) tile(width - kTile);
}

}  // namespace

void u8_yuv420sp_rgb_2row(const uint8_t* y0, const uint8_t* y1, const uint8_t* c01, uint8_t* dst0,
                          uint8_t* dst1, size_t width, const int32_t* coeffs) {
  if (width < kTile) {
    yuv420sp_rgb_2row_generic(y0, y1, c01, dst0, dst1, 0, width, coeffs);
    return;
  }
  const Yuv k(coeffs);
  tiles(width, [&](size_t x) {
    __m128i t[3][4];
    k.chroma(load(c01 + x), t);
    k.rgb(load(y0 + x), t, dst0 + 3 * x);
    k.rgb(load(y1 + x), t, dst1 + 3 * x);
  });
}

void u8_yuv420p_rgb_2row(const uint8_t* y0, const uint8_t* y1, const uint8_t* c0, const uint8_t* c1,
                         uint8_t* dst0, uint8_t* dst1, size_t width, const int32_t* coeffs) {
  if (width < kTile) {
    yuv420p_rgb_2row_generic(y0, y1, c0, c1, dst0, dst1, 0, width, coeffs);
    return;
  }
  const Yuv k(coeffs);
  tiles(width, [&](size_t x) {
    const __m128i a = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(c0 + x / 2));
    const __m128i b = _mm_loadl_epi64(reinterpret_cast<const __m128i*>(c1 + x / 2));
    __m128i t[3][4];
    k.chroma(_mm_unpacklo_epi8(a, b), t);
    k.rgb(load(y0 + x), t, dst0 + 3 * x);
    k.rgb(load(y1 + x), t, dst1 + 3 * x);
  });
}

void u8_yuv422_rgb_row(const uint8_t* src, uint8_t* dst, size_t width, bool y_first,
                       const int32_t* coeffs) {
  if (width < kTile) {
    yuv422_rgb_row_generic(src, dst, 0, width, y_first, coeffs);
    return;
  }
  const Yuv k(coeffs);
  // luma bytes to the low half, chroma bytes to the high half
  const __m128i split = y_first
                            ? _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15)
                            : _mm_setr_epi8(1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 14);
  tiles(width, [&](size_t x) {
    const __m128i a = _mm_shuffle_epi8(load(src + 2 * x), split);       // pixels 0..7
    const __m128i b = _mm_shuffle_epi8(load(src + 2 * x + 16), split);  // pixels 8..15
    __m128i t[3][4];
    k.chroma(_mm_unpackhi_epi64(a, b), t);
    k.rgb(_mm_unpacklo_epi64(a, b), t, dst + 3 * x);
  });
}

}  // namespace vc::kernels::sse41
