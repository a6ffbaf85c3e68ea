// The plain direct-correlation loop shared by the reference kernel and the
// scalar tails of the SIMD levels (same arithmetic, same order).
#pragma once

#include <cstddef>

namespace templ_generic {

inline void corr_row_generic(const float* const* rows, const float* t, int nrows, int tw,
                             float* dst, size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) {
    float acc = 0.0f;
    for (int r = 0; r < nrows; ++r) {
      const float* s = rows[r] + i;
      const float* k = t + static_cast<ptrdiff_t>(r) * tw;
      for (int j = 0; j < tw; ++j) {
        const float p = k[j] * s[j];
        acc = acc + p;
      }
    }
    dst[i] = acc;
  }
}

}  // namespace templ_generic

namespace templ_generic {

inline void corr_pairs_generic(const int16_t* const* rows, const int32_t* t, int npairs, int tw,
                               int32_t* dst, size_t begin, size_t n) {
  for (size_t i = begin; i < n; ++i) {
    int32_t acc = 0;
    for (int p = 0; p < npairs; ++p) {
      const int16_t* s = rows[p] + 2 * i;
      const int32_t* k = t + static_cast<ptrdiff_t>(p) * tw;
      for (int j = 0; j < tw; ++j) {
        const int32_t lo = static_cast<int16_t>(k[j] & 0xFFFF);
        const int32_t hi = static_cast<int16_t>(static_cast<uint32_t>(k[j]) >> 16);
        acc += s[2 * j] * lo + s[2 * j + 1] * hi;
      }
    }
    dst[i] = acc;
  }
}

}  // namespace templ_generic
