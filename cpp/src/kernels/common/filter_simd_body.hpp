// The x86 SIMD linear-filter kernels, written once over a small vector
// vocabulary `V` that each ISA file defines with its own intrinsics before
// including this header inside `namespace vc::kernels::<isa>` (after
// filter_generic.hpp, whose loops finish every row tail with the same
// arithmetic). No intrinsics here: only V's operations.
//
// V provides, for F (kF float lanes):
//   loadf storef set1f addf mulf fmaf(a, b, c) = a*b + c fused (only used
//   when V::kHasFma), u8f/u16f/s16f (load kF samples as floats),
//   store_u8/store_s16/store_u16 (kF results, cvtps2dq rounding then
//   saturation), store_u8x4 (4 vectors, 4*kF bytes);
// for D (kD double lanes): loadd setd addd muld, store_f32_from_d (kD floats);
// for W (kW u16 lanes): loadw storew set1w addw subw mullow mulhiw (unsigned
//   high half) andw orw srliw<n> slliw<n> srlw (shift by a run-time count) avgw (unsigned rounding average)
//   maxw (unsigned) cmpeqw (all ones where equal) zerow, u8w (kW bytes
//   zero-extended), store_u8_from_w (kW words holding 0..255 as kW bytes),
//   store_f32_from_s16 (kW signed words as floats, plus a float vector).

// --- float tap sums ---

template <class TD>
inline void simd_store1(TD* p, typename V::F v) {
  if constexpr (std::is_same_v<TD, float>) {
    V::storef(p, v);
  } else if constexpr (std::is_same_v<TD, uint8_t>) {
    V::store_u8(p, v);
  } else if constexpr (std::is_same_v<TD, int16_t>) {
    V::store_s16(p, v);
  } else {
    V::store_u16(p, v);
  }
}

template <class TD>
inline void simd_filter_taps(const float* const* rows, const ptrdiff_t* off, const float* k,
                             int taps, int pairs, float delta, TD* dst, size_t n) {
  using F = typename V::F;
  constexpr size_t L = V::kF;
  const int singles = taps - pairs;
  const F d = V::set1f(delta);
  // delta 0: the first product starts the sum (as filter_taps_generic).
  const int first = (delta == 0.0f && taps > 0) ? 1 : 0;
  size_t i = 0;
  // Four vectors per pass over the taps: the tap's pointers and coefficient
  // are loaded once for 4 * kF outputs.
  for (; i + 4 * L <= n; i += 4 * L) {
    const ptrdiff_t ii = static_cast<ptrdiff_t>(i);
    F s0 = d, s1 = d, s2 = d, s3 = d;
    if (first) {
      if (singles > 0) {
        const float* p = rows[0] + off[0] + ii;
        const F c = V::set1f(k[0]);
        s0 = V::mulf(c, V::loadf(p));
        s1 = V::mulf(c, V::loadf(p + L));
        s2 = V::mulf(c, V::loadf(p + 2 * L));
        s3 = V::mulf(c, V::loadf(p + 3 * L));
      } else {
        const float* p = rows[0] + off[0] + ii;
        const float* q = rows[1] + off[1] + ii;
        const F c = V::set1f(k[0]);
        s0 = V::mulf(c, V::addf(V::loadf(p), V::loadf(q)));
        s1 = V::mulf(c, V::addf(V::loadf(p + L), V::loadf(q + L)));
        s2 = V::mulf(c, V::addf(V::loadf(p + 2 * L), V::loadf(q + 2 * L)));
        s3 = V::mulf(c, V::addf(V::loadf(p + 3 * L), V::loadf(q + 3 * L)));
      }
    }
    for (int t = singles > 0 ? first : 0; t < singles; ++t) {
      const float* p = rows[t] + off[t] + ii;
      const F c = V::set1f(k[t]);
      s0 = V::addf(s0, V::mulf(c, V::loadf(p)));
      s1 = V::addf(s1, V::mulf(c, V::loadf(p + L)));
      s2 = V::addf(s2, V::mulf(c, V::loadf(p + 2 * L)));
      s3 = V::addf(s3, V::mulf(c, V::loadf(p + 3 * L)));
    }
    for (int j = singles > 0 ? 0 : first; j < pairs; ++j) {
      const int e = singles + 2 * j;
      const float* p = rows[e] + off[e] + ii;
      const float* q = rows[e + 1] + off[e + 1] + ii;
      const F c = V::set1f(k[singles + j]);
      s0 = V::addf(s0, V::mulf(c, V::addf(V::loadf(p), V::loadf(q))));
      s1 = V::addf(s1, V::mulf(c, V::addf(V::loadf(p + L), V::loadf(q + L))));
      s2 = V::addf(s2, V::mulf(c, V::addf(V::loadf(p + 2 * L), V::loadf(q + 2 * L))));
      s3 = V::addf(s3, V::mulf(c, V::addf(V::loadf(p + 3 * L), V::loadf(q + 3 * L))));
    }
    if constexpr (std::is_same_v<TD, uint8_t>) {
      V::store_u8x4(dst + i, s0, s1, s2, s3);
    } else {
      simd_store1(dst + i, s0);
      simd_store1(dst + i + L, s1);
      simd_store1(dst + i + 2 * L, s2);
      simd_store1(dst + i + 3 * L, s3);
    }
  }
  auto one = [&](size_t j0) {
    const ptrdiff_t jj = static_cast<ptrdiff_t>(j0);
    F s = d;
    for (int t = 0; t < singles; ++t) {
      const F p = V::mulf(V::set1f(k[t]), V::loadf(rows[t] + off[t] + jj));
      s = (first && t == 0) ? p : V::addf(s, p);
    }
    for (int j = 0; j < pairs; ++j) {
      const int e = singles + 2 * j;
      const F x = V::addf(V::loadf(rows[e] + off[e] + jj), V::loadf(rows[e + 1] + off[e + 1] + jj));
      const F p = V::mulf(V::set1f(k[singles + j]), x);
      s = (first && singles == 0 && j == 0) ? p : V::addf(s, p);
    }
    simd_store1(dst + j0, s);
  };
  for (; i + L <= n; i += L) one(i);
  // The last partial vector: recompute an overlapping full one (same
  // values), or finish in scalar code for rows shorter than a vector.
  if (i < n && n >= L) {
    one(n - L);
    i = n;
  }
  filter_taps_generic(rows, off, k, taps, pairs, delta, dst, i, n);
}

// --- exact int16 tap sums ---

template <class TS>
inline typename V::W simd_int_load(const TS* p) {
  if constexpr (std::is_same_v<TS, uint8_t>) {
    return V::u8w(p);
  } else {
    return V::loadw(p);
  }
}

// Two vectors (2 * kW outputs) per pass over the taps; +-1 taps add or
// subtract (the result is the same exact integer).
template <class TS, class Out>
inline size_t simd_int_taps(const TS* const* rows, const ptrdiff_t* off, const int16_t* k,
                            int taps, int16_t delta, size_t n, Out&& out) {
  using W = typename V::W;
  constexpr size_t L = V::kW;
  const W d = V::set1w(static_cast<uint16_t>(delta));
  size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    W s0 = d, s1 = d;
    for (int t = 0; t < taps; ++t) {
      const TS* p = rows[t] + off[t] + static_cast<ptrdiff_t>(i);
      const W x0 = simd_int_load(p), x1 = simd_int_load(p + L);
      if (k[t] == 1) {
        s0 = V::addw(s0, x0);
        s1 = V::addw(s1, x1);
      } else if (k[t] == -1) {
        s0 = V::subw(s0, x0);
        s1 = V::subw(s1, x1);
      } else {
        const W c = V::set1w(static_cast<uint16_t>(k[t]));
        s0 = V::addw(s0, V::mullow(c, x0));
        s1 = V::addw(s1, V::mullow(c, x1));
      }
    }
    out(i, s0);
    out(i + L, s1);
  }
  auto one = [&](size_t j) {
    W s0 = d;
    for (int t = 0; t < taps; ++t) {
      const W x0 = simd_int_load(rows[t] + off[t] + static_cast<ptrdiff_t>(j));
      s0 = V::addw(s0, V::mullow(V::set1w(static_cast<uint16_t>(k[t])), x0));
    }
    out(j, s0);
  };
  for (; i + L <= n; i += L) one(i);
  if (i < n && n >= L) {  // overlapping last vector (same values)
    one(n - L);
    i = n;
  }
  return i;
}

inline void simd_u8_s16_filter_taps(const uint8_t* const* rows, const ptrdiff_t* off,
                                    const int16_t* k, int taps, int16_t* dst, size_t n) {
  const size_t i = simd_int_taps(rows, off, k, taps, 0, n,
                                 [&](size_t j, typename V::W v) { V::storew(dst + j, v); });
  u8_s16_filter_taps_generic(rows, off, k, taps, dst, i, n);
}

inline void simd_s16_filter_taps(const int16_t* const* rows, const ptrdiff_t* off,
                                 const int16_t* k, int taps, int16_t delta, int16_t* dst,
                                 size_t n) {
  const size_t i = simd_int_taps(rows, off, k, taps, delta, n,
                                 [&](size_t j, typename V::W v) { V::storew(dst + j, v); });
  s16_filter_taps_generic(rows, off, k, taps, delta, dst, i, n);
}

inline void simd_s16_f32_filter_taps(const int16_t* const* rows, const ptrdiff_t* off,
                                     const int16_t* k, int taps, float delta, float* dst,
                                     size_t n) {
  const typename V::F d = V::set1f(delta);
  const size_t i = simd_int_taps(rows, off, k, taps, 0, n, [&](size_t j, typename V::W v) {
    V::store_f32_from_s16(dst + j, v, d);
  });
  s16_f32_filter_taps_generic(rows, off, k, taps, delta, dst, i, n);
}

// --- bit-exact u8 Gaussian ---
// A W vector loaded from bytes holds kW byte pairs: the low bytes are the
// even samples, the high bytes the odd ones, so `& 0xff` and `>> 8` widen
// without shuffles; results stay in that even/odd order (see filter.inc).
// All sums stay below 2^16 because the taps sum to 256.

inline void simd_u8_gaussian_row(const uint8_t* src, uint16_t* dst, size_t n, const uint16_t* k,
                                 int ksize, int cn) {
  using W = typename V::W;
  constexpr size_t S = 2 * V::kW;  // samples per vector step; divides 64
  const W lo_mask = V::set1w(0xff);
  const int r = ksize / 2;
  const size_t step = static_cast<size_t>(cn);
  size_t i = 0;
  for (; i + S <= n; i += S) {
    const uint8_t* p = src + i;
    const W c = V::loadw(p + static_cast<size_t>(r) * step);
    const W kc = V::set1w(k[r]);
    W even = V::mullow(kc, V::andw(c, lo_mask));
    W odd = V::mullow(kc, V::srliw<8>(c));
    for (int t = 0; t < r; ++t) {
      const W a = V::loadw(p + static_cast<size_t>(t) * step);
      const W b = V::loadw(p + static_cast<size_t>(ksize - 1 - t) * step);
      const W kt = V::set1w(k[t]);
      even = V::addw(even, V::mullow(kt, V::addw(V::andw(a, lo_mask), V::andw(b, lo_mask))));
      odd = V::addw(odd, V::mullow(kt, V::addw(V::srliw<8>(a), V::srliw<8>(b))));
    }
    uint16_t* d = dst + (i & ~size_t{63}) + ((i & 63) >> 1);
    V::storew(d, even);
    V::storew(d + 32, odd);
  }
  u8_gaussian_row_generic(src, dst, i, n, k, ksize, cn);
}

// One column result vector from rows of 16-bit sums h (< 2^16): with
// A = sum k*(h >> 8) and B = sum k*(h & 0xff), both < 2^16,
// (sum k*h + 2^15) >> 16 = (A + (B >> 8) + 128) >> 8 = avg((A + (B >> 8)) >> 7, 0).
inline typename V::W simd_gaussian_col_vec(const uint16_t* const* rows, size_t pos,
                                           const uint16_t* k, int ksize) {
  using W = typename V::W;
  const W lo_mask = V::set1w(0xff);
  const int r = ksize / 2;
  const W c = V::loadw(rows[r] + pos);
  const W kc = V::set1w(k[r]);
  W hi = V::mullow(kc, V::srliw<8>(c));
  W lo = V::mullow(kc, V::andw(c, lo_mask));
  for (int t = 0; t < r; ++t) {
    const W a = V::loadw(rows[t] + pos);
    const W b = V::loadw(rows[ksize - 1 - t] + pos);
    const W kt = V::set1w(k[t]);
    hi = V::addw(hi, V::mullow(kt, V::addw(V::srliw<8>(a), V::srliw<8>(b))));
    lo = V::addw(lo, V::mullow(kt, V::addw(V::andw(a, lo_mask), V::andw(b, lo_mask))));
  }
  const W total = V::addw(hi, V::srliw<8>(lo));
  return V::avgw(V::srliw<7>(total), V::zerow());
}

inline void simd_u8_gaussian_col(const uint16_t* const* rows, uint8_t* dst, size_t n,
                                 const uint16_t* k, int ksize) {
  using W = typename V::W;
  constexpr size_t S = 2 * V::kW;
  size_t i = 0;
  for (; i + S <= n; i += S) {
    const size_t pos = (i & ~size_t{63}) + ((i & 63) >> 1);
    const W even = simd_gaussian_col_vec(rows, pos, k, ksize);
    const W odd = simd_gaussian_col_vec(rows, pos + 32, k, ksize);
    V::storew(dst + i, V::orw(even, V::slliw<8>(odd)));
  }
  u8_gaussian_col_generic(rows, dst, i, n, k, ksize);
}

// Column sums that fit 16 bits (power-of-two factors removed): plain
// multiply-adds, then a rounding shift.
// (half_even: bias = 2^(shift-1) - 1 + (bit `shift` of the sum); the sum
// stays below 2^16 - 2^(shift-1), so adding the bias cannot wrap.)
inline typename V::W simd_gaussian_col_short_vec(const uint16_t* const* rows, size_t pos,
                                                 const uint16_t* k, int ksize,
                                                 typename V::W round, int shift, bool half_even) {
  using W = typename V::W;
  const int r = ksize / 2;
  W s = V::mullow(V::set1w(k[r]), V::loadw(rows[r] + pos));
  for (int t = 0; t < r; ++t) {
    const W ab = V::addw(V::loadw(rows[t] + pos), V::loadw(rows[ksize - 1 - t] + pos));
    s = V::addw(s, V::mullow(V::set1w(k[t]), ab));
  }
  if (half_even) {
    const W odd = V::andw(V::srlw(s, shift), V::set1w(1));
    return V::srlw(V::addw(V::addw(s, round), odd), shift);
  }
  return V::srlw(V::addw(s, round), shift);
}

inline void simd_u8_gaussian_col_short(const uint16_t* const* rows, uint8_t* dst, size_t n,
                                       const uint16_t* k, int ksize, int shift, bool half_even) {
  using W = typename V::W;
  constexpr size_t S = 2 * V::kW;
  const W round =
      V::set1w(static_cast<uint16_t>((1u << (shift - 1)) - (half_even ? 1u : 0u)));
  size_t i = 0;
  for (; i + S <= n; i += S) {
    const size_t pos = (i & ~size_t{63}) + ((i & 63) >> 1);
    const W even = simd_gaussian_col_short_vec(rows, pos, k, ksize, round, shift, half_even);
    const W odd = simd_gaussian_col_short_vec(rows, pos + 32, k, ksize, round, shift, half_even);
    V::storew(dst + i, V::orw(even, V::slliw<8>(odd)));
  }
  u8_gaussian_col_short_generic(rows, dst, i, n, k, ksize, shift, half_even);
}

// --- u8 box mean over <= 256 pixels ---
// (v * ds) >> 23 for v = sum + dd < 2^16 and ds < 2^23 in 16-bit lanes:
// with q = ds >> 7 and m = ds & 127, it equals
// hi16(v*q) + carry(lo16(v*q) + hi16(v * (m << 9))).

inline void simd_u16_u8_box_row(const uint16_t* sum, uint8_t* dst, size_t n, int kw, int cn,
                                uint32_t div_scale, uint32_t div_delta) {
  using W = typename V::W;
  constexpr size_t L = V::kW;
  size_t i = 0;
  if (kw <= kBoxDirectMaxTaps) {
    const W dd = V::set1w(static_cast<uint16_t>(div_delta));
    const W q = V::set1w(static_cast<uint16_t>(div_scale >> 7));
    const W m = V::set1w(static_cast<uint16_t>((div_scale & 127) << 9));
    const W one = V::set1w(1);
    const size_t step = static_cast<size_t>(cn);
    auto divide = [&](W s) {
      const W v = V::addw(s, dd);
      const W lo = V::mullow(v, q);
      const W low_sum = V::addw(lo, V::mulhiw(v, m));
      const W no_carry = V::cmpeqw(V::maxw(low_sum, lo), low_sum);
      return V::addw(V::addw(V::mulhiw(v, q), one), no_carry);
    };
    auto vec = [&](size_t j) {
      W s = V::loadw(sum + j);
      for (int t = 1; t < kw; ++t) s = V::addw(s, V::loadw(sum + j + static_cast<size_t>(t) * step));
      V::store_u8_from_w(dst + j, divide(s));
    };
    // two vectors per pass over the window: independent add chains
    for (; i + 2 * L <= n; i += 2 * L) {
      const uint16_t* p = sum + i;
      W s0 = V::loadw(p), s1 = V::loadw(p + L);
      for (int t = 1; t < kw; ++t) {
        p += step;
        s0 = V::addw(s0, V::loadw(p));
        s1 = V::addw(s1, V::loadw(p + L));
      }
      V::store_u8_from_w(dst + i, divide(s0));
      V::store_u8_from_w(dst + i + L, divide(s1));
    }
    for (; i + L <= n; i += L) vec(i);
    if (i < n && n >= L) {  // overlapping last vector (same values)
      vec(n - L);
      i = n;
    }
  }
  u16_u8_box_row_generic(sum, dst, i, n, kw, cn, div_scale, div_delta);
}

// --- f32 box rows: window sums in double ---

inline void simd_f64_f32_box_row(const double* sum, float* dst, size_t n, int kw, int cn,
                                 double scale) {
  using D = typename V::D;
  constexpr size_t L = V::kD;
  size_t i = 0;
  if (kw <= kBoxDirectMaxTaps) {
    const D sc = V::setd(scale);
    const size_t step = static_cast<size_t>(cn);
    auto vec = [&](size_t j) {
      D s = V::setd(0.0);
      for (int t = 0; t < kw; ++t) s = V::addd(s, V::loadd(sum + j + static_cast<size_t>(t) * step));
      V::store_f32_from_d(dst + j, V::muld(s, sc));
    };
    for (; i + L <= n; i += L) vec(i);
    if (i < n && n >= L) {  // overlapping last vector (same values)
      vec(n - L);
      i = n;
    }
  }
  f64_f32_box_row_generic(sum, dst, i, n, kw, cn, scale);
}

// --- the adaptive threshold's Gaussian mean (FMA in OpenCV's order) ---
// Templates, so that levels without FMA (V::kHasFma false) never compile them.

template <class VV = V>
inline void simd_u8_f32_gauss_fma_row(const uint8_t* src, float* dst, size_t n, const float* k,
                                      int ksize) {
  using F = typename VV::F;
  constexpr size_t L = VV::kF;
  size_t i = 0;
  auto vec = [&](size_t j) {
    F s = VV::mulf(VV::u8f(src + j), VV::set1f(k[0]));
    for (int t = 1; t < ksize; ++t) s = VV::fmaf(VV::u8f(src + j + t), VV::set1f(k[t]), s);
    VV::storef(dst + j, s);
  };
  for (; i + L <= n; i += L) vec(i);
  if (i < n && n >= L) {  // overlapping last vector (same values)
    vec(n - L);
    i = n;
  }
  u8_f32_gauss_fma_row_generic(src, dst, i, n, k, ksize);
}

template <class VV = V>
inline void simd_f32_u8_gauss_fma_col(const float* const* rows, uint8_t* dst, size_t n,
                                      const float* k, int ksize) {
  using F = typename VV::F;
  constexpr size_t L = VV::kF;
  const int r = ksize / 2;
  size_t i = 0;
  auto vec = [&](size_t j) {
    F s = VV::mulf(VV::loadf(rows[r] + j), VV::set1f(k[r]));
    for (int t = 1; t <= r; ++t) {
      s = VV::fmaf(VV::addf(VV::loadf(rows[r - t] + j), VV::loadf(rows[r + t] + j)),
                   VV::set1f(k[r + t]), s);
    }
    VV::store_u8(dst + j, s);
  };
  for (; i + L <= n; i += L) vec(i);
  if (i < n && n >= L) {  // overlapping last vector (same values)
    vec(n - L);
    i = n;
  }
  f32_u8_gauss_fma_col_generic(rows, dst, i, n, k, ksize);
}
