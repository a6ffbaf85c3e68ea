// Edge and corner kernels: Canny, Harris / min-eigenvalue corner responses — kernels for this ISA level.
// AVX2: 8 int32 lanes; vpmulld and vpabsd do the fixed-point direction test,
// vpblendvb picks the neighbours; packs work per 128-bit lane, so the map
// bytes are joined with one unpack.
#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdlib>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/edges_generic.hpp"

namespace {

struct V {
  using I = __m256i;
  using M = __m256i;
  static constexpr size_t kN = 8;
  static I loadi(const int32_t* p) { return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)); }
  static void storei(int32_t* p, I v) { _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v); }
  static I set1(int32_t v) { return _mm256_set1_epi32(v); }
  static I s16i(const int16_t* p) {
    return _mm256_cvtepi16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static I absi(I a) { return _mm256_abs_epi32(a); }
  static I addi(I a, I b) { return _mm256_add_epi32(a, b); }
  static I mullo(I a, I b) { return _mm256_mullo_epi32(a, b); }
  static I xori(I a, I b) { return _mm256_xor_si256(a, b); }
  template <int N>
  static I slli(I a) {
    return _mm256_slli_epi32(a, N);
  }
  static M gt(I a, I b) { return _mm256_cmpgt_epi32(a, b); }
  static M mand(M a, M b) { return _mm256_and_si256(a, b); }
  static M mandnot(M a, M b) { return _mm256_andnot_si256(b, a); }
  static I blend(M m, I t, I f) { return _mm256_blendv_epi8(f, t, m); }
  static bool any(M m) { return _mm256_movemask_epi8(m) != 0; }
  static void store_u8(uint8_t* p, I v) {
    const __m256i w = _mm256_packs_epi32(v, v);
    const __m256i b = _mm256_packus_epi16(w, w);
    const __m128i joined =
        _mm_unpacklo_epi32(_mm256_castsi256_si128(b), _mm256_extracti128_si256(b, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), joined);
  }
};

#include "kernels/common/edges_simd_body.hpp"

// Corner kernels: kN float32 lanes. Interleaved triples are handled in
// groups of four pixels per 128-bit lane (v0 = x0 y0 z0 x1, v1 = y1 z1 x2
// y2, v2 = z2 x3 y3 z3): two blends gather each plane's values into one
// register, one in-lane shuffle puts them in order (and back for stores).
struct CF {
  using F = __m256;
  static constexpr size_t kN = 8;
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F set1(float v) { return _mm256_set1_ps(v); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F sqrt(F a) { return _mm256_sqrt_ps(a); }
  // lane 0: pixels 0..3 (floats 0..11), lane 1: pixels 4..7 (floats 12..23)
  static F load2(const float* p) {
    return _mm256_insertf128_ps(_mm256_castps128_ps256(_mm_loadu_ps(p)), _mm_loadu_ps(p + 12), 1);
  }
  static void store2(float* p, F v) {
    _mm_storeu_ps(p, _mm256_castps256_ps128(v));
    _mm_storeu_ps(p + 12, _mm256_extractf128_ps(v, 1));
  }
  static void load3(const float* p, F& a, F& b, F& c) {
    const F v0 = load2(p), v1 = load2(p + 4), v2 = load2(p + 8);
    const F x = _mm256_blend_ps(_mm256_blend_ps(v0, v1, 0x44), v2, 0x22);
    const F y = _mm256_blend_ps(_mm256_blend_ps(v0, v1, 0x99), v2, 0x44);
    const F z = _mm256_blend_ps(_mm256_blend_ps(v0, v1, 0x22), v2, 0x99);
    a = _mm256_permute_ps(x, _MM_SHUFFLE(1, 2, 3, 0));
    b = _mm256_permute_ps(y, _MM_SHUFFLE(2, 3, 0, 1));
    c = _mm256_permute_ps(z, _MM_SHUFFLE(3, 0, 1, 2));
  }
  static void store3(float* p, F a, F b, F c) {
    const F x = _mm256_permute_ps(a, _MM_SHUFFLE(1, 2, 3, 0));
    const F y = _mm256_permute_ps(b, _MM_SHUFFLE(2, 3, 0, 1));
    const F z = _mm256_permute_ps(c, _MM_SHUFFLE(3, 0, 1, 2));
    store2(p, _mm256_blend_ps(_mm256_blend_ps(x, y, 0x22), z, 0x44));
    store2(p + 4, _mm256_blend_ps(_mm256_blend_ps(x, y, 0x99), z, 0x22));
    store2(p + 8, _mm256_blend_ps(_mm256_blend_ps(x, y, 0x44), z, 0x99));
  }
  static __m128 harris4(__m128 acbb, __m128 s, __m256d k) {
    const __m256d sd = _mm256_cvtps_pd(s);
    return _mm256_cvtpd_ps(
        _mm256_sub_pd(_mm256_cvtps_pd(acbb), _mm256_mul_pd(_mm256_mul_pd(k, sd), sd)));
  }
  static F harris(F acbb, F s, double k) {
    const __m256d kd = _mm256_set1_pd(k);
    const __m128 lo = harris4(_mm256_castps256_ps128(acbb), _mm256_castps256_ps128(s), kd);
    const __m128 hi = harris4(_mm256_extractf128_ps(acbb, 1), _mm256_extractf128_ps(s, 1), kd);
    return _mm256_insertf128_ps(_mm256_castps128_ps256(lo), hi, 1);
  }
};

#include "kernels/common/edges_corner_simd.hpp"

}  // namespace

#include "kernels/common/edges_simd_entries.hpp"

}  // namespace vc::kernels::avx2
