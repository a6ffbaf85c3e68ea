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

}  // namespace

#include "kernels/common/edges_simd_entries.hpp"

}  // namespace vc::kernels::avx512
