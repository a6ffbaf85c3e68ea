// Plain C++ bodies of the edge kernels, shared by the reference level and
// the row tails of the SIMD levels (same arithmetic, so every level gives
// the same bytes). Included inside `namespace vc::kernels::<isa>`; each
// function handles elements [begin, n). Includers include <cmath>,
// <cstddef>, <cstdint> and <cstdlib> first (this file sits inside their
// namespace).
#pragma once

namespace edges_generic {

constexpr int32_t kCannyTg22 = 13573;  // round(tan(22.5 deg) * 2^15)

inline int32_t wrap32(uint32_t v) { return static_cast<int32_t>(v); }

inline void canny_mag_l1(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t begin,
                         size_t n) {
  for (size_t i = begin; i < n; ++i) {
    mag[i] = std::abs(static_cast<int32_t>(dx[i])) + std::abs(static_cast<int32_t>(dy[i]));
  }
}

inline void canny_mag_l2(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t begin,
                         size_t n) {
  for (size_t i = begin; i < n; ++i) {
    const int32_t x = dx[i], y = dy[i];
    mag[i] = wrap32(static_cast<uint32_t>(x * x) + static_cast<uint32_t>(y * y));
  }
}

inline uint8_t canny_nms_one(const int32_t* prev, const int32_t* cur, const int32_t* next,
                             int16_t xs, int16_t ys, ptrdiff_t i, int32_t low, int32_t high) {
  const int32_t m = cur[i];
  if (m <= low) return 1;
  const uint32_t x = static_cast<uint32_t>(std::abs(static_cast<int32_t>(xs)));
  const int32_t y = wrap32(static_cast<uint32_t>(std::abs(static_cast<int32_t>(ys))) << 15);
  const uint32_t tg22 = x * static_cast<uint32_t>(kCannyTg22);
  bool is_max;
  if (y < wrap32(tg22)) {
    is_max = m > cur[i - 1] && m >= cur[i + 1];
  } else if (y > wrap32(tg22 + (x << 16))) {
    is_max = m > prev[i] && m >= next[i];
  } else {
    const ptrdiff_t s = (xs ^ ys) < 0 ? -1 : 1;
    is_max = m > prev[i - s] && m > next[i + s];
  }
  if (!is_max) return 1;
  return m > high ? 2 : 0;
}

inline void canny_nms(const int32_t* prev, const int32_t* cur, const int32_t* next,
                      const int16_t* dx, const int16_t* dy, uint8_t* map, size_t begin, size_t n,
                      int32_t low, int32_t high) {
  for (size_t i = begin; i < n; ++i) {
    map[i] = canny_nms_one(prev, cur, next, dx[i], dy[i], static_cast<ptrdiff_t>(i), low, high);
  }
}

inline void corner_cov(const float* dx, const float* dy, float* cov, size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) {
    const float x = dx[i], y = dy[i];
    cov[3 * i] = x * x;
    cov[3 * i + 1] = x * y;
    cov[3 * i + 2] = y * y;
  }
}

inline void corner_harris(const float* cov, float* dst, size_t begin, size_t n, double k) {
  for (size_t i = begin; i < n; ++i) {
    const float a = cov[3 * i], b = cov[3 * i + 1], c = cov[3 * i + 2];
    const float ac_bb = a * c - b * b;
    const float s = a + c;
    dst[i] = static_cast<float>(static_cast<double>(ac_bb) - k * s * s);
  }
}

inline void corner_min_eigen(const float* cov, float* dst, size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) {
    const float a = cov[3 * i] * 0.5f, b = cov[3 * i + 1], c = cov[3 * i + 2] * 0.5f;
    const float d = a - c;
    dst[i] = (a + c) - std::sqrt(d * d + b * b);
  }
}

}  // namespace edges_generic
