// Edge and corner kernels: Canny, Harris / min-eigenvalue corner responses — kernels for this ISA level.
// SSE4.1: 4 int32 lanes; pmulld and pabsd do the fixed-point direction
// test, pblendvb picks the neighbours, packs/packus narrow the map values.
#include <smmintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/edges_generic.hpp"

namespace {

struct V {
  using I = __m128i;
  using M = __m128i;
  static constexpr size_t kN = 4;
  static I loadi(const int32_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static void storei(int32_t* p, I v) { _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v); }
  static I set1(int32_t v) { return _mm_set1_epi32(v); }
  static I s16i(const int16_t* p) {
    return _mm_cvtepi16_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  }
  static I absi(I a) { return _mm_abs_epi32(a); }
  static I addi(I a, I b) { return _mm_add_epi32(a, b); }
  static I mullo(I a, I b) { return _mm_mullo_epi32(a, b); }
  static I xori(I a, I b) { return _mm_xor_si128(a, b); }
  template <int N>
  static I slli(I a) {
    return _mm_slli_epi32(a, N);
  }
  static M gt(I a, I b) { return _mm_cmpgt_epi32(a, b); }
  static M mand(M a, M b) { return _mm_and_si128(a, b); }
  static M mandnot(M a, M b) { return _mm_andnot_si128(b, a); }
  static I blend(M m, I t, I f) { return _mm_blendv_epi8(f, t, m); }
  static bool any(M m) { return _mm_movemask_epi8(m) != 0; }
  static void store_u8(uint8_t* p, I v) {
    const __m128i w = _mm_packs_epi32(v, v);
    const int32_t b = _mm_cvtsi128_si32(_mm_packus_epi16(w, w));
    __builtin_memcpy(p, &b, 4);
  }
};

#include "kernels/common/edges_simd_body.hpp"

// Corner kernels: kN float32 lanes. Interleaved triples are handled in
// groups of four pixels per 128-bit lane (v0 = x0 y0 z0 x1, v1 = y1 z1 x2
// y2, v2 = z2 x3 y3 z3): two blends gather each plane's values into one
// register, one in-lane shuffle puts them in order (and back for stores).
struct CF {
  using F = __m128;
  static constexpr size_t kN = 4;
  static F load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, F v) { _mm_storeu_ps(p, v); }
  static F set1(float v) { return _mm_set1_ps(v); }
  static F mul(F a, F b) { return _mm_mul_ps(a, b); }
  static F add(F a, F b) { return _mm_add_ps(a, b); }
  static F sub(F a, F b) { return _mm_sub_ps(a, b); }
  static F sqrt(F a) { return _mm_sqrt_ps(a); }
  static void load3(const float* p, F& a, F& b, F& c) {
    const F v0 = load(p), v1 = load(p + 4), v2 = load(p + 8);
    const F x = _mm_blend_ps(_mm_blend_ps(v0, v1, 0x4), v2, 0x2);
    const F y = _mm_blend_ps(_mm_blend_ps(v0, v1, 0x9), v2, 0x4);
    const F z = _mm_blend_ps(_mm_blend_ps(v0, v1, 0x2), v2, 0x9);
    a = _mm_shuffle_ps(x, x, _MM_SHUFFLE(1, 2, 3, 0));
    b = _mm_shuffle_ps(y, y, _MM_SHUFFLE(2, 3, 0, 1));
    c = _mm_shuffle_ps(z, z, _MM_SHUFFLE(3, 0, 1, 2));
  }
  static void store3(float* p, F a, F b, F c) {
    const F x = _mm_shuffle_ps(a, a, _MM_SHUFFLE(1, 2, 3, 0));
    const F y = _mm_shuffle_ps(b, b, _MM_SHUFFLE(2, 3, 0, 1));
    const F z = _mm_shuffle_ps(c, c, _MM_SHUFFLE(3, 0, 1, 2));
    store(p, _mm_blend_ps(_mm_blend_ps(x, y, 0x2), z, 0x4));
    store(p + 4, _mm_blend_ps(_mm_blend_ps(x, y, 0x9), z, 0x2));
    store(p + 8, _mm_blend_ps(_mm_blend_ps(x, y, 0x4), z, 0x9));
  }
  static __m128d harris2(__m128 acbb, __m128 s, __m128d k) {
    const __m128d sd = _mm_cvtps_pd(s);
    return _mm_sub_pd(_mm_cvtps_pd(acbb), _mm_mul_pd(_mm_mul_pd(k, sd), sd));
  }
  static F harris(F acbb, F s, double k) {
    const __m128d kd = _mm_set1_pd(k);
    const __m128d lo = harris2(acbb, s, kd);
    const __m128d hi = harris2(_mm_movehl_ps(acbb, acbb), _mm_movehl_ps(s, s), kd);
    return _mm_movelh_ps(_mm_cvtpd_ps(lo), _mm_cvtpd_ps(hi));
  }
};

#include "kernels/common/edges_corner_simd.hpp"

}  // namespace

#include "kernels/common/edges_simd_entries.hpp"

}  // namespace vc::kernels::sse41
