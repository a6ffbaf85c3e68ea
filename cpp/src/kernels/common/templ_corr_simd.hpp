// The x86 direct-correlation kernel, written once over a vector vocabulary
// `V` (F: kF float lanes; loadf storef set1f addf mulf zerof) that each ISA
// file defines before including this header inside its namespace, after
// templ_corr_generic.hpp (whose loop finishes the row tail with the same
// arithmetic). Lanes are output pixels: each lane runs exactly the scalar
// sequence acc = acc + t * x, so results match the reference bit for bit.

inline void simd_templ_corr_row(const float* const* rows, const float* t, int nrows, int tw,
                                float* dst, size_t n) {
  using F = typename V::F;
  constexpr size_t L = V::kF;
  size_t i = 0;
  // Eight vectors of outputs stay in registers across every tap: one
  // broadcast per tap feeds 8 * kF multiply-adds, and eight independent add
  // chains hide the add latency (the loads, two per cycle, are the limit).
  for (; i + 8 * L <= n; i += 8 * L) {
    F a0 = V::zerof(), a1 = V::zerof(), a2 = V::zerof(), a3 = V::zerof();
    F a4 = V::zerof(), a5 = V::zerof(), a6 = V::zerof(), a7 = V::zerof();
    for (int r = 0; r < nrows; ++r) {
      const float* s = rows[r] + i;
      const float* k = t + static_cast<ptrdiff_t>(r) * tw;
      for (int j = 0; j < tw; ++j) {
        const F c = V::set1f(k[j]);
        const float* p = s + j;
        a0 = V::addf(a0, V::mulf(c, V::loadf(p)));
        a1 = V::addf(a1, V::mulf(c, V::loadf(p + L)));
        a2 = V::addf(a2, V::mulf(c, V::loadf(p + 2 * L)));
        a3 = V::addf(a3, V::mulf(c, V::loadf(p + 3 * L)));
        a4 = V::addf(a4, V::mulf(c, V::loadf(p + 4 * L)));
        a5 = V::addf(a5, V::mulf(c, V::loadf(p + 5 * L)));
        a6 = V::addf(a6, V::mulf(c, V::loadf(p + 6 * L)));
        a7 = V::addf(a7, V::mulf(c, V::loadf(p + 7 * L)));
      }
    }
    V::storef(dst + i, a0);
    V::storef(dst + i + L, a1);
    V::storef(dst + i + 2 * L, a2);
    V::storef(dst + i + 3 * L, a3);
    V::storef(dst + i + 4 * L, a4);
    V::storef(dst + i + 5 * L, a5);
    V::storef(dst + i + 6 * L, a6);
    V::storef(dst + i + 7 * L, a7);
  }
  for (; i + L <= n; i += L) {
    F a0 = V::zerof();
    for (int r = 0; r < nrows; ++r) {
      const float* s = rows[r] + i;
      const float* k = t + static_cast<ptrdiff_t>(r) * tw;
      for (int j = 0; j < tw; ++j) a0 = V::addf(a0, V::mulf(V::set1f(k[j]), V::loadf(s + j)));
    }
    V::storef(dst + i, a0);
  }
  templ_generic::corr_row_generic(rows, t, nrows, tw, dst, i, n);
}

void f32_templ_corr_row(const float* const* rows, const float* t, int nrows, int tw, float* dst,
                        size_t n) {
  simd_templ_corr_row(rows, t, nrows, tw, dst, n);
}
