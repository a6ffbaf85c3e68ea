// AVX-512 (F/BW/VL/DQ) geometry kernels: the AVX2 designs at 16 lanes.
// Gathers take mask-free 16-lane forms; the u8 outputs narrow with vpmovdb
// (lanes are already in range), packed RGB leaves through a 48-byte masked
// store, so nothing past the row end is touched.
#include <immintrin.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "kernels/kernel_table.hpp"
#include "visioncore/border.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/geometry_resize_generic.hpp"
#include "kernels/common/geometry_warp_generic.hpp"
#include "kernels/common/geometry_flip_generic.hpp"

// The vector interface of common/geometry_x86_simd.hpp, 16 lanes.
struct V {
  static constexpr int N = 16;
  static constexpr bool kWindow = true;
  static constexpr bool kWindow4 = true;
  using F = __m512;
  using I = __m512i;
  static F loadf(const float* p) { return _mm512_loadu_ps(p); }
  static I loadi(const int32_t* p) { return _mm512_loadu_si512(p); }
  static void storef(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F setf(float v) { return _mm512_set1_ps(v); }
  static I seti(int32_t v) { return _mm512_set1_epi32(v); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F minf(F a, F b) { return _mm512_min_ps(a, b); }
  static F maxf(F a, F b) { return _mm512_max_ps(a, b); }
  static F floorf(F v) { return _mm512_roundscale_ps(v, _MM_FROUND_TO_NEG_INF | _MM_FROUND_NO_EXC); }
  static I cvtt(F v) { return _mm512_cvttps_epi32(v); }
  static I cvtr(F v) { return _mm512_cvtps_epi32(v); }
  static F cvtf(I v) { return _mm512_cvtepi32_ps(v); }
  static I iadd(I a, I b) { return _mm512_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm512_sub_epi32(a, b); }
  // 32 source elements as two float vectors
  static void load_window(const uint8_t* p, F* lo, F* hi) {
    const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
    *lo = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm256_castsi256_si128(b)));
    *hi = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm256_extracti128_si256(b, 1)));
  }
  static void load_window(const uint16_t* p, F* lo, F* hi) {
    *lo = _mm512_cvtepi32_ps(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))));
    *hi = _mm512_cvtepi32_ps(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 16))));
  }
  static void load_window(const float* p, F* lo, F* hi) {
    *lo = _mm512_loadu_ps(p);
    *hi = _mm512_loadu_ps(p + 16);
  }
  static F permute2(F lo, F hi, I idx) { return _mm512_permutex2var_ps(lo, idx, hi); }
  // 64 source elements as four float vectors
  static void load_window4(const uint8_t* p, F* w) {
    const __m512i b = _mm512_loadu_si512(p);
    w[0] = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm512_castsi512_si128(b)));
    w[1] = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(b, 1)));
    w[2] = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(b, 2)));
    w[3] = _mm512_cvtepi32_ps(_mm512_cvtepu8_epi32(_mm512_extracti32x4_epi32(b, 3)));
  }
  static void load_window4(const uint16_t* p, F* w) {
    for (int k = 0; k < 4; ++k) {
      w[k] = _mm512_cvtepi32_ps(_mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + 16 * k))));
    }
  }
  static void load_window4(const float* p, F* w) {
    for (int k = 0; k < 4; ++k) w[k] = _mm512_loadu_ps(p + 16 * k);
  }
  // lanes 0..31 from w[0..1], 32..63 from w[2..3] (bit 5 of idx)
  static F permute4(const F* w, I idx) {
    const F a = _mm512_permutex2var_ps(w[0], idx, w[1]);
    const F b = _mm512_permutex2var_ps(w[2], idx, w[3]);
    return _mm512_mask_blend_ps(_mm512_test_epi32_mask(idx, _mm512_set1_epi32(32)), a, b);
  }
  static I imul(I a, I b) { return _mm512_mullo_epi32(a, b); }
  static I iand(I a, I b) { return _mm512_and_si512(a, b); }
  static I ior(I a, I b) { return _mm512_or_si512(a, b); }
  static I isrl(I v, int n) { return _mm512_srl_epi32(v, _mm_cvtsi32_si128(n)); }
  static I isll(I v, int n) { return _mm512_sll_epi32(v, _mm_cvtsi32_si128(n)); }
  static I imin(I a, I b) { return _mm512_min_epi32(a, b); }
  static I imax(I a, I b) { return _mm512_max_epi32(a, b); }
  static unsigned range_bits(I v, int lo, int hi) {
    return _mm512_cmpge_epi32_mask(v, _mm512_set1_epi32(lo)) &
           _mm512_cmple_epi32_mask(v, _mm512_set1_epi32(hi));
  }
  static bool ieq_all(I a, I b) { return _mm512_cmpneq_epi32_mask(a, b) == 0; }
  static I gather(const uint8_t* base, I off) { return _mm512_i32gather_epi32(off, base, 1); }
  static F gatherf(const uint8_t* base, I off) { return _mm512_i32gather_ps(off, base, 1); }
  // 8-byte gathers (8 lanes each), then even/odd floats back in lane order
  static void gather_pairs(const uint8_t* base, I off, F* a, F* b) {
    const F lo = _mm512_castsi512_ps(_mm512_i32gather_epi64(_mm512_castsi512_si256(off), base, 1));
    const F hi = _mm512_castsi512_ps(_mm512_i32gather_epi64(_mm512_extracti64x4_epi64(off, 1), base, 1));
    const I even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    *a = _mm512_permutex2var_ps(lo, even, hi);
    *b = _mm512_permutex2var_ps(lo, _mm512_add_epi32(even, _mm512_set1_epi32(1)), hi);
  }
  static void store_u8(uint8_t* d, I v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), _mm512_cvtepi32_epi8(v));
  }
  // 4 vectors of int32 -> 64 bytes, saturating (int16, then uint8); the
  // packs work per 128-bit lane, vpermd restores the order of the dwords
  static void store_u8x4(uint8_t* d, I a, I b, I c, I e) {
    const I p = _mm512_packus_epi16(_mm512_packs_epi32(a, b), _mm512_packs_epi32(c, e));
    const I order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
    _mm512_storeu_si512(d, _mm512_permutexvar_epi32(order, p));
  }
  static void store_u16(uint16_t* d, I v) {
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), _mm512_cvtepi32_epi16(v));
  }
  static void store_u32(uint8_t* d, I v) { _mm512_storeu_si512(d, v); }
  static void store_rgb(uint8_t* d, I v) {
    const I m = _mm512_broadcast_i32x4(_mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1));
    const I idx = _mm512_setr_epi32(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, 3, 7, 11, 15);
    const I p = _mm512_permutexvar_epi32(idx, _mm512_shuffle_epi8(v, m));
    _mm512_mask_storeu_epi8(d, (__mmask64{1} << 48) - 1, p);
  }
};

#include "kernels/common/geometry_x86_simd.hpp"
#include "kernels/common/geometry_x86_sse.hpp"

// ------------------------------------------------------------- resize --

void x_resize_nearest_row(const uint8_t* src, size_t src_row_bytes, uint8_t* dst,
                          const int32_t* xofs, size_t width, int pixel_bytes) {
  size_t x = 0;
  if (pixel_bytes == 1 || pixel_bytes == 3 || pixel_bytes == 4) {
    const int64_t limit = static_cast<int64_t>(src_row_bytes) - 4;
    size_t m = width;
    while (m > 0 && xofs[m - 1] > limit) --m;
    for (; x + 16 <= m; x += 16) {
      const __m512i g = V::gather(src, V::loadi(xofs + x));
      if (pixel_bytes == 1) {
        V::store_u8(dst + x, g);  // vpmovdb keeps the low byte
      } else if (pixel_bytes == 4) {
        V::store_u32(dst + 4 * x, g);
      } else {
        V::store_rgb(dst + 3 * x, g);
      }
    }
  }
  resize_nearest_row_generic(src, dst + x * static_cast<size_t>(pixel_bytes), xofs + x, width - x,
                             pixel_bytes);
}

void u8_resize_linear_hrow(const uint8_t* src, size_t src_len, int32_t* dst, size_t n,
                           const int32_t* xofs, const int32_t* alpha, int tap_step) {
  // xofs grows along the row except that a pixel's first channel may sit up
  // to 3 below its left neighbour's last one: keep that margin too.
  const int64_t limit = static_cast<int64_t>(src_len) - 4 - 3 - (tap_step > 3 ? tap_step : 0);
  size_t m = n;
  while (m > 0 && xofs[m - 1] > limit) --m;
  const __m512i m8 = _mm512_set1_epi32(0xFF);
  const __m128i shift = _mm_cvtsi32_si128(8 * tap_step);
  size_t i = 0;
  for (; i + 16 <= m; i += 16) {
    const __m512i off = V::loadi(xofs + i);
    const __m512i g = V::gather(src, off);
    const __m512i lo = _mm512_and_si512(g, m8);
    const __m512i hi = tap_step > 3 ? _mm512_and_si512(V::gather(src + tap_step, off), m8)
                                    : _mm512_and_si512(_mm512_srl_epi32(g, shift), m8);
    const __m512i pair = _mm512_or_si512(lo, _mm512_slli_epi32(hi, 16));
    _mm512_storeu_si512(dst + i, _mm512_madd_epi16(pair, V::loadi(alpha + i)));
  }
  u8_resize_linear_hrow_generic(src, dst + i, n - i, xofs + i, alpha + i, tap_step);
}

void u8_resize_linear_vrow(const int32_t* r0, const int32_t* r1, uint8_t* dst, size_t n, int b0,
                           int b1) {
  const __m512i vb0 = _mm512_set1_epi16(static_cast<int16_t>(b0));
  const __m512i vb1 = _mm512_set1_epi16(static_cast<int16_t>(b1));
  const __m512i two = _mm512_set1_epi16(2);
  // packs/packus work per 128-bit lane: dword j of the result holds group
  // 4 * (j % 4) + j / 4 of 4 pixels; vpermd puts the groups back in order.
  const __m512i order = _mm512_setr_epi32(0, 4, 8, 12, 1, 5, 9, 13, 2, 6, 10, 14, 3, 7, 11, 15);
  auto rows16 = [](const int32_t* r) {
    return _mm512_packs_epi32(_mm512_srai_epi32(V::loadi(r), 4), _mm512_srai_epi32(V::loadi(r + 16), 4));
  };
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    auto half = [&](size_t o) {
      const __m512i x0 = _mm512_mulhi_epi16(rows16(r0 + i + o), vb0);
      const __m512i x1 = _mm512_mulhi_epi16(rows16(r1 + i + o), vb1);
      return _mm512_srai_epi16(_mm512_add_epi16(_mm512_add_epi16(x0, x1), two), 2);
    };
    const __m512i y = _mm512_packus_epi16(half(0), half(32));
    _mm512_storeu_si512(dst + i, _mm512_permutexvar_epi32(order, y));
  }
  u8_resize_linear_vrow_generic(r0 + i, r1 + i, dst + i, n - i, b0, b1);
}

// -------------------------------------------------------------- warps --

inline void x_pd(int x, __m512d* a, __m512d* b) {
  const __m256i xi = _mm256_add_epi32(_mm256_set1_epi32(x), _mm256_setr_epi32(0, 1, 2, 3, 4, 5, 6, 7));
  *a = _mm512_cvtepi32_pd(xi);
  *b = _mm512_cvtepi32_pd(_mm256_add_epi32(xi, _mm256_set1_epi32(8)));
}
inline __m512 affine16(__m512d m, __m512d c, __m512d xa, __m512d xb) {
  const __m256 lo = _mm512_cvtpd_ps(_mm512_add_pd(_mm512_mul_pd(m, xa), c));
  const __m256 hi = _mm512_cvtpd_ps(_mm512_add_pd(_mm512_mul_pd(m, xb), c));
  return _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
}

void f32_warp_affine_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  const __m512d m0 = _mm512_set1_pd(m[0]), m3 = _mm512_set1_pd(m[1]);
  const __m512d cx = _mm512_set1_pd(m[2]), cy = _mm512_set1_pd(m[3]);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512d xa, xb;
    x_pd(x0 + static_cast<int>(i), &xa, &xb);
    _mm512_storeu_ps(sx + i, affine16(m0, cx, xa, xb));
    _mm512_storeu_ps(sy + i, affine16(m3, cy, xa, xb));
  }
  warp_affine_coords_generic(m, x0 + static_cast<int>(i), n - i, sx + i, sy + i);
}

void f32_warp_perspective_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  const __m512d m0 = _mm512_set1_pd(m[0]), m3 = _mm512_set1_pd(m[1]), m6 = _mm512_set1_pd(m[2]);
  const __m512d cx = _mm512_set1_pd(m[3]), cy = _mm512_set1_pd(m[4]), cw = _mm512_set1_pd(m[5]);
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    __m512d xa, xb;
    x_pd(x0 + static_cast<int>(i), &xa, &xb);
    const __m512 w = affine16(m6, cw, xa, xb);
    _mm512_storeu_ps(sx + i, _mm512_div_ps(affine16(m0, cx, xa, xb), w));
    _mm512_storeu_ps(sy + i, _mm512_div_ps(affine16(m3, cy, xa, xb), w));
  }
  warp_perspective_coords_generic(m, x0 + static_cast<int>(i), n - i, sx + i, sy + i);
}

#include "kernels/common/geometry_simd_entries.hpp"

// ------------------------------------------------------ flips, rotations --

void x_flip_row(const uint8_t* src, uint8_t* dst, size_t width, int pixel_bytes) {
  size_t x = 0;
  if (pixel_bytes == 1) {
    // reverse bytes within each 128-bit lane, then the lanes
    const __m512i rev = _mm512_broadcast_i32x4(_mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0));
    const __m512i lanes = _mm512_setr_epi64(6, 7, 4, 5, 2, 3, 0, 1);
    for (; x + 64 <= width; x += 64) {
      const __m512i v = _mm512_loadu_si512(src + width - 64 - x);
      _mm512_storeu_si512(dst + x, _mm512_permutexvar_epi64(lanes, _mm512_shuffle_epi8(v, rev)));
    }
  } else if (pixel_bytes == 4) {
    const __m512i rev = _mm512_setr_epi32(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    for (; x + 16 <= width; x += 16) {
      const __m512i v = _mm512_loadu_si512(src + 4 * (width - 16 - x));
      _mm512_storeu_si512(dst + 4 * x, _mm512_permutexvar_epi32(rev, v));
    }
  }
  flip_row_sse(src, dst + x * static_cast<size_t>(pixel_bytes), width - x, pixel_bytes);
}

void x_transpose_block(const uint8_t* src, ptrdiff_t src_row_step, ptrdiff_t src_pixel_step,
                       uint8_t* dst, ptrdiff_t dst_stride, int rows, int cols, int pixel_bytes) {
  transpose_block_sse(src, src_row_step, src_pixel_step, dst, dst_stride, rows, cols, pixel_bytes);
}

void register_geometry(KernelTable& t) {
  t.x_resize_nearest_row = x_resize_nearest_row;
  t.u8_resize_linear_hrow = u8_resize_linear_hrow;
  t.u8_resize_linear_vrow = u8_resize_linear_vrow;
  t.u8_f32_resize_hrow = u8_f32_resize_hrow;
  t.u16_f32_resize_hrow = u16_f32_resize_hrow;
  t.f32_resize_hrow = f32_resize_hrow;
  t.f32_u8_resize_vrow = f32_u8_resize_vrow;
  t.f32_u16_resize_vrow = f32_u16_resize_vrow;
  t.f32_resize_vrow = f32_resize_vrow;
  t.u8_resize_area2x2_row = u8_resize_area2x2_row;
  t.u16_resize_area2x2_row = u16_resize_area2x2_row;
  t.f32_resize_area2x2_row = f32_resize_area2x2_row;
  t.f32_warp_affine_coords = f32_warp_affine_coords;
  t.f32_warp_perspective_coords = f32_warp_perspective_coords;
  t.u8_remap_nearest_row = u8_remap_nearest_row;
  t.u8_remap_linear_row = u8_remap_linear_row;
  t.f32_remap_nearest_row = f32_remap_nearest_row;
  t.f32_remap_linear_row = f32_remap_linear_row;
  t.x_flip_row = x_flip_row;
  t.x_transpose_block = x_transpose_block;
}

}  // namespace vc::kernels::avx512
