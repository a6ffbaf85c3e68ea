// Min/max row bodies shared by every ISA folder (morphology, and the median
// networks through ScalarVec). Included inside `namespace vc::kernels::<isa>`.
//
// A "vector type" V supplies R (the register), kLanes, load, store, min, max
// and sub with exactly the scalar meaning of ScalarVec below; the bodies are
// templates over V and finish every row with ScalarVec, so a level's output
// never depends on how many lanes it has. The reference folder runs the same
// bodies with V = ScalarVec: it is the oracle.
//
// Needs <cstddef>, <cstdint>, <limits> and <type_traits>, included by the
// ISA file before its namespace opens.

template <class T>
struct ScalarVec {
  using R = T;
  static constexpr size_t kLanes = 1;
  static R load(const T* p) { return *p; }
  static void store(T* p, R v) { *p = v; }
  // minps / maxps semantics: the second operand wins unless the first is
  // strictly smaller (larger); for integers this is plain min / max.
  static R min(R a, R b) { return a < b ? a : b; }
  static R max(R a, R b) { return a > b ? a : b; }
  static R sub(R a, R b) {
    if constexpr (std::is_floating_point<T>::value) {
      return a - b;
    } else {
      const int d = static_cast<int>(a) - static_cast<int>(b);
      const int lo = static_cast<int>(std::numeric_limits<T>::min());
      const int hi = static_cast<int>(std::numeric_limits<T>::max());
      return static_cast<T>(d < lo ? lo : (d > hi ? hi : d));
    }
  }
};

template <class V, bool kMax>
inline typename V::R morph_op(typename V::R a, typename V::R b) {
  if constexpr (kMax) {
    return V::max(a, b);
  } else {
    return V::min(a, b);
  }
}

// dst[i] = op over srcs[0..count)[i], folded in list order (see morph.inc).
// Four registers per step hide the min/max latency; all loads of a step come
// before its stores, which keeps dst == srcs[j] correct.
template <class V, bool kMax, class T>
inline void morph_rows_generic(const T* const* srcs, int count, T* dst, size_t n) {
  using R = typename V::R;
  constexpr size_t L = V::kLanes;
  size_t i = 0;
  if constexpr (L > 1) {
    for (; i + 4 * L <= n; i += 4 * L) {
      const T* p = srcs[0] + i;
      R a0 = V::load(p), a1 = V::load(p + L), a2 = V::load(p + 2 * L), a3 = V::load(p + 3 * L);
      for (int j = 1; j < count; ++j) {
        p = srcs[j] + i;
        a0 = morph_op<V, kMax>(a0, V::load(p));
        a1 = morph_op<V, kMax>(a1, V::load(p + L));
        a2 = morph_op<V, kMax>(a2, V::load(p + 2 * L));
        a3 = morph_op<V, kMax>(a3, V::load(p + 3 * L));
      }
      V::store(dst + i, a0);
      V::store(dst + i + L, a1);
      V::store(dst + i + 2 * L, a2);
      V::store(dst + i + 3 * L, a3);
    }
    if (n >= L) {
      // the rest by registers; a partial last one re-runs the register
      // ending at n: min / max are idempotent, so elements already written
      // (even in place) come out the same
      for (;;) {
        if (i + L > n) {
          if (i == n) break;
          i = n - L;
        }
        R a = V::load(srcs[0] + i);
        for (int j = 1; j < count; ++j) a = morph_op<V, kMax>(a, V::load(srcs[j] + i));
        V::store(dst + i, a);
        i += L;
      }
      return;
    }
  }
  using S = ScalarVec<T>;
  for (; i < n; ++i) {
    T a = srcs[0][i];
    for (int j = 1; j < count; ++j) a = morph_op<S, kMax>(a, srcs[j][i]);
    dst[i] = a;
  }
}

// The shared-middle pair of morph.inc. Two registers per step; the partial
// last step re-runs the register ending at n (dst never overlaps srcs).
template <class V, bool kMax, class T>
inline void morph_pair_generic(const T* const* srcs, int k, T* dst0, T* dst1, size_t n) {
  using R = typename V::R;
  constexpr size_t L = V::kLanes;
  auto step = [&](auto ops, size_t i) {
    using O = decltype(ops);
    typename O::R s = O::load(srcs[1] + i);
    for (int j = 2; j < k; ++j) s = morph_op<O, kMax>(s, O::load(srcs[j] + i));
    if (dst0) O::store(dst0 + i, morph_op<O, kMax>(O::load(srcs[0] + i), s));
    if (dst1) O::store(dst1 + i, morph_op<O, kMax>(s, O::load(srcs[k] + i)));
  };
  size_t i = 0;
  if constexpr (L > 1) {
    if (n >= L) {
      for (; i + 2 * L <= n; i += 2 * L) {
        R s0 = V::load(srcs[1] + i), s1 = V::load(srcs[1] + i + L);
        for (int j = 2; j < k; ++j) {
          s0 = morph_op<V, kMax>(s0, V::load(srcs[j] + i));
          s1 = morph_op<V, kMax>(s1, V::load(srcs[j] + i + L));
        }
        if (dst0) {
          V::store(dst0 + i, morph_op<V, kMax>(V::load(srcs[0] + i), s0));
          V::store(dst0 + i + L, morph_op<V, kMax>(V::load(srcs[0] + i + L), s1));
        }
        if (dst1) {
          V::store(dst1 + i, morph_op<V, kMax>(s0, V::load(srcs[k] + i)));
          V::store(dst1 + i + L, morph_op<V, kMax>(s1, V::load(srcs[k] + i + L)));
        }
      }
      for (; i + L <= n; i += L) step(V{}, i);
      if (i < n) step(V{}, n - L);
      return;
    }
  }
  for (; i < n; ++i) step(ScalarVec<T>{}, i);
}

template <class V, class T>
inline void morph_sub_generic(const T* a, const T* b, T* dst, size_t n) {
  constexpr size_t L = V::kLanes;
  size_t i = 0;
  if constexpr (L > 1) {
    for (; i + L <= n; i += L) V::store(dst + i, V::sub(V::load(a + i), V::load(b + i)));
  }
  for (; i < n; ++i) dst[i] = ScalarVec<T>::sub(a[i], b[i]);
}

// Defines the twenty morph.inc kernels of one folder from a vector template
// VT (VT<T> is the vector type for element T) and registers them.
#define VC_DEFINE_MORPH_KERNELS(VT)                                                              \
  void u8_morph_min_row(const uint8_t* const* s, int c, uint8_t* d, size_t n) {                  \
    morph_rows_generic<VT<uint8_t>, false>(s, c, d, n);                                          \
  }                                                                                              \
  void u8_morph_max_row(const uint8_t* const* s, int c, uint8_t* d, size_t n) {                  \
    morph_rows_generic<VT<uint8_t>, true>(s, c, d, n);                                           \
  }                                                                                              \
  void u16_morph_min_row(const uint16_t* const* s, int c, uint16_t* d, size_t n) {               \
    morph_rows_generic<VT<uint16_t>, false>(s, c, d, n);                                         \
  }                                                                                              \
  void u16_morph_max_row(const uint16_t* const* s, int c, uint16_t* d, size_t n) {               \
    morph_rows_generic<VT<uint16_t>, true>(s, c, d, n);                                          \
  }                                                                                              \
  void s16_morph_min_row(const int16_t* const* s, int c, int16_t* d, size_t n) {                 \
    morph_rows_generic<VT<int16_t>, false>(s, c, d, n);                                          \
  }                                                                                              \
  void s16_morph_max_row(const int16_t* const* s, int c, int16_t* d, size_t n) {                 \
    morph_rows_generic<VT<int16_t>, true>(s, c, d, n);                                           \
  }                                                                                              \
  void f32_morph_min_row(const float* const* s, int c, float* d, size_t n) {                     \
    morph_rows_generic<VT<float>, false>(s, c, d, n);                                            \
  }                                                                                              \
  void f32_morph_max_row(const float* const* s, int c, float* d, size_t n) {                     \
    morph_rows_generic<VT<float>, true>(s, c, d, n);                                             \
  }                                                                                              \
  void u8_morph_min_pair_row(const uint8_t* const* s, int k, uint8_t* d0, uint8_t* d1, size_t n) { \
    morph_pair_generic<VT<uint8_t>, false>(s, k, d0, d1, n);                                     \
  }                                                                                              \
  void u8_morph_max_pair_row(const uint8_t* const* s, int k, uint8_t* d0, uint8_t* d1, size_t n) { \
    morph_pair_generic<VT<uint8_t>, true>(s, k, d0, d1, n);                                      \
  }                                                                                              \
  void u16_morph_min_pair_row(const uint16_t* const* s, int k, uint16_t* d0, uint16_t* d1,       \
                              size_t n) {                                                        \
    morph_pair_generic<VT<uint16_t>, false>(s, k, d0, d1, n);                                    \
  }                                                                                              \
  void u16_morph_max_pair_row(const uint16_t* const* s, int k, uint16_t* d0, uint16_t* d1,       \
                              size_t n) {                                                        \
    morph_pair_generic<VT<uint16_t>, true>(s, k, d0, d1, n);                                     \
  }                                                                                              \
  void s16_morph_min_pair_row(const int16_t* const* s, int k, int16_t* d0, int16_t* d1,          \
                              size_t n) {                                                        \
    morph_pair_generic<VT<int16_t>, false>(s, k, d0, d1, n);                                     \
  }                                                                                              \
  void s16_morph_max_pair_row(const int16_t* const* s, int k, int16_t* d0, int16_t* d1,          \
                              size_t n) {                                                        \
    morph_pair_generic<VT<int16_t>, true>(s, k, d0, d1, n);                                      \
  }                                                                                              \
  void f32_morph_min_pair_row(const float* const* s, int k, float* d0, float* d1, size_t n) {    \
    morph_pair_generic<VT<float>, false>(s, k, d0, d1, n);                                       \
  }                                                                                              \
  void f32_morph_max_pair_row(const float* const* s, int k, float* d0, float* d1, size_t n) {    \
    morph_pair_generic<VT<float>, true>(s, k, d0, d1, n);                                        \
  }                                                                                              \
  void u8_morph_sub_row(const uint8_t* a, const uint8_t* b, uint8_t* d, size_t n) {              \
    morph_sub_generic<VT<uint8_t>>(a, b, d, n);                                                  \
  }                                                                                              \
  void u16_morph_sub_row(const uint16_t* a, const uint16_t* b, uint16_t* d, size_t n) {          \
    morph_sub_generic<VT<uint16_t>>(a, b, d, n);                                                 \
  }                                                                                              \
  void s16_morph_sub_row(const int16_t* a, const int16_t* b, int16_t* d, size_t n) {             \
    morph_sub_generic<VT<int16_t>>(a, b, d, n);                                                  \
  }                                                                                              \
  void f32_morph_sub_row(const float* a, const float* b, float* d, size_t n) {                   \
    morph_sub_generic<VT<float>>(a, b, d, n);                                                    \
  }                                                                                              \
  void register_morph(KernelTable& t) {                                                          \
    t.u8_morph_min_row = u8_morph_min_row;                                                       \
    t.u8_morph_max_row = u8_morph_max_row;                                                       \
    t.u16_morph_min_row = u16_morph_min_row;                                                     \
    t.u16_morph_max_row = u16_morph_max_row;                                                     \
    t.s16_morph_min_row = s16_morph_min_row;                                                     \
    t.s16_morph_max_row = s16_morph_max_row;                                                     \
    t.f32_morph_min_row = f32_morph_min_row;                                                     \
    t.f32_morph_max_row = f32_morph_max_row;                                                     \
    t.u8_morph_min_pair_row = u8_morph_min_pair_row;                                             \
    t.u8_morph_max_pair_row = u8_morph_max_pair_row;                                             \
    t.u16_morph_min_pair_row = u16_morph_min_pair_row;                                           \
    t.u16_morph_max_pair_row = u16_morph_max_pair_row;                                           \
    t.s16_morph_min_pair_row = s16_morph_min_pair_row;                                           \
    t.s16_morph_max_pair_row = s16_morph_max_pair_row;                                           \
    t.f32_morph_min_pair_row = f32_morph_min_pair_row;                                           \
    t.f32_morph_max_pair_row = f32_morph_max_pair_row;                                           \
    t.u8_morph_sub_row = u8_morph_sub_row;                                                       \
    t.u16_morph_sub_row = u16_morph_sub_row;                                                     \
    t.s16_morph_sub_row = s16_morph_sub_row;                                                     \
    t.f32_morph_sub_row = f32_morph_sub_row;                                                     \
  }
