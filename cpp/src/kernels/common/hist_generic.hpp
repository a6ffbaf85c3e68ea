// Plain-C++ bodies of the histogram-family kernels (see kernels/hist.inc),
// templated on the sample and sum types. Included inside an ISA namespace:
// the reference level uses them as the oracle, other levels for entries
// where vector code does not pay (floating-point prefix sums are serial, so
// every level runs this same code and gets the same bits). The including
// file includes <cmath>, <cstddef> and <cstdint> first.

template <class T>
inline void hist_count_generic(const T* src, const uint8_t* mask, size_t n, int cn,
                               uint32_t* hist, size_t levels) {
  if (!mask) {
    switch (cn) {
      case 1:
        for (size_t i = 0; i < n; ++i) ++hist[src[i]];
        return;
      case 3:
        for (size_t i = 0; i < n; ++i) {
          ++hist[src[3 * i]];
          ++hist[levels + src[3 * i + 1]];
          ++hist[2 * levels + src[3 * i + 2]];
        }
        return;
      default:
        break;
    }
  }
  for (size_t i = 0; i < n; ++i) {
    if (mask && !mask[i]) continue;
    for (int c = 0; c < cn; ++c) ++hist[static_cast<size_t>(c) * levels + src[i * cn + c]];
  }
}

inline void f32_hist_count_generic(const float* src, const uint8_t* mask, size_t n, int cn,
                                   uint32_t* hist, int bins, double a, double b, double lo,
                                   double hi) {
  for (size_t i = 0; i < n; ++i) {
    if (mask && !mask[i]) continue;
    for (int c = 0; c < cn; ++c) {
      const double v = src[i * cn + c];
      if (!(v >= lo && v < hi)) continue;  // also drops NaN
      // floor without a libm call: |f| <= bins + 1 here, so the cast is exact
      const double f = v * a + b;
      int64_t k = static_cast<int64_t>(f);
      k -= static_cast<double>(k) > f;
      k = k < 0 ? 0 : (k > bins - 1 ? bins - 1 : k);
      ++hist[static_cast<size_t>(c) * static_cast<size_t>(bins) + static_cast<size_t>(k)];
    }
  }
}

// dst[x*cn + c] = above[x*cn + c] + (running sum of F(src) over this row, channel c).
// The channel count is a template argument so the sums stay in registers.
template <int CN, class T, class S, class F>
inline void integral_row_cn(const T* src, const S* above, S* dst, size_t width, F f) {
  S s[CN] = {};
  for (size_t x = 0; x < width; ++x) {
    for (int c = 0; c < CN; ++c) {
      const size_t i = x * CN + c;
      s[c] += f(src[i]);
      dst[i] = above[i] + s[c];
    }
  }
}

template <class T, class S, class F>
inline void integral_row_generic(const T* src, const S* above, S* dst, size_t width, int cn,
                                 F f) {
  switch (cn) {
    case 1:
      return integral_row_cn<1>(src, above, dst, width, f);
    case 2:
      return integral_row_cn<2>(src, above, dst, width, f);
    case 3:
      return integral_row_cn<3>(src, above, dst, width, f);
    default:
      return integral_row_cn<4>(src, above, dst, width, f);
  }
}

template <class T>
inline T clahe_saturate(float r) {
  const float hi = static_cast<float>(sizeof(T) == 1 ? 255 : 65535);
  constexpr float kMagic = 12582912.0f;  // 1.5 * 2^23
  float v = (r + kMagic) - kMagic;
  v = v < 0 ? 0 : (v > hi ? hi : v);
  return static_cast<T>(static_cast<int>(v));
}

template <class T>
inline void clahe_interp_row_generic(const T* src, T* dst, size_t begin, size_t n,
                                     const T* lut_top, const T* lut_bottom, const int32_t* x0,
                                     const int32_t* x1, const float* wx, const float* wx1,
                                     float wy, float wy1) {
  for (size_t i = begin; i < n; ++i) {
    const int v = src[i];
    const float r = (static_cast<float>(lut_top[x0[i] + v]) * wx1[i] +
                     static_cast<float>(lut_top[x1[i] + v]) * wx[i]) * wy1 +
                    (static_cast<float>(lut_bottom[x0[i] + v]) * wx1[i] +
                     static_cast<float>(lut_bottom[x1[i] + v]) * wx[i]) * wy;
    dst[i] = clahe_saturate<T>(r);
  }
}
