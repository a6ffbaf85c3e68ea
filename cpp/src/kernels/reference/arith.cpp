// Per-pixel thresholds and arithmetic: threshold, convert_scale, normalize, add_weighted, absdiff — kernels for this ISA level.
// The reference: the scalar bodies of common/arith_generic.hpp, every entry.
#include <cmath>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/arith_generic.hpp"
using namespace arith_generic;

void u8_threshold(const uint8_t* src, uint8_t* dst, size_t n, uint8_t t, uint8_t maxval,
                  int mode) {
  threshold_generic(src, dst, 0, n, t, maxval, mode);
}
void u16_threshold(const uint16_t* src, uint16_t* dst, size_t n, uint16_t t, uint16_t maxval,
                   int mode) {
  threshold_generic(src, dst, 0, n, t, maxval, mode);
}
void s16_threshold(const int16_t* src, int16_t* dst, size_t n, int16_t t, int16_t maxval,
                   int mode) {
  threshold_generic(src, dst, 0, n, t, maxval, mode);
}
void f32_threshold(const float* src, float* dst, size_t n, float t, float maxval, int mode) {
  threshold_generic(src, dst, 0, n, t, maxval, mode);
}

#define VC_ARITH_PAIR(S, TS, D, TD)                                                        \
  void S##_##D##_convert_scale(const TS* src, TD* dst, size_t n, float alpha, float beta) { \
    convert_scale_generic(src, dst, 0, n, alpha, beta);                                    \
  }                                                                                        \
  void S##_##D##_add_weighted(const TS* a, const TS* b, TD* dst, size_t n, float alpha,    \
                              float beta, float gamma) {                                   \
    add_weighted_generic(a, b, dst, 0, n, alpha, beta, gamma);                             \
  }
#include "kernels/common/arith_pairs.hpp"
#undef VC_ARITH_PAIR

#define VC_ARITH_TYPE(S, T)                                                     \
  void S##_absdiff(const T* a, const T* b, T* dst, size_t n) {                  \
    absdiff_generic(a, b, dst, 0, n);                                           \
  }                                                                             \
  void S##_minmax(const T* src, size_t n, T* mn, T* mx) {                       \
    minmax_generic(src, 0, n, mn, mx);                                          \
  }                                                                             \
  void S##_norm_sums(const T* src, size_t n, double* l1, double* l2) {          \
    norm_sums_generic(src, n, l1, l2);                                          \
  }
VC_ARITH_TYPE(u8, uint8_t)
VC_ARITH_TYPE(u16, uint16_t)
VC_ARITH_TYPE(s16, int16_t)
VC_ARITH_TYPE(f32, float)
#undef VC_ARITH_TYPE

void register_arith(KernelTable& t) {
  t.u8_threshold = u8_threshold;
  t.u16_threshold = u16_threshold;
  t.s16_threshold = s16_threshold;
  t.f32_threshold = f32_threshold;
#define VC_ARITH_PAIR(S, TS, D, TD)                    \
  t.S##_##D##_convert_scale = S##_##D##_convert_scale; \
  t.S##_##D##_add_weighted = S##_##D##_add_weighted;
#include "kernels/common/arith_pairs.hpp"
#undef VC_ARITH_PAIR
#define VC_ARITH_TYPE(S)           \
  t.S##_absdiff = S##_absdiff;     \
  t.S##_minmax = S##_minmax;       \
  t.S##_norm_sums = S##_norm_sums;
  VC_ARITH_TYPE(u8)
  VC_ARITH_TYPE(u16)
  VC_ARITH_TYPE(s16)
  VC_ARITH_TYPE(f32)
#undef VC_ARITH_TYPE
}

}  // namespace vc::kernels::reference
