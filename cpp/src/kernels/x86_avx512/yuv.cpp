// AVX-512 (F/BW) YUV -> RGB rows: the SSE4.1 scheme (exact pmaddwd fixed
// point, see that file) on 512-bit vectors, one tile = 64 pixels of a row.
// Loads are arranged so that each 128-bit lane holds 16 consecutive pixels
// and their 8 chroma pairs; all arithmetic then stays within lanes, and
// vpermt2q / vpermq order the 12 RGB chunks at the store. The row's tail is
// one more tile with masked loads and stores.
#include <immintrin.h>

#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/common/camera_x86_rgb_store.hpp"
#include "kernels/common/yuv_generic.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

constexpr size_t kTile = 64;

__mmask64 first_bytes(size_t n) { return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1; }
__m512i load_n(const uint8_t* p, size_t n) { return _mm512_maskz_loadu_epi8(first_bytes(n), p); }
__m256i load_n256(const uint8_t* p, size_t n) {
  return _mm256_maskz_loadu_epi8(static_cast<__mmask32>(first_bytes(n)), p);
}
__m512i lanes(const void* p) {
  return _mm512_broadcast_i32x4(_mm_loadu_si128(static_cast<const __m128i*>(p)));
}

__m512i word_pair(int32_t first, int32_t second) {
  return _mm512_set1_epi32(static_cast<int32_t>((static_cast<uint32_t>(second) << 16) |
                                                (static_cast<uint32_t>(first) & 0xFFFFu)));
}
int32_t hi7(int32_t c) { return c >> 7; }
int32_t lo7(int32_t c) { return c - (c >> 7) * 128; }

struct Yuv {
  __m512i y_offset;
  __m512i cy;
  __m512i chi[3];
  __m512i clo[3];
  __m512i round;
  __m512i c128;
  __m512i rotate[3];
  __mmask64 take[3][2];
  __m512i idx2[3];
  __m512i idx1[3];
  __mmask8 from2[3];

  explicit Yuv(const int32_t* k) {
    y_offset = _mm512_set1_epi8(static_cast<char>(k[kYuvYOffset]));
    cy = word_pair(hi7(k[kYuvCy]), lo7(k[kYuvCy]));
    const int idx[3][2] = {{kYuvR0, kYuvR1}, {kYuvG0, kYuvG1}, {kYuvB0, kYuvB1}};
    for (int c = 0; c < 3; ++c) {
      chi[c] = word_pair(hi7(k[idx[c][0]]), hi7(k[idx[c][1]]));
      clo[c] = word_pair(lo7(k[idx[c][0]]), lo7(k[idx[c][1]]));
    }
    round = _mm512_set1_epi32(1 << (kYuvShift - 1));
    c128 = _mm512_set1_epi16(128);
    const RgbStoreMasks<1>& m = kRgbStoreMasks<uint8_t>;
    for (int c = 0; c < 3; ++c) rotate[c] = lanes(m.rotate[c]);
    for (int j = 0; j < 3; ++j) {
      const __m512i sel = lanes(m.select[j]);
      take[j][0] = _mm512_cmpeq_epi8_mask(sel, _mm512_set1_epi8(1));
      take[j][1] = _mm512_cmpeq_epi8_mask(sel, _mm512_set1_epi8(2));
    }
    // chunk order, see x86_avx512/bayer.cpp
    idx2[0] = _mm512_setr_epi64(0, 1, 8, 9, 0, 0, 2, 3);
    idx1[0] = _mm512_setr_epi64(0, 0, 0, 0, 0, 1, 0, 0);
    from2[0] = 0x30;
    idx2[1] = _mm512_setr_epi64(10, 11, 0, 0, 4, 5, 12, 13);
    idx1[1] = _mm512_setr_epi64(0, 0, 2, 3, 0, 0, 0, 0);
    from2[1] = 0x0C;
    idx2[2] = _mm512_setr_epi64(0, 0, 6, 7, 14, 15, 0, 0);
    idx1[2] = _mm512_setr_epi64(4, 5, 0, 0, 0, 0, 6, 7);
    from2[2] = 0xC3;
  }

  // Chroma terms, per lane, of 8 pairs for 16 pixels: t[channel][q] covers
  // the lane's pixels 4q .. 4q+3.
  void chroma(__m512i pairs_u8x64, __m512i t[3][4]) const {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i lo_s16x32 = _mm512_sub_epi16(_mm512_unpacklo_epi8(pairs_u8x64, zero), c128);
    const __m512i hi_s16x32 = _mm512_sub_epi16(_mm512_unpackhi_epi8(pairs_u8x64, zero), c128);
    const __m512i lo128_s16x32 = _mm512_slli_epi16(lo_s16x32, 7);
    const __m512i hi128_s16x32 = _mm512_slli_epi16(hi_s16x32, 7);
    for (int c = 0; c < 3; ++c) {
      const __m512i sum_lo_s32x16 =
          _mm512_add_epi32(_mm512_add_epi32(_mm512_madd_epi16(lo128_s16x32, chi[c]),
                                            _mm512_madd_epi16(lo_s16x32, clo[c])),
                           round);
      const __m512i sum_hi_s32x16 =
          _mm512_add_epi32(_mm512_add_epi32(_mm512_madd_epi16(hi128_s16x32, chi[c]),
                                            _mm512_madd_epi16(hi_s16x32, clo[c])),
                           round);
      t[c][0] = _mm512_unpacklo_epi32(sum_lo_s32x16, sum_lo_s32x16);
      t[c][1] = _mm512_unpackhi_epi32(sum_lo_s32x16, sum_lo_s32x16);
      t[c][2] = _mm512_unpacklo_epi32(sum_hi_s32x16, sum_hi_s32x16);
      t[c][3] = _mm512_unpackhi_epi32(sum_hi_s32x16, sum_hi_s32x16);
    }
  }

  // n (<= 64) luma samples + their chroma terms -> 3n bytes of RGB.
  void rgb(__m512i y_u8x64, const __m512i t[3][4], uint8_t* dst, size_t n) const {
    const __m512i zero = _mm512_setzero_si512();
    const __m512i ysub_u8x64 = _mm512_subs_epu8(y_u8x64, y_offset);
    const __m512i lo_s16x32 = _mm512_unpacklo_epi8(ysub_u8x64, zero);
    const __m512i hi_s16x32 = _mm512_unpackhi_epi8(ysub_u8x64, zero);
    const __m512i lo128_s16x32 = _mm512_slli_epi16(lo_s16x32, 7);
    const __m512i hi128_s16x32 = _mm512_slli_epi16(hi_s16x32, 7);
    const __m512i yl_s32x16[4] = {
        _mm512_madd_epi16(_mm512_unpacklo_epi16(lo128_s16x32, lo_s16x32), cy),
        _mm512_madd_epi16(_mm512_unpackhi_epi16(lo128_s16x32, lo_s16x32), cy),
        _mm512_madd_epi16(_mm512_unpacklo_epi16(hi128_s16x32, hi_s16x32), cy),
        _mm512_madd_epi16(_mm512_unpackhi_epi16(hi128_s16x32, hi_s16x32), cy)};
    __m512i plane_u8x64[3];
    for (int c = 0; c < 3; ++c) {
      __m512i s_s32x16[4];
      for (int q = 0; q < 4; ++q)
        s_s32x16[q] = _mm512_srai_epi32(_mm512_add_epi32(yl_s32x16[q], t[c][q]), kYuvShift);
      plane_u8x64[c] = _mm512_packus_epi16(_mm512_packs_epi32(s_s32x16[0], s_s32x16[1]),
                                           _mm512_packs_epi32(s_s32x16[2], s_s32x16[3]));
    }
    const __m512i rot_r_u8x64 = _mm512_shuffle_epi8(plane_u8x64[0], rotate[0]);
    const __m512i rot_g_u8x64 = _mm512_shuffle_epi8(plane_u8x64[1], rotate[1]);
    const __m512i rot_b_u8x64 = _mm512_shuffle_epi8(plane_u8x64[2], rotate[2]);
    __m512i chunk_u8x64[3];
    for (int j = 0; j < 3; ++j) {
      chunk_u8x64[j] = _mm512_mask_blend_epi8(
          take[j][1], _mm512_mask_blend_epi8(take[j][0], rot_r_u8x64, rot_g_u8x64), rot_b_u8x64);
    }
    size_t bytes = 3 * n;
    for (int j = 0; j < 3; ++j) {
      const __m512i v = _mm512_mask_permutexvar_epi64(
          _mm512_permutex2var_epi64(chunk_u8x64[0], idx2[j], chunk_u8x64[1]), from2[j], idx1[j],
          chunk_u8x64[2]);
      if (bytes >= 64) {
        _mm512_storeu_si512(dst + 64 * j, v);
        bytes -= 64;
      } else {
        if (bytes) _mm512_mask_storeu_epi8(dst + 64 * j, first_bytes(bytes), v);
        bytes = 0;
      }
    }
  }
};

// Runs tile(x, n) over [0, width): full tiles, then one tile of n < kTile.
template <class Tile>
void tiles(size_t width, Tile&& tile) {
  size_t x = 0;
  for (; x + kTile <= width; x += kTile) tile(x, kTile);
  if (x < width) tile(x, width - x);
}

}  // namespace

void u8_yuv420sp_rgb_2row(const uint8_t* y0, const uint8_t* y1, const uint8_t* c01, uint8_t* dst0,
                          uint8_t* dst1, size_t width, const int32_t* coeffs) {
  const Yuv k(coeffs);
  tiles(width, [&](size_t x, size_t n) {
    __m512i t[3][4];
    k.chroma(load_n(c01 + x, n), t);
    k.rgb(load_n(y0 + x, n), t, dst0 + 3 * x, n);
    k.rgb(load_n(y1 + x, n), t, dst1 + 3 * x, n);
  });
}

void u8_yuv420p_rgb_2row(const uint8_t* y0, const uint8_t* y1, const uint8_t* c0, const uint8_t* c1,
                         uint8_t* dst0, uint8_t* dst1, size_t width, const int32_t* coeffs) {
  const Yuv k(coeffs);
  tiles(width, [&](size_t x, size_t n) {
    const __m256i a = load_n256(c0 + x / 2, n / 2);
    const __m256i b = load_n256(c1 + x / 2, n / 2);
    // pairs 0..7 | 16..23 and 8..15 | 24..31, reordered to lanes 0..3
    const __m512i ab = _mm512_inserti64x4(_mm512_castsi256_si512(_mm256_unpacklo_epi8(a, b)),
                                          _mm256_unpackhi_epi8(a, b), 1);
    __m512i t[3][4];
    k.chroma(_mm512_shuffle_i64x2(ab, ab, _MM_SHUFFLE(3, 1, 2, 0)), t);
    k.rgb(load_n(y0 + x, n), t, dst0 + 3 * x, n);
    k.rgb(load_n(y1 + x, n), t, dst1 + 3 * x, n);
  });
}

void u8_yuv422_rgb_row(const uint8_t* src, uint8_t* dst, size_t width, bool y_first,
                       const int32_t* coeffs) {
  const Yuv k(coeffs);
  // per 16-byte chunk (8 pixels): luma bytes to the low half, chroma to the high half
  const __m512i split = _mm512_broadcast_i32x4(
      y_first ? _mm_setr_epi8(0, 2, 4, 6, 8, 10, 12, 14, 1, 3, 5, 7, 9, 11, 13, 15)
              : _mm_setr_epi8(1, 3, 5, 7, 9, 11, 13, 15, 0, 2, 4, 6, 8, 10, 12, 14));
  tiles(width, [&](size_t x, size_t n) {
    const size_t bytes = 2 * n;
    const __m512i a = _mm512_shuffle_epi8(load_n(src + 2 * x, bytes), split);  // chunks 0..3
    const __m512i b = _mm512_shuffle_epi8(
        bytes > 64 ? load_n(src + 2 * x + 64, bytes - 64) : _mm512_setzero_si512(), split);  // 4..7
    // lane L needs chunks 2L and 2L+1
    const __m512i even = _mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(2, 0, 2, 0));
    const __m512i odd = _mm512_shuffle_i64x2(a, b, _MM_SHUFFLE(3, 1, 3, 1));
    __m512i t[3][4];
    k.chroma(_mm512_unpackhi_epi64(even, odd), t);
    k.rgb(_mm512_unpacklo_epi64(even, odd), t, dst + 3 * x, n);
  });
}

}  // namespace vc::kernels::avx512
