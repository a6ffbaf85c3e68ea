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

// Integer pairs: each 32-bit lane holds one output's (row a, row b) sample
// pair; pmaddwd with the broadcast template pair gives both products summed.
inline void simd_templ_corr_pairs(const int16_t* const* rows, const int32_t* t, int npairs,
                                  int tw, int32_t* dst, size_t n) {
  using I = typename V::I;
  constexpr size_t L = V::kF;
  size_t i = 0;
  for (; i + 4 * L <= n; i += 4 * L) {
    I a0 = V::zeroi(), a1 = V::zeroi(), a2 = V::zeroi(), a3 = V::zeroi();
    for (int p = 0; p < npairs; ++p) {
      const int16_t* s = rows[p] + 2 * i;
      const int32_t* k = t + static_cast<ptrdiff_t>(p) * tw;
      for (int j = 0; j < tw; ++j) {
        const I c = V::set1i(k[j]);
        const int16_t* q = s + 2 * j;
        a0 = V::addi(a0, V::maddi(V::loadi(q), c));
        a1 = V::addi(a1, V::maddi(V::loadi(q + 2 * L), c));
        a2 = V::addi(a2, V::maddi(V::loadi(q + 4 * L), c));
        a3 = V::addi(a3, V::maddi(V::loadi(q + 6 * L), c));
      }
    }
    V::storei(dst + i, a0);
    V::storei(dst + i + L, a1);
    V::storei(dst + i + 2 * L, a2);
    V::storei(dst + i + 3 * L, a3);
  }
  for (; i + L <= n; i += L) {
    I a0 = V::zeroi();
    for (int p = 0; p < npairs; ++p) {
      const int16_t* s = rows[p] + 2 * i;
      const int32_t* k = t + static_cast<ptrdiff_t>(p) * tw;
      for (int j = 0; j < tw; ++j) a0 = V::addi(a0, V::maddi(V::loadi(s + 2 * j), V::set1i(k[j])));
    }
    V::storei(dst + i, a0);
  }
  templ_generic::corr_pairs_generic(rows, t, npairs, tw, dst, i, n);
}

void s16_templ_corr_pairs(const int16_t* const* rows, const int32_t* t, int npairs, int tw,
                          int32_t* dst, size_t n) {
  simd_templ_corr_pairs(rows, t, npairs, tw, dst, n);
}
