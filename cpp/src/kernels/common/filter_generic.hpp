// Plain-C++ linear-filter loops shared by every ISA folder: the reference
// kernels, and the tails of the SIMD ones (which must give the same bits, so
// both use the same operation order). Included inside
// `namespace vc::kernels::<isa>` (after <cmath> and <limits> were included
// outside it); see kernels/filter.inc for the contracts.

// Everything sits in a nested namespace so that these inline helpers can
// never clash (ODR) with another family's helpers in the same ISA namespace;
// includers add `using namespace filter_generic;`.
namespace filter_generic {

// float -> int32 as cvtps2dq does under the default rounding mode: round
// half to even; NaN and anything outside int32 give INT32_MIN.
inline int32_t filter_round_f32(float v) {
  if (v >= -2147483648.0f && v < 2147483648.0f) return static_cast<int32_t>(std::nearbyint(v));
  return std::numeric_limits<int32_t>::min();
}

template <class T>
inline T filter_saturate(int32_t v);
template <>
inline uint8_t filter_saturate<uint8_t>(int32_t v) {
  return static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}
template <>
inline uint16_t filter_saturate<uint16_t>(int32_t v) {
  return static_cast<uint16_t>(v < 0 ? 0 : (v > 65535 ? 65535 : v));
}
template <>
inline int16_t filter_saturate<int16_t>(int32_t v) {
  return static_cast<int16_t>(v < -32768 ? -32768 : (v > 32767 ? 32767 : v));
}

template <class TD>
inline TD filter_cast(float v) {
  return filter_saturate<TD>(filter_round_f32(v));
}
template <>
inline float filter_cast<float>(float v) {
  return v;
}

template <class TS>
inline void convert_row_generic(const TS* src, float* dst, size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) dst[i] = static_cast<float>(src[i]);
}

template <class TD>
inline void filter_taps_generic(const float* const* rows, const ptrdiff_t* off, const float* k,
                                int taps, int pairs, float delta, TD* dst, size_t begin,
                                size_t n) {
  const int singles = taps - pairs;
  // delta 0: the first product starts the sum (no "+ 0"; the SIMD bodies
  // do the same, so the bits agree, signed zeros included).
  const bool skip = delta == 0.0f && taps > 0;
  for (size_t i = begin; i < n; ++i) {
    const ptrdiff_t ii = static_cast<ptrdiff_t>(i);
    float s = delta;
    for (int t = 0; t < singles; ++t) {
      const float p = k[t] * rows[t][off[t] + ii];
      s = (skip && t == 0) ? p : s + p;
    }
    for (int j = 0; j < pairs; ++j) {
      const int e = singles + 2 * j;
      const float p = k[singles + j] * (rows[e][off[e] + ii] + rows[e + 1][off[e + 1] + ii]);
      s = (skip && singles == 0 && j == 0) ? p : s + p;
    }
    dst[i] = filter_cast<TD>(s);
  }
}

template <class TS>
inline int16_t int_taps_sum(const TS* const* rows, const ptrdiff_t* off, const int16_t* k, int taps,
                            int16_t delta, size_t i) {
  // Modulo 2^16 in unsigned 32-bit arithmetic (no signed overflow).
  uint32_t s = static_cast<uint16_t>(delta);
  for (int t = 0; t < taps; ++t) {
    const uint32_t x = static_cast<uint16_t>(rows[t][off[t] + static_cast<ptrdiff_t>(i)]);
    s = (s + static_cast<uint16_t>(k[t]) * x) & 0xffffu;
  }
  return static_cast<int16_t>(static_cast<uint16_t>(s));
}

inline void u8_s16_filter_taps_generic(const uint8_t* const* rows, const ptrdiff_t* off,
                                       const int16_t* k, int taps, int16_t* dst, size_t begin,
                                       size_t n) {
  for (size_t i = begin; i < n; ++i) dst[i] = int_taps_sum(rows, off, k, taps, 0, i);
}

inline void s16_filter_taps_generic(const int16_t* const* rows, const ptrdiff_t* off,
                                    const int16_t* k, int taps, int16_t delta, int16_t* dst,
                                    size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) dst[i] = int_taps_sum(rows, off, k, taps, delta, i);
}

inline void s16_f32_filter_taps_generic(const int16_t* const* rows, const ptrdiff_t* off,
                                        const int16_t* k, int taps, float delta, float* dst,
                                        size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) {
    dst[i] = static_cast<float>(int_taps_sum(rows, off, k, taps, 0, i)) + delta;
  }
}

// Position of sample i in the even/odd block layout of u8_gaussian_row.
inline size_t gaussian_eo_pos(size_t i) {
  return (i & ~size_t{63}) + ((i & 1) << 5) + ((i & 63) >> 1);
}

inline void u8_gaussian_row_generic(const uint8_t* src, uint16_t* dst, size_t begin, size_t n,
                                    const uint16_t* k, int ksize, int cn) {
  for (size_t i = begin; i < n; ++i) {
    uint32_t s = 0;
    for (int t = 0; t < ksize; ++t) s += uint32_t{k[t]} * src[i + static_cast<size_t>(t) * cn];
    dst[gaussian_eo_pos(i)] = static_cast<uint16_t>(s);
  }
}

inline void u8_gaussian_col_generic(const uint16_t* const* rows, uint8_t* dst, size_t begin,
                                    size_t n, const uint16_t* k, int ksize) {
  for (size_t i = begin; i < n; ++i) {
    const size_t p = gaussian_eo_pos(i);
    uint32_t s = 0;
    for (int t = 0; t < ksize; ++t) s += uint32_t{k[t]} * rows[t][p];
    dst[i] = static_cast<uint8_t>((s + (1u << 15)) >> 16);
  }
}

inline void u8_gaussian_col_short_generic(const uint16_t* const* rows, uint8_t* dst, size_t begin,
                                          size_t n, const uint16_t* k, int ksize, int shift,
                                          bool half_even) {
  for (size_t i = begin; i < n; ++i) {
    const size_t p = gaussian_eo_pos(i);
    uint32_t s = 0;
    for (int t = 0; t < ksize; ++t) s += uint32_t{k[t]} * rows[t][p];
    // half to even: a tie rounds up only when the truncated result is odd
    const uint32_t bias = (1u << (shift - 1)) - (half_even ? 1u - ((s >> shift) & 1u) : 0u);
    dst[i] = static_cast<uint8_t>((s + bias) >> shift);
  }
}

// u16 Gaussian: exact integer sums, accumulated tap by tap over blocks of
// 64 samples so that the compiler vectorizes them at every level.
inline void u16_gaussian_row_generic(const uint16_t* src, uint32_t* dst, size_t n,
                                     const uint32_t* k, int ksize, int cn) {
  for (size_t i = 0; i < n; ++i) dst[i] = 0;
  for (int t = 0; t < ksize; ++t) {
    const uint32_t c = k[t];
    const uint16_t* s = src + static_cast<size_t>(t) * cn;
    for (size_t i = 0; i < n; ++i) dst[i] += c * s[i];
  }
}

// Column: with h = 65536 * hi + lo, A = sum k * hi and B = sum k * lo both
// fit 32 bits (the taps sum to 65536), and
// (sum k * h + 2^31) >> 32 = (A + (B >> 16) + 2^15) >> 16 (the last step in
// 64 bits). Fixed-size blocks, so that the compiler vectorizes them.
template <size_t kBlock>
inline void u16_gaussian_col_block(const uint32_t* const* rows, uint16_t* dst, size_t b,
                                   const uint32_t* k, int ksize) {
  uint32_t hi[kBlock] = {}, lo[kBlock] = {};
  for (int t = 0; t < ksize; ++t) {
    const uint32_t c = k[t];
    const uint32_t* __restrict r = rows[t] + b;
    for (size_t j = 0; j < kBlock; ++j) hi[j] += c * (r[j] >> 16);
    for (size_t j = 0; j < kBlock; ++j) lo[j] += c * (r[j] & 0xffffu);
  }
  for (size_t j = 0; j < kBlock; ++j) {
    dst[b + j] = static_cast<uint16_t>((uint64_t{hi[j]} + (lo[j] >> 16) + 32768u) >> 16);
  }
}

inline void u16_gaussian_col_generic(const uint32_t* const* rows, uint16_t* dst, size_t n,
                                     const uint32_t* k, int ksize) {
  size_t b = 0;
  for (; b + 64 <= n; b += 64) u16_gaussian_col_block<64>(rows, dst, b, k, ksize);
  for (; b < n; ++b) u16_gaussian_col_block<1>(rows, dst, b, k, ksize);
}

template <class TS, class TSum>
inline void box_colsum_generic(TSum* sum, const TS* add, const TS* sub, size_t begin, size_t n) {
  if (add && sub) {
    for (size_t i = begin; i < n; ++i) sum[i] = static_cast<TSum>(sum[i] + add[i] - sub[i]);
  } else if (add) {
    for (size_t i = begin; i < n; ++i) sum[i] = static_cast<TSum>(sum[i] + add[i]);
  } else if (sub) {
    for (size_t i = begin; i < n; ++i) sum[i] = static_cast<TSum>(sum[i] - sub[i]);
  }
}

// Horizontal window sums over kw pixels: direct for short windows, a running
// sum per channel for long ones (O(1) per sample in kw). Exact for integer
// sums; for double sums the two ways may differ in the last bits, so the
// choice depends only on kw and cn (identical at every ISA level).
constexpr int kBoxDirectMaxTaps = 24;

template <class TAcc, class TSum, class Emit>
inline void box_window_generic(const TSum* sum, size_t begin, size_t n, int kw, int cn,
                               Emit&& emit) {
  const size_t step = static_cast<size_t>(cn);
  if (kw <= kBoxDirectMaxTaps || begin + step >= n) {
    for (size_t i = begin; i < n; ++i) {
      TAcc s = 0;
      for (int t = 0; t < kw; ++t) s += sum[i + static_cast<size_t>(t) * step];
      emit(i, s);
    }
    return;
  }
  const size_t span = static_cast<size_t>(kw) * step;
  for (size_t c = 0; c < step && begin + c < n; ++c) {
    size_t i = begin + c;
    TAcc s = 0;
    for (int t = 0; t < kw; ++t) s += sum[i + static_cast<size_t>(t) * step];
    emit(i, s);
    for (i += step; i < n; i += step) {
      s += sum[i + span - step];
      s -= sum[i - step];
      emit(i, s);
    }
  }
}

inline uint8_t box_u8_divide(uint32_t s, uint32_t div_scale, uint32_t div_delta) {
  return static_cast<uint8_t>(((s + div_delta) * div_scale) >> 23);
}

inline void u16_u8_box_row_generic(const uint16_t* sum, uint8_t* dst, size_t begin, size_t n,
                                   int kw, int cn, uint32_t div_scale, uint32_t div_delta) {
  box_window_generic<uint32_t>(sum, begin, n, kw, cn, [&](size_t i, uint32_t s) {
    dst[i] = box_u8_divide(s, div_scale, div_delta);
  });
}

inline void f64_f32_box_row_generic(const double* sum, float* dst, size_t begin, size_t n, int kw,
                                    int cn, double scale) {
  box_window_generic<double>(sum, begin, n, kw, cn, [&](size_t i, double s) {
    dst[i] = static_cast<float>(s * scale);
  });
}

inline void u8_adaptive_threshold_row_generic(const uint8_t* src, const uint8_t* mean,
                                              uint8_t* dst, size_t begin, size_t n, int idelta,
                                              uint8_t maxval, bool inverse) {
  for (size_t i = begin; i < n; ++i) {
    const bool above = int{src[i]} - int{mean[i]} > -idelta;
    dst[i] = above != inverse ? maxval : 0;
  }
}

inline void u8_f32_gauss_fma_row_generic(const uint8_t* src, float* dst, size_t begin, size_t n,
                                         const float* k, int ksize) {
  for (size_t i = begin; i < n; ++i) {
    float s = static_cast<float>(src[i]) * k[0];
    for (int t = 1; t < ksize; ++t) s = std::fma(static_cast<float>(src[i + t]), k[t], s);
    dst[i] = s;
  }
}

inline void f32_u8_gauss_fma_col_generic(const float* const* rows, uint8_t* dst, size_t begin,
                                         size_t n, const float* k, int ksize) {
  const int r = ksize / 2;
  for (size_t i = begin; i < n; ++i) {
    float s = rows[r][i] * k[r];
    for (int t = 1; t <= r; ++t) s = std::fma(rows[r - t][i] + rows[r + t][i], k[r + t], s);
    dst[i] = filter_cast<uint8_t>(s);
  }
}

}  // namespace filter_generic
