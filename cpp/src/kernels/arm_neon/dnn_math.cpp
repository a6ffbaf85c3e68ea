// AArch64 Advanced SIMD elementwise DNN math (common/dnn_math_simd.hpp) on 4
// lanes. Horner steps are FMLA (vfmaq_f32, one rounding: results differ from
// the reference by rounding only, as at AVX2); FRINTN gives the nearest-even
// n of the exp range reduction and FDIV is a true division, so the algorithm
// maps one to one. Two places need care to keep the shared code's contract:
// - min/max follow the SSE rule (b when either operand is NaN) that the
//   algorithm relies on to clamp NaN to a finite bound; FMIN/FMAX would
//   return the NaN, FMINNM/FMAXNM the number whichever side it is on, so
//   they are a compare and a BSL.
// - masks are the all-ones lanes of FCMxx as uint32x4_t, selected by BSL.
// Linux runs with FPCR.FZ clear, so denormal inputs and results are kept.
#include <arm_neon.h>

#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::neon {
#include "kernels/isa_namespace.hpp"

namespace {

struct V {
  using F = float32x4_t;
  using I = int32x4_t;
  using M = uint32x4_t;
  static constexpr size_t kF = 4;
  static F load(const float* p) { return vld1q_f32(p); }
  static void store(float* p, F v) { vst1q_f32(p, v); }
  static F set1(float v) { return vdupq_n_f32(v); }
  static I seti(int32_t v) { return vdupq_n_s32(v); }
  static F add(F a, F b) { return vaddq_f32(a, b); }
  static F sub(F a, F b) { return vsubq_f32(a, b); }
  static F mul(F a, F b) { return vmulq_f32(a, b); }
  static F div(F a, F b) { return vdivq_f32(a, b); }
  static F madd(F a, F b, F c) { return vfmaq_f32(c, a, b); }
  static F min(F a, F b) { return vbslq_f32(vcltq_f32(a, b), a, b); }
  static F max(F a, F b) { return vbslq_f32(vcgtq_f32(a, b), a, b); }
  static F round(F a) { return vrndnq_f32(a); }
  static I to_int(F a) { return vcvtq_s32_f32(a); }  // truncates; inputs are integral
  static F to_float(I a) { return vcvtq_f32_s32(a); }
  static I iadd(I a, I b) { return vaddq_s32(a, b); }
  static I isub(I a, I b) { return vsubq_s32(a, b); }
  static I iand(I a, I b) { return vandq_s32(a, b); }
  static I ior(I a, I b) { return vorrq_s32(a, b); }
  template <int k> static I slli(I a) { return vshlq_n_s32(a, k); }
  template <int k> static I srli(I a) {
    return vreinterpretq_s32_u32(vshrq_n_u32(vreinterpretq_u32_s32(a), k));
  }
  template <int k> static I srai(I a) { return vshrq_n_s32(a, k); }
  static F as_float(I a) { return vreinterpretq_f32_s32(a); }
  static I as_int(F a) { return vreinterpretq_s32_f32(a); }
  static M lt(F a, F b) { return vcltq_f32(a, b); }
  static M le(F a, F b) { return vcleq_f32(a, b); }
  static M gt(F a, F b) { return vcgtq_f32(a, b); }
  static M ge(F a, F b) { return vcgeq_f32(a, b); }
  static M eq(F a, F b) { return vceqq_f32(a, b); }
  static M isnan(F a) { return vmvnq_u32(vceqq_f32(a, a)); }
  static F select(M m, F a, F b) { return vbslq_f32(m, a, b); }
  static F fand(F a, F b) {
    return vreinterpretq_f32_u32(vandq_u32(vreinterpretq_u32_f32(a), vreinterpretq_u32_f32(b)));
  }
  static F for_(F a, F b) {
    return vreinterpretq_f32_u32(vorrq_u32(vreinterpretq_u32_f32(a), vreinterpretq_u32_f32(b)));
  }
};

#include "kernels/common/dnn_math_simd.hpp"

}  // namespace

#include "kernels/common/dnn_math_entries.hpp"

}  // namespace vc::kernels::neon
