// Plain-C++ resize loops shared by every ISA folder (included inside
// `namespace vc::kernels::<isa>`): the reference arithmetic, and the tails
// of the SIMD kernels. The formulas are OpenCV 5's (see geometry.inc).
//
// Float -> integer conversions clamp in float first (NaN -> low end) and
// then round half to even with the 1.5 * 2^23 trick, which for |v| <= 2^22
// gives exactly what cvtps2dq does under the default rounding mode.

inline int32_t geo_round_even(float v) {
  const float magic = 12582912.0f;  // 1.5 * 2^23: ulp 1 across [2^23, 2^24)
  return static_cast<int32_t>((v + magic) - magic);
}

template <class T>
inline T geo_cast(float v);
template <>
inline uint8_t geo_cast<uint8_t>(float v) {
  v = v > 0.0f ? v : 0.0f;
  v = v < 255.0f ? v : 255.0f;
  return static_cast<uint8_t>(geo_round_even(v));
}
template <>
inline uint16_t geo_cast<uint16_t>(float v) {
  v = v > 0.0f ? v : 0.0f;
  v = v < 65535.0f ? v : 65535.0f;
  return static_cast<uint16_t>(geo_round_even(v));
}
template <>
inline float geo_cast<float>(float v) {
  return v;
}

inline void resize_nearest_row_generic(const uint8_t* src, uint8_t* dst, const int32_t* xofs,
                                       size_t width, int pixel_bytes) {
  // A fixed-size memcpy per case compiles to one load/store pair.
  switch (pixel_bytes) {
    case 1:
      for (size_t x = 0; x < width; ++x) dst[x] = src[xofs[x]];
      return;
#define VC_NN_CASE(N)                                                                  \
  case N:                                                                              \
    for (size_t x = 0; x < width; ++x) std::memcpy(dst + x * N, src + xofs[x], N); \
    return;
      VC_NN_CASE(2)
      VC_NN_CASE(3)
      VC_NN_CASE(4)
      VC_NN_CASE(6)
      VC_NN_CASE(8)
      VC_NN_CASE(12)
      VC_NN_CASE(16)
#undef VC_NN_CASE
    default:
      for (size_t x = 0; x < width; ++x) {
        std::memcpy(dst + x * static_cast<size_t>(pixel_bytes), src + xofs[x],
                    static_cast<size_t>(pixel_bytes));
      }
  }
}

inline void u8_resize_linear_hrow_generic(const uint8_t* src, int32_t* dst, size_t n,
                                          const int32_t* xofs, const int32_t* alpha,
                                          int tap_step) {
  for (size_t i = 0; i < n; ++i) {
    const int32_t a0 = static_cast<int16_t>(alpha[i] & 0xFFFF);
    const int32_t a1 = alpha[i] >> 16;
    const uint8_t* s = src + xofs[i];
    dst[i] = s[0] * a0 + s[tap_step] * a1;
  }
}

inline void u8_resize_linear_vrow_generic(const int32_t* r0, const int32_t* r1, uint8_t* dst,
                                          size_t n, int b0, int b1) {
  for (size_t i = 0; i < n; ++i) {
    const int32_t v = ((((r0[i] >> 4) * b0) >> 16) + (((r1[i] >> 4) * b1) >> 16) + 2) >> 2;
    dst[i] = static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
  }
}

template <class T>
inline void f32_resize_hrow_generic(const T* src, float* dst, size_t n, const int32_t* ofs,
                                    const float* coef, int ksize) {
  const size_t k = static_cast<size_t>(ksize);
  for (size_t i = 0; i < n; ++i) {
    float sum = static_cast<float>(src[ofs[i]]) * coef[i];
    for (size_t j = 1; j < k; ++j) sum = sum + static_cast<float>(src[ofs[j * n + i]]) * coef[j * n + i];
    dst[i] = sum;
  }
}

// u8 horizontal pass with block-relative offsets (see geometry.inc).
constexpr size_t kResizeBlock = 16;

inline float u8_resize_hrow_element(const uint8_t* src, size_t n, const int32_t* ofs,
                                    const float* coef, const int32_t* blocks, int ksize, size_t i) {
  const uint8_t* s = src + blocks[2 * (i / kResizeBlock)];
  float sum = static_cast<float>(s[ofs[i]]) * coef[i];
  for (int j = 1; j < ksize; ++j) {
    const size_t o = static_cast<size_t>(j) * n + i;
    sum = sum + static_cast<float>(s[ofs[o]]) * coef[o];
  }
  return sum;
}

inline void u8_f32_resize_hrow_generic(const uint8_t* src, float* dst, size_t n, const int32_t* ofs,
                                       const float* coef, const int32_t* blocks, int ksize) {
  for (size_t i = 0; i < n; ++i) dst[i] = u8_resize_hrow_element(src, n, ofs, coef, blocks, ksize, i);
}

template <class T>
inline void f32_resize_vrow_generic(const float* const* rows, const float* coef, int ksize, T* dst,
                                    size_t n) {
  for (size_t i = 0; i < n; ++i) {
    float sum = rows[0][i] * coef[0];
    for (int j = 1; j < ksize; ++j) sum = sum + rows[j][i] * coef[j];
    dst[i] = geo_cast<T>(sum);
  }
}

template <class T>
inline void int_resize_area2x2_row_generic(const T* r0, const T* r1, T* dst, size_t width, int cn) {
  const size_t c = static_cast<size_t>(cn);
  for (size_t x = 0; x < width; ++x) {
    for (size_t k = 0; k < c; ++k) {
      const size_t s = 2 * x * c + k;
      const uint32_t sum = static_cast<uint32_t>(r0[s]) + r0[s + c] + r1[s] + r1[s + c];
      dst[x * c + k] = static_cast<T>((sum + 2) >> 2);
    }
  }
}

inline void f32_resize_area2x2_row_generic(const float* r0, const float* r1, float* dst,
                                           size_t width, int cn) {
  const size_t c = static_cast<size_t>(cn);
  for (size_t x = 0; x < width; ++x) {
    for (size_t k = 0; k < c; ++k) {
      const size_t s = 2 * x * c + k;
      dst[x * c + k] = ((r0[s] + r0[s + c]) + (r1[s] + r1[s + c])) * 0.25f;
    }
  }
}

// k_x x k_y block averages. Integer sums are exact; float sums follow
// OpenCV's order (rows, then columns, four taps grouped at a time).
template <class T>
inline void resize_area_int_row_generic(const T* const* rows, int nrows, int ky, T* dst,
                                        size_t width, int cn, int kx, int src_width) {
  using Acc = typename std::conditional<std::is_same<T, float>::value, float, int64_t>::type;
  const size_t c = static_cast<size_t>(cn);
  const float scale = 1.0f / static_cast<float>(kx * ky);
  const int area = kx * ky;
  for (size_t x = 0; x < width; ++x) {
    const int sx0 = static_cast<int>(x) * kx;
    const bool full = nrows == ky && sx0 + kx <= src_width;
    for (size_t k = 0; k < c; ++k) {
      if (full) {
        // the taps in row-major order, summed four at a time as OpenCV does
        Acc sum = 0;
        int t = 0;
        auto tap = [&](int i) -> Acc {
          return static_cast<Acc>(rows[i / kx][static_cast<size_t>(sx0 + i % kx) * c + k]);
        };
        for (; t + 4 <= area; t += 4) sum = sum + (((tap(t) + tap(t + 1)) + tap(t + 2)) + tap(t + 3));
        for (; t < area; ++t) sum = sum + tap(t);
        dst[x * c + k] = geo_cast<T>(static_cast<float>(sum) * scale);
      } else {
        Acc sum = 0;
        int count = 0;
        for (int r = 0; r < nrows; ++r) {
          for (int sx = sx0; sx < sx0 + kx && sx < src_width; ++sx) {
            sum = sum + static_cast<Acc>(rows[r][static_cast<size_t>(sx) * c + k]);
            ++count;
          }
        }
        dst[x * c + k] = geo_cast<T>(static_cast<float>(sum) / static_cast<float>(count));
      }
    }
  }
}
