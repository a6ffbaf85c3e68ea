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
  const int v = p[0];
  int d[16];
  for (int k = 0; k < 16; ++k) d[k] = v - p[off[k]];
  int best = threshold;
  for (int s = 0; s < 16; ++s) {
    int mn = d[s], mx = d[s];
    for (int i = 1; i < 9; ++i) {
      const int x = d[(s + i) & 15];
      mn = std::min(mn, x);
      mx = std::max(mx, x);
    }
    best = std::max(best, std::max(mn, -mx));
  }
  return best - 1;
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
