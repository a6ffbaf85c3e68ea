// Median sorting networks (3x3, 5x5), shared by every ISA folder and
// templated over the vector type of morph_minmax_generic.hpp (include that
// first). The reference folder runs them with ScalarVec: same network, same
// operand order, so every level gives bit-identical results, NaN included.
//
// Both sizes first sort each source column of the window once (shared by the
// k windows that contain it), into k "rank" rows: s_i[q] is the i-th
// smallest of column q. A window is then a k x k matrix with sorted columns;
// sorting its rank rows as well gives a matrix sorted both ways, in which
// only some positions can hold the median (the rest have too many elements
// known to be below or above them):
//   3x3: med3(max of the minima, med3 of the middles, min of the maxima),
//        12 min/max per output plus the shared column sort (6).
//   5x5: 13 candidates remain, and the median of 25 is the median of those
//        13. The rank-row networks below keep only what the candidates need
//        (liveness pruning of the optimal 9-comparator 5-sorter), and the
//        last stage is Batcher's odd-even merge network for 13 pruned to its
//        middle output: 140 min/max per output plus the shared sort (18),
//        against about 200 for a pruned 25-input network. Checked for every
//        0/1 input (the 0-1 principle) when it was derived.

template <class V>
struct OpsTag {
  using type = V;
};

// Runs f(OpsTag<V>, i) on [0, n) in steps of V::kLanes; a partial last
// step re-runs the last full register's worth ending at n (f must be a pure
// function of inputs it does not write, so the overlap recomputes the same
// values). Rows shorter than one register run with ScalarVec.
template <class V, class T, class F>
inline void each_lane_block(size_t n, F&& f) {
  if constexpr (V::kLanes > 1) {
    if (n >= V::kLanes) {
      size_t i = 0;
      for (; i + V::kLanes <= n; i += V::kLanes) f(OpsTag<V>{}, i);
      if (i < n) f(OpsTag<V>{}, n - V::kLanes);
      return;
    }
  }
  for (size_t i = 0; i < n; ++i) f(OpsTag<ScalarVec<T>>{}, i);
}

// Compare-exchange (a = min, b = max) and its halves when one output is dead.
#define VC_CE(a, b)                  \
  do {                               \
    const auto lo_ = O::min(a, b);   \
    b = O::max(a, b);                \
    a = lo_;                         \
  } while (0)
#define VC_MIN(a, b) a = O::min(a, b)
#define VC_MAX(a, b) b = O::max(a, b)

template <class O>
inline typename O::R med3(typename O::R a, typename O::R b, typename O::R c) {
  return O::max(O::min(a, b), O::min(O::max(a, b), c));
}

// Elements per block (1 KiB of each type): the k rank rows of one block are
// read back by the network while still in L1 (measured a little faster than
// 4 KiB blocks for 5x5 float, the same elsewhere).
template <class T>
constexpr size_t median_block() {
  return 1024 / sizeof(T);
}

// stage 1 for one block of outputs [e0, e0 + m): sorts the K source columns
// q in [e0 - r * cn, e0 + m + r * cn) into rank[0..K) (rank[i][p] = the i-th
// smallest of column q = e0 - r * cn + p). Columns outside the row are the
// replicate border: copies of the first / last pixel's column, so their
// sorted ranks are copied too.
template <class V, class T, int K>
inline void median_rank_block(const T* const* rows, size_t n, size_t c, size_t e0, size_t m,
                              T* const* rank) {
  constexpr size_t R = K / 2;
  const size_t rc = R * c;
  const size_t q_lo = e0 >= rc ? e0 - rc : 0;
  const size_t q_hi = std::min(n, e0 + m + rc);
  const size_t p_lo = q_lo + rc - e0;  // buffer index of column q_lo
  // pointers in locals: the stores below could otherwise alias the pointer
  // arrays, and the compiler would reload them every step
  const T* const r0 = rows[0] + q_lo;
  const T* const r1 = rows[1] + q_lo;
  const T* const r2 = rows[2] + q_lo;
  const T* const r3 = K == 5 ? rows[3] + q_lo : nullptr;
  const T* const r4 = K == 5 ? rows[4] + q_lo : nullptr;
  T* const k0 = rank[0] + p_lo;
  T* const k1 = rank[1] + p_lo;
  T* const k2 = rank[2] + p_lo;
  T* const k3 = K == 5 ? rank[3] + p_lo : nullptr;
  T* const k4 = K == 5 ? rank[4] + p_lo : nullptr;
  each_lane_block<V, T>(q_hi - q_lo, [&](auto tag, size_t q) {
    using O = typename decltype(tag)::type;
    if constexpr (K == 3) {
      auto a = O::load(r0 + q), b = O::load(r1 + q), d = O::load(r2 + q);
      VC_CE(a, b);
      VC_CE(a, d);
      VC_CE(b, d);
      O::store(k0 + q, a);
      O::store(k1 + q, b);
      O::store(k2 + q, d);
    } else {
      // the optimal 9-comparator 5-sorter
      auto a = O::load(r0 + q), b = O::load(r1 + q), d = O::load(r2 + q), f = O::load(r3 + q),
           g = O::load(r4 + q);
      VC_CE(a, b); VC_CE(f, g); VC_CE(d, g); VC_CE(d, f); VC_CE(a, f);
      VC_CE(a, d); VC_CE(b, g); VC_CE(b, f); VC_CE(b, d);
      O::store(k0 + q, a);
      O::store(k1 + q, b);
      O::store(k2 + q, d);
      O::store(k3 + q, f);
      O::store(k4 + q, g);
    }
  });
  for (size_t p = 0; p < p_lo; ++p) {  // left of the row: pixel 0's column
    const size_t from = p_lo + (p % c);
    for (int i = 0; i < K; ++i) rank[i][p] = rank[i][from];
  }
  const size_t p_end = m + 2 * rc;
  const size_t p_hi = q_hi + rc - e0;
  for (size_t p = p_hi; p < p_end; ++p) {  // right of the row: the last pixel's column
    const size_t from = p_hi - c + ((p - p_hi) % c);
    for (int i = 0; i < K; ++i) rank[i][p] = rank[i][from];
  }
}

// Rank rows of one block, shifted so that the first real column the column
// sort stores (buffer index rc when e0 == 0, else 0) starts a 64-byte line:
// the sort's stores never split a line (numpy rows are usually only 16-byte
// aligned, so the source and dst sides cannot be chosen).
template <class T, int K>
struct RankRows {
  static constexpr size_t kBlock = median_block<T>();
  static constexpr size_t kPad = 64 / sizeof(T);
  alignas(64) T storage[K][kBlock + 2 * (K / 2) * 4 + kPad];  // up to 4 channels
  T* row[K];
  RankRows(size_t e0, size_t rc) {
    const size_t p_lo = e0 >= rc ? 0 : rc - e0;
    const size_t shift = (kPad - p_lo % kPad) % kPad;
    for (int i = 0; i < K; ++i) row[i] = storage[i] + shift;
  }
};

template <class V, class T>
inline void median3_row_generic(const T* const* rows, T* dst, size_t n, int cn) {
  constexpr size_t kBlock = median_block<T>();
  const size_t c = static_cast<size_t>(cn);
  for (size_t e0 = 0; e0 < n; e0 += kBlock) {
    const size_t m = std::min(kBlock, n - e0);
    RankRows<T, 3> rr(e0, c);
    T* const* rank = rr.row;
    median_rank_block<V, T, 3>(rows, n, c, e0, m, rank);
    // stage 2: one window per element from three shifted rank rows
    const T* const k0 = rank[0];
    const T* const k1 = rank[1];
    const T* const k2 = rank[2];
    T* const out = dst + e0;
    each_lane_block<V, T>(m, [&](auto tag, size_t e) {
      using O = typename decltype(tag)::type;
      const T* s0 = k0 + e;
      const T* s1 = k1 + e;
      const T* s2 = k2 + e;
      const auto lo = O::max(O::max(O::load(s0), O::load(s0 + c)), O::load(s0 + 2 * c));
      const auto mid = med3<O>(O::load(s1), O::load(s1 + c), O::load(s1 + 2 * c));
      const auto hi = O::min(O::min(O::load(s2), O::load(s2 + c)), O::load(s2 + 2 * c));
      O::store(out + e, med3<O>(lo, mid, hi));
    });
  }
}

template <class V, class T>
inline void median5_row_generic(const T* const* rows, T* dst, size_t n, int cn) {
  constexpr size_t kBlock = median_block<T>();
  const size_t c = static_cast<size_t>(cn);
  for (size_t e0 = 0; e0 < n; e0 += kBlock) {
    const size_t m = std::min(kBlock, n - e0);
    RankRows<T, 5> rr(e0, 2 * c);
    T* const* rank = rr.row;
    median_rank_block<V, T, 5>(rows, n, c, e0, m, rank);
    // stage 2: rank rows (rIJ = rank I of the window's column J), then the
    // median of the 13 candidates
    const T* const k0 = rank[0];
    const T* const k1 = rank[1];
    const T* const k2 = rank[2];
    const T* const k3 = rank[3];
    const T* const k4 = rank[4];
    T* const out = dst + e0;
    each_lane_block<V, T>(m, [&](auto tag, size_t e) {
      using O = typename decltype(tag)::type;
      const T* s0 = k0 + e;
      const T* s1 = k1 + e;
      const T* s2 = k2 + e;
      const T* s3 = k3 + e;
      const T* s4 = k4 + e;
      auto r00 = O::load(s0), r01 = O::load(s0 + c), r02 = O::load(s0 + 2 * c),
           r03 = O::load(s0 + 3 * c), r04 = O::load(s0 + 4 * c);
      auto r10 = O::load(s1), r11 = O::load(s1 + c), r12 = O::load(s1 + 2 * c),
           r13 = O::load(s1 + 3 * c), r14 = O::load(s1 + 4 * c);
      auto r20 = O::load(s2), r21 = O::load(s2 + c), r22 = O::load(s2 + 2 * c),
           r23 = O::load(s2 + 3 * c), r24 = O::load(s2 + 4 * c);
      auto r30 = O::load(s3), r31 = O::load(s3 + c), r32 = O::load(s3 + 2 * c),
           r33 = O::load(s3 + 3 * c), r34 = O::load(s3 + 4 * c);
      auto r40 = O::load(s4), r41 = O::load(s4 + c), r42 = O::load(s4 + 2 * c),
           r43 = O::load(s4 + 3 * c), r44 = O::load(s4 + 4 * c);
      // rank 0: keep the two largest (columns 3, 4)
      VC_CE(r00, r01); VC_CE(r03, r04); VC_CE(r02, r04); VC_MAX(r02, r03); VC_MAX(r00, r03);
      VC_CE(r01, r04); VC_MAX(r01, r03);
      // rank 1: keep columns 2, 3, 4
      VC_CE(r10, r11); VC_CE(r13, r14); VC_CE(r12, r14); VC_CE(r12, r13); VC_CE(r10, r13);
      VC_MAX(r10, r12); VC_CE(r11, r14); VC_CE(r11, r13); VC_MAX(r11, r12);
      // rank 2: keep columns 1, 2, 3
      VC_CE(r20, r21); VC_CE(r23, r24); VC_CE(r22, r24); VC_CE(r22, r23); VC_CE(r20, r23);
      VC_MAX(r20, r22); VC_MIN(r21, r24); VC_CE(r21, r23); VC_CE(r21, r22);
      // rank 3: keep columns 0, 1, 2
      VC_CE(r30, r31); VC_CE(r33, r34); VC_CE(r32, r34); VC_CE(r32, r33); VC_CE(r30, r33);
      VC_CE(r30, r32); VC_MIN(r31, r34); VC_MIN(r31, r33); VC_CE(r31, r32);
      // rank 4: keep the two smallest (columns 0, 1)
      VC_CE(r40, r41); VC_CE(r43, r44); VC_CE(r42, r44); VC_CE(r42, r43); VC_CE(r40, r43);
      VC_CE(r40, r42); VC_MIN(r41, r44); VC_MIN(r41, r43); VC_MIN(r41, r42);
      // median of the candidates r03 r04 r12 r13 r14 r21 r22 r23 r30 r31 r32 r40 r41
      VC_CE(r03, r04); VC_CE(r12, r13); VC_CE(r14, r21); VC_CE(r22, r23); VC_CE(r30, r31);
      VC_CE(r32, r40); VC_CE(r03, r12); VC_CE(r04, r13); VC_CE(r14, r22); VC_CE(r21, r23);
      VC_CE(r30, r32); VC_CE(r31, r40); VC_CE(r04, r12); VC_CE(r21, r22); VC_CE(r31, r32);
      VC_CE(r03, r14); VC_CE(r04, r21); VC_CE(r12, r22); VC_MIN(r13, r23); VC_CE(r30, r41);
      VC_CE(r12, r14); VC_CE(r13, r21); VC_CE(r32, r41); VC_CE(r04, r12); VC_CE(r13, r14);
      VC_CE(r21, r22); VC_CE(r31, r32); VC_CE(r40, r41); VC_MAX(r03, r30); VC_MAX(r04, r31);
      VC_MAX(r12, r32); VC_MIN(r13, r40); VC_MIN(r14, r41); VC_MAX(r14, r30); VC_MIN(r21, r31);
      VC_MIN(r22, r32); VC_MAX(r13, r21); VC_MIN(r22, r30); VC_MAX(r21, r22);
      O::store(out + e, r22);
    });
  }
}

#undef VC_CE
#undef VC_MIN
#undef VC_MAX
