// The named arith kernels of one x86 ISA level, defined over the shared SIMD
// bodies of arith_simd_body.hpp, and their registration. Included inside
// `namespace vc::kernels::<isa>` after the level's vector traits `V` and the
// bodies. A level with FMA defines VC_ARITH_SIMD_FMA first, which adds
// convert_scale and add_weighted (fused multiply-add by contract; without
// FMA they stay with the reference). norm_sums stays with the reference.

void u8_threshold(const uint8_t* src, uint8_t* dst, size_t n, uint8_t t, uint8_t maxval,
                  int mode) {
  simd_int_threshold(src, dst, n, t, maxval, mode);
}
void u16_threshold(const uint16_t* src, uint16_t* dst, size_t n, uint16_t t, uint16_t maxval,
                   int mode) {
  simd_int_threshold(src, dst, n, t, maxval, mode);
}
void s16_threshold(const int16_t* src, int16_t* dst, size_t n, int16_t t, int16_t maxval,
                   int mode) {
  simd_int_threshold(src, dst, n, t, maxval, mode);
}
void f32_threshold(const float* src, float* dst, size_t n, float t, float maxval, int mode) {
  simd_f32_threshold(src, dst, n, t, maxval, mode);
}

#define VC_ARITH_TYPE(S, T)                                     \
  void S##_absdiff(const T* a, const T* b, T* dst, size_t n) {  \
    simd_absdiff(a, b, dst, n);                                 \
  }                                                             \
  void S##_minmax(const T* src, size_t n, T* mn, T* mx) {       \
    simd_minmax(src, n, mn, mx);                                \
  }
VC_ARITH_TYPE(u8, uint8_t)
VC_ARITH_TYPE(u16, uint16_t)
VC_ARITH_TYPE(s16, int16_t)
VC_ARITH_TYPE(f32, float)
#undef VC_ARITH_TYPE

#ifdef VC_ARITH_SIMD_FMA
#define VC_ARITH_PAIR(S, TS, D, TD)                                                        \
  void S##_##D##_convert_scale(const TS* src, TD* dst, size_t n, float alpha, float beta) { \
    simd_convert_scale(src, dst, n, alpha, beta);                                          \
  }                                                                                        \
  void S##_##D##_add_weighted(const TS* a, const TS* b, TD* dst, size_t n, float alpha,    \
                              float beta, float gamma) {                                   \
    simd_add_weighted(a, b, dst, n, alpha, beta, gamma);                                   \
  }
#include "kernels/common/arith_pairs.hpp"
#undef VC_ARITH_PAIR
#endif

void register_arith(KernelTable& t) {
  t.u8_threshold = u8_threshold;
  t.u16_threshold = u16_threshold;
  t.s16_threshold = s16_threshold;
  t.f32_threshold = f32_threshold;
#define VC_ARITH_TYPE(S)       \
  t.S##_absdiff = S##_absdiff; \
  t.S##_minmax = S##_minmax;
  VC_ARITH_TYPE(u8)
  VC_ARITH_TYPE(u16)
  VC_ARITH_TYPE(s16)
  VC_ARITH_TYPE(f32)
#undef VC_ARITH_TYPE
#ifdef VC_ARITH_SIMD_FMA
#define VC_ARITH_PAIR(S, TS, D, TD)                    \
  t.S##_##D##_convert_scale = S##_##D##_convert_scale; \
  t.S##_##D##_add_weighted = S##_##D##_add_weighted;
#include "kernels/common/arith_pairs.hpp"
#undef VC_ARITH_PAIR
#endif
}
