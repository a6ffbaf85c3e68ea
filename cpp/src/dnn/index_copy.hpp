// Index-map copies (internal API, vc::dnn).
//
// In Slice, Pad, Expand, Tile and Split every output element reads one input
// element, and its index along each dim depends only on its own index along
// that dim: out[j0, j1, ...] = in[map0(j0), map1(j1), ...], or a fill value
// where some map says so (Pad's constant border). IndexCopy is that copy,
// written once. Each op describes its per-dim maps as affine segments;
// plan() merges neighbouring dims whose combined map stays affine (a slice
// of whole inner rows is one contiguous run per outer index, a broadcast of
// [N, C, 1, 1] is one fill per channel), keeps the innermost dim as
// segments and the outer ones affine (or tabulated, for Pad's borders).
// Plan state is proportional to the dims, never to the repeats or the
// element count of an affine dim. run() then copies output rows in
// parallel: memcpy for contiguous segments, a fill for broadcast or padded
// ones, a strided gather for the rest; it never allocates.
#pragma once

#include <cstdint>
#include <vector>

#include "dnn/graph.hpp"

namespace vc::dnn {

// Output indices [begin, begin + len) of one dim read input indices
// src, src + step, ... (any step, including 0 and negative), or the fill
// value when src is -1.
struct Segment {
  int64_t begin = 0;
  int64_t len = 0;
  int64_t src = -1;
  int64_t step = 1;
};

// One output dim: its length and the segments covering [0, len) in order.
struct DimMap {
  int64_t len = 0;
  std::vector<Segment> segs;
};

// The segments of an index map given as a function (input index, or -1 for
// fill, per output index), found greedily in one pass: O(n) at plan time.
template <typename Map>
std::vector<Segment> segments_of(int64_t n, Map map) {
  std::vector<Segment> s;
  for (int64_t j = 0; j < n; ++j) {
    const int64_t v = map(j);
    if (!s.empty()) {
      Segment& b = s.back();
      if (b.src < 0 && v < 0) {
        ++b.len;
        continue;
      }
      if (b.src >= 0 && v >= 0) {
        if (b.len == 1) {
          b.step = v - b.src;
          ++b.len;
          continue;
        }
        if (v == b.src + b.len * b.step) {
          ++b.len;
          continue;
        }
      }
    }
    s.push_back(Segment{j, 1, v < 0 ? -1 : v, 1});
  }
  return s;
}

// A whole-dim segment: output index j reads src + j * step.
inline DimMap affine_dim(int64_t len, int64_t src, int64_t step) {
  DimMap d;
  d.len = len;
  if (len > 0) d.segs.push_back(Segment{0, len, src, step});
  return d;
}

class IndexCopy {
 public:
  // in: the input shape (row-major, contiguous); dims: one map per output
  // dim, with the same rank (0 allowed: one element). The caller has checked
  // the output size (checked_count) and that every map stays inside its dim.
  void plan(const Shape& in, std::vector<DimMap> dims);
  // Copies es-byte elements (4: float32, 8: int64); fill values for segments
  // without a source in the matching type.
  void run(const void* in, void* out, size_t es, float fill_f, int64_t fill_i) const;

 private:
  template <typename T>
  void run_rows(const T* in, T* out, T fill) const;

  // An outer output dim: input element offset of index i is
  // (src + i * step) * stride when affine, else table[i] (-1: fill).
  struct OuterDim {
    int64_t len = 0, src = 0, step = 0, stride = 0;
    std::vector<int64_t> table;
    int64_t offset(int64_t i) const { return table.empty() ? (src + i * step) * stride : table[i]; }
  };

  int64_t rows_ = 0, row_len_ = 0, grain_ = 1;
  std::vector<OuterDim> outer_;
  std::vector<Segment> runs_;  // innermost dim, offsets in elements
};

}  // namespace vc::dnn
