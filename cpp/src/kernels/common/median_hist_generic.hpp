// Perreault & Hebert's constant-time median (IEEE TIP 2007), shared by every
// ISA folder. Included inside `namespace vc::kernels::<isa>`.
//
// Every image column keeps a 256-bin ("fine") and a 16-bin ("coarse")
// histogram of the 2r + 1 pixels above and below the current row (uint8
// counts). Along a row, the window's coarse histogram is updated by adding
// the column entering on the right and subtracting the one leaving on the
// left: O(1) per pixel whatever r is. The median's coarse bin b is the first
// whose running count passes the median rank; only that bin's 16 fine bins
// are then needed, and they are brought up to date lazily from the column
// where they were last used (or rebuilt when that is more than r columns
// back). All counts are exact, so every level gives the same medians.
//
// A 16-bin histogram type H supplies R (16 uint16 counts), zero(), add(R,
// const uint8_t* counts16), sub(R, counts16) and find(R, limit, &before):
// the first bin whose inclusive running count exceeds `limit`, with
// `before` = the count of the bins below it.

struct ScalarHist16 {
  struct R {
    uint16_t v[16];
  };
  static R zero() { return R{}; }
  static R add(R h, const uint8_t* p) {
    for (int i = 0; i < 16; ++i) h.v[i] = static_cast<uint16_t>(h.v[i] + p[i]);
    return h;
  }
  static R sub(R h, const uint8_t* p) {
    for (int i = 0; i < 16; ++i) h.v[i] = static_cast<uint16_t>(h.v[i] - p[i]);
    return h;
  }
  static int find(const R& h, uint32_t limit, uint32_t* before) {
    uint32_t sum = 0;
    int b = 0;
    while (b < 15 && sum + h.v[b] <= limit) sum += h.v[b++];
    *before = sum;
    return b;
  }
};

// Fine bin v of element i lives at fine[(v / 16) * n * 16 + i * 16 + v % 16]:
// segment-major, so the 16-bin segment the sweep needs is contiguous across
// neighbouring columns.
inline void median_hist_cols_generic(uint8_t* coarse, uint8_t* fine, const uint8_t* add,
                                     const uint8_t* sub, size_t n) {
  const size_t seg = n * 16;
  for (size_t i = 0; i < n; ++i) {
    const unsigned v = add[i];
    ++fine[(v >> 4) * seg + i * 16 + (v & 15)];
    ++coarse[i * 16 + (v >> 4)];
  }
  if (sub == nullptr) return;
  for (size_t i = 0; i < n; ++i) {
    const unsigned v = sub[i];
    --fine[(v >> 4) * seg + i * 16 + (v & 15)];
    --coarse[i * 16 + (v >> 4)];
  }
}

template <class H>
inline void median_hist_row_generic(const uint8_t* coarse, const uint8_t* fine, int c0, int width,
                                    int x0, int x1, int r, int cn, uint8_t* dst) {
  using R = typename H::R;
  const uint32_t side = static_cast<uint32_t>(2 * r + 1);
  const uint32_t rank = (side * side - 1) / 2;  // 0-based rank of the median
  const int c1 = std::min(width, x1 + r);       // histogram columns [c0, c1)
  const size_t seg_stride = static_cast<size_t>(c1 - c0) * static_cast<size_t>(cn) * 16;
  for (int ch = 0; ch < cn; ++ch) {
    // histogram element of column c (replicate border: clamp to the image)
    auto col = [&](int c) {
      c = c < 0 ? 0 : (c >= width ? width - 1 : c);
      return static_cast<size_t>(c - c0) * static_cast<size_t>(cn) + static_cast<size_t>(ch);
    };
    R kc = H::zero();
    for (int c = x0 - r; c <= x0 + r; ++c) kc = H::add(kc, coarse + col(c) * 16);
    R kf[16];
    int last[16];  // column at which kf[b] was last valid
    for (int b = 0; b < 16; ++b) last[b] = x0 - 2 * r - 2;
    for (int x = x0; x < x1; ++x) {
      if (x > x0) {
        kc = H::add(kc, coarse + col(x + r) * 16);
        kc = H::sub(kc, coarse + col(x - r - 1) * 16);
      }
      uint32_t before = 0;
      const int b = H::find(kc, rank, &before);
      const uint8_t* seg = fine + static_cast<size_t>(b) * seg_stride;
      if (x - last[b] > r) {
        R f = H::zero();
        for (int c = x - r; c <= x + r; ++c) f = H::add(f, seg + col(c) * 16);
        kf[b] = f;
      } else {
        R f = kf[b];
        for (int xx = last[b] + 1; xx <= x; ++xx) {
          f = H::add(f, seg + col(xx + r) * 16);
          f = H::sub(f, seg + col(xx - r - 1) * 16);
        }
        kf[b] = f;
      }
      last[b] = x;
      uint32_t below = 0;
      const int v = H::find(kf[b], rank - before, &below);
      dst[static_cast<size_t>(x - x0) * static_cast<size_t>(cn) + static_cast<size_t>(ch)] =
          static_cast<uint8_t>(b * 16 + v);
    }
  }
}
