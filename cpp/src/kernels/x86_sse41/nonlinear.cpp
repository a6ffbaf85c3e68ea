// SSE4.1 nonlinear filter kernels.
//  median 3x3 / 5x5: the shared networks on 128-bit pminub/pminuw/minps
//    (16 u8, 8 u16, 4 f32 lanes); each lane is one output element.
//  constant-time median: the window histograms as two 8 x u16 halves,
//    pmovzxbw to add uint8 column counts, branch-free bin search.
//  bilateral: 4 float lanes, the color table read with scalar loads (no
//    gather before AVX2).
#include <immintrin.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/morph_minmax_generic.hpp"
#include "kernels/common/morph_vec_x86.hpp"
#include "kernels/common/median_sortnet_generic.hpp"
#include "kernels/common/median_hist_generic.hpp"
#include "kernels/common/median_hist_x86.hpp"
#include "kernels/common/bilateral_generic.hpp"
#include "kernels/common/bilateral_x86.hpp"

#define VC_DEFINE_MEDIAN_NET(T, pfx)                                                   \
  void pfx##_median3_row(const T* const* rows, T* dst, size_t n, int cn) {            \
    median3_row_generic<Vec<T>>(rows, dst, n, cn);                                   \
  }                                                                                  \
  void pfx##_median5_row(const T* const* rows, T* dst, size_t n, int cn) {            \
    median5_row_generic<Vec<T>>(rows, dst, n, cn);                                   \
  }
VC_DEFINE_MEDIAN_NET(uint8_t, u8)
VC_DEFINE_MEDIAN_NET(uint16_t, u16)
VC_DEFINE_MEDIAN_NET(float, f32)
#undef VC_DEFINE_MEDIAN_NET

void u8_median_hist_row(const uint8_t* coarse, const uint8_t* fine, int c0, int width, int x0,
                        int x1, int r, int cn, uint8_t* dst) {
  median_hist_row_generic<X86Hist16>(coarse, fine, c0, width, x0, x1, r, cn, dst);
}

void u8_bilateral_row(const uint8_t* const* taps, const float* space_w, int ntaps,
                      const uint8_t* center, size_t plane, int cn, const float* color_lut,
                      uint8_t* dst, size_t width) {
  u8_bilateral_row_x86(taps, space_w, ntaps, center, plane, cn, color_lut, dst, width);
}

void f32_bilateral_row(const float* const* taps, const float* space_w, int ntaps,
                       const float* center, size_t plane, int cn, const float* exp_lut,
                       float scale, float max_alpha, float* dst, size_t width) {
  f32_bilateral_row_x86(taps, space_w, ntaps, center, plane, cn, exp_lut, scale, max_alpha, dst,
                        width);
}

void register_nonlinear(KernelTable& t) {
  t.u8_median3_row = u8_median3_row;
  t.u16_median3_row = u16_median3_row;
  t.f32_median3_row = f32_median3_row;
  t.u8_median5_row = u8_median5_row;
  t.u16_median5_row = u16_median5_row;
  t.f32_median5_row = f32_median5_row;
  t.u8_median_hist_row = u8_median_hist_row;
  t.u8_bilateral_row = u8_bilateral_row;
  t.f32_bilateral_row = f32_bilateral_row;
}

}  // namespace vc::kernels::sse41
