// FAST-9/16 helpers shared by every ISA level (plain C++, included inside each
// ISA namespace, after <algorithm>, <cstddef>, <cstdint>): the circle offsets
// and OpenCV's corner score.
#pragma once

// Bresenham circle of radius 3, clockwise from the top, as (dx, dy).
constexpr int kFastCircle[16][2] = {{0, -3}, {1, -3}, {2, -2}, {3, -1}, {3, 0},  {3, 1},
                                    {2, 2},  {1, 3},  {0, 3},  {-1, 3}, {-2, 2}, {-3, 1},
                                    {-3, 0}, {-3, -1}, {-2, -2}, {-1, -3}};

inline void fast_offsets(ptrdiff_t stride, ptrdiff_t off[16]) {
  for (int k = 0; k < 16; ++k) off[k] = kFastCircle[k][1] * stride + kFastCircle[k][0];
}

// The score of a pixel already known to be a corner at `threshold`:
// max(threshold, max over the 16 arcs of 9 of min over the arc of d,
// max over arcs of min over the arc of -d) - 1, d = p - circle pixel.
inline int fast_corner_score(const uint8_t* p, const ptrdiff_t off[16], int threshold) {
  // windows of 9 on the circle doubled to 32 entries: minima and maxima of
  // runs of 2, 4, 8, then 9 (plain loops over fixed sizes, which the
  // compiler turns into vector min / max)
  const int v = p[0];
  int16_t e[32], lo2[31], hi2[31], lo4[29], hi4[29], lo8[25], hi8[25];
  for (int k = 0; k < 16; ++k) {
    e[k] = static_cast<int16_t>(v - p[off[k]]);
    e[k + 16] = e[k];
  }
  for (int k = 0; k < 31; ++k) {
    lo2[k] = std::min(e[k], e[k + 1]);
    hi2[k] = std::max(e[k], e[k + 1]);
  }
  for (int k = 0; k < 29; ++k) {
    lo4[k] = std::min(lo2[k], lo2[k + 2]);
    hi4[k] = std::max(hi2[k], hi2[k + 2]);
  }
  for (int k = 0; k < 25; ++k) {
    lo8[k] = std::min(lo4[k], lo4[k + 4]);
    hi8[k] = std::max(hi4[k], hi4[k + 4]);
  }
  int best_lo = -32768, min_hi = 32767;  // max over arcs of the arc minimum, min of the maximum
  for (int k = 0; k < 16; ++k) {
    best_lo = std::max(best_lo, static_cast<int>(std::min(lo8[k], e[k + 8])));
    min_hi = std::min(min_hi, static_cast<int>(std::max(hi8[k], e[k + 8])));
  }
  return std::max(threshold, std::max(best_lo, -min_hi)) - 1;
}

// Bit j of the result is set when bits k, k+1, ..., k+8 (mod 16) of the
// 16 masks are all set at lane j, for some k: a 9-arc. m[k]: per-lane
// bit masks of circle pixel k (up to 64 lanes).
inline uint64_t fast_arc9(const uint64_t m[16]) {
  uint64_t a2[16], a4[16], res = 0;
  for (int k = 0; k < 16; ++k) a2[k] = m[k] & m[(k + 1) & 15];
  for (int k = 0; k < 16; ++k) a4[k] = a2[k] & a2[(k + 2) & 15];
  for (int k = 0; k < 16; ++k) res |= a4[k] & a4[(k + 4) & 15] & m[(k + 8) & 15];
  return res;
}

// True when bits i..i+8 (mod 16) of the 16-bit mask are all set for some i.
inline bool fast_has_run9(uint32_t m) {
  uint32_t x = m | (m << 16);
  const uint32_t r2 = x & (x >> 1);
  const uint32_t r4 = r2 & (r2 >> 2);
  const uint32_t r8 = r4 & (r4 >> 4);
  return ((r8 & (x >> 8)) & 0xFFFFu) != 0;
}

// The FAST-9/16 test for one pixel: the four compass pixels first (every
// 9-arc holds two neighbouring ones), then the 16-bit run test.
inline bool fast_is_corner(const uint8_t* p, const ptrdiff_t off[16], int threshold) {
  const int v = p[0], hi = v + threshold, lo = v - threshold;
  uint32_t qb = 0, qd = 0;
  for (int k = 0; k < 4; ++k) {
    const int c = p[off[4 * k]];
    qb |= static_cast<uint32_t>(c > hi) << k;
    qd |= static_cast<uint32_t>(c < lo) << k;
  }
  const auto adjacent = [](uint32_t q) { return (q & ((q >> 1) | (q << 3))) & 0xFu; };
  if (!adjacent(qb) && !adjacent(qd)) return false;
  uint32_t b = 0, d = 0;
  for (int k = 0; k < 16; ++k) {
    const int c = p[off[k]];
    b |= static_cast<uint32_t>(c > hi) << k;
    d |= static_cast<uint32_t>(c < lo) << k;
  }
  return fast_has_run9(b) || fast_has_run9(d);
}
