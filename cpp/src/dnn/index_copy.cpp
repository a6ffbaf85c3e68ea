// IndexCopy: plan (dim merging, tables) and the row copier.
#include "dnn/index_copy.hpp"

#include <algorithm>
#include <cstring>

#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// Output elements per parallel chunk: large enough to amortise the hand-off,
// small enough that mid-sized tensors use every thread.
constexpr int64_t kChunkElems = 1 << 14;

// Dims p (outer) and l (inner, input length xl) as one dim when the combined
// map is still a set of segments; false when it is not.
bool merge_dims(const DimMap& p, const DimMap& l, int64_t xl, DimMap* m) {
  if (p.len == 1) {  // one outer index: the inner map shifted by it
    const int64_t s = p.segs[0].src;
    *m = l;
    for (auto& g : m->segs) g.src = (s < 0 || g.src < 0) ? -1 : s * xl + g.src;
    return true;
  }
  if (l.len == 1) {  // one inner index: the outer map scaled
    const int64_t t = l.segs[0].src;
    *m = p;
    for (auto& g : m->segs) {
      g.src = (t < 0 || g.src < 0) ? -1 : g.src * xl + t;
      g.step *= xl;
    }
    return true;
  }
  if (p.segs.size() != 1 || l.segs.size() != 1) return false;
  const Segment& a = p.segs[0];
  const Segment& b = l.segs[0];
  // affine over the merged index when the outer step moves the source by
  // exactly one inner row of the output (whole rows, or both broadcast)
  if (a.src < 0 || b.src < 0 || a.step * xl != l.len * b.step) return false;
  *m = affine_dim(p.len * l.len, a.src * xl + b.src, b.step);
  return true;
}

template <typename T>
inline void fill_run(T* dst, int64_t n, T v) {
  for (int64_t k = 0; k < n; ++k) dst[k] = v;
}

}  // namespace

void IndexCopy::plan(const Shape& in, std::vector<DimMap> dims) {
  Shape xs = in;
  if (dims.empty()) {  // a scalar: one element
    xs = {1};
    dims.push_back(affine_dim(1, 0, 1));
  }
  int64_t total = 1;
  for (const auto& d : dims) total *= d.len;
  rows_ = 0;
  row_len_ = 0;
  outer_.clear();
  runs_.clear();
  if (total == 0) return;
  // stage 1: merge from the innermost dim outwards while the map stays affine
  while (dims.size() >= 2) {
    const size_t l = dims.size() - 1;
    DimMap m;
    if (!merge_dims(dims[l - 1], dims[l], xs[l], &m)) break;
    xs[l - 1] *= xs[l];
    dims[l - 1] = std::move(m);
    dims.pop_back();
    xs.pop_back();
  }
  // stage 2: the innermost dim as runs; the outer dims affine, or as offset
  // tables when they have several segments (Pad borders)
  const size_t r = dims.size();
  runs_ = dims[r - 1].segs;
  row_len_ = dims[r - 1].len;
  outer_.resize(r - 1);
  int64_t stride = xs[r - 1];
  for (size_t d = r - 1; d-- > 0;) {
    OuterDim& od = outer_[d];
    od.len = dims[d].len;
    od.stride = stride;
    const auto& segs = dims[d].segs;
    if (segs.size() == 1 && segs[0].src >= 0) {
      od.src = segs[0].src;
      od.step = segs[0].step;
    } else {
      od.table.assign(static_cast<size_t>(od.len), -1);
      for (const auto& g : segs) {
        if (g.src < 0) continue;
        for (int64_t k = 0; k < g.len; ++k) od.table[g.begin + k] = (g.src + k * g.step) * stride;
      }
    }
    stride *= xs[d];
  }
  rows_ = total / row_len_;
  grain_ = std::max<int64_t>(1, kChunkElems / row_len_);
}

// One output row: its segments from the input row at src.
template <typename T>
inline void copy_row(const std::vector<Segment>& runs, const T* src, T* dst, T fill) {
  for (const Segment& g : runs) {
    T* d = dst + g.begin;
    const int64_t n = g.len;
    if (g.src < 0) {
      fill_run(d, n, fill);
    } else if (g.step == 1) {
      std::memcpy(d, src + g.src, static_cast<size_t>(n) * sizeof(T));
    } else if (g.step == 0) {
      fill_run(d, n, src[g.src]);
    } else if (g.step == -1) {  // reversed (flips, reflect borders): vectorises
      const T* s = src + g.src;
      for (int64_t k = 0; k < n; ++k) d[k] = s[-k];
    } else {
      const T* s = src + g.src;
      const int64_t step = g.step;
      for (int64_t k = 0; k < n; ++k) d[k] = s[k * step];
    }
  }
}

template <typename T>
void IndexCopy::run_rows(const T* in, T* out, T fill) const {
  // the closure holds one pointer, so std::function keeps it inline: no
  // allocation per run
  struct Job {
    const IndexCopy* self;
    const T* in;
    T* out;
    T fill;
    void operator()(int64_t r0, int64_t r1) const {
      const IndexCopy& c = *self;
      const size_t nd = c.outer_.size();
      if (nd == 0) {  // one row
        copy_row(c.runs_, in, out, fill);
        return;
      }
      // the last outer dim is stepped row by row; the dims above it are
      // decoded (divisions) only when it wraps
      const OuterDim& last = c.outer_[nd - 1];
      int64_t row = r0;
      while (row < r1) {
        int64_t i = row % last.len, rem = row / last.len, base = 0;
        bool fill_rest = false;
        for (size_t d = nd - 1; d-- > 0;) {
          const int64_t off = c.outer_[d].offset(rem % c.outer_[d].len);
          rem /= c.outer_[d].len;
          fill_rest = fill_rest || off < 0;
          base += off;
        }
        for (; i < last.len && row < r1; ++i, ++row) {
          T* dst = out + row * c.row_len_;
          const int64_t off = last.offset(i);
          if (fill_rest || off < 0) {
            fill_run(dst, c.row_len_, fill);
          } else {
            copy_row(c.runs_, in + base + off, dst, fill);
          }
        }
      }
    }
  };
  const Job job{this, in, out, fill};
  parallel_for(0, rows_, grain_, [&job](int64_t r0, int64_t r1) { job(r0, r1); });
}

void IndexCopy::run(const void* in, void* out, size_t es, float fill_f, int64_t fill_i) const {
  if (rows_ == 0) return;
  if (es == sizeof(int64_t)) {
    run_rows(static_cast<const int64_t*>(in), static_cast<int64_t*>(out), fill_i);
  } else {
    run_rows(static_cast<const float*>(in), static_cast<float*>(out), fill_f);
  }
}

}  // namespace vc::dnn
