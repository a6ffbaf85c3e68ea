// FAST-9/16 row kernel body for x86 levels, included inside an ISA namespace
// after a trait struct `FastOps` with kLanes (16, 32 or 64) and
//   V load(const uint8_t*), V splat(uint8_t), V adds(V, V), V subs(V, V),
//   V min(V, V), V max(V, V) (unsigned bytes), bool any(V) (a lane != 0),
//   uint64_t nonzero(V)  (bit j = lane j != 0).
// Per block of kLanes pixels: bright_k = (c_k -sat (p +sat t)) != 0 and
// dark_k = ((p -sat t) -sat c_k) != 0; a block is skipped unless two
// neighbouring compass pixels (0/4/8/12) agree, which every 9-arc implies
// (tested in registers: min of two differences != 0, max over the pairs);
// then fast_arc9 on the 16 masks, and the score is computed for each corner.
// A row's last partial block is the block ending at the row's end, with the
// lanes done before masked off (no scalar tail unless the row is narrower
// than a register).
#pragma once

inline int fast9_row_simd(const uint8_t* center, ptrdiff_t stride, int width, int threshold,
                          uint8_t* score, int32_t* xs) {
  ptrdiff_t off[16];
  fast_offsets(stride, off);
  std::memset(score, 0, static_cast<size_t>(width));
  const typename FastOps::V t = FastOps::splat(static_cast<uint8_t>(threshold));
  int count = 0;
  int x = 0;
  const auto corner_at = [&](int xx) {
    const int s = fast_corner_score(center + xx, off, threshold);
    score[xx] = static_cast<uint8_t>(s + 1);
    xs[count++] = xx;
  };
  // whole blocks, then (width >= kLanes) one last block ending at width
  // whose lanes already done are masked off; narrower rows go pixel by pixel
  const auto block = [&](int bx, uint64_t lanes) {
    const uint8_t* p = center + bx;
    const auto v = FastOps::load(p);
    const auto hi = FastOps::adds(v, t);
    const auto lo = FastOps::subs(v, t);
    // compass pixels: (c -sat hi) != 0 is "brighter", (lo -sat c) != 0
    // "darker"; two neighbours both so <=> min of the two != 0
    typename FastOps::V bv[4], dv[4];
    for (int k = 0; k < 4; ++k) {
      const auto c = FastOps::load(p + off[4 * k]);
      bv[k] = FastOps::subs(c, hi);
      dv[k] = FastOps::subs(lo, c);
    }
    const auto pairs = [](const typename FastOps::V* m) {
      return FastOps::max(FastOps::max(FastOps::min(m[0], m[1]), FastOps::min(m[1], m[2])),
                          FastOps::max(FastOps::min(m[2], m[3]), FastOps::min(m[3], m[0])));
    };
    const auto qv = FastOps::max(pairs(bv), pairs(dv));
    if (!FastOps::any(qv)) return;
    const uint64_t quick = FastOps::nonzero(qv) & lanes;
    if (!quick) return;
    uint64_t b[16], d[16];
    for (int k = 0; k < 4; ++k) {
      b[4 * k] = FastOps::nonzero(bv[k]);
      d[4 * k] = FastOps::nonzero(dv[k]);
    }
    for (int k = 0; k < 16; ++k) {
      if ((k & 3) == 0) continue;
      const auto c = FastOps::load(p + off[k]);
      b[k] = FastOps::nonzero(FastOps::subs(c, hi));
      d[k] = FastOps::nonzero(FastOps::subs(lo, c));
    }
    uint64_t corners = (fast_arc9(b) | fast_arc9(d)) & quick;
    while (corners) {
      const int j = __builtin_ctzll(corners);
      corners &= corners - 1;
      corner_at(bx + j);
    }
  };
  const uint64_t all = FastOps::kLanes == 64 ? ~uint64_t{0} : (uint64_t{1} << FastOps::kLanes) - 1;
  for (; x + FastOps::kLanes <= width; x += FastOps::kLanes) block(x, all);
  if (x < width && width >= FastOps::kLanes) {
    const int bx = width - FastOps::kLanes;
    block(bx, all & ~((uint64_t{1} << (x - bx)) - 1));
    x = width;
  }
  for (; x < width; ++x) {
    if (fast_is_corner(center + x, off, threshold)) corner_at(x);
  }
  return count;
}
