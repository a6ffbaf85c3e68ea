// Scalar bodies of the arith kernels (see kernels/arith.inc), included inside
// `namespace vc::kernels::<isa>`: the reference level uses them whole, the
// SIMD levels for the samples after their last full vector. Every level
// therefore computes each sample with the same float operations. The
// includer provides <cmath>, <limits> and <type_traits> (this header is
// included inside a namespace).

namespace arith_generic {

// float -> T as the SIMD stores do: clamp to the type's range (NaN -> the
// minimum, like max(v, lo) with NaN in the first operand), then round half
// to even (the default rounding mode; cvtps2dq).
template <class T>
inline T store_from_float(float v) {
  if constexpr (std::is_same_v<T, float>) {
    return v;
  } else {
    constexpr float lo = static_cast<float>(std::numeric_limits<T>::min());
    constexpr float hi = static_cast<float>(std::numeric_limits<T>::max());
    if (!(v >= lo)) v = lo;
    if (v > hi) v = hi;
    return static_cast<T>(std::nearbyint(v));
  }
}

template <class T>
inline void threshold_generic(const T* src, T* dst, size_t i, size_t n, T t, T maxval, int mode) {
  switch (mode) {
    case 0:
      for (; i < n; ++i) dst[i] = src[i] > t ? maxval : T(0);
      break;
    case 1:
      for (; i < n; ++i) dst[i] = src[i] <= t ? maxval : T(0);
      break;
    case 2:
      for (; i < n; ++i) dst[i] = src[i] > t ? t : src[i];
      break;
    case 3:
      for (; i < n; ++i) dst[i] = src[i] <= t ? T(0) : src[i];
      break;
    default:
      for (; i < n; ++i) dst[i] = src[i] > t ? T(0) : src[i];
      break;
  }
}

template <class TS, class TD>
inline void convert_scale_generic(const TS* src, TD* dst, size_t i, size_t n, float alpha,
                                  float beta) {
  for (; i < n; ++i) {
    dst[i] = store_from_float<TD>(std::fma(static_cast<float>(src[i]), alpha, beta));
  }
}

template <class TS, class TD>
inline void add_weighted_generic(const TS* a, const TS* b, TD* dst, size_t i, size_t n,
                                 float alpha, float beta, float gamma) {
  for (; i < n; ++i) {
    const float inner = std::fma(static_cast<float>(b[i]), beta, gamma);
    dst[i] = store_from_float<TD>(std::fma(static_cast<float>(a[i]), alpha, inner));
  }
}

template <class T>
inline void absdiff_generic(const T* a, const T* b, T* dst, size_t i, size_t n) {
  for (; i < n; ++i) {
    if constexpr (std::is_same_v<T, float>) {
      dst[i] = std::fabs(a[i] - b[i]);
    } else {
      const int32_t d = static_cast<int32_t>(a[i]) - static_cast<int32_t>(b[i]);
      const int32_t ad = d < 0 ? -d : d;
      const int32_t mx = std::numeric_limits<T>::max();
      dst[i] = static_cast<T>(ad > mx ? mx : ad);
    }
  }
}

template <class T>
inline void minmax_generic(const T* src, size_t i, size_t n, T* mn, T* mx) {
  T lo = *mn, hi = *mx;
  for (; i < n; ++i) {
    const T v = src[i];
    if (v < lo) lo = v;  // NaN never compares: ignored
    if (v > hi) hi = v;
  }
  *mn = lo;
  *mx = hi;
}

template <class T>
inline void norm_sums_generic(const T* src, size_t n, double* l1, double* l2) {
  double s1 = *l1, s2 = *l2;
  if constexpr (std::is_same_v<T, float>) {
    for (size_t i = 0; i < n; ++i) {
      const double v = src[i];
      s1 += std::fabs(v);
      s2 += v * v;
    }
  } else {
    // exact in 64-bit integers per call (n * 2^32 stays below 2^63 for
    // every n the area code passes), then one addition in double
    uint64_t i1 = 0, i2 = 0;
    for (size_t i = 0; i < n; ++i) {
      const int64_t v = src[i];
      const uint64_t a = static_cast<uint64_t>(v < 0 ? -v : v);
      i1 += a;
      i2 += a * a;
    }
    s1 += static_cast<double>(i1);
    s2 += static_cast<double>(i2);
  }
  *l1 = s1;
  *l2 = s2;
}

}  // namespace arith_generic
