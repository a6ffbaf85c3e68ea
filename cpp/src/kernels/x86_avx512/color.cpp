// AVX-512 (F/BW/VL/DQ) color kernels. vpshufb still works per 128-bit lane;
// the cross-lane moves use two-source dword permutes (vpermt2d / vpermt2ps)
// with index tables from
// x86_color_masks.hpp. The u8 kernels other than gray handle 64 pixels per
// block with 64-byte loads and stores, aligned on the dst side, and masked
// blocks at both row ends (see run_tiles): no scalar remainder.
//
// u8 gray: 16 pixels per zmm, 4 per lane, so the sums come out in pixel
// order and vpmovdb narrows them straight to bytes (no pack/permute chain).
// u8 gray -> RGB: vshufi32x4 gives each output lane the gray chunk it
// expands, then one vpshufb per output zmm.
// u8 RGB <-> BGR, RGBA -> RGB, RGB -> RGBA, HSV: vpermt2d moves 12-byte
// groups of 4 pixels between packed rows and lanes, vpshufb does the rest
// within lanes (RGB <-> BGR in place works: all loads of a block precede
// its stores). RGBA <-> BGRA: one vpshufb per 16 pixels.
// u8 HSV: int32 / float lanes with mask registers for the selects;
// reciprocals by vrcp14ps + one Newton step (exact after rounding for every
// divisor 1..255, which the all-inputs test checks), the real FMA for
// HSV -> RGB. f32 HSV -> RGB: the same arithmetic on planes split from and
// merged back into 3-channel rows with vpermt2ps.
// u16 and the other f32 kernels: the shared plain-C++ loops, vectorized by
// the compiler (except f32 RGB -> HSV, whose selects it will not convert;
// scalar, it still keeps up with memory).
#include <immintrin.h>

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/common/color_channels_generic.hpp"
#include "kernels/common/color_gray_generic.hpp"
#include "kernels/common/color_hsv_generic.hpp"
#include "kernels/common/x86_color_masks.hpp"
#include "kernels/common/x86_gray_masks.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

inline __m512i load64(const uint8_t* p) { return _mm512_loadu_si512(p); }
inline void store64(uint8_t* p, __m512i v) { _mm512_storeu_si512(p, v); }
inline __m512i index64(const void* t) { return _mm512_load_si512(t); }
inline __m128i table16(const int8_t* t) {
  return _mm_load_si128(reinterpret_cast<const __m128i*>(t));
}
// A 16-byte table in all four lanes.
inline __m512i table64(const int8_t* t) { return _mm512_broadcast_i32x4(table16(t)); }
// Four 16-byte tables, one per lane.
inline __m512i table64(const int8_t* l0, const int8_t* l1, const int8_t* l2, const int8_t* l3) {
  __m512i v = _mm512_castsi128_si512(table16(l0));
  v = _mm512_inserti32x4(v, table16(l1), 1);
  v = _mm512_inserti32x4(v, table16(l2), 2);
  return _mm512_inserti32x4(v, table16(l3), 3);
}

// --- tiles with masked edges ---
//
// Every u8 kernel below is a block lambda block(part, x, n) converting
// pixels x .. x + n - 1, compiled twice: part = std::false_type for whole
// tiles (plain loads/stores), std::true_type for partial ones. run_tiles
// splits a row into a head that brings dst to a 64-byte boundary (split
// 64-byte stores cost about twice as much, and large numpy buffers usually
// start 16 bytes past one), whole tiles, and a tail. Head and tail use masked
// loads and stores: nothing outside the row is read or written, and there
// is no scalar remainder. ld/st take the bytes left from their address on;
// a register with nothing left is not touched at all.

inline __mmask64 first_bytes(size_t n) { return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1; }
inline __mmask16 first_floats(size_t n) {
  return n >= 16 ? __mmask16{0xFFFF} : static_cast<__mmask16>((1u << n) - 1);
}
// Bytes of register j (bytes 64j.. of a block of `total` bytes) in the block.
inline size_t left(size_t total, size_t j) { return total > 64 * j ? total - 64 * j : 0; }

// Register j of a block of `total` bytes at `block` (a partial block forms
// no pointer past its last byte).
template <bool kPart>
inline __m512i ld(const uint8_t* block, size_t j, size_t total) {
  if constexpr (kPart) {
    const size_t n = left(total, j);
    return n == 0 ? _mm512_setzero_si512()
                  : _mm512_maskz_loadu_epi8(first_bytes(n), block + 64 * j);
  } else {
    return load64(block + 64 * j);
  }
}
template <bool kPart>
inline void st(uint8_t* block, size_t j, size_t total, __m512i v) {
  if constexpr (kPart) {
    const size_t n = left(total, j);
    if (n) _mm512_mask_storeu_epi8(block + 64 * j, first_bytes(n), v);
  } else {
    store64(block + 64 * j, v);
  }
}

// The same for register j (floats 16j..) of a block of `total` floats.
inline __m512 ldf(const float* block, size_t j, size_t total) {
  const size_t n = total > 16 * j ? total - 16 * j : 0;
  return n == 0 ? _mm512_setzero_ps() : _mm512_maskz_loadu_ps(first_floats(n), block + 16 * j);
}
inline void stf(float* block, size_t j, size_t total, __m512 v) {
  const size_t n = total > 16 * j ? total - 16 * j : 0;
  if (n) _mm512_mask_storeu_ps(block + 16 * j, first_floats(n), v);
}

// Pixels to convert before dst + k * kDstPx is 64-byte aligned (0 if it
// cannot be: 4-byte pixels at an address that is not a multiple of 4).
template <size_t kDstPx>
inline size_t pixels_to_alignment(const uint8_t* dst) {
  static_assert(kDstPx == 3 || kDstPx == 4, "3- or 4-byte output pixels");
  const size_t mis = reinterpret_cast<uintptr_t>(dst) % 64;
  if (mis == 0) return 0;
  if (kDstPx == 3) return ((64 - mis) * 43) % 64;  // 43 = 3^-1 mod 64
  return mis % 4 == 0 ? (64 - mis) / 4 : 0;
}

// full(x) converts pixels x .. x + kTile - 1, part(x, n) pixels x .. x + n - 1
// (0 < n < kTile), for output pixels of kDstPx bytes at dst.
template <size_t kTile, size_t kDstPx, class Full, class Part>
inline void run_tiles(uint8_t* dst, size_t width, Full&& full, Part&& part) {
  static_assert(kTile * kDstPx >= 64, "the alignment head (< 64 / gcd bytes) must fit one tile");
  size_t x = std::min(width, pixels_to_alignment<kDstPx>(dst));
  if (x > 0) part(size_t{0}, x);
  for (; x + kTile <= width; x += kTile) full(x);
  if (x < width) part(x, width - x);
}

// Four zmm of 16 pixels of 3 bytes, 4 per lane in bytes 0..11 of the lane
// (the layout Rgb64 makes) -> `bytes` (192 for a whole block) packed bytes
// at d.
template <bool kPart>
inline void store_lanes192(uint8_t* d, size_t bytes, __m512i g0, __m512i g1, __m512i g2,
                           __m512i g3) {
  const auto& c = kColorPermutes.pack_compact;
  st<kPart>(d, 0, bytes, _mm512_permutex2var_epi32(g0, index64(c[0]), g1));
  st<kPart>(d, 1, bytes, _mm512_permutex2var_epi32(g1, index64(c[1]), g2));
  st<kPart>(d, 2, bytes, _mm512_permutex2var_epi32(g2, index64(c[2]), g3));
}

// Four zmm of 16 result pixels (one per dword, low 3 bytes; lane l = pixels
// 4l..4l+3) -> `bytes` (192 for a whole block) packed bytes at d.
template <bool kPart>
inline void store_packed192(uint8_t* d, size_t bytes, __m512i p0, __m512i p1, __m512i p2,
                            __m512i p3) {
  const __m512i pack = table64(kColorMasks.pack12[0]);
  store_lanes192<kPart>(d, bytes, _mm512_shuffle_epi8(p0, pack), _mm512_shuffle_epi8(p1, pack),
                        _mm512_shuffle_epi8(p2, pack), _mm512_shuffle_epi8(p3, pack));
}

// `bytes` (192 for a whole block) of 3-byte pixels at s -> four zmm of 16
// pixels, 4 per lane in bytes 0..11 of the lane.
template <bool kPart>
struct Rgb64 {
  __m512i g[4];
  Rgb64(const uint8_t* s, size_t bytes) {
    const __m512i z0 = ld<kPart>(s, 0, bytes), z1 = ld<kPart>(s, 1, bytes);
    const __m512i z2 = ld<kPart>(s, 2, bytes);
    const auto& e = kColorPermutes.rgb_expand;
    g[0] = _mm512_permutex2var_epi32(z0, index64(e[0]), z1);
    g[1] = _mm512_permutex2var_epi32(z0, index64(e[1]), z1);
    g[2] = _mm512_permutex2var_epi32(z1, index64(e[2]), z2);
    g[3] = _mm512_permutex2var_epi32(z2, index64(e[3]), z2);
  }
};

// round(num / x) for int32 x in [1, 255]: vrcp14ps, then one correction
// q + r (num - x q) with FMA. The result is within a few float ulps of the
// real quotient, which is never that close to a half: +0.5 and truncation
// give the exact integer.
inline __m512i div_round(__m512 num_f32x16, __m512i x_s32x16) {
  const __m512 x_f32x16 = _mm512_cvtepi32_ps(x_s32x16);
  const __m512 r_f32x16 = _mm512_rcp14_ps(x_f32x16);
  __m512 q_f32x16 = _mm512_mul_ps(r_f32x16, num_f32x16);
  q_f32x16 = _mm512_fmadd_ps(r_f32x16, _mm512_fnmadd_ps(x_f32x16, q_f32x16, num_f32x16), q_f32x16);
  return _mm512_cvttps_epi32(_mm512_add_ps(q_f32x16, _mm512_set1_ps(0.5f)));
}

}  // namespace

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

// Deinterleaving 3-channel pixels with two-source permutes: channel `ch` of
// the 3*N elements held in registers a, b, c (N lanes each) is gathered with
// one vpermt2 over (a, b) for the elements that lie there, and a second one
// over (that, c) for the rest. The index tables are built once.
struct Deinterleave3Index {
  alignas(64) uint16_t ab16[3][32], c16[3][32];
  alignas(64) int32_t ab32[3][16], c32[3][16];
  Deinterleave3Index() {
    for (int ch = 0; ch < 3; ++ch) {
      for (int i = 0; i < 32; ++i) {
        const int e = 3 * i + ch;  // element index among 96 u16
        ab16[ch][i] = static_cast<uint16_t>(e < 64 ? e : 0);
        c16[ch][i] = static_cast<uint16_t>(e < 64 ? i : 32 + (e - 64));
      }
      for (int i = 0; i < 16; ++i) {
        const int e = 3 * i + ch;  // element index among 48 f32
        ab32[ch][i] = e < 32 ? e : 0;
        c32[ch][i] = e < 32 ? i : 16 + (e - 32);
      }
    }
  }
};
const Deinterleave3Index& deinterleave3_index() {
  static const Deinterleave3Index index;
  return index;
}

// u16 gray, 32 RGB pixels per iteration: vpermt2w deinterleave, then the
// exact 15-bit fixed-point sum in 32-bit lanes (vpmulld), narrowed by vpmovdw.
void u16_rgb_to_gray_row(const uint16_t* src, uint16_t* dst, size_t width, int scn, bool bgr) {
  size_t x = 0;
  if (scn == 3) {
    const Deinterleave3Index& ix = deinterleave3_index();
    const int ri = bgr ? 2 : 0, bi = bgr ? 0 : 2;
    __m512i ab_u16x32[3], c_u16x32[3];
    for (int ch = 0; ch < 3; ++ch) {
      ab_u16x32[ch] = _mm512_load_si512(ix.ab16[ch]);
      c_u16x32[ch] = _mm512_load_si512(ix.c16[ch]);
    }
    const __m512i coef_r_s32x16 = _mm512_set1_epi32(kGrayR15);
    const __m512i coef_g_s32x16 = _mm512_set1_epi32(kGrayG15);
    const __m512i coef_b_s32x16 = _mm512_set1_epi32(kGrayB15);
    const __m512i round_s32x16 = _mm512_set1_epi32(1 << (kGrayShift - 1));
    auto half = [&](__m256i r, __m256i g, __m256i b) {
      const __m512i y = _mm512_add_epi32(
          _mm512_add_epi32(_mm512_mullo_epi32(_mm512_cvtepu16_epi32(r), coef_r_s32x16),
                           _mm512_mullo_epi32(_mm512_cvtepu16_epi32(g), coef_g_s32x16)),
          _mm512_add_epi32(_mm512_mullo_epi32(_mm512_cvtepu16_epi32(b), coef_b_s32x16),
                           round_s32x16));
      return _mm512_cvtepi32_epi16(_mm512_srli_epi32(y, kGrayShift));
    };
    for (; x + 32 <= width; x += 32) {
      const uint16_t* p = src + 3 * x;
      const __m512i a = _mm512_loadu_si512(p), b = _mm512_loadu_si512(p + 32),
                    c = _mm512_loadu_si512(p + 64);
      __m512i chan[3];
      for (int ch = 0; ch < 3; ++ch) {
        chan[ch] = _mm512_permutex2var_epi16(_mm512_permutex2var_epi16(a, ab_u16x32[ch], b),
                                             c_u16x32[ch], c);
      }
      const __m512i r = chan[ri], g = chan[1], bl = chan[bi];
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x),
                          half(_mm512_castsi512_si256(r), _mm512_castsi512_si256(g),
                               _mm512_castsi512_si256(bl)));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x + 16),
                          half(_mm512_extracti64x4_epi64(r, 1), _mm512_extracti64x4_epi64(g, 1),
                               _mm512_extracti64x4_epi64(bl, 1)));
    }
  }
  int_rgb_to_gray_generic(src + x * scn, dst + x, width - x, scn, bgr);
}

// f32 gray, 16 RGB pixels per iteration: vpermt2ps deinterleave, then
// (R*0.299 + G*0.587) + B*0.114 with separate multiplies and adds, exactly
// as the reference (no FMA), so every level gives the same bits.
void f32_rgb_to_gray_row(const float* src, float* dst, size_t width, int scn, bool bgr) {
  size_t x = 0;
  if (scn == 3) {
    const Deinterleave3Index& ix = deinterleave3_index();
    const int ri = bgr ? 2 : 0, bi = bgr ? 0 : 2;
    __m512i ab_s32x16[3], c_s32x16[3];
    for (int ch = 0; ch < 3; ++ch) {
      ab_s32x16[ch] = _mm512_load_si512(ix.ab32[ch]);
      c_s32x16[ch] = _mm512_load_si512(ix.c32[ch]);
    }
    const __m512 wr_f32x16 = _mm512_set1_ps(0.299f), wg_f32x16 = _mm512_set1_ps(0.587f),
                 wb_f32x16 = _mm512_set1_ps(0.114f);
    for (; x + 16 <= width; x += 16) {
      const float* p = src + 3 * x;
      const __m512 a = _mm512_loadu_ps(p), b = _mm512_loadu_ps(p + 16), c = _mm512_loadu_ps(p + 32);
      __m512 chan[3];
      for (int ch = 0; ch < 3; ++ch) {
        chan[ch] = _mm512_permutex2var_ps(_mm512_permutex2var_ps(a, ab_s32x16[ch], b), c_s32x16[ch], c);
      }
      const __m512 y = _mm512_add_ps(
          _mm512_add_ps(_mm512_mul_ps(chan[ri], wr_f32x16), _mm512_mul_ps(chan[1], wg_f32x16)),
          _mm512_mul_ps(chan[bi], wb_f32x16));
      _mm512_storeu_ps(dst + x, y);
    }
  }
  f32_rgb_to_gray_generic(src + x * scn, dst + x, width - x, scn, bgr);
}

// 64 gray bytes -> 192. Output lane m (0..11) expands gray chunk m / 3 with
// table m % 3: output zmm 0, 1, 2 take chunks (0,0,0,1), (1,1,2,2), (2,3,3,3).
void u8_gray_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  const auto& m = kColorMasks.gray_to_rgb;
  const __m512i parts0 = table64(m[0], m[1], m[2], m[0]);
  const __m512i parts1 = table64(m[1], m[2], m[0], m[1]);
  const __m512i parts2 = table64(m[2], m[0], m[1], m[2]);
  auto block = [&](auto part, size_t x, size_t n) {
    constexpr bool kPart = decltype(part)::value;
    const __m512i gray_u8x64 = ld<kPart>(src + x, 0, n);
    uint8_t* d = dst + 3 * x;
    const __m512i o0 =
        _mm512_shuffle_epi8(_mm512_shuffle_i32x4(gray_u8x64, gray_u8x64, 0x40), parts0);
    const __m512i o1 =
        _mm512_shuffle_epi8(_mm512_shuffle_i32x4(gray_u8x64, gray_u8x64, 0xA5), parts1);
    const __m512i o2 =
        _mm512_shuffle_epi8(_mm512_shuffle_i32x4(gray_u8x64, gray_u8x64, 0xFE), parts2);
    st<kPart>(d, 0, 3 * n, o0);
    st<kPart>(d, 1, 3 * n, o1);
    st<kPart>(d, 2, 3 * n, o2);
  };
  run_tiles<64, 3>(
      dst, width, [&](size_t x) { block(std::false_type{}, x, 64); },
      [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
}

// 4 channels: one vpshufb per 16 pixels. 3 channels: 64 pixels per block,
// vpermt2d spreads them to 4 pixels per lane, vpshufb swaps, vpermt2d packs
// (vpermt2w could move the bytes directly but costs two dword permutes).
// All loads of a block precede its stores: in place works.
void u8_rgb_to_bgr_row(const uint8_t* src, uint8_t* dst, size_t width, int cn) {
  if (cn == 4) {
    const __m512i swap_u8x64 = table64(kColorMasks.swap4);
    auto block = [&](auto part, size_t x, size_t n) {
      constexpr bool kPart = decltype(part)::value;
      st<kPart>(dst + 4 * x, 0, 4 * n,
                _mm512_shuffle_epi8(ld<kPart>(src + 4 * x, 0, 4 * n), swap_u8x64));
    };
    run_tiles<16, 4>(
        dst, width, [&](size_t x) { block(std::false_type{}, x, 16); },
        [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
    return;
  }
  const __m512i swap_u8x64 = table64(kColorMasks.swap3_lane);
  auto block = [&](auto part, size_t x, size_t n) {
    constexpr bool kPart = decltype(part)::value;
    const Rgb64<kPart> px(src + 3 * x, 3 * n);
    store_lanes192<kPart>(dst + 3 * x, 3 * n, _mm512_shuffle_epi8(px.g[0], swap_u8x64),
                          _mm512_shuffle_epi8(px.g[1], swap_u8x64),
                          _mm512_shuffle_epi8(px.g[2], swap_u8x64),
                          _mm512_shuffle_epi8(px.g[3], swap_u8x64));
  };
  run_tiles<64, 3>(
      dst, width, [&](size_t x) { block(std::false_type{}, x, 64); },
      [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
}

void u8_rgba_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  auto block = [&](auto part, size_t x, size_t n) {
    constexpr bool kPart = decltype(part)::value;
    const uint8_t* s = src + 4 * x;
    const size_t bytes = 4 * n;
    store_packed192<kPart>(dst + 3 * x, 3 * n, ld<kPart>(s, 0, bytes), ld<kPart>(s, 1, bytes),
                           ld<kPart>(s, 2, bytes), ld<kPart>(s, 3, bytes));
  };
  run_tiles<64, 3>(
      dst, width, [&](size_t x) { block(std::false_type{}, x, 64); },
      [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
}

void u8_rgb_to_rgba_row(const uint8_t* src, uint8_t* dst, size_t width, uint8_t alpha) {
  const __m512i spread_u8x64 = table64(kColorMasks.add4);
  const __m512i alpha_u8x64 =
      _mm512_set1_epi32(static_cast<int>(static_cast<uint32_t>(alpha) << 24));
  auto block = [&](auto part, size_t x, size_t n) {
    constexpr bool kPart = decltype(part)::value;
    const Rgb64<kPart> px(src + 3 * x, 3 * n);
    uint8_t* d = dst + 4 * x;
    for (size_t k = 0; k < 4; ++k) {
      st<kPart>(d, k, 4 * n,
                _mm512_or_si512(_mm512_shuffle_epi8(px.g[k], spread_u8x64), alpha_u8x64));
    }
  };
  run_tiles<64, 4>(
      dst, width, [&](size_t x) { block(std::false_type{}, x, 64); },
      [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
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

// 64 pixels per iteration as four groups of 16 (int32 lanes).
void u8_rgb_to_hsv_row(const uint8_t* src, uint8_t* dst, size_t width, int scn) {
  const ChannelUnpackMasks unpack(scn);
  const __m512i take_r = table64(unpack.ch[0]), take_g = table64(unpack.ch[1]);
  const __m512i take_b = table64(unpack.ch[2]);
  const __m512 sat_num_f32x16 = _mm512_set1_ps(static_cast<float>(255 << kHsvShift));
  const __m512 hue_num_f32x16 = _mm512_set1_ps(static_cast<float>(30 << kHsvShift));
  const __m512i one_s32x16 = _mm512_set1_epi32(1);
  const __m512i half_s32x16 = _mm512_set1_epi32(1 << (kHsvShift - 1));
  const __m512i k180_s32x16 = _mm512_set1_epi32(180);
  // px: 16 pixels, 4 per lane from byte 0 -> dword k = H | S << 8 | V << 16
  auto hsv16 = [&](__m512i px_u8x64) {
    const __m512i r_s32x16 = _mm512_shuffle_epi8(px_u8x64, take_r);
    const __m512i g_s32x16 = _mm512_shuffle_epi8(px_u8x64, take_g);
    const __m512i b_s32x16 = _mm512_shuffle_epi8(px_u8x64, take_b);
    const __m512i v_s32x16 = _mm512_max_epi32(r_s32x16, _mm512_max_epi32(g_s32x16, b_s32x16));
    const __m512i diff_s32x16 = _mm512_sub_epi32(
        v_s32x16, _mm512_min_epi32(r_s32x16, _mm512_min_epi32(g_s32x16, b_s32x16)));
    const __m512i sdiv_s32x16 = div_round(sat_num_f32x16, _mm512_max_epi32(v_s32x16, one_s32x16));
    const __m512i hdiv_s32x16 =
        div_round(hue_num_f32x16, _mm512_max_epi32(diff_s32x16, one_s32x16));
    const __m512i s_s32x16 = _mm512_srli_epi32(
        _mm512_add_epi32(_mm512_mullo_epi32(diff_s32x16, sdiv_s32x16), half_s32x16), kHsvShift);
    const __m512i diff2_s32x16 = _mm512_add_epi32(diff_s32x16, diff_s32x16);
    __m512i n_s32x16 = _mm512_add_epi32(_mm512_sub_epi32(r_s32x16, g_s32x16),
                                        _mm512_add_epi32(diff2_s32x16, diff2_s32x16));
    n_s32x16 = _mm512_mask_add_epi32(n_s32x16, _mm512_cmpeq_epi32_mask(v_s32x16, g_s32x16),
                                     _mm512_sub_epi32(b_s32x16, r_s32x16), diff2_s32x16);
    n_s32x16 = _mm512_mask_sub_epi32(n_s32x16, _mm512_cmpeq_epi32_mask(v_s32x16, r_s32x16),
                                     g_s32x16, b_s32x16);
    __m512i h_s32x16 = _mm512_srai_epi32(
        _mm512_add_epi32(_mm512_mullo_epi32(n_s32x16, hdiv_s32x16), half_s32x16), kHsvShift);
    h_s32x16 =
        _mm512_mask_add_epi32(h_s32x16, _mm512_movepi32_mask(h_s32x16), h_s32x16, k180_s32x16);
    return _mm512_ternarylogic_epi32(h_s32x16, _mm512_slli_epi32(s_s32x16, 8),
                                     _mm512_slli_epi32(v_s32x16, 16), 0xFE);  // a | b | c
  };
  auto block = [&](auto part, size_t x, size_t n) {
    constexpr bool kPart = decltype(part)::value;
    uint8_t* d = dst + 3 * x;
    if (scn == 3) {
      const Rgb64<kPart> px(src + 3 * x, 3 * n);
      store_packed192<kPart>(d, 3 * n, hsv16(px.g[0]), hsv16(px.g[1]), hsv16(px.g[2]),
                             hsv16(px.g[3]));
    } else {
      const uint8_t* s = src + 4 * x;
      const size_t bytes = 4 * n;
      store_packed192<kPart>(d, 3 * n, hsv16(ld<kPart>(s, 0, bytes)), hsv16(ld<kPart>(s, 1, bytes)),
                             hsv16(ld<kPart>(s, 2, bytes)), hsv16(ld<kPart>(s, 3, bytes)));
    }
  };
  run_tiles<64, 3>(
      dst, width, [&](size_t x) { block(std::false_type{}, x, 64); },
      [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
}

void f32_rgb_to_hsv_row(const float* src, float* dst, size_t width, int scn) {
  f32_rgb_to_hsv_generic(src, dst, width, scn);
}

// HSV -> RGB of 16 pixels, H already in sextants (H * 6 / range), S and V
// in [0, 1]: the arithmetic of hsv_candidates + hsv_pick, in the same order
// (the sector formula in float, unfused like the reference), with mask
// registers for the selects.
struct Rgb16f {
  __m512 r, g, b;
};
inline Rgb16f hsv_to_rgb16(__m512 hs_f32x16, __m512 s_f32x16, __m512 v_f32x16) {
  const __m512 one_f32x16 = _mm512_set1_ps(1.0f);
  const __m512 whole_f32x16 =
      _mm512_roundscale_ps(hs_f32x16, _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m512 frac_f32x16 = _mm512_sub_ps(hs_f32x16, whole_f32x16);
  const __m512 sixths_f32x16 =
      _mm512_roundscale_ps(_mm512_mul_ps(whole_f32x16, _mm512_set1_ps(1.0f / 6.0f)),
                           _MM_FROUND_TO_ZERO | _MM_FROUND_NO_EXC);
  const __m512 sector_f32x16 =
      _mm512_sub_ps(whole_f32x16, _mm512_mul_ps(sixths_f32x16, _mm512_set1_ps(6.0f)));
  const __m512 t0 = v_f32x16;
  const __m512 t1 = _mm512_mul_ps(v_f32x16, _mm512_sub_ps(one_f32x16, s_f32x16));
  const __m512 t2 = _mm512_mul_ps(v_f32x16, _mm512_fnmadd_ps(s_f32x16, frac_f32x16, one_f32x16));
  const __m512 t3 = _mm512_mul_ps(
      v_f32x16, _mm512_fnmadd_ps(s_f32x16, _mm512_sub_ps(one_f32x16, frac_f32x16), one_f32x16));
  auto below = [&](float n) {
    return _mm512_cmp_ps_mask(sector_f32x16, _mm512_set1_ps(n), _CMP_LT_OQ);
  };
  const __mmask16 lt1 = below(1), lt2 = below(2), lt3 = below(3), lt4 = below(4), lt5 = below(5);
  Rgb16f c;
  c.r = _mm512_mask_blend_ps(lt5, t0, t3);
  c.r = _mm512_mask_blend_ps(lt4, c.r, t1);
  c.r = _mm512_mask_blend_ps(lt2, c.r, t2);
  c.r = _mm512_mask_blend_ps(lt1, c.r, t0);
  c.g = _mm512_mask_blend_ps(lt4, t1, t2);
  c.g = _mm512_mask_blend_ps(lt3, c.g, t0);
  c.g = _mm512_mask_blend_ps(lt1, c.g, t3);
  c.b = _mm512_mask_blend_ps(lt5, t2, t0);
  c.b = _mm512_mask_blend_ps(lt3, c.b, t3);
  c.b = _mm512_mask_blend_ps(lt2, c.b, t1);
  return c;
}

// 64 pixels per iteration as four groups of 16 (float lanes).
void u8_hsv_to_rgb_row(const uint8_t* src, uint8_t* dst, size_t width) {
  const ChannelUnpackMasks unpack(3);
  const __m512i take_h = table64(unpack.ch[0]), take_s = table64(unpack.ch[1]);
  const __m512i take_v = table64(unpack.ch[2]);
  const __m512 to_sector_f32x16 = _mm512_set1_ps(kHsvU8HueToSector);
  const __m512 inv255_f32x16 = _mm512_set1_ps(kInv255);
  const __m512 k255_f32x16 = _mm512_set1_ps(255.0f);
  // px: 16 pixels, 4 per lane from byte 0 -> dword k = R | G << 8 | B << 16
  auto rgb16 = [&](__m512i px_u8x64) {
    const __m512 h_f32x16 = _mm512_cvtepi32_ps(_mm512_shuffle_epi8(px_u8x64, take_h));
    const __m512 s_f32x16 =
        _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_shuffle_epi8(px_u8x64, take_s)), inv255_f32x16);
    const __m512 v_f32x16 =
        _mm512_mul_ps(_mm512_cvtepi32_ps(_mm512_shuffle_epi8(px_u8x64, take_v)), inv255_f32x16);
    const Rgb16f c = hsv_to_rgb16(_mm512_mul_ps(h_f32x16, to_sector_f32x16), s_f32x16, v_f32x16);
    // every candidate lies in [0, 1.0000001]: the truncation fits a byte
    const __m512i r_s32x16 = _mm512_cvttps_epi32(_mm512_mul_ps(c.r, k255_f32x16));
    const __m512i g_s32x16 = _mm512_cvttps_epi32(_mm512_mul_ps(c.g, k255_f32x16));
    const __m512i b_s32x16 = _mm512_cvttps_epi32(_mm512_mul_ps(c.b, k255_f32x16));
    return _mm512_ternarylogic_epi32(r_s32x16, _mm512_slli_epi32(g_s32x16, 8),
                                     _mm512_slli_epi32(b_s32x16, 16), 0xFE);  // a | b | c
  };
  auto block = [&](auto part, size_t x, size_t n) {
    constexpr bool kPart = decltype(part)::value;
    const Rgb64<kPart> px(src + 3 * x, 3 * n);
    store_packed192<kPart>(dst + 3 * x, 3 * n, rgb16(px.g[0]), rgb16(px.g[1]), rgb16(px.g[2]),
                           rgb16(px.g[3]));
  };
  run_tiles<64, 3>(
      dst, width, [&](size_t x) { block(std::false_type{}, x, 64); },
      [&](size_t x, size_t n) { block(std::true_type{}, x, n); });
}

// 16 float pixels (48 floats in three zmm) per block: two-source permutes
// split them into H, S, V planes and merge R, G, B back (index tables in
// x86_color_masks.hpp); masked loads and stores (all lanes but in the last
// block).
void f32_hsv_to_rgb_row(const float* src, float* dst, size_t width) {
  const auto& t = kColorPermutes;
  const __m512 to_sector_f32x16 = _mm512_set1_ps(kHsvF32HueToSector);
  auto block = [&](const float* s, float* d, size_t floats) {
    const __m512 z0 = ldf(s, 0, floats), z1 = ldf(s, 1, floats), z2 = ldf(s, 2, floats);
    __m512 plane[3];
    for (int c = 0; c < 3; ++c) {
      const __m512 lo = _mm512_permutex2var_ps(z0, index64(t.f32_split_lo[c]), z1);
      plane[c] =
          _mm512_mask_permutexvar_ps(lo, t.f32_split_hi_mask[c], index64(t.f32_split_hi[c]), z2);
    }
    const __m512 hs_f32x16 = _mm512_mul_ps(plane[0], to_sector_f32x16);
    Rgb16f rgb = hsv_to_rgb16(hs_f32x16, plane[1], plane[2]);
    // NaN or infinite H -> NaN in all three channels (hs - hs is 0 otherwise)
    const __m512 nan_f32x16 = _mm512_sub_ps(hs_f32x16, hs_f32x16);
    const __mmask16 bad = _mm512_cmp_ps_mask(nan_f32x16, _mm512_setzero_ps(), _CMP_NEQ_UQ);
    rgb.r = _mm512_mask_mov_ps(rgb.r, bad, nan_f32x16);
    rgb.g = _mm512_mask_mov_ps(rgb.g, bad, nan_f32x16);
    rgb.b = _mm512_mask_mov_ps(rgb.b, bad, nan_f32x16);
    __m512 out[3];
    for (int j = 0; j < 3; ++j) {
      const __m512 lo = _mm512_permutex2var_ps(rgb.r, index64(t.f32_merge_lo[j]), rgb.g);
      out[j] =
          _mm512_mask_permutexvar_ps(lo, t.f32_merge_hi_mask[j], index64(t.f32_merge_hi[j]), rgb.b);
    }
    for (size_t j = 0; j < 3; ++j) stf(d, j, floats, out[j]);
  };
  size_t x = 0;
  for (; x + 16 <= width; x += 16) block(src + 3 * x, dst + 3 * x, 48);
  if (x < width) block(src + 3 * x, dst + 3 * x, 3 * (width - x));
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

}  // namespace vc::kernels::avx512
