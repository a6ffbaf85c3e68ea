// FAST-9/16 row kernel body for x86 levels, included inside an ISA namespace
// after a trait struct `FastOps` with kLanes (16, 32 or 64) and
//   V load(const uint8_t*), V splat(uint8_t), V adds(V, V), V subs(V, V),
//   V min(V, V), V max(V, V) (unsigned bytes), bool any(V) (a lane != 0),
//   uint64_t nonzero(V)  (bit j = lane j != 0).
// Per block of kLanes pixels: "brighter" is (c -sat (p +sat t)) != 0 and
// "darker" ((p -sat t) -sat c) != 0. The hot loop tests only the compass
// pixels 0, 4, 8, 12: every 9-arc holds one of {0, 8} and one of {4, 12}, so
// min(max(B0, B8), max(B4, B12)) != 0 in some lane (either polarity) is
// necessary; the rare blocks that pass go to the full test (a separate,
// not inlined function, which keeps the hot loop's registers free): bit masks
// of all 16 pixels, fast_arc9, and the score of each corner.
// A row's last partial block is the block ending at the row's end, with the
// lanes done before masked off (no scalar tail unless the row is narrower
// than a register).
#pragma once

struct FastRowState {
  const ptrdiff_t* off;
  int threshold;
  uint8_t* score;
  int32_t* xs;
  int count;
};

__attribute__((noinline)) inline void fast9_block_full(const uint8_t* center, int bx,
                                                       uint64_t lanes, FastRowState& st) {
  const uint8_t* p = center + bx;
  const typename FastOps::V t = FastOps::splat(static_cast<uint8_t>(st.threshold));
  const auto v = FastOps::load(p);
  const auto hi = FastOps::adds(v, t);
  const auto lo = FastOps::subs(v, t);
  uint64_t b[16], d[16];
  for (int k = 0; k < 16; ++k) {
    const auto c = FastOps::load(p + st.off[k]);
    b[k] = FastOps::nonzero(FastOps::subs(c, hi));
    d[k] = FastOps::nonzero(FastOps::subs(lo, c));
  }
  uint64_t corners = (fast_arc9(b) | fast_arc9(d)) & lanes;
  while (corners) {
    const int j = __builtin_ctzll(corners);
    corners &= corners - 1;
    const int x = bx + j;
    st.score[x] = static_cast<uint8_t>(fast_corner_score(center + x, st.off, st.threshold) + 1);
    st.xs[st.count++] = x;
  }
}

inline int fast9_row_simd(const uint8_t* center, ptrdiff_t stride, int width, int threshold,
                          uint8_t* score, int32_t* xs) {
  ptrdiff_t off[16];
  fast_offsets(stride, off);
  FastRowState st{off, threshold, score, xs, 0};
  const typename FastOps::V t = FastOps::splat(static_cast<uint8_t>(threshold));
  const ptrdiff_t o0 = off[0], o4 = off[4], o8 = off[8], o12 = off[12];
  const auto pass = [&](const uint8_t* p) {
    const auto v = FastOps::load(p);
    const auto hi = FastOps::adds(v, t);
    const auto lo = FastOps::subs(v, t);
    const auto c0 = FastOps::load(p + o0), c4 = FastOps::load(p + o4);
    const auto c8 = FastOps::load(p + o8), c12 = FastOps::load(p + o12);
    const auto qb = FastOps::min(FastOps::max(FastOps::subs(c0, hi), FastOps::subs(c8, hi)),
                                 FastOps::max(FastOps::subs(c4, hi), FastOps::subs(c12, hi)));
    const auto qd = FastOps::min(FastOps::max(FastOps::subs(lo, c0), FastOps::subs(lo, c8)),
                                 FastOps::max(FastOps::subs(lo, c4), FastOps::subs(lo, c12)));
    return FastOps::any(FastOps::max(qb, qd));
  };
  const uint64_t all = FastOps::kLanes == 64 ? ~uint64_t{0} : (uint64_t{1} << FastOps::kLanes) - 1;
  int x = 0;
  for (; x + FastOps::kLanes <= width; x += FastOps::kLanes) {
    if (pass(center + x)) fast9_block_full(center, x, all, st);
  }
  if (x < width && width >= FastOps::kLanes) {
    const int bx = width - FastOps::kLanes;
    if (pass(center + bx)) fast9_block_full(center, bx, all & ~((uint64_t{1} << (x - bx)) - 1), st);
    x = width;
  }
  for (; x < width; ++x) {
    if (fast_is_corner(center + x, off, threshold)) {
      score[x] = static_cast<uint8_t>(fast_corner_score(center + x, off, threshold) + 1);
      xs[st.count++] = x;
    }
  }
  return st.count;
}
