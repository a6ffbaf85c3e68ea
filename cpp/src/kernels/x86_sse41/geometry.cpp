// SSE4.1 geometry kernels. There is no gather at this level: warp taps are
// loaded lane by lane into vectors, and the arithmetic (roundps floors,
// 4 lanes of float lerps) follows the reference order. The u8 bilinear
// resize vertical pass is OpenCV's 16-bit pmulhw formula, 16 pixels per step.
#include <immintrin.h>

#include <algorithm>
#include <climits>
#include <cmath>
#include <cstring>
#include <type_traits>

#include "kernels/kernel_table.hpp"
#include "visioncore/border.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/geometry_resize_generic.hpp"
#include "kernels/common/geometry_warp_generic.hpp"
#include "kernels/common/geometry_flip_generic.hpp"

// The vector interface of common/geometry_x86_simd.hpp, 4 lanes.
struct V {
  static constexpr int N = 4;
  static constexpr bool kWindow = false;
  static constexpr bool kWindow4 = false;
  using F = __m128;
  using I = __m128i;
  static F loadf(const float* p) { return _mm_loadu_ps(p); }
  static I loadi(const int32_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static void storef(float* p, F v) { _mm_storeu_ps(p, v); }
  static F setf(float v) { return _mm_set1_ps(v); }
  static I seti(int32_t v) { return _mm_set1_epi32(v); }
  static F add(F a, F b) { return _mm_add_ps(a, b); }
  static F sub(F a, F b) { return _mm_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm_mul_ps(a, b); }
  static F minf(F a, F b) { return _mm_min_ps(a, b); }
  static F maxf(F a, F b) { return _mm_max_ps(a, b); }
  static F floorf(F v) { return _mm_floor_ps(v); }
  static I cvtt(F v) { return _mm_cvttps_epi32(v); }
  static I cvtr(F v) { return _mm_cvtps_epi32(v); }
  static F cvtf(I v) { return _mm_cvtepi32_ps(v); }
  static I iadd(I a, I b) { return _mm_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm_sub_epi32(a, b); }
  static I imul(I a, I b) { return _mm_mullo_epi32(a, b); }
  static I iand(I a, I b) { return _mm_and_si128(a, b); }
  static I ior(I a, I b) { return _mm_or_si128(a, b); }
  static I isrl(I v, int n) { return _mm_srl_epi32(v, _mm_cvtsi32_si128(n)); }
  static I isll(I v, int n) { return _mm_sll_epi32(v, _mm_cvtsi32_si128(n)); }
  static I imin(I a, I b) { return _mm_min_epi32(a, b); }
  static I imax(I a, I b) { return _mm_max_epi32(a, b); }
  static unsigned range_bits(I v, int lo, int hi) {
    const I bad = _mm_or_si128(_mm_cmpgt_epi32(_mm_set1_epi32(lo), v), _mm_cmpgt_epi32(v, _mm_set1_epi32(hi)));
    return ~static_cast<unsigned>(_mm_movemask_ps(_mm_castsi128_ps(bad))) & 0xFu;
  }
  static bool ieq_all(I a, I b) { return _mm_movemask_epi8(_mm_cmpeq_epi32(a, b)) == 0xFFFF; }
  static I gather(const uint8_t* base, I off) {
    int32_t o[4], v[4];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), off);
    for (int k = 0; k < 4; ++k) std::memcpy(&v[k], base + o[k], 4);
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(v));
  }
  static F gatherf(const uint8_t* base, I off) { return _mm_castsi128_ps(gather(base, off)); }
  static void gather_pairs(const uint8_t* base, I off, F* a, F* b) {
    int32_t o[4];
    float v[8];
    _mm_storeu_si128(reinterpret_cast<__m128i*>(o), off);
    for (int k = 0; k < 4; ++k) std::memcpy(v + 2 * k, base + o[k], 8);
    const F lo = _mm_loadu_ps(v), hi = _mm_loadu_ps(v + 4);
    *a = _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(2, 0, 2, 0));
    *b = _mm_shuffle_ps(lo, hi, _MM_SHUFFLE(3, 1, 3, 1));
  }
  static void store_u8(uint8_t* d, I v) {
    const I b = _mm_packus_epi16(_mm_packus_epi32(v, v), v);
    const int32_t w = _mm_cvtsi128_si32(b);
    std::memcpy(d, &w, 4);
  }
  // 4 vectors of int32 -> 16 bytes, saturating (int16, then uint8)
  static void store_u8x4(uint8_t* d, I a, I b, I c, I e) {
    const I p = _mm_packus_epi16(_mm_packs_epi32(a, b), _mm_packs_epi32(c, e));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(d), p);
  }
  static void store_u16(uint16_t* d, I v) {
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d), _mm_packus_epi32(v, v));
  }
  static void store_u32(uint8_t* d, I v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(d), v); }
  static void store_rgb(uint8_t* d, I v) {
    const I p = _mm_shuffle_epi8(v, _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(d), p);
    const int32_t w = _mm_extract_epi32(p, 2);
    std::memcpy(d + 8, &w, 4);
  }
};

#include "kernels/common/geometry_x86_simd.hpp"
#include "kernels/common/geometry_x86_sse.hpp"

void u8_resize_linear_vrow(const int32_t* r0, const int32_t* r1, uint8_t* dst, size_t n, int b0,
                           int b1) {
  const __m128i vb0 = _mm_set1_epi16(static_cast<int16_t>(b0));
  const __m128i vb1 = _mm_set1_epi16(static_cast<int16_t>(b1));
  const __m128i two = _mm_set1_epi16(2);
  auto rows8 = [](const int32_t* r) {
    return _mm_packs_epi32(_mm_srai_epi32(V::loadi(r), 4), _mm_srai_epi32(V::loadi(r + 4), 4));
  };
  size_t i = 0;
  for (; i + 16 <= n; i += 16) {
    auto half = [&](size_t o) {
      const __m128i x0 = _mm_mulhi_epi16(rows8(r0 + i + o), vb0);
      const __m128i x1 = _mm_mulhi_epi16(rows8(r1 + i + o), vb1);
      return _mm_srai_epi16(_mm_add_epi16(_mm_add_epi16(x0, x1), two), 2);
    };
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + i), _mm_packus_epi16(half(0), half(8)));
  }
  u8_resize_linear_vrow_generic(r0 + i, r1 + i, dst + i, n - i, b0, b1);
}

// fl(m * x + c) for 4 lanes via two double pairs (exact product, one double
// rounding, one float rounding, as the reference).
inline __m128 affine4(__m128d m, __m128d c, int x) {
  const __m128d xa = _mm_cvtepi32_pd(_mm_setr_epi32(x, x + 1, 0, 0));
  const __m128d xb = _mm_cvtepi32_pd(_mm_setr_epi32(x + 2, x + 3, 0, 0));
  const __m128 lo = _mm_cvtpd_ps(_mm_add_pd(_mm_mul_pd(m, xa), c));
  const __m128 hi = _mm_cvtpd_ps(_mm_add_pd(_mm_mul_pd(m, xb), c));
  return _mm_movelh_ps(lo, hi);
}

void f32_warp_affine_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  const __m128d m0 = _mm_set1_pd(m[0]), m3 = _mm_set1_pd(m[1]);
  const __m128d cx = _mm_set1_pd(m[2]), cy = _mm_set1_pd(m[3]);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const int x = x0 + static_cast<int>(i);
    _mm_storeu_ps(sx + i, affine4(m0, cx, x));
    _mm_storeu_ps(sy + i, affine4(m3, cy, x));
  }
  warp_affine_coords_generic(m, x0 + static_cast<int>(i), n - i, sx + i, sy + i);
}

void f32_warp_perspective_coords(const float* m, int x0, size_t n, float* sx, float* sy) {
  const __m128d m0 = _mm_set1_pd(m[0]), m3 = _mm_set1_pd(m[1]), m6 = _mm_set1_pd(m[2]);
  const __m128d cx = _mm_set1_pd(m[3]), cy = _mm_set1_pd(m[4]), cw = _mm_set1_pd(m[5]);
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    const int x = x0 + static_cast<int>(i);
    const __m128 w = affine4(m6, cw, x);
    _mm_storeu_ps(sx + i, _mm_div_ps(affine4(m0, cx, x), w));
    _mm_storeu_ps(sy + i, _mm_div_ps(affine4(m3, cy, x), w));
  }
  warp_perspective_coords_generic(m, x0 + static_cast<int>(i), n - i, sx + i, sy + i);
}

#include "kernels/common/geometry_simd_entries.hpp"

void x_flip_row(const uint8_t* src, uint8_t* dst, size_t width, int pixel_bytes) {
  flip_row_sse(src, dst, width, pixel_bytes);
}
void x_transpose_block(const uint8_t* src, ptrdiff_t src_row_step, ptrdiff_t src_pixel_step,
                       uint8_t* dst, ptrdiff_t dst_stride, int rows, int cols, int pixel_bytes) {
  transpose_block_sse(src, src_row_step, src_pixel_step, dst, dst_stride, rows, cols, pixel_bytes);
}

void register_geometry(KernelTable& t) {
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

}  // namespace vc::kernels::sse41
