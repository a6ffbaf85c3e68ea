// AVX2 elementwise DNN math (common/dnn_math_simd.hpp) on 8 lanes. The
// Horner steps are vfmadd231ps (one rounding each: results differ from the
// reference by rounding only); vroundps / vblendvps as at SSE4.1.
#include <immintrin.h>

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"

namespace {

struct V {
  using F = __m256;
  using I = __m256i;
  using M = __m256;
  static constexpr size_t kF = 8;
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static F set1(float v) { return _mm256_set1_ps(v); }
  static I seti(int32_t v) { return _mm256_set1_epi32(v); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F div(F a, F b) { return _mm256_div_ps(a, b); }
  static F madd(F a, F b, F c) { return _mm256_fmadd_ps(a, b, c); }
  static F min(F a, F b) { return _mm256_min_ps(a, b); }
  static F max(F a, F b) { return _mm256_max_ps(a, b); }
  static F round(F a) { return _mm256_round_ps(a, _MM_FROUND_TO_NEAREST_INT | _MM_FROUND_NO_EXC); }
  static I to_int(F a) { return _mm256_cvttps_epi32(a); }
  static F to_float(I a) { return _mm256_cvtepi32_ps(a); }
  static I iadd(I a, I b) { return _mm256_add_epi32(a, b); }
  static I isub(I a, I b) { return _mm256_sub_epi32(a, b); }
  static I iand(I a, I b) { return _mm256_and_si256(a, b); }
  static I ior(I a, I b) { return _mm256_or_si256(a, b); }
  template <int k> static I slli(I a) { return _mm256_slli_epi32(a, k); }
  template <int k> static I srli(I a) { return _mm256_srli_epi32(a, k); }
  template <int k> static I srai(I a) { return _mm256_srai_epi32(a, k); }
  static F as_float(I a) { return _mm256_castsi256_ps(a); }
  static I as_int(F a) { return _mm256_castps_si256(a); }
  static M lt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LT_OQ); }
  static M le(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_LE_OQ); }
  static M gt(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GT_OQ); }
  static M ge(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_GE_OQ); }
  static M eq(F a, F b) { return _mm256_cmp_ps(a, b, _CMP_EQ_OQ); }
  static M isnan(F a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
  static F select(M m, F a, F b) { return _mm256_blendv_ps(b, a, m); }
  static F fand(F a, F b) { return _mm256_and_ps(a, b); }
  static F for_(F a, F b) { return _mm256_or_ps(a, b); }
};

#include "kernels/common/dnn_math_simd.hpp"

}  // namespace

#include "kernels/common/dnn_math_entries.hpp"

}  // namespace vc::kernels::avx2
