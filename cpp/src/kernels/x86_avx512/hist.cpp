// AVX-512 histogram-family kernels: the u8 integral rows, sums (int32) and
// squared sums (double), for 1 to 4 channels, 16 samples per step.
//
// A step's prefix sum per channel runs in 16 int32 lanes: lane k adds lane
// k - cn, then k - 2cn, k - 4cn, k - 8cn (valignd shifts in zeros), so
// lane k holds the sum of the step's samples of its channel up to k (16
// squares of u8 fit). The running sum of each channel enters as a carry
// vector: 16 = cn * q + r, so lane k of the next step has the channel of
// lane 16 - cn + k % cn of this one, the last of that channel, whatever
// the step's first channel was; one vpermd forms the next carry.
// The squared sums are integers below 2^53 all along the row, so the int32
// step prefix, converted to double and added to the double carry, is
// exactly the reference's double prefix; dst = above + prefix is then the
// reference's one rounding. u8_hist_lut_row: see there. Other entries
// fall back to AVX2 / SSE4.1.
#include <immintrin.h>

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/hist_generic.hpp"

namespace {

// In-step prefix per channel of 16 int32 lanes.
inline __m512i step_prefix(__m512i v, int cn) {
  const __m512i zero = _mm512_setzero_si512();
  switch (cn) {
    case 1:
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 15));
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 14));
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 12));
      return _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 8));
    case 2:
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 14));
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 12));
      return _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 8));
    case 3:
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 13));
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 10));
      return _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 4));
    default:
      v = _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 12));
      return _mm512_add_epi32(v, _mm512_alignr_epi32(v, zero, 8));
  }
}

// Lane 16 - cn + k % cn for lane k (see the top).
inline __m512i carry_index(int cn) {
  alignas(64) int32_t idx[16];
  for (int k = 0; k < 16; ++k) idx[k] = 16 - cn + k % cn;
  return _mm512_load_si512(idx);
}

inline __m512i load_u8x16(const uint8_t* p) {
  return _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
}

// The rest of a row after `done` samples, with the running sums s[c] of
// the channels (sample i has channel i % cn), the reference way.
template <class S, class F>
inline void integral_tail(const uint8_t* src, const S* above, S* dst, size_t done, size_t m,
                          int cn, S* s, F f) {
  for (size_t i = done; i < m; ++i) {
    S& sc = s[i % static_cast<size_t>(cn)];
    sc += f(src[i]);
    dst[i] = above[i] + sc;
  }
}

}  // namespace

void u8_s32_integral_row(const uint8_t* src, const int32_t* above, int32_t* dst, size_t width,
                         int cn) {
  const size_t m = width * static_cast<size_t>(cn);
  const __m512i idx = carry_index(cn);
  __m512i carry = _mm512_setzero_si512();
  size_t i = 0;
  if (16 % cn == 0) {
    // every step starts with channel 0: the carry grows by the step's
    // totals, and the permute leaves the dependency chain
    for (; i + 16 <= m; i += 16) {
      const __m512i pre = step_prefix(load_u8x16(src + i), cn);
      const __m512i p = _mm512_add_epi32(pre, carry);
      carry = _mm512_add_epi32(carry, _mm512_permutexvar_epi32(idx, pre));
      _mm512_storeu_si512(dst + i, _mm512_add_epi32(_mm512_loadu_si512(above + i), p));
    }
  }
  for (; i + 16 <= m; i += 16) {
    const __m512i p = _mm512_add_epi32(step_prefix(load_u8x16(src + i), cn), carry);
    carry = _mm512_permutexvar_epi32(idx, p);
    _mm512_storeu_si512(dst + i, _mm512_add_epi32(_mm512_loadu_si512(above + i), p));
  }
  // the carry's lane k holds the running sum of channel (i + k) % cn
  alignas(64) int32_t c[16];
  _mm512_store_si512(c, carry);
  int32_t s[4] = {0, 0, 0, 0};
  for (int k = 0; k < cn; ++k) s[(i + k) % static_cast<size_t>(cn)] = c[k];
  integral_tail(src, above, dst, i, m, cn, s, [](uint8_t v) { return int32_t{v}; });
}

void u8_f64_integral_sq_row(const uint8_t* src, const double* above, double* dst, size_t width,
                            int cn) {
  const size_t m = width * static_cast<size_t>(cn);
  // carry lanes 0..7 and 8..15 as doubles, picked from the high half of
  // the step's prefix (lanes 8..15; 16 - cn >= 8)
  alignas(64) int64_t lo_idx[8], hi_idx[8];
  for (int k = 0; k < 8; ++k) {
    lo_idx[k] = 8 - cn + k % cn;
    hi_idx[k] = 8 - cn + (k + 8) % cn;
  }
  const __m512i ilo = _mm512_load_si512(lo_idx), ihi = _mm512_load_si512(hi_idx);
  __m512d carry_lo = _mm512_setzero_pd(), carry_hi = _mm512_setzero_pd();
  size_t i = 0;
  if (16 % cn == 0) {
    // lanes k and k + 8 share a channel: one carry for both halves, grown
    // by the step's totals (exact integers), off the permute's latency
    __m512d carry = _mm512_setzero_pd();
    for (; i + 16 <= m; i += 16) {
      const __m512i v = load_u8x16(src + i);
      const __m512i p = step_prefix(_mm512_madd_epi16(v, v), cn);
      const __m512d pre_hi = _mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(p, 1));
      const __m512d p_lo = _mm512_add_pd(_mm512_cvtepi32_pd(_mm512_castsi512_si256(p)), carry);
      const __m512d p_hi = _mm512_add_pd(pre_hi, carry);
      carry = _mm512_add_pd(carry, _mm512_permutexvar_pd(ilo, pre_hi));
      _mm512_storeu_pd(dst + i, _mm512_add_pd(_mm512_loadu_pd(above + i), p_lo));
      _mm512_storeu_pd(dst + i + 8, _mm512_add_pd(_mm512_loadu_pd(above + i + 8), p_hi));
    }
    carry_lo = carry;
  }
  for (; i + 16 <= m; i += 16) {
    const __m512i v = load_u8x16(src + i);
    const __m512i p = step_prefix(_mm512_madd_epi16(v, v), cn);  // v * v: high halves are 0
    const __m512d p_lo = _mm512_add_pd(_mm512_cvtepi32_pd(_mm512_castsi512_si256(p)), carry_lo);
    const __m512d p_hi =
        _mm512_add_pd(_mm512_cvtepi32_pd(_mm512_extracti64x4_epi64(p, 1)), carry_hi);
    carry_lo = _mm512_permutexvar_pd(ilo, p_hi);
    carry_hi = _mm512_permutexvar_pd(ihi, p_hi);
    _mm512_storeu_pd(dst + i, _mm512_add_pd(_mm512_loadu_pd(above + i), p_lo));
    _mm512_storeu_pd(dst + i + 8, _mm512_add_pd(_mm512_loadu_pd(above + i + 8), p_hi));
  }
  alignas(64) double c[8];
  _mm512_store_pd(c, carry_lo);
  double s[4] = {0, 0, 0, 0};
  for (int k = 0; k < cn; ++k) s[(i + k) % static_cast<size_t>(cn)] = c[k];
  integral_tail(src, above, dst, i, m, cn, s, [](uint8_t v) { return static_cast<double>(v) * static_cast<double>(v); });
}

// u8 lookup, 64 samples per step with AVX-512 VBMI where the CPU has it
// (the level itself does not require it): vpermi2b looks up 128-entry
// halves of the table, bit 7 of the sample picks the half.
__attribute__((target("avx512vbmi"))) void lut_row_vbmi(const uint8_t* src, uint8_t* dst,
                                                         size_t n, const uint8_t* lut) {
  const __m512i t0 = _mm512_loadu_si512(lut), t1 = _mm512_loadu_si512(lut + 64);
  const __m512i t2 = _mm512_loadu_si512(lut + 128), t3 = _mm512_loadu_si512(lut + 192);
  size_t i = 0;
  for (; i + 64 <= n; i += 64) {
    const __m512i v = _mm512_loadu_si512(src + i);
    const __m512i lo = _mm512_permutex2var_epi8(t0, v, t1);
    const __m512i hi = _mm512_permutex2var_epi8(t2, v, t3);
    _mm512_storeu_si512(dst + i, _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), lo, hi));
  }
  if (i < n) {
    // the last samples through a masked load and store
    const __mmask64 k = ~uint64_t{0} >> (64 - (n - i));
    const __m512i v = _mm512_maskz_loadu_epi8(k, src + i);
    const __m512i lo = _mm512_permutex2var_epi8(t0, v, t1);
    const __m512i hi = _mm512_permutex2var_epi8(t2, v, t3);
    _mm512_mask_storeu_epi8(dst + i, k, _mm512_mask_blend_epi8(_mm512_movepi8_mask(v), lo, hi));
  }
}

void register_hist(KernelTable& t) {
  t.u8_s32_integral_row = u8_s32_integral_row;
  t.u8_f64_integral_sq_row = u8_f64_integral_sq_row;
  if (__builtin_cpu_supports("avx512vbmi")) t.u8_hist_lut_row = lut_row_vbmi;
}

}  // namespace vc::kernels::avx512
