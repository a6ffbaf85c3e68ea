// AVX2 Bayer demosaicing rows: the SSE4.1 algorithms on 256-bit vectors.
// One tile = 32 u8 or 16 u16 output pixels. Every step works within 128-bit
// lanes, so each lane ends with its own 48 bytes of RGB (3 vpshufb + byte
// selects, common/camera_x86_rgb_store.hpp); three vperm2i128 put the six
// 16-byte chunks in memory order.
//
// bilinear: pavgb/pavgw give (a + b + 1) >> 1 exactly; the 4-sample mean
// (a + b + c + d + 2) >> 2 is avg(avg(a, b), avg(c, d)) minus a one-bit
// correction, ((a ^ b) | (c ^ d)) & (avg(a, b) ^ avg(c, d)) & 1, so the
// whole kernel stays in the pixel width (no unpacking). All four estimates
// are computed in every lane and pblendvb picks by the lane's colour.
//
// malvar: 16-bit (u8) or 32-bit (u16) arithmetic without unpacking: a
// vector of pixels is split into its even and odd pixels (mask / shift
// within each double-width lane), and since Bayer columns alternate green
// and red/blue, the even lanes need only two filters and the odd lanes the
// other two. Results are merged back with a shift and an or.
//
// The templates run on both pixel types, so vector names say what they
// hold (rows: above/row/below x left/centre/right) rather than a lane type.
#include <immintrin.h>

#include <type_traits>

#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/common/bayer_generic.hpp"
#include "kernels/common/camera_x86_rgb_store.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

template <class T>
__m256i load(const T* p) {
  return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
}

// 16 bytes broadcast to both 128-bit lanes.
__m256i lanes(const uint8_t* p) {
  return _mm256_broadcastsi128_si256(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// Packed-RGB store of three planes given in R, G, B order.
template <class T>
struct RgbStore {
  __m256i rotate[3];
  __m256i select[3][3];  // [chunk][plane]: all-ones where the chunk takes the plane
  RgbStore() {
    const RgbStoreMasks<sizeof(T)>& m = kRgbStoreMasks<T>;
    for (int c = 0; c < 3; ++c) rotate[c] = lanes(m.rotate[c]);
    for (int k = 0; k < 3; ++k) {
      const __m256i sel = lanes(m.select[k]);
      for (int c = 0; c < 3; ++c)
        select[k][c] = _mm256_cmpeq_epi8(sel, _mm256_set1_epi8(static_cast<char>(c)));
    }
  }
  void operator()(T* dst, __m256i r, __m256i g, __m256i b) const {
    const __m256i rr = _mm256_shuffle_epi8(r, rotate[0]);
    const __m256i rg = _mm256_shuffle_epi8(g, rotate[1]);
    const __m256i rb = _mm256_shuffle_epi8(b, rotate[2]);
    __m256i x[3];  // x[k]: chunk k of each lane
    for (int k = 0; k < 3; ++k) {
      x[k] = _mm256_or_si256(
          _mm256_or_si256(_mm256_and_si256(rr, select[k][0]), _mm256_and_si256(rg, select[k][1])),
          _mm256_and_si256(rb, select[k][2]));
    }
    auto* d = reinterpret_cast<__m256i*>(dst);
    _mm256_storeu_si256(d, _mm256_permute2x128_si256(x[0], x[1], 0x20));
    _mm256_storeu_si256(d + 1, _mm256_permute2x128_si256(x[2], x[0], 0x30));
    _mm256_storeu_si256(d + 2, _mm256_permute2x128_si256(x[1], x[2], 0x31));
  }
};

// ---- bilinear ----

template <class T>
__m256i avg(__m256i a, __m256i b) {
  return sizeof(T) == 1 ? _mm256_avg_epu8(a, b) : _mm256_avg_epu16(a, b);
}
template <class T>
__m256i sub(__m256i a, __m256i b) {
  return sizeof(T) == 1 ? _mm256_sub_epi8(a, b) : _mm256_sub_epi16(a, b);
}
// (a + b + c + d + 2) >> 2 from ab = avg(a, b), cd = avg(c, d).
template <class T>
__m256i avg4(__m256i a, __m256i b, __m256i c, __m256i d, __m256i ab, __m256i cd, __m256i one) {
  const __m256i odd = _mm256_or_si256(_mm256_xor_si256(a, b), _mm256_xor_si256(c, d));
  const __m256i fix = _mm256_and_si256(_mm256_and_si256(odd, _mm256_xor_si256(ab, cd)), one);
  return sub<T>(avg<T>(ab, cd), fix);
}

template <class T, bool kBlue>
void bilinear_row(const T* above, const T* row, const T* below, T* dst, size_t width, int phase) {
  constexpr size_t kN = 32 / sizeof(T);
  const RgbStore<T> store;
  const __m256i one = sizeof(T) == 1 ? _mm256_set1_epi8(1) : _mm256_set1_epi16(1);
  // all-ones in the lanes of even pixels
  const __m256i even = sizeof(T) == 1 ? _mm256_set1_epi16(0x00FF) : _mm256_set1_epi32(0x0000FFFF);
  const bool green_first = (phase & kBayerGreenFirst) != 0;
  // green_lanes: all-ones in the lanes of green pixels
  auto tile = [&](size_t i, __m256i green_lanes) {
    const __m256i al = load(above + i), ac = load(above + i + 1), ar = load(above + i + 2);
    const __m256i rl = load(row + i), rc = load(row + i + 1), rr = load(row + i + 2);
    const __m256i bl = load(below + i), bc = load(below + i + 1), br = load(below + i + 2);
    const __m256i v2 = avg<T>(ac, bc);
    const __m256i h2 = avg<T>(rl, rr);
    const __m256i cross = avg4<T>(ac, bc, rl, rr, v2, h2, one);
    const __m256i d1 = avg<T>(al, ar);
    const __m256i d2 = avg<T>(bl, br);
    const __m256i diag = avg4<T>(al, ar, bl, br, d1, d2, one);
    const __m256i own = _mm256_blendv_epi8(rc, h2, green_lanes);  // the row's colour
    const __m256i green = _mm256_blendv_epi8(cross, rc, green_lanes);
    const __m256i other = _mm256_blendv_epi8(diag, v2, green_lanes);
    if (kBlue) {
      store(dst + 3 * i, other, green, own);
    } else {
      store(dst + 3 * i, own, green, other);
    }
  };
  if (width < kN) {
    bayer_bilinear_row_generic(above, row, below, dst, width, phase);
    return;
  }
  const __m256i green_even = green_first ? even : _mm256_andnot_si256(even, _mm256_set1_epi8(-1));
  const __m256i green_odd = _mm256_andnot_si256(green_even, _mm256_set1_epi8(-1));
  size_t i = 0;
  for (; i + kN <= width; i += kN) tile(i, green_even);
  if (i < width) {
    // last tile overlaps the previous one; its parity may differ
    const size_t s = width - kN;
    tile(s, (s & 1) ? green_odd : green_even);
  }
}

// ---- malvar ----

// Double-width lane arithmetic: W = 16-bit lanes for u8 pixels, 32-bit for u16.
template <class T>
struct Wide {
  static constexpr bool k8 = sizeof(T) == 1;
  static __m256i low_mask() { return k8 ? _mm256_set1_epi16(0x00FF) : _mm256_set1_epi32(0xFFFF); }
  static __m256i odd(__m256i v) { return k8 ? _mm256_srli_epi16(v, 8) : _mm256_srli_epi32(v, 16); }
  static __m256i add(__m256i a, __m256i b) {
    return k8 ? _mm256_add_epi16(a, b) : _mm256_add_epi32(a, b);
  }
  static __m256i sub(__m256i a, __m256i b) {
    return k8 ? _mm256_sub_epi16(a, b) : _mm256_sub_epi32(a, b);
  }
  static __m256i shl(__m256i a, int s) {
    return k8 ? _mm256_slli_epi16(a, s) : _mm256_slli_epi32(a, s);
  }
  static __m256i set1(int v) {
    return k8 ? _mm256_set1_epi16(static_cast<short>(v)) : _mm256_set1_epi32(v);
  }
  // (v >> 4) clamped to [0, max of T]
  static __m256i finish(__m256i v, __m256i maxv) {
    if (k8)
      return _mm256_min_epi16(_mm256_max_epi16(_mm256_srai_epi16(v, 4), _mm256_setzero_si256()),
                              maxv);
    return _mm256_min_epi32(_mm256_max_epi32(_mm256_srai_epi32(v, 4), _mm256_setzero_si256()),
                            maxv);
  }
  // even and odd pixel values (each < 2^(8*sizeof(T))) back into one vector
  static __m256i merge(__m256i even, __m256i odd_v) {
    return _mm256_or_si256(even, shl(odd_v, 8 * sizeof(T)));
  }
};

template <class T, bool kBlue>
void malvar_row(const T* const* rows, T* dst, size_t width, int phase) {
  using V = Wide<T>;
  constexpr size_t kN = 32 / sizeof(T);
  if (width < kN) {
    bayer_malvar_row_generic(rows, dst, width, phase);
    return;
  }
  const RgbStore<T> store;
  const __m256i low = V::low_mask();
  const __m256i maxv = V::set1(static_cast<T>(~T(0)));
  const __m256i eight = V::set1(8);
  // Tile of output pixels [i, i + kN); kGreenEven: its even pixels are green.
  auto tile = [&](size_t i, auto green_even_tag) {
    constexpr bool kGreenEven = decltype(green_even_tag)::value;
    // loads at columns x-2, x, x+2 of the tile's first pixel x = i + 2
    // (source index i + 2 + d); even / odd extraction gives every offset
    // in -2..2 for both parities.
    __m256i l[5][3];
    for (int r = 0; r < 5; ++r) {
      l[r][0] = load(rows[r] + i);
      l[r][1] = load(rows[r] + i + 2);
      l[r][2] = load(rows[r] + i + 4);
    }
    // neighbour at offset d (-2..2) of row r, for the even (par 0) or odd pixels
    auto nb = [&](int r, int d, int par) {
      if (par == 0) {
        return (d & 1) ? V::odd(l[r][(d + 1) / 2]) : _mm256_and_si256(l[r][(d + 2) / 2], low);
      }
      return (d & 1) ? _mm256_and_si256(l[r][(d + 3) / 2], low) : V::odd(l[r][(d + 2) / 2]);
    };
    constexpr int kG = kGreenEven ? 0 : 1;  // parity of the green pixels
    constexpr int kC = 1 - kG;              // parity of the red / blue pixels
    // green pixels: the row's colour horizontally, the other one vertically
    const __m256i gc = nb(2, 0, kG);
    const __m256i g_diag =
        V::add(V::add(nb(1, -1, kG), nb(1, 1, kG)), V::add(nb(3, -1, kG), nb(3, 1, kG)));
    const __m256i g_h1 = V::add(nb(2, -1, kG), nb(2, 1, kG));
    const __m256i g_v1 = V::add(nb(1, 0, kG), nb(3, 0, kG));
    const __m256i g_h2 = V::add(nb(2, -2, kG), nb(2, 2, kG));
    const __m256i g_v2 = V::add(nb(0, 0, kG), nb(4, 0, kG));
    // 10c - 2 diag + 8
    const __m256i g_base =
        V::add(V::sub(V::add(V::shl(gc, 3), V::shl(gc, 1)), V::shl(g_diag, 1)), eight);
    const __m256i g_own =
        V::finish(V::add(V::sub(V::add(g_base, V::shl(g_h1, 3)), V::shl(g_h2, 1)), g_v2), maxv);
    const __m256i g_other =
        V::finish(V::add(V::sub(V::add(g_base, V::shl(g_v1, 3)), V::shl(g_v2, 1)), g_h2), maxv);
    // red / blue pixels: green from the axial neighbours, the other colour diagonally
    const __m256i cc = nb(2, 0, kC);
    const __m256i c_diag =
        V::add(V::add(nb(1, -1, kC), nb(1, 1, kC)), V::add(nb(3, -1, kC), nb(3, 1, kC)));
    const __m256i c_ax1 =
        V::add(V::add(nb(2, -1, kC), nb(2, 1, kC)), V::add(nb(1, 0, kC), nb(3, 0, kC)));
    const __m256i c_ax2 =
        V::add(V::add(nb(2, -2, kC), nb(2, 2, kC)), V::add(nb(0, 0, kC), nb(4, 0, kC)));
    // 8c + 4 ax1 - 2 ax2 + 8
    const __m256i c_green = V::finish(
        V::add(V::sub(V::add(V::shl(cc, 3), V::shl(c_ax1, 2)), V::shl(c_ax2, 1)), eight), maxv);
    // 12c + 4 diag - 3 ax2 + 8
    const __m256i c_12 = V::add(V::shl(cc, 3), V::shl(cc, 2));
    const __m256i c_other = V::finish(
        V::add(V::sub(V::add(c_12, V::shl(c_diag, 2)), V::add(V::shl(c_ax2, 1), c_ax2)), eight),
        maxv);
    __m256i own, green, other;
    if (kGreenEven) {
      own = V::merge(g_own, cc);
      green = V::merge(gc, c_green);
      other = V::merge(g_other, c_other);
    } else {
      own = V::merge(cc, g_own);
      green = V::merge(c_green, gc);
      other = V::merge(c_other, g_other);
    }
    if (kBlue) {
      store(dst + 3 * i, other, green, own);
    } else {
      store(dst + 3 * i, own, green, other);
    }
  };
  using Even = std::true_type;
  using Odd = std::false_type;
  const bool green_first = (phase & kBayerGreenFirst) != 0;
  size_t i = 0;
  for (; i + kN <= width; i += kN) {
    if (green_first) {
      tile(i, Even{});
    } else {
      tile(i, Odd{});
    }
  }
  if (i < width) {
    const size_t s = width - kN;
    if (green_first != ((s & 1) != 0)) {
      tile(s, Even{});
    } else {
      tile(s, Odd{});
    }
  }
}

}  // namespace

void u8_bayer_bilinear_row(const uint8_t* above, const uint8_t* row, const uint8_t* below,
                           uint8_t* dst, size_t width, int phase) {
  if (phase & kBayerBlueRow) {
    bilinear_row<uint8_t, true>(above, row, below, dst, width, phase);
  } else {
    bilinear_row<uint8_t, false>(above, row, below, dst, width, phase);
  }
}
void u16_bayer_bilinear_row(const uint16_t* above, const uint16_t* row, const uint16_t* below,
                            uint16_t* dst, size_t width, int phase) {
  if (phase & kBayerBlueRow) {
    bilinear_row<uint16_t, true>(above, row, below, dst, width, phase);
  } else {
    bilinear_row<uint16_t, false>(above, row, below, dst, width, phase);
  }
}
void u8_bayer_malvar_row(const uint8_t* const* rows, uint8_t* dst, size_t width, int phase) {
  if (phase & kBayerBlueRow) {
    malvar_row<uint8_t, true>(rows, dst, width, phase);
  } else {
    malvar_row<uint8_t, false>(rows, dst, width, phase);
  }
}
void u16_bayer_malvar_row(const uint16_t* const* rows, uint16_t* dst, size_t width, int phase) {
  if (phase & kBayerBlueRow) {
    malvar_row<uint16_t, true>(rows, dst, width, phase);
  } else {
    malvar_row<uint16_t, false>(rows, dst, width, phase);
  }
}

}  // namespace vc::kernels::avx2
