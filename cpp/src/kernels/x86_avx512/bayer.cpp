// AVX-512 (F/BW) Bayer demosaicing rows: the SSE4.1 algorithms on 512-bit
// vectors, one tile = 64 u8 or 32 u16 output pixels. The tail of a row is
// one more tile with masked loads and stores (no scalar tail, no over-read).
//
// bilinear: vpavgb/vpavgw means with the exact one-bit correction for the
// 4-sample mean (see the SSE4.1 file); colour choice by mask-register blends.
// malvar: even / odd pixels in 16-bit (u8) or 32-bit (u16) lanes, two
// filters per parity.
// Store: per 128-bit lane, 3 vpshufb "rotations" and 2 mask blends per
// 16-byte RGB chunk (common/camera_x86_rgb_store.hpp); then vpermt2q /
// vpermq put the 12 chunks in memory order.
//
// The templates run on both pixel types, so vector names say what they
// hold (rows: above/row/below x left/centre/right) rather than a lane type.
#include <immintrin.h>

#include <type_traits>

#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/common/bayer_generic.hpp"
#include "kernels/common/camera_x86_rgb_store.hpp"
#include "kernels/isa_namespace.hpp"

namespace {

// The first n (< 64) bits set, or all.
__mmask64 first_bits(size_t n) { return n >= 64 ? ~__mmask64{0} : (__mmask64{1} << n) - 1; }

// Masked load of the first n elements of T.
template <class T>
__m512i load_n(const T* p, size_t n) {
  if (sizeof(T) == 1) return _mm512_maskz_loadu_epi8(first_bits(n), p);
  return _mm512_maskz_loadu_epi16(static_cast<__mmask32>(first_bits(n)), p);
}

// Blend by per-element mask (bits per T element): b where set, a elsewhere.
template <class T>
__m512i blend(uint64_t m, __m512i a, __m512i b) {
  if (sizeof(T) == 1) return _mm512_mask_blend_epi8(m, a, b);
  return _mm512_mask_blend_epi16(static_cast<__mmask32>(m), a, b);
}

// Packed-RGB store of three planes (R, G, B order) of `n` pixels.
template <class T>
struct RgbStore {
  __m512i rotate[3];
  __mmask64 take[3][2];  // [chunk]: bytes from plane 1, bytes from plane 2
  __m512i idx2[3];       // vpermt2q indices (x0, x1) per output vector
  __m512i idx1[3];       // vpermq indices into x2
  __mmask8 from2[3];     // qwords taken from x2
  RgbStore() {
    const RgbStoreMasks<sizeof(T)>& m = kRgbStoreMasks<T>;
    for (int c = 0; c < 3; ++c) {
      rotate[c] =
          _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(m.rotate[c])));
    }
    for (int k = 0; k < 3; ++k) {
      const __m512i sel =
          _mm512_broadcast_i32x4(_mm_load_si128(reinterpret_cast<const __m128i*>(m.select[k])));
      take[k][0] = _mm512_cmpeq_epi8_mask(sel, _mm512_set1_epi8(1));
      take[k][1] = _mm512_cmpeq_epi8_mask(sel, _mm512_set1_epi8(2));
    }
    // x[k] holds chunk k of lanes 0..3 (qwords 2L, 2L+1); memory order is
    // L0k0 L0k1 L0k2 L1k0 | L1k1 L1k2 L2k0 L2k1 | L2k2 L3k0 L3k1 L3k2.
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
  void operator()(T* dst, __m512i r, __m512i g, __m512i b, size_t n) const {
    const __m512i rr = _mm512_shuffle_epi8(r, rotate[0]);
    const __m512i rg = _mm512_shuffle_epi8(g, rotate[1]);
    const __m512i rb = _mm512_shuffle_epi8(b, rotate[2]);
    __m512i x[3];
    for (int k = 0; k < 3; ++k) {
      x[k] = _mm512_mask_blend_epi8(take[k][1], _mm512_mask_blend_epi8(take[k][0], rr, rg), rb);
    }
    auto* d = reinterpret_cast<uint8_t*>(dst);
    size_t bytes = 3 * n * sizeof(T);
    for (int k = 0; k < 3; ++k) {
      const __m512i v = _mm512_mask_permutexvar_epi64(
          _mm512_permutex2var_epi64(x[0], idx2[k], x[1]), from2[k], idx1[k], x[2]);
      if (bytes >= 64) {
        _mm512_storeu_si512(d + 64 * k, v);
        bytes -= 64;
      } else {
        if (bytes) _mm512_mask_storeu_epi8(d + 64 * k, first_bits(bytes), v);
        bytes = 0;
      }
    }
  }
};

// ---- bilinear ----

template <class T>
__m512i avg(__m512i a, __m512i b) {
  return sizeof(T) == 1 ? _mm512_avg_epu8(a, b) : _mm512_avg_epu16(a, b);
}
template <class T>
__m512i avg4(__m512i a, __m512i b, __m512i c, __m512i d, __m512i ab, __m512i cd, __m512i one) {
  const __m512i odd = _mm512_or_si512(_mm512_xor_si512(a, b), _mm512_xor_si512(c, d));
  // odd & (ab ^ cd) & one in one vpternlog
  const __m512i fix = _mm512_and_si512(_mm512_ternarylogic_epi64(odd, ab, cd, 0x60), one);
  const __m512i m = avg<T>(ab, cd);
  return sizeof(T) == 1 ? _mm512_sub_epi8(m, fix) : _mm512_sub_epi16(m, fix);
}

template <class T, bool kBlue>
void bilinear_row(const T* above, const T* row, const T* below, T* dst, size_t width, int phase) {
  constexpr size_t kN = 64 / sizeof(T);
  const RgbStore<T> store;
  const __m512i one = sizeof(T) == 1 ? _mm512_set1_epi8(1) : _mm512_set1_epi16(1);
  // element masks: bit i set where tile pixel i is even
  const uint64_t even = sizeof(T) == 1 ? 0x5555555555555555ull : 0x55555555ull;
  const uint64_t all = sizeof(T) == 1 ? ~0ull : 0xFFFFFFFFull;
  const bool green_first = (phase & kBayerGreenFirst) != 0;
  auto tile = [&](size_t i, size_t n) {
    const uint64_t green = ((i & 1) != 0) != green_first ? even : (all & ~even);
    const __m512i al = load_n(above + i, n), ac = load_n(above + i + 1, n),
                  ar = load_n(above + i + 2, n);
    const __m512i rl = load_n(row + i, n), rc = load_n(row + i + 1, n), rr = load_n(row + i + 2, n);
    const __m512i bl = load_n(below + i, n), bc = load_n(below + i + 1, n),
                  br = load_n(below + i + 2, n);
    const __m512i v2 = avg<T>(ac, bc);
    const __m512i h2 = avg<T>(rl, rr);
    const __m512i cross = avg4<T>(ac, bc, rl, rr, v2, h2, one);
    const __m512i d1 = avg<T>(al, ar);
    const __m512i d2 = avg<T>(bl, br);
    const __m512i diag = avg4<T>(al, ar, bl, br, d1, d2, one);
    const __m512i own = blend<T>(green, rc, h2);
    const __m512i grn = blend<T>(green, cross, rc);
    const __m512i other = blend<T>(green, diag, v2);
    if (kBlue) {
      store(dst + 3 * i, other, grn, own, n);
    } else {
      store(dst + 3 * i, own, grn, other, n);
    }
  };
  size_t i = 0;
  for (; i + kN <= width; i += kN) tile(i, kN);
  if (i < width) tile(i, width - i);
}

// ---- malvar ----

template <class T>
struct Wide {
  static constexpr bool k8 = sizeof(T) == 1;
  static __m512i low_mask() { return k8 ? _mm512_set1_epi16(0x00FF) : _mm512_set1_epi32(0xFFFF); }
  static __m512i odd(__m512i v) { return k8 ? _mm512_srli_epi16(v, 8) : _mm512_srli_epi32(v, 16); }
  static __m512i add(__m512i a, __m512i b) {
    return k8 ? _mm512_add_epi16(a, b) : _mm512_add_epi32(a, b);
  }
  static __m512i sub(__m512i a, __m512i b) {
    return k8 ? _mm512_sub_epi16(a, b) : _mm512_sub_epi32(a, b);
  }
  static __m512i shl(__m512i a, unsigned s) {
    return k8 ? _mm512_slli_epi16(a, s) : _mm512_slli_epi32(a, s);
  }
  static __m512i set1(int v) {
    return k8 ? _mm512_set1_epi16(static_cast<short>(v)) : _mm512_set1_epi32(v);
  }
  static __m512i finish(__m512i v, __m512i maxv) {
    if (k8)
      return _mm512_min_epi16(_mm512_max_epi16(_mm512_srai_epi16(v, 4), _mm512_setzero_si512()),
                              maxv);
    return _mm512_min_epi32(_mm512_max_epi32(_mm512_srai_epi32(v, 4), _mm512_setzero_si512()),
                            maxv);
  }
  static __m512i merge(__m512i even, __m512i odd_v) {
    return _mm512_or_si512(even, shl(odd_v, 8 * sizeof(T)));
  }
};

template <class T, bool kBlue>
void malvar_row(const T* const* rows, T* dst, size_t width, int phase) {
  using V = Wide<T>;
  constexpr size_t kN = 64 / sizeof(T);
  const RgbStore<T> store;
  const __m512i low = V::low_mask();
  const __m512i maxv = V::set1(static_cast<T>(~T(0)));
  const __m512i eight = V::set1(8);
  auto tile = [&](size_t i, size_t n, auto green_even_tag) {
    constexpr bool kGreenEven = decltype(green_even_tag)::value;
    // Source offsets -2, 0, +2 from the first pixel's column. An even pixel
    // 2j also reads element 2j + 1 of the first two (its odd-offset
    // neighbours), so those cover an even count.
    const size_t n_even = n + (n & 1);
    __m512i l[5][3];
    for (int r = 0; r < 5; ++r) {
      l[r][0] = load_n(rows[r] + i, n_even);
      l[r][1] = load_n(rows[r] + i + 2, n_even);
      l[r][2] = load_n(rows[r] + i + 4, n);
    }
    auto nb = [&](int r, int d, int par) {
      if (par == 0) {
        return (d & 1) ? V::odd(l[r][(d + 1) / 2]) : _mm512_and_si512(l[r][(d + 2) / 2], low);
      }
      return (d & 1) ? _mm512_and_si512(l[r][(d + 3) / 2], low) : V::odd(l[r][(d + 2) / 2]);
    };
    constexpr int kG = kGreenEven ? 0 : 1;
    constexpr int kC = 1 - kG;
    const __m512i gc = nb(2, 0, kG);
    const __m512i g_diag =
        V::add(V::add(nb(1, -1, kG), nb(1, 1, kG)), V::add(nb(3, -1, kG), nb(3, 1, kG)));
    const __m512i g_h1 = V::add(nb(2, -1, kG), nb(2, 1, kG));
    const __m512i g_v1 = V::add(nb(1, 0, kG), nb(3, 0, kG));
    const __m512i g_h2 = V::add(nb(2, -2, kG), nb(2, 2, kG));
    const __m512i g_v2 = V::add(nb(0, 0, kG), nb(4, 0, kG));
    const __m512i g_base =
        V::add(V::sub(V::add(V::shl(gc, 3), V::shl(gc, 1)), V::shl(g_diag, 1)), eight);
    const __m512i g_own =
        V::finish(V::add(V::sub(V::add(g_base, V::shl(g_h1, 3)), V::shl(g_h2, 1)), g_v2), maxv);
    const __m512i g_other =
        V::finish(V::add(V::sub(V::add(g_base, V::shl(g_v1, 3)), V::shl(g_v2, 1)), g_h2), maxv);
    const __m512i cc = nb(2, 0, kC);
    const __m512i c_diag =
        V::add(V::add(nb(1, -1, kC), nb(1, 1, kC)), V::add(nb(3, -1, kC), nb(3, 1, kC)));
    const __m512i c_ax1 =
        V::add(V::add(nb(2, -1, kC), nb(2, 1, kC)), V::add(nb(1, 0, kC), nb(3, 0, kC)));
    const __m512i c_ax2 =
        V::add(V::add(nb(2, -2, kC), nb(2, 2, kC)), V::add(nb(0, 0, kC), nb(4, 0, kC)));
    const __m512i c_green = V::finish(
        V::add(V::sub(V::add(V::shl(cc, 3), V::shl(c_ax1, 2)), V::shl(c_ax2, 1)), eight), maxv);
    const __m512i c_12 = V::add(V::shl(cc, 3), V::shl(cc, 2));
    const __m512i c_other = V::finish(
        V::add(V::sub(V::add(c_12, V::shl(c_diag, 2)), V::add(V::shl(c_ax2, 1), c_ax2)), eight),
        maxv);
    __m512i own, green, other;
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
      store(dst + 3 * i, other, green, own, n);
    } else {
      store(dst + 3 * i, own, green, other, n);
    }
  };
  using Even = std::true_type;
  using Odd = std::false_type;
  const bool green_first = (phase & kBayerGreenFirst) != 0;
  auto run = [&](size_t i, size_t n) {
    // tiles start at even i, except possibly none: kN is even
    if (green_first != ((i & 1) != 0)) {
      tile(i, n, Even{});
    } else {
      tile(i, n, Odd{});
    }
  };
  size_t i = 0;
  for (; i + kN <= width; i += kN) run(i, kN);
  if (i < width) run(i, width - i);
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

}  // namespace vc::kernels::avx512
