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
