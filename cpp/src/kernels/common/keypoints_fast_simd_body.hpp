// FAST-9/16 row kernel body for x86 levels, included inside an ISA namespace
// after a trait struct `FastOps` with kLanes (16, 32 or 64) and
//   V load(const uint8_t*), V splat(uint8_t), V adds(V, V), V subs(V, V),
//   uint64_t nonzero(V)  (bit j = lane j != 0).
// Per block of kLanes pixels: bright_k = (c_k -sat (p +sat t)) != 0 and
// dark_k = ((p -sat t) -sat c_k) != 0 as bit masks; a block is skipped unless
// two neighbouring compass pixels (0/4/8/12) agree, which every 9-arc implies;
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
    uint64_t b[16], d[16];
    for (int k = 0; k < 16; k += 4) {
      const auto c = FastOps::load(p + off[k]);
      b[k] = FastOps::nonzero(FastOps::subs(c, hi));
      d[k] = FastOps::nonzero(FastOps::subs(lo, c));
    }
    const uint64_t quick = ((b[0] & b[4]) | (b[4] & b[8]) | (b[8] & b[12]) | (b[12] & b[0]) |
                            (d[0] & d[4]) | (d[4] & d[8]) | (d[8] & d[12]) | (d[12] & d[0])) &
                           lanes;
    if (!quick) return;
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
