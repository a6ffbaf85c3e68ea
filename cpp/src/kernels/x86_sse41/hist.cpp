// SSE4.1 histogram-family kernels.
//
// u8_hist_count (one channel, no mask): four sub-histograms, one per lane
// of a 4-pixel step, summed at the end: consecutive equal pixels then hit
// different counters, so increments do not wait on the previous store
// (store-to-load forwarding). Scalar code; it is here because every x86
// level shares it (AVX2 / AVX-512 fall back to this level).
// u8_s32_integral_row (one channel): 8 pixels per step, their prefix sum
// in 16-bit lanes by three shift-and-add steps (pslldq by 2, 4, 8 bytes;
// 8 * 255 fits), widened to two int32 vectors, plus the running carry
// (the last lane broadcast) and the row above.
#include <immintrin.h>

#include <cmath>
#include <cstring>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/hist_generic.hpp"

void u8_hist_count(const uint8_t* src, const uint8_t* mask, size_t n, int cn, uint32_t* hist) {
  if (mask || cn != 1 || n < 4096) {
    hist_count_generic(src, mask, n, cn, hist, 256);
    return;
  }
  uint32_t sub[3][256];
  std::memset(sub, 0, sizeof(sub));
  size_t i = 0;
  for (; i + 8 <= n; i += 8) {
    uint64_t v;
    std::memcpy(&v, src + i, 8);
    ++hist[v & 0xff];
    ++sub[0][(v >> 8) & 0xff];
    ++sub[1][(v >> 16) & 0xff];
    ++sub[2][(v >> 24) & 0xff];
    ++hist[(v >> 32) & 0xff];
    ++sub[0][(v >> 40) & 0xff];
    ++sub[1][(v >> 48) & 0xff];
    ++sub[2][v >> 56];
  }
  for (; i < n; ++i) ++hist[src[i]];
  for (int k = 0; k < 256; ++k) hist[k] += sub[0][k] + sub[1][k] + sub[2][k];
}

void u8_s32_integral_row(const uint8_t* src, const int32_t* above, int32_t* dst, size_t width,
                         int cn) {
  if (cn != 1) {
    integral_row_generic(src, above, dst, width, cn, [](uint8_t v) { return int32_t{v}; });
    return;
  }
  __m128i carry_s32x4 = _mm_setzero_si128();
  size_t x = 0;
  for (; x + 8 <= width; x += 8) {
    __m128i v_u16x8 = _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(src + x)));
    v_u16x8 = _mm_add_epi16(v_u16x8, _mm_slli_si128(v_u16x8, 2));
    v_u16x8 = _mm_add_epi16(v_u16x8, _mm_slli_si128(v_u16x8, 4));
    v_u16x8 = _mm_add_epi16(v_u16x8, _mm_slli_si128(v_u16x8, 8));
    const __m128i lo_s32x4 = _mm_add_epi32(_mm_cvtepu16_epi32(v_u16x8), carry_s32x4);
    const __m128i hi_s32x4 =
        _mm_add_epi32(_mm_cvtepu16_epi32(_mm_srli_si128(v_u16x8, 8)), carry_s32x4);
    carry_s32x4 = _mm_shuffle_epi32(hi_s32x4, _MM_SHUFFLE(3, 3, 3, 3));
    const __m128i a0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(above + x));
    const __m128i a1 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(above + x + 4));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_add_epi32(a0, lo_s32x4));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x + 4), _mm_add_epi32(a1, hi_s32x4));
  }
  int32_t s = _mm_cvtsi128_si32(carry_s32x4);
  for (; x < width; ++x) {
    s += src[x];
    dst[x] = above[x] + s;
  }
}

// Squared sums of integer samples: the row prefix of v * v is an integer
// below 2^53 (u16: 2^20 * 2^32), so summing it in int64 (1-cycle adds
// instead of 4-cycle double adds) and converting once gives exactly the
// reference's double prefix; dst = above + prefix is then the same rounding.
template <class T>
inline void integral_sq_row_int(const T* src, const double* above, double* dst, size_t width,
                                int cn) {
  int64_t s[4] = {0, 0, 0, 0};
  if (cn == 1) {
    int64_t s1 = 0;
    for (size_t x = 0; x < width; ++x) {
      s1 += int64_t{src[x]} * src[x];
      dst[x] = above[x] + static_cast<double>(s1);
    }
    return;
  }
  for (size_t x = 0; x < width; ++x) {
    for (int c = 0; c < cn; ++c) {
      const size_t i = x * cn + c;
      s[c] += int64_t{src[i]} * src[i];
      dst[i] = above[i] + static_cast<double>(s[c]);
    }
  }
}

void u8_f64_integral_sq_row(const uint8_t* src, const double* above, double* dst, size_t width,
                            int cn) {
  integral_sq_row_int(src, above, dst, width, cn);
}
void u16_f64_integral_sq_row(const uint16_t* src, const double* above, double* dst, size_t width,
                             int cn) {
  integral_sq_row_int(src, above, dst, width, cn);
}

void register_hist(KernelTable& t) {
  t.u8_hist_count = u8_hist_count;
  t.u8_s32_integral_row = u8_s32_integral_row;
  t.u8_f64_integral_sq_row = u8_f64_integral_sq_row;
  t.u16_f64_integral_sq_row = u16_f64_integral_sq_row;
}

}  // namespace vc::kernels::sse41
