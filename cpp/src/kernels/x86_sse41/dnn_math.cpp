// SSE4.1 elementwise DNN math (common/dnn_math_simd.hpp) on 4 lanes: no FMA,
// so multiply then add, the same bits as the reference. roundps gives the
// nearest-even n of the exp range reduction, blendvps the lane selects.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"

namespace {

struct V {
  using F = __m128;
  using I = __m128i;
  using M = __m128;
  static constexpr size_t kF = 4;
  static F load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, F v) { _mm_storeu_ps(p, v); }
  static F set1(float v) { return _mm_set1_ps(v); }
  static I seti(int32_t v) { return _mm_set1_epi32(v); }
  static F add(F a, F b) { return _mm_add_ps(a, b); }
  static F sub(F a, F b) { return _mm_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm_mul_ps(a, b); }
  static F div(F a, F b) { return _mm_div_ps(a, b); }
  static F madd(F a, F b, F c) { return _mm_add_ps(_mm_mul_ps(a, b), c); }
  static F min(F a, F b) { return _mm_min_ps(a, b); }
  static F max(F a, F b) { return _mm_max_ps(a, b); }
  static F round(F a) { return _mm_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static I to_int(F a) { return _mm_cvttps_epi32(a); }
  static F to_float(I a) { return _mm_cvtepi32_ps(a); }
  static I iadd(I a, I b) { return _mm_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm_sub_epi32(a, b); }
  static I iand(I a, I b) { return _mm_and_si128(a, b); }
  static I ior(I a, I b) { return _mm_or_si128(a, b); }
  template <int k> static I slli(I a) { return _mm_slli_epi32(a, k); }
  template <int k> static I srli(I a) { return _mm_srli_epi32(a, k); }
  template <int k> static I srai(I a) { return _mm_srai_epi32(a, k); }
  static F as_float(I a) { return _mm_castsi128_ps(a); }
  static I as_int(F a) { return _mm_castps_si128(a); }
  static M lt(F a, F b) { return _mm_cmplt_ps(a, b); }
  static M le(F a, F b) { return _mm_cmple_ps(a, b); }
  static M gt(F a, F b) { return _mm_cmpgt_ps(a, b); }
  static M ge(F a, F b) { return _mm_cmpge_ps(a, b); }
  static M eq(F a, F b) { return _mm_cmpeq_ps(a, b); }
  static M isnan(F a) { return _mm_cmpunord_ps(a, a); }
  static F select(M m, F a, F b) { return _mm_blendv_ps(b, a, m); }
  static F fand(F a, F b) { return _mm_and_ps(a, b); }
  static F for_(F a, F b) { return _mm_or_ps(a, b); }
};

#include "kernels/common/dnn_math_simd.hpp"

}  // namespace

#include "kernels/common/dnn_math_entries.hpp"

}  // namespace vc::kernels::sse41
