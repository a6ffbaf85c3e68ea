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

}  // namespace

#include "kernels/common/edges_simd_entries.hpp"

}  // namespace vc::kernels::avx2
