// AVX2 geometry kernels. Warps, remap and the resize taps are gathers
// (vpgatherdd / vgatherdps, 8 lanes) feeding float arithmetic in the
// reference order; coordinates are computed in double (4 lanes) and rounded
// once to float. u8 bilinear resize: gathered byte pairs times 11-bit
// weights with vpmaddwd; the vertical pass is OpenCV's 16-bit vpmulhw
// formula on 32 pixels per step.
#include <immintrin.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "kernels/kernel_table.hpp"
#include "visioncore/border.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/geometry_resize_generic.hpp"
#include "kernels/common/geometry_warp_generic.hpp"
#include "kernels/common/geometry_flip_generic.hpp"

// The vector interface of common/geometry_x86_simd.hpp, 8 lanes.
struct V {
  static constexpr int N = 8;
  static constexpr bool kWindow = true;
  static constexpr bool kWindow4 = false;
  using F = __m256;
  using I = __m256i;
  static F loadf(const float* p) { return _mm256_loadu_ps(p); }
  static I loadi(const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static void storef(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F setf(float v) { return _mm256_set1_ps(v); }
  static I seti(int32_t v) { return _mm256_set1_epi32(v); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F minf(F a, F b) { return _mm256_min_ps(a, b); }
  static F maxf(F a, F b) { return _mm256_max_ps(a, b); }
  static F floorf(F v) { return _mm256_floor_ps(v); }
  static I cvtt(F v) { return _mm256_cvttps_epi32(v); }
  static I cvtr(F v) { return _mm256_cvtps_epi32(v); }
  static F cvtf(I v) { return _mm256_cvtepi32_ps(v); }
  static I iadd(I a, I b) { return _mm256_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm256_sub_epi32(a, b); }
  // 16 source elements as two float vectors
  static void load_window(const uint8_t* p, F* lo, F* hi) {
    const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
    *lo = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(b));
    *hi = _mm256_cvtepi32_ps(_mm256_cvtepu8_epi32(_mm_srli_si128(b, 8)));
  }
  static void load_window(const uint16_t* p, F* lo, F* hi) {
    *lo = _mm256_cvtepi32_ps(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
    *hi = _mm256_cvtepi32_ps(_mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 8))));
  }
  static void load_window(const float* p, F* lo, F* hi) {
    *lo = _mm256_loadu_ps(p);
    *hi = _mm256_loadu_ps(p + 8);
  }
  // vpermps uses the low 3 bits of idx; lanes with idx > 7 take the high half
  static F permute2(F lo, F hi, I idx) {
    const F a = _mm256_permutevar8x32_ps(lo, idx), b = _mm256_permutevar8x32_ps(hi, idx);
    return _mm256_blendv_ps(a, b, _mm256_castsi256_ps(_mm256_cmpgt_epi32(idx, _mm256_set1_epi32(7))));
  }
  template <class T>
  static void load_window4(const T*, F*) {}
  static F permute4(const F*, I) { return _mm256_setzero_ps(); }
  static I imul(I a, I b) { return _mm256_mullo_epi32(a, b); }
  static I iand(I a, I b) { return _mm256_and_si256(a, b); }
  static I ior(I a, I b) { return _mm256_or_si256(a, b); }
  static I isrl(I v, int n) { return _mm256_srl_epi32(v, _mm_cvtsi32_si128(n)); }
  static I isll(I v, int n) { return _mm256_sll_epi32(v, _mm_cvtsi32_si128(n)); }
  static I imin(I a, I b) { return _mm256_min_epi32(a, b); }
  static I imax(I a, I b) { return _mm256_max_epi32(a, b); }
  static unsigned range_bits(I v, int lo, int hi) {
    const I bad = _mm256_or_si256(_mm256_cmpgt_epi32(_mm256_set1_epi32(lo), v),
                                  _mm256_cmpgt_epi32(v, _mm256_set1_epi32(hi)));
    return ~static_cast<unsigned>(_mm256_movemask_ps(_mm256_castsi256_ps(bad))) & 0xFFu;
  }
  static bool ieq_all(I a, I b) {
    return _mm256_movemask_epi8(_mm256_cmpeq_epi32(a, b)) == -1;
  }
  static I gather(const uint8_t* base, I off) {
    return _mm256_i32gather_epi32(reinterpret_cast<const int*>(base), off, 1);
  }
  static F gatherf(const uint8_t* base, I off) {
    return _mm256_i32gather_ps(reinterpret_cast<const float*>(base), off, 1);
  }
  // 8-byte gathers (4 lanes each), then even/odd floats back in lane order
  static void gather_pairs(const uint8_t* base, I off, F* a, F* b) {
    const auto* p = reinterpret_cast<const long long*>(base);
    const F lo = _mm256_castsi256_ps(_mm256_i32gather_epi64(p, _mm256_castsi256_si128(off), 1));
    const F hi = _mm256_castsi256_ps(_mm256_i32gather_epi64(p, _mm256_extracti128_si256(off, 1), 1));
    const F ev = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));  // 0 1 4 5 | 2 3 6 7
    const F od = _mm256_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
    *a = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(ev), _MM_SHUFFLE(3, 1, 2, 0)));
    *b = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(od), _MM_SHUFFLE(3, 1, 2, 0)));
  }
  // packus per 128-bit lane, then vpermd gathers the two lanes' low dwords
  static void store_u8(uint8_t* d, I v) {
    const I w = _mm256_packus_epi32(v, v);
    const I b = _mm256_packus_epi16(w, w);
    const I o = _mm256_permutevar8x32_epi32(b, _mm256_setr_epi32(0, 4, 0, 0, 0, 0, 0, 0));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d), _mm256_castsi256_si128(o));
  }
  // 4 vectors of int32 -> 32 bytes, saturating (int16, then uint8); the
  // packs work per 128-bit lane, vpermd restores the order of the dwords
  static void store_u8x4(uint8_t* d, I a, I b, I c, I e) {
    const I p = _mm256_packus_epi16(_mm256_packs_epi32(a, b), _mm256_packs_epi32(c, e));
    const I o = _mm256_permutevar8x32_epi32(p, _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), o);
  }
  static void store_u16(uint16_t* d, I v) {
    const I w = _mm256_permute4x64_epi64(_mm256_packus_epi32(v, v), 0x08);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), _mm256_castsi256_si128(w));
  }
  static void store_u32(uint8_t* d, I v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(d), v); }
  // 8 dwords -> their low 3 bytes: 12 bytes per lane, then the lanes meet
  static void store_rgb(uint8_t* d, I v) {
    const I m = _mm256_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1, 0, 1, 2, 4,
                                 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    const I p = _mm256_permutevar8x32_epi32(_mm256_shuffle_epi8(v, m),
                                            _mm256_setr_epi32(0, 1, 2, 4, 5, 6, 3, 7));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), _mm256_castsi256_si128(p));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d + 16), _mm256_extracti128_si256(p, 1));
  }
};

#include "kernels/common/geometry_x86_simd.hpp"
#include "kernels/common/geometry_x86_sse.hpp"

// ------------------------------------------------------------- resize --

void x_resize_nearest_row(const uint8_t* src, size_t src_row_bytes, uint8_t* dst,
                          const int32_t* xofs, size_t width, int pixel_bytes) {
  size_t x = 0;
  if (pixel_bytes == 1 || pixel_bytes == 3 || pixel_bytes == 4) {
    // 4-byte gathers: the last pixels (within 4 bytes of the row end) are left to the tail
    const int64_t limit = static_cast<int64_t>(src_row_bytes) - 4;
    size_t m = width;
    while (m > 0 && xofs[m - 1] > limit) --m;
    for (; x + 8 <= m; x += 8) {
      const __m256i g = V::gather(src, V::loadi(xofs + x));
      if (pixel_bytes == 1) {
        V::store_u8(dst + x, _mm256_and_si256(g, _mm256_set1_epi32(0xFF)));
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
  // One dword gather holds both taps when they are <= 3 bytes apart.
  // xofs grows along the row except that a pixel's first channel may sit up
  // to 3 below its left neighbour's last one: keep that margin too.
  const int64_t limit = static_cast<int64_t>(src_len) - 4 - 3 - (tap_step > 3 ? tap_step : 0);
  size_t m = n;
  while (m > 0 && xofs[m - 1] > limit) --m;
  const __m256i m8 = _mm256_set1_epi32(0xFF);
  const __m128i shift = _mm_cvtsi32_si128(8 * tap_step);
  size_t i = 0;
  for (; i + 8 <= m; i += 8) {
    const __m256i off = V::loadi(xofs + i);
    const __m256i g = V::gather(src, off);
    const __m256i lo = _mm256_and_si256(g, m8);
    const __m256i hi = tap_step > 3 ? _mm256_and_si256(V::gather(src + tap_step, off), m8)
                                    : _mm256_and_si256(_mm256_srl_epi32(g, shift), m8);
    const __m256i pair = _mm256_or_si256(lo, _mm256_slli_epi32(hi, 16));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_madd_epi16(pair, V::loadi(alpha + i)));
  }
  u8_resize_linear_hrow_generic(src, dst + i, n - i, xofs + i, alpha + i, tap_step);
}

void u8_resize_linear_vrow(const int32_t* r0, const int32_t* r1, uint8_t* dst, size_t n, int b0,
                           int b1) {
  const __m256i vb0 = _mm256_set1_epi16(static_cast<int16_t>(b0));
  const __m256i vb1 = _mm256_set1_epi16(static_cast<int16_t>(b1));
  const __m256i two = _mm256_set1_epi16(2);
  const __m256i order = _mm256_setr_epi32(0, 4, 1, 5, 2, 6, 3, 7);
  auto rows16 = [](const int32_t* r) {  // (r >> 4) of 16 elements as int16 (lane-interleaved)
    const __m256i a = _mm256_srai_epi32(V::loadi(r), 4);
    const __m256i b = _mm256_srai_epi32(V::loadi(r + 8), 4);
    return _mm256_packs_epi32(a, b);
  };
  size_t i = 0;
  for (; i + 32 <= n; i += 32) {
    auto half = [&](size_t o) {
      const __m256i x0 = _mm256_mulhi_epi16(rows16(r0 + i + o), vb0);
      const __m256i x1 = _mm256_mulhi_epi16(rows16(r1 + i + o), vb1);
      return _mm256_srai_epi16(_mm256_add_epi16(_mm256_add_epi16(x0, x1), two), 2);
    };
    const __m256i y = _mm256_packus_epi16(half(0), half(16));
    _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + i), _mm256_permutevar8x32_epi32(y, order));
  }
  u8_resize_linear_vrow_generic(r0 + i, r1 + i, dst + i, n - i, b0, b1);
}

// -------------------------------------------------------------- warps --

// 8 consecutive x as two double vectors.
inline void x_pd(int x, __m256d* a, __m256d* b) {
  const __m128i xi = _mm_add_epi32(_mm_set1_epi32(x), _mm_setr_epi32(0, 1, 2, 3));
  *a = _mm256_cvtepi32_pd(xi);
  *b = _mm256_cvtepi32_pd(_mm_add_epi32(xi, _mm_set1_epi32(4)));
}
// fl(m * x + c) for 8 lanes: exact product, one double rounding, one float rounding
inline __m256 affine8(__m256d m, __m256d c, __m256d xa, __m256d xb) {
  const __m128 lo = _mm256_cvtpd_ps(_mm256_add_pd(_mm256_mul_pd(m, xa), c));
  const __m128 hi = _mm256_cvtpd_ps(_mm256_add_pd(_mm256_mul_pd(m, xb), c));
  return _mm256_set_m128(hi, lo);
}

void f32_warp_affine_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  const __m256d m0 = _mm256_set1_pd(m[0]), m3 = _mm256_set1_pd(m[1]);
  const __m256d cx = _mm256_set1_pd(m[2]), cy = _mm256_set1_pd(m[3]);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256d xa, xb;
    x_pd(x0 + static_cast<int>(i), &xa, &xb);
    _mm256_storeu_ps(sx + i, affine8(m0, cx, xa, xb));
    _mm256_storeu_ps(sy + i, affine8(m3, cy, xa, xb));
  }
  warp_affine_coords_generic(m, x0 + static_cast<int>(i), n - i, sx + i, sy + i);
}

void f32_warp_perspective_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  const __m256d m0 = _mm256_set1_pd(m[0]), m3 = _mm256_set1_pd(m[1]), m6 = _mm256_set1_pd(m[2]);
  const __m256d cx = _mm256_set1_pd(m[3]), cy = _mm256_set1_pd(m[4]), cw = _mm256_set1_pd(m[5]);
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    __m256d xa, xb;
    x_pd(x0 + static_cast<int>(i), &xa, &xb);
    const __m256 w = affine8(m6, cw, xa, xb);
    _mm256_storeu_ps(sx + i, _mm256_div_ps(affine8(m0, cx, xa, xb), w));
    _mm256_storeu_ps(sy + i, _mm256_div_ps(affine8(m3, cy, xa, xb), w));
  }
  warp_perspective_coords_generic(m, x0 + static_cast<int>(i), n - i, sx + i, sy + i);
}

#include "kernels/common/geometry_simd_entries.hpp"

// ------------------------------------------------------ flips, rotations --

void x_flip_row(const uint8_t* src, uint8_t* dst, size_t width, int pixel_bytes) {
  size_t x = 0;
  if (pixel_bytes == 1) {
    // 32 bytes: reverse within each lane, then swap the lanes
    const __m256i rev = _mm256_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0, 15,
                                         14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    for (; x + 32 <= width; x += 32) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + width - 32 - x));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + x),
                          _mm256_permute4x64_epi64(_mm256_shuffle_epi8(v, rev), 0x4E));
    }
  } else if (pixel_bytes == 4) {
    const __m256i rev = _mm256_setr_epi32(7, 6, 5, 4, 3, 2, 1, 0);
    for (; x + 8 <= width; x += 8) {
      const __m256i v = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(src + 4 * (width - 8 - x)));
      _mm256_storeu_si256(reinterpret_cast<__m256i*>(dst + 4 * x), _mm256_permutevar8x32_epi32(v, rev));
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

}  // namespace vc::kernels::avx2
