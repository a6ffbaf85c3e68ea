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

}  // namespace

#include "kernels/common/edges_simd_entries.hpp"

}  // namespace vc::kernels::sse41
