// Edge and corner kernels: Canny, Harris / min-eigenvalue corner responses — kernels for this ISA level.
// AVX-512: 16 int32 lanes; comparisons yield mask registers, so neighbour
// choice and the map values are masked blends; vpmovdb narrows the map.
#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/edges_generic.hpp"

namespace {

struct V {
  using I = __m512i;
  using M = __mmask16;
  static constexpr size_t kN = 16;
  static I loadi(const int32_t* p) { return _mm512_loadu_si512(p); }
  static void storei(int32_t* p, I v) { _mm512_storeu_si512(p, v); }
  static I set1(int32_t v) { return _mm512_set1_epi32(v); }
  static I s16i(const int16_t* p) {
    return _mm512_cvtepi16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
  }
  static I absi(I a) { return _mm512_abs_epi32(a); }
  static I addi(I a, I b) { return _mm512_add_epi32(a, b); }
  static I mullo(I a, I b) { return _mm512_mullo_epi32(a, b); }
  static I xori(I a, I b) { return _mm512_xor_si512(a, b); }
  template <int N>
  static I slli(I a) {
    return _mm512_slli_epi32(a, N);
  }
  static M gt(I a, I b) { return _mm512_cmpgt_epi32_mask(a, b); }
  static M mand(M a, M b) { return static_cast<M>(a & b); }
  static M mandnot(M a, M b) { return static_cast<M>(a & ~b); }
  static I blend(M m, I t, I f) { return _mm512_mask_blend_epi32(m, f, t); }
  static bool any(M m) { return m != 0; }
  static void store_u8(uint8_t* p, I v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtepi32_epi8(v));
  }
};

#include "kernels/common/edges_simd_body.hpp"

// Corner kernels: kN float32 lanes. Interleaved triples are handled in
// groups of four pixels per 128-bit lane (v0 = x0 y0 z0 x1, v1 = y1 z1 x2
// y2, v2 = z2 x3 y3 z3): two blends gather each plane's values into one
// register, one in-lane shuffle puts them in order (and back for stores).
struct CF {
  using F = __m512;
  static constexpr size_t kN = 16;
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static F set1(float v) { return _mm512_set1_ps(v); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F sqrt(F a) { return _mm512_sqrt_ps(a); }
  // lane j: pixels 4j..4j+3 (floats 12j..12j+11)
  static F load4(const float* p) {
    F v = _mm512_castps128_ps512(_mm_loadu_ps(p));
    v = _mm512_insertf32x4(v, _mm_loadu_ps(p + 12), 1);
    v = _mm512_insertf32x4(v, _mm_loadu_ps(p + 24), 2);
    return _mm512_insertf32x4(v, _mm_loadu_ps(p + 36), 3);
  }
  static void store4(float* p, F v) {
    _mm_storeu_ps(p, _mm512_castps512_ps128(v));
    _mm_storeu_ps(p + 12, _mm512_extractf32x4_ps(v, 1));
    _mm_storeu_ps(p + 24, _mm512_extractf32x4_ps(v, 2));
    _mm_storeu_ps(p + 36, _mm512_extractf32x4_ps(v, 3));
  }
  static F blend(F a, F b, __mmask16 m) { return _mm512_mask_blend_ps(m, a, b); }
  static void load3(const float* p, F& a, F& b, F& c) {
    const F v0 = load4(p), v1 = load4(p + 4), v2 = load4(p + 8);
    const F x = blend(blend(v0, v1, 0x4444), v2, 0x2222);
    const F y = blend(blend(v0, v1, 0x9999), v2, 0x4444);
    const F z = blend(blend(v0, v1, 0x2222), v2, 0x9999);
    a = _mm512_permute_ps(x, _MM_SHUFFLE(1, 2, 3, 0));
    b = _mm512_permute_ps(y, _MM_SHUFFLE(2, 3, 0, 1));
    c = _mm512_permute_ps(z, _MM_SHUFFLE(3, 0, 1, 2));
  }
  static void store3(float* p, F a, F b, F c) {
    const F x = _mm512_permute_ps(a, _MM_SHUFFLE(1, 2, 3, 0));
    const F y = _mm512_permute_ps(b, _MM_SHUFFLE(2, 3, 0, 1));
    const F z = _mm512_permute_ps(c, _MM_SHUFFLE(3, 0, 1, 2));
    store4(p, blend(blend(x, y, 0x2222), z, 0x4444));
    store4(p + 4, blend(blend(x, y, 0x9999), z, 0x2222));
    store4(p + 8, blend(blend(x, y, 0x4444), z, 0x9999));
  }
  static __m256 harris8(__m256 acbb, __m256 s, __m512d k) {
    const __m512d sd = _mm512_cvtps_pd(s);
    return _mm512_cvtpd_ps(
        _mm512_sub_pd(_mm512_cvtps_pd(acbb), _mm512_mul_pd(_mm512_mul_pd(k, sd), sd)));
  }
  static F harris(F acbb, F s, double k) {
    const __m512d kd = _mm512_set1_pd(k);
    const __m256 lo = harris8(_mm512_castps512_ps256(acbb), _mm512_castps512_ps256(s), kd);
    const __m256 hi = harris8(_mm512_extractf32x8_ps(acbb, 1), _mm512_extractf32x8_ps(s, 1), kd);
    return _mm512_insertf32x8(_mm512_castps256_ps512(lo), hi, 1);
  }
};

#include "kernels/common/edges_corner_simd.hpp"

}  // namespace

#include "kernels/common/edges_simd_entries.hpp"

}  // namespace vc::kernels::avx512
