// The x86 SIMD arith kernels, written once over a small vector vocabulary
// `V` that each ISA file defines with its own intrinsics before including
// this header inside `namespace vc::kernels::<isa>` (after
// arith_generic.hpp, whose loops finish every tail with the same
// arithmetic). No intrinsics here: only V's operations. Tails are finished
// in scalar code rather than by an overlapping vector, so dst may be src.
//
// V provides, for I (integer vectors of kB bytes): loadi storei set1_8
//   set1_16 andi andnoti(m, x) = ~m & x, maxu8 minu8 maxu16 minu16 maxs16
//   mins16, cmpeq8 cmpeq16 cmpgts16 (all ones where true), subsu8 subsu16
//   (unsigned saturating), sub16 (wrapping);
// for F (kF float lanes): loadf storef set1f maxf minf (with a NaN in the
//   first operand they return the second, as maxps/minps), subf absf
//   andf andnotf(m, x), cmpgtf cmplef (ordered: false for NaN),
//   blendf(a, b, m) = m ? b : a;
// with VC_ARITH_SIMD_FMA also: fmaf(a, b, c) fused, loadf_u8 loadf_u16
//   loadf_s16 (kF samples as floats), store_u8r store_u16r store_s16r (kF
//   floats already inside the type's range: round half to even, narrow).

// --- threshold ---

template <class T>
struct ThreshOps;
template <>
struct ThreshOps<uint8_t> {
  using I = typename V::I;
  static I set1(uint8_t v) { return V::set1_8(v); }
  // x > t, given t1 = t + 1 (t < 255): max(x, t1) == x
  static I gt(I x, I t, I t1) { return V::cmpeq8(V::maxu8(x, t1), x); }
  static I min(I a, I b) { return V::minu8(a, b); }
};
template <>
struct ThreshOps<uint16_t> {
  using I = typename V::I;
  static I set1(uint16_t v) { return V::set1_16(static_cast<int16_t>(v)); }
  static I gt(I x, I t, I t1) { return V::cmpeq16(V::maxu16(x, t1), x); }
  static I min(I a, I b) { return V::minu16(a, b); }
};
template <>
struct ThreshOps<int16_t> {
  using I = typename V::I;
  static I set1(int16_t v) { return V::set1_16(v); }
  static I gt(I x, I t, I t1) { return V::cmpgts16(x, t); }
  static I min(I a, I b) { return V::mins16(a, b); }
};

// Two vectors per step, then single vectors, then the scalar tail.
template <class T, class Op>
inline size_t simd_int_map(const T* src, T* dst, size_t n, Op op) {
  using I = typename V::I;
  constexpr size_t L = V::kB / sizeof(T);
  size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const I x0 = V::loadi(src + i), x1 = V::loadi(src + i + L);
    V::storei(dst + i, op(x0));
    V::storei(dst + i + L, op(x1));
  }
  for (; i + L <= n; i += L) V::storei(dst + i, op(V::loadi(src + i)));
  return i;
}

template <class T>
inline void simd_int_threshold(const T* src, T* dst, size_t n, T t, T maxval, int mode) {
  using O = ThreshOps<T>;
  using I = typename V::I;
  const I vt = O::set1(t), vt1 = O::set1(static_cast<T>(t + 1)), vm = O::set1(maxval);
  size_t i = 0;
  switch (mode) {
    case 0:
      i = simd_int_map(src, dst, n, [&](I x) { return V::andi(O::gt(x, vt, vt1), vm); });
      break;
    case 1:
      i = simd_int_map(src, dst, n, [&](I x) { return V::andnoti(O::gt(x, vt, vt1), vm); });
      break;
    case 2:
      i = simd_int_map(src, dst, n, [&](I x) { return O::min(x, vt); });
      break;
    case 3:
      i = simd_int_map(src, dst, n, [&](I x) { return V::andi(O::gt(x, vt, vt1), x); });
      break;
    default:
      i = simd_int_map(src, dst, n, [&](I x) { return V::andnoti(O::gt(x, vt, vt1), x); });
      break;
  }
  arith_generic::threshold_generic(src, dst, i, n, t, maxval, mode);
}

template <class Op>
inline size_t simd_f32_map(const float* src, float* dst, size_t n, Op op) {
  using F = typename V::F;
  constexpr size_t L = V::kF;
  size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const F x0 = V::loadf(src + i), x1 = V::loadf(src + i + L);
    V::storef(dst + i, op(x0));
    V::storef(dst + i + L, op(x1));
  }
  for (; i + L <= n; i += L) V::storef(dst + i, op(V::loadf(src + i)));
  return i;
}

inline void simd_f32_threshold(const float* src, float* dst, size_t n, float t, float maxval,
                               int mode) {
  using F = typename V::F;
  const F vt = V::set1f(t), vm = V::set1f(maxval);
  size_t i = 0;
  switch (mode) {
    case 0:
      i = simd_f32_map(src, dst, n, [&](F x) { return V::andf(V::cmpgtf(x, vt), vm); });
      break;
    case 1:
      i = simd_f32_map(src, dst, n, [&](F x) { return V::andf(V::cmplef(x, vt), vm); });
      break;
    case 2:
      i = simd_f32_map(src, dst, n, [&](F x) { return V::blendf(x, vt, V::cmpgtf(x, vt)); });
      break;
    case 3:
      i = simd_f32_map(src, dst, n, [&](F x) { return V::andnotf(V::cmplef(x, vt), x); });
      break;
    default:
      i = simd_f32_map(src, dst, n, [&](F x) { return V::andnotf(V::cmpgtf(x, vt), x); });
      break;
  }
  arith_generic::threshold_generic(src, dst, i, n, t, maxval, mode);
}

// --- absdiff ---

template <class T, class Op>
inline size_t simd_int_map2(const T* a, const T* b, T* dst, size_t n, Op op) {
  constexpr size_t L = V::kB / sizeof(T);
  size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const auto r0 = op(V::loadi(a + i), V::loadi(b + i));
    const auto r1 = op(V::loadi(a + i + L), V::loadi(b + i + L));
    V::storei(dst + i, r0);
    V::storei(dst + i + L, r1);
  }
  for (; i + L <= n; i += L) V::storei(dst + i, op(V::loadi(a + i), V::loadi(b + i)));
  return i;
}

template <class T>
inline void simd_absdiff(const T* a, const T* b, T* dst, size_t n) {
  using I = typename V::I;
  using F = typename V::F;
  size_t i = 0;
  if constexpr (std::is_same_v<T, uint8_t>) {
    i = simd_int_map2(a, b, dst, n,
                      [](I x, I y) { return V::ori(V::subsu8(x, y), V::subsu8(y, x)); });
  } else if constexpr (std::is_same_v<T, uint16_t>) {
    i = simd_int_map2(a, b, dst, n,
                      [](I x, I y) { return V::ori(V::subsu16(x, y), V::subsu16(y, x)); });
  } else if constexpr (std::is_same_v<T, int16_t>) {
    // max - min fits 16 unsigned bits; saturate to 32767
    const I lim = V::set1_16(32767);
    i = simd_int_map2(a, b, dst, n, [&](I x, I y) {
      return V::minu16(V::sub16(V::maxs16(x, y), V::mins16(x, y)), lim);
    });
  } else {
    constexpr size_t L = V::kF;
    for (; i + 2 * L <= n; i += 2 * L) {
      const F r0 = V::absf(V::subf(V::loadf(a + i), V::loadf(b + i)));
      const F r1 = V::absf(V::subf(V::loadf(a + i + L), V::loadf(b + i + L)));
      V::storef(dst + i, r0);
      V::storef(dst + i + L, r1);
    }
    for (; i + L <= n; i += L) V::storef(dst + i, V::absf(V::subf(V::loadf(a + i), V::loadf(b + i))));
  }
  arith_generic::absdiff_generic(a, b, dst, i, n);
}

// --- minmax ---

template <class T>
inline void simd_minmax(const T* src, size_t n, T* mn, T* mx) {
  size_t i = 0;
  if constexpr (std::is_same_v<T, float>) {
    using F = typename V::F;
    constexpr size_t L = V::kF;
    if (n >= 2 * L) {
      F lo0 = V::set1f(*mn), lo1 = lo0, hi0 = V::set1f(*mx), hi1 = hi0;
      for (; i + 2 * L <= n; i += 2 * L) {
        const F x0 = V::loadf(src + i), x1 = V::loadf(src + i + L);
        lo0 = V::minf(x0, lo0);  // NaN x: keeps the accumulator
        lo1 = V::minf(x1, lo1);
        hi0 = V::maxf(x0, hi0);
        hi1 = V::maxf(x1, hi1);
      }
      // the lanes may still hold the +-inf start values: fold the minima
      // into *mn only and the maxima into *mx only
      alignas(64) float lo[2 * L], hi[2 * L];
      V::storef(lo, lo0);
      V::storef(lo + L, lo1);
      V::storef(hi, hi0);
      V::storef(hi + L, hi1);
      for (size_t j = 0; j < 2 * L; ++j) {
        if (lo[j] < *mn) *mn = lo[j];
        if (hi[j] > *mx) *mx = hi[j];
      }
    }
  } else {
    using I = typename V::I;
    constexpr size_t L = V::kB / sizeof(T);
    auto vmin = [](I a, I b) {
      if constexpr (std::is_same_v<T, uint8_t>) return V::minu8(a, b);
      else if constexpr (std::is_same_v<T, uint16_t>) return V::minu16(a, b);
      else return V::mins16(a, b);
    };
    auto vmax = [](I a, I b) {
      if constexpr (std::is_same_v<T, uint8_t>) return V::maxu8(a, b);
      else if constexpr (std::is_same_v<T, uint16_t>) return V::maxu16(a, b);
      else return V::maxs16(a, b);
    };
    if (n >= 2 * L) {
      I lo0 = V::loadi(src), lo1 = V::loadi(src + L), hi0 = lo0, hi1 = lo1;
      for (i = 2 * L; i + 2 * L <= n; i += 2 * L) {
        const I x0 = V::loadi(src + i), x1 = V::loadi(src + i + L);
        lo0 = vmin(lo0, x0);
        lo1 = vmin(lo1, x1);
        hi0 = vmax(hi0, x0);
        hi1 = vmax(hi1, x1);
      }
      alignas(64) T lo[L], hi[L];
      V::storei(lo, vmin(lo0, lo1));
      V::storei(hi, vmax(hi0, hi1));
      arith_generic::minmax_generic(lo, 0, L, mn, mx);
      arith_generic::minmax_generic(hi, 0, L, mn, mx);
    }
  }
  arith_generic::minmax_generic(src, i, n, mn, mx);
}

#ifdef VC_ARITH_SIMD_FMA

// --- float conversions: load any type as floats, store with saturation ---

template <class T>
inline typename V::F load_as_f(const T* p) {
  if constexpr (std::is_same_v<T, float>) return V::loadf(p);
  else if constexpr (std::is_same_v<T, uint8_t>) return V::loadf_u8(p);
  else if constexpr (std::is_same_v<T, uint16_t>) return V::loadf_u16(p);
  else return V::loadf_s16(p);
}

template <class T>
inline void store_from_f(T* p, typename V::F v) {
  if constexpr (std::is_same_v<T, float>) {
    V::storef(p, v);
  } else {
    constexpr float lo = static_cast<float>(std::numeric_limits<T>::min());
    constexpr float hi = static_cast<float>(std::numeric_limits<T>::max());
    v = V::minf(V::maxf(v, V::set1f(lo)), V::set1f(hi));  // NaN -> lo
    if constexpr (std::is_same_v<T, uint8_t>) V::store_u8r(p, v);
    else if constexpr (std::is_same_v<T, uint16_t>) V::store_u16r(p, v);
    else V::store_s16r(p, v);
  }
}

template <class TS, class TD>
inline void simd_convert_scale(const TS* src, TD* dst, size_t n, float alpha, float beta) {
  using F = typename V::F;
  constexpr size_t L = V::kF;
  const F va = V::set1f(alpha), vb = V::set1f(beta);
  size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const F x0 = load_as_f(src + i), x1 = load_as_f(src + i + L);
    store_from_f(dst + i, V::fmaf(x0, va, vb));
    store_from_f(dst + i + L, V::fmaf(x1, va, vb));
  }
  for (; i + L <= n; i += L) store_from_f(dst + i, V::fmaf(load_as_f(src + i), va, vb));
  arith_generic::convert_scale_generic(src, dst, i, n, alpha, beta);
}

template <class TS, class TD>
inline void simd_add_weighted(const TS* a, const TS* b, TD* dst, size_t n, float alpha,
                              float beta, float gamma) {
  using F = typename V::F;
  constexpr size_t L = V::kF;
  const F va = V::set1f(alpha), vb = V::set1f(beta), vg = V::set1f(gamma);
  size_t i = 0;
  for (; i + 2 * L <= n; i += 2 * L) {
    const F r0 = V::fmaf(load_as_f(a + i), va, V::fmaf(load_as_f(b + i), vb, vg));
    const F r1 = V::fmaf(load_as_f(a + i + L), va, V::fmaf(load_as_f(b + i + L), vb, vg));
    store_from_f(dst + i, r0);
    store_from_f(dst + i + L, r1);
  }
  for (; i + L <= n; i += L) {
    store_from_f(dst + i, V::fmaf(load_as_f(a + i), va, V::fmaf(load_as_f(b + i), vb, vg)));
  }
  arith_generic::add_weighted_generic(a, b, dst, i, n, alpha, beta, gamma);
}

#endif  // VC_ARITH_SIMD_FMA
