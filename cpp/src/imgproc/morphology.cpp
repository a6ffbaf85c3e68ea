// erode / dilate / morphology: the skeleton around the min/max row kernels.
//
// Rectangles are separable (RectStage), vertical first: the column minimum
// of kh source rows read straight from the image, then the row minimum of
// that result.
//   columns: rows in pairs sharing their kh - 1 middle rows (kh + 1 min per
//     two rows), or for kh >= kVhgwMinRows van Herk/Gil-Werman: with blocks
//     of kh rows, suffix minima h inside block b and prefix minima g inside
//     block b + 1 give out[y] = min(h[y], g[y + kh - 1]), three min per
//     pixel whatever kh is;
//   rows: kw - 1 shifted minima for short rows, else the doubling ladder
//     M_2P[x] = min(M_P[x], M_P[x + P]) up to P = 2^floor(log2 kw) and
//     min(M_P[x], M_P[x + kw - P]): ceil(log2 kw) min per pixel.
// Other kernels (RunStage) are cut into horizontal runs (row i, columns
// [s, s + len)); a run's minimum is the min of two overlapping power-of-two
// minima, min(M_P[x + s], M_P[x + s + len - P]). Each source row is extended
// and turned into the ladder levels its runs need once per thread chunk (a
// ring of kh rows); an output row folds two pointers per run: O(log width +
// 2 * runs) per pixel instead of O(area).
//
// Every stage produces rows on demand from a row source (the image or the
// stage below), so open / close / top-hat / black-hat / gradient and small
// iteration counts run fused: a thread chunk pulls its rows through the
// whole chain and intermediate images never reach memory. Van
// Herk/Gil-Werman passes and longer chains run one pass at a time through a
// temporary image. Row association (pairs, vHGW blocks) is fixed by absolute
// row numbers, so results never depend on how rows are split between
// threads (which matters only for the order in which float NaN / -0 meet).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "imgproc/border_rows.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/morphology.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

// Row lengths up to this are folded directly (len - 1 min in one pass);
// longer ones go through the doubling ladder.
constexpr int kDirectRowMax = 5;
// Rectangles at least this tall use van Herk/Gil-Werman down the columns.
constexpr int kVhgwMinRows = 7;
// Largest scratch one thread chunk may allocate.
constexpr int64_t kMaxScratchBytes = int64_t{1} << 30;

template <class T>
struct MorphFns {
  void (*min_row)(const T* const*, int, T*, size_t);
  void (*max_row)(const T* const*, int, T*, size_t);
  void (*min_pair)(const T* const*, int, T*, T*, size_t);
  void (*max_pair)(const T* const*, int, T*, T*, size_t);
  void (*sub_row)(const T*, const T*, T*, size_t);
};

template <class T>
MorphFns<T> morph_fns(const kernels::KernelTable& k);
template <>
MorphFns<uint8_t> morph_fns(const kernels::KernelTable& k) {
  return {k.u8_morph_min_row, k.u8_morph_max_row, k.u8_morph_min_pair_row,
          k.u8_morph_max_pair_row, k.u8_morph_sub_row};
}
template <>
MorphFns<uint16_t> morph_fns(const kernels::KernelTable& k) {
  return {k.u16_morph_min_row, k.u16_morph_max_row, k.u16_morph_min_pair_row,
          k.u16_morph_max_pair_row, k.u16_morph_sub_row};
}
template <>
MorphFns<int16_t> morph_fns(const kernels::KernelTable& k) {
  return {k.s16_morph_min_row, k.s16_morph_max_row, k.s16_morph_min_pair_row,
          k.s16_morph_max_pair_row, k.s16_morph_sub_row};
}
template <>
MorphFns<float> morph_fns(const kernels::KernelTable& k) {
  return {k.f32_morph_min_row, k.f32_morph_max_row, k.f32_morph_min_pair_row,
          k.f32_morph_max_pair_row, k.f32_morph_sub_row};
}

// A horizontal run of kernel members: row `row`, columns [start, start + len).
struct Run {
  int row, start, len;
};

int floor_pow2(int v) {
  int p = 1;
  while (p * 2 <= v) p *= 2;
  return p;
}
int log2_of(int p) {
  int l = 0;
  while ((1 << l) < p) ++l;
  return l;
}

// The normalised kernel: size, anchor and runs.
struct Plan {
  int kw = 1, kh = 1, ax = 0, ay = 0;
  std::vector<Run> runs;
  bool rect = false;  // every member set: the separable paths
  bool vhgw = false;  // rect and kh >= kVhgwMinRows
  // General kernels: which power-of-two ladder levels stage 1 keeps
  // (bit l set: M_{2^l}), and the slot index of each kept level.
  unsigned keep_mask = 0;
  int level_slot[16] = {};
  int kept = 0;
  int top_level = 0;  // highest level any run needs
};

Plan make_plan(const ConstImageView& kernel, int ax, int ay) {
  Plan p;
  p.kw = kernel.width;
  p.kh = kernel.height;
  p.ax = ax;
  p.ay = ay;
  bool all = true;
  for (int i = 0; i < p.kh; ++i) {
    const uint8_t* row = kernel.row(i);
    for (int j = 0; j < p.kw;) {
      if (!row[j]) {
        all = false;
        ++j;
        continue;
      }
      int e = j;
      while (e < p.kw && row[e]) ++e;
      p.runs.push_back({i, j, e - j});
      j = e;
    }
  }
  p.rect = all;
  p.vhgw = all && p.kh >= kVhgwMinRows;
  if (!all) {
    for (const Run& r : p.runs) {
      const int l = log2_of(floor_pow2(r.len));
      p.keep_mask |= 1u << l;
      p.top_level = std::max(p.top_level, l);
    }
    for (int l = 0; l <= p.top_level; ++l) {
      if (p.keep_mask & (1u << l)) p.level_slot[l] = p.kept++;
    }
  }
  return p;
}

// Converts a border value to T the way cv::saturate_cast does.
template <class T>
T saturate_value(double v) {
  if constexpr (std::is_floating_point<T>::value) {
    return static_cast<T>(v);
  } else {
    const double r = std::nearbyint(v);
    const double lo = static_cast<double>(std::numeric_limits<T>::min());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    return static_cast<T>(r < lo ? lo : (r > hi ? hi : r));
  }
}

// OpenCV's morphologyDefaultBorderValue: a value that never wins.
template <class T>
T neutral_value(bool dilate) {
  if constexpr (std::is_floating_point<T>::value) {
    return dilate ? -FLT_MAX : FLT_MAX;
  } else {
    return dilate ? std::numeric_limits<T>::min() : std::numeric_limits<T>::max();
  }
}

// What one erosion or dilation pass needs, read-only and shared by all
// threads: the plan, the fold functions (min or max), the border, the row
// geometry (n = elements of a row, wide = of a row extended by kw - 1
// pixels) and the per-chunk scratch size.
template <class T>
struct PassSpec {
  PassSpec(const Plan& plan, bool dilate, BorderMode mode_, const T* border_px,
           const MorphFns<T>& fns, int width, int height, int channels)
      : p(plan), op(dilate ? fns.max_row : fns.min_row),
        pair(dilate ? fns.max_pair : fns.min_pair), mode(mode_), w(width), h(height),
        cn(channels) {
    for (int c = 0; c < 4; ++c) border[c] = border_px[c];
    n = static_cast<size_t>(w) * cn;
    wide = static_cast<size_t>(w + p.kw - 1) * cn;
    // a pair of rectangle rows reads kh + 1 source rows at once
    while (ring < p.kh + (p.rect ? 1 : 0)) ring *= 2;
    const char* what = "morphology scratch";
    int64_t elems = 0;
    if (p.rect) {
      // source ring, two extended vertical results, two ladder buffers, the
      // cached odd row, and van Herk/Gil-Werman's kh suffix rows and g row
      elems = checked_mul(static_cast<int64_t>(n), ring + 2 + (p.vhgw ? p.kh + 1 : 0), what);
      elems = checked_add(elems, checked_mul(static_cast<int64_t>(wide), 4, what), what);
    } else {
      for (int l = 0; l <= p.top_level; ++l) {
        if (p.keep_mask & (1u << l)) slot_elems += level_elems(l);
      }
      // ring of ladder slots, the extended row and two ladder buffers
      elems = checked_mul(static_cast<int64_t>(slot_elems), ring, what);
      elems = checked_add(elems, checked_mul(static_cast<int64_t>(wide), 3, what), what);
    }
    if (checked_mul(elems, static_cast<int64_t>(sizeof(T)), what) > kMaxScratchBytes) {
      throw LimitExceeded("morphology: a " + std::to_string(p.kw) + "x" + std::to_string(p.kh) +
                          " kernel on a " + std::to_string(w) +
                          "-pixel-wide image needs more than " + std::to_string(kMaxScratchBytes) +
                          " bytes of scratch per thread");
    }
    scratch_elems = static_cast<size_t>(elems);
    // one constant row, long enough for any use: the Constant border's rows
    const_row.reset(new T[wide]);
    for (size_t e = 0; e < wide; ++e) const_row[e] = border[e % static_cast<size_t>(cn)];
  }
  // Elements of ladder level l (M_{2^l}) of an extended row.
  size_t level_elems(int l) const {
    return static_cast<size_t>(w + p.kw - 1 - (1 << l) + 1) * cn;
  }

  const Plan& p;
  void (*op)(const T* const*, int, T*, size_t);
  void (*pair)(const T* const*, int, T*, T*, size_t);
  BorderMode mode;
  T border[4];
  int w, h, cn;
  size_t n = 0, wide = 0;
  int ring = 1;  // ring slots: a power of two (slot = t & (ring - 1))
  size_t slot_elems = 0;
  size_t scratch_elems = 0;
  std::unique_ptr<T[]> const_row;
};

// Where a pass reads its source rows: the input image, or the rows another
// pass produces on demand (fused open / close / iterations).
template <class T>
class RowSource {
 public:
  virtual ~RowSource() = default;
  // Row y (0 <= y < height): either a pointer that stays valid for the whole
  // pass (stable()), or a pointer valid until the next call (possibly the row
  // written into `scratch`, which holds width * channels elements).
  virtual const T* row(int y, T* scratch) = 0;
  virtual bool stable() const = 0;
};

template <class T>
class ImageRows final : public RowSource<T> {
 public:
  explicit ImageRows(const ConstImageView& v) : v_(v) {}
  const T* row(int y, T*) override { return v_.row<T>(y); }
  bool stable() const override { return true; }

 private:
  ConstImageView v_;
};

// One pass in one thread chunk, producing output rows on demand.
template <class T>
class Stage : public RowSource<T> {
 public:
  // Row y into out.
  virtual void produce(int y, T* out) = 0;
  // Rows y (even) and y + 1 (< height) into out0 and out1.
  virtual void produce_pair(int y, T* out0, T* out1) = 0;
  bool stable() const override { return false; }
};

// Fills the ax pixels left and kw - 1 - ax right of a row held in buf (the
// row itself starting at pixel ax) by the border rule.
template <class T>
void extend_row(const PassSpec<T>& s, T* buf) {
  const int left = s.p.ax, right = s.p.kw - 1 - s.p.ax;
  const size_t cn = static_cast<size_t>(s.cn);
  auto fill = [&](int x_out) {
    const int xi = border_index(x_out - left, s.w, s.mode);
    T* d = buf + static_cast<size_t>(x_out) * cn;
    const T* from = xi < 0 ? s.border : buf + static_cast<size_t>(left + xi) * cn;
    for (size_t c = 0; c < cn; ++c) d[c] = from[c];
  };
  for (int x = 0; x < left; ++x) fill(x);
  for (int x = left + s.w; x < left + s.w + right; ++x) fill(x);
}

// Rectangles, vertical first: the column minimum of kh source rows straight
// from the image (or from the stage below), then the row minimum of kw
// pixels of that result. Source rows are never copied when they come from
// the image. Columns: rows come in pairs (2m, 2m + 1) sharing their kh - 1
// middle rows: s = op(R[t + 1 .. t + kh - 1]), V[2m] = op(R[t], s),
// V[2m + 1] = op(s, R[t + kh]) with t = 2m - ay (kh + 1 min per pair instead
// of 2 * (kh - 1)); a row produced alone uses its pair's formula, so float
// association (NaN, -0) never depends on how rows were split. Tall
// rectangles use van Herk/Gil-Werman (vhgw()). Rows: kw <= kDirectRowMax
// folds directly, longer ones through the doubling ladder.
template <class T>
class RectStage final : public Stage<T> {
 public:
  RectStage(const PassSpec<T>& spec, RowSource<T>* in)
      : s_(spec), in_(in), mem_(new T[spec.scratch_elems]), tag_(static_cast<size_t>(spec.ring),
                                                                 INT64_MIN) {
    T* m = mem_.get();
    ring_ = m;
    m += s_.n * static_cast<size_t>(s_.ring);
    v_[0] = m;
    m += s_.wide;
    v_[1] = m;
    m += s_.wide;
    lad_[0] = m;
    m += s_.wide;
    lad_[1] = m;
    m += s_.wide;
    cache_ = m;
    m += s_.n;
    g_ = m;
    m += s_.n;
    hrows_ = m;
    ops_.resize(static_cast<size_t>(std::max(s_.p.kh + 1, kDirectRowMax)));
  }

  void produce(int y, T* out) override {
    if (s_.p.kh == 1) {
      finish(src_row(static_cast<int64_t>(y) - s_.p.ay), out, 0);
      return;
    }
    const int y0 = y & ~1;
    pair_rows(y0, y == y0 ? out : nullptr, y == y0 ? nullptr : out);
  }

  void produce_pair(int y, T* out0, T* out1) override {
    if (s_.p.kh == 1) {
      produce(y, out0);
      produce(y + 1, out1);
    } else {
      pair_rows(y, out0, out1);
    }
  }

  const T* row(int y, T* scratch) override {
    if (y == cached_) return cache_;
    if (s_.p.kh > 1 && (y & 1) == 0 && y + 1 < s_.h) {
      pair_rows(y, scratch, cache_);
      cached_ = y + 1;
      return scratch;
    }
    produce(y, scratch);
    return scratch;
  }

  // Output rows [y0, y1) into dst by van Herk/Gil-Werman down the columns
  // (kh >= kVhgwMinRows). Row u of the column problem is source row u - ay;
  // output y is the minimum of rows [y, y + kh). With blocks [b * kh,
  // (b + 1) * kh) in u, h[m] = min(R[b kh + m .. b kh + kh - 1]) (suffix) and
  // g = min(R[(b + 1) kh .. (b + 1) kh + m - 1]) (prefix of the next block):
  // out[b kh + m] = min(h[m], g). Blocks are aligned to absolute rows.
  void vhgw(int y0, int y1, const ImageView& dst) {
    const int kh = s_.p.kh;
    const size_t n = s_.n;
    auto R = [&](int64_t u) { return src_row(u - s_.p.ay); };
    auto h = [&](int m) { return hrows_ + n * static_cast<size_t>(m); };
    auto suffix = [&](int64_t base) {
      std::memcpy(h(kh - 1), R(base + kh - 1), n * sizeof(T));
      for (int m = kh - 2; m >= 0; --m) {
        const T* ops[2] = {h(m + 1), R(base + m)};
        s_.op(ops, 2, h(m), n);
      }
    };
    const int64_t b0 = y0 / kh;
    const int64_t b1 = (y1 - 1) / kh;
    T* v = v_[0] + static_cast<size_t>(s_.p.ax) * s_.cn;
    for (int64_t b = b0; b <= b1; ++b) {
      const int64_t base = b * kh;
      suffix(base);
      const int m_last = b == b1 ? static_cast<int>(y1 - 1 - base) : kh - 1;
      const T* g = nullptr;
      for (int m = 0; m <= m_last; ++m) {
        if (m == 1) {
          g = R(base + kh);
        } else if (m > 1) {
          const T* ops[2] = {g, R(base + kh + m - 1)};
          s_.op(ops, 2, g_, n);
          g = g_;
        }
        const int64_t y = base + m;
        if (y < y0) continue;
        T* out = dst.row<T>(static_cast<int>(y));
        T* target = s_.p.kw == 1 ? out : v;
        if (m == 0) {
          std::memcpy(target, h(0), n * sizeof(T));
        } else {
          const T* ops[2] = {h(m), g};
          s_.op(ops, 2, target, n);
        }
        if (s_.p.kw > 1) finish(nullptr, out, 0);
      }
    }
  }

 private:
  // Virtual source row t (outside rows follow the border rule).
  const T* src_row(int64_t t) {
    const int yi = border_index(static_cast<int>(t), s_.h, s_.mode);
    if (yi < 0) return s_.const_row.get();
    if (in_->stable()) return in_->row(yi, nullptr);
    const size_t slot = static_cast<size_t>(t & (s_.ring - 1));
    T* mem = ring_ + s_.n * slot;
    if (tag_[slot] != t) {
      const T* r = in_->row(yi, mem);
      if (r != mem) std::memcpy(mem, r, s_.n * sizeof(T));
      tag_[slot] = t;
    }
    return mem;
  }

  // Column pair (y0, y0 + 1) into v_[0] / v_[1], then the rows into outs
  // (either may be null).
  void pair_rows(int y0, T* out0, T* out1) {
    const int kh = s_.p.kh;
    const int64_t t = static_cast<int64_t>(y0) - s_.p.ay;
    const size_t off = static_cast<size_t>(s_.p.ax) * s_.cn;
    const T** ops = ops_.data();
    for (int i = out0 ? 0 : 1; i < kh; ++i) ops[i] = src_row(t + i);
    if (!out0) ops[0] = nullptr;
    ops[kh] = out1 ? src_row(t + kh) : nullptr;
    if (s_.p.kw == 1) {
      s_.pair(ops, kh, out0, out1, s_.n);
      return;
    }
    s_.pair(ops, kh, out0 ? v_[0] + off : nullptr, out1 ? v_[1] + off : nullptr, s_.n);
    if (out0) finish(nullptr, out0, 0);
    if (out1) finish(nullptr, out1, 1);
  }

  // The row minimum of v_[which] (holding the column result at pixel ax;
  // `row`, if given, is copied there first) into out.
  void finish(const T* row, T* out, int which) {
    const Plan& p = s_.p;
    if (p.kw == 1) {
      if (row != nullptr && row != out) std::memcpy(out, row, s_.n * sizeof(T));
      return;
    }
    T* ext = v_[which];
    const size_t cn = static_cast<size_t>(s_.cn);
    if (row) std::memcpy(ext + static_cast<size_t>(p.ax) * cn, row, s_.n * sizeof(T));
    extend_row(s_, ext);
    if (p.kw <= kDirectRowMax) {
      const T* ops[kDirectRowMax];
      for (int j = 0; j < p.kw; ++j) ops[j] = ext + static_cast<size_t>(j) * cn;
      s_.op(ops, p.kw, out, s_.n);
      return;
    }
    // doubling up to P = floor_pow2(kw), then min(M_P[x], M_P[x + kw - P])
    const int P = floor_pow2(p.kw);
    const int wb = s_.w + p.kw - 1;
    const T* cur = ext;
    int which_buf = 0;
    for (int len = 1; len < P; len *= 2) {
      const T* ops[2] = {cur, cur + static_cast<size_t>(len) * cn};
      s_.op(ops, 2, lad_[which_buf], static_cast<size_t>(wb - 2 * len + 1) * cn);
      cur = lad_[which_buf];
      which_buf ^= 1;
    }
    const T* ops[2] = {cur, cur + static_cast<size_t>(p.kw - P) * cn};
    s_.op(ops, 2, out, s_.n);
  }

  const PassSpec<T>& s_;
  RowSource<T>* in_;
  std::unique_ptr<T[]> mem_;
  std::vector<int64_t> tag_;  // virtual source row held by each ring slot
  std::vector<const T*> ops_;
  T* ring_;      // copies of non-stable source rows
  T* v_[2];      // extended column results of a pair
  T* lad_[2];    // ladder buffers
  T* cache_;     // the odd row of the last pair row() produced
  T* g_;         // van Herk/Gil-Werman prefix row
  T* hrows_;     // van Herk/Gil-Werman suffix rows
  int cached_ = -1;
};

// Other kernels, horizontal first: each source row (once per chunk) is
// extended and turned into the power-of-two ladder levels its runs need,
// kept in a ring of kh slots; an output row folds its runs' pointers.
template <class T>
class RunStage final : public Stage<T> {
 public:
  RunStage(const PassSpec<T>& spec, RowSource<T>* in)
      : s_(spec),
        in_(in),
        mem_(new T[spec.scratch_elems]),
        tag_(static_cast<size_t>(spec.ring), INT64_MIN),
        ptr_(static_cast<size_t>(spec.ring) * spec.p.kept, nullptr),
        ops_(2 * spec.p.runs.size()) {
    slots_ = mem_.get();
    ext_ = slots_ + s_.slot_elems * static_cast<size_t>(s_.ring);
    lad_[0] = ext_ + s_.wide;
    lad_[1] = lad_[0] + s_.wide;
  }

  void produce(int y, T* out) override {
    const Plan& p = s_.p;
    const size_t cn = static_cast<size_t>(s_.cn);
    const int64_t t0 = static_cast<int64_t>(y) - p.ay;
    int count = 0;
    for (const Run& r : p.runs) {
      const T* const* lv = ensure(t0 + r.row);
      const int P = floor_pow2(r.len);
      const T* base = lv[p.level_slot[log2_of(P)]];
      ops_[static_cast<size_t>(count++)] = base + static_cast<size_t>(r.start) * cn;
      if (r.len != P) {
        ops_[static_cast<size_t>(count++)] = base + static_cast<size_t>(r.start + r.len - P) * cn;
      }
    }
    s_.op(ops_.data(), count, out, s_.n);
  }
  void produce_pair(int y, T* out0, T* out1) override {
    produce(y, out0);
    produce(y + 1, out1);
  }
  const T* row(int y, T* scratch) override {
    produce(y, scratch);
    return scratch;
  }

 private:
  // The ladder levels of virtual source row t (slot = t mod ring).
  const T* const* ensure(int64_t t) {
    const size_t s = static_cast<size_t>(t & (s_.ring - 1));
    const T** out = ptr_.data() + s * static_cast<size_t>(s_.p.kept);
    if (tag_[s] == t) return out;
    tag_[s] = t;
    const Plan& p = s_.p;
    const int yi = border_index(static_cast<int>(t), s_.h, s_.mode);
    if (yi < 0) {
      for (int i = 0; i < p.kept; ++i) out[i] = s_.const_row.get();
      return out;
    }
    const size_t cn = static_cast<size_t>(s_.cn);
    T* mem = slots_ + s_.slot_elems * s;
    if (p.kw == 1) {
      // one column: the runs read the source row itself
      const T* r = in_->row(yi, mem);
      if (!in_->stable() && r != mem) std::memcpy(mem, r, s_.n * sizeof(T));
      out[0] = in_->stable() ? r : mem;
      return out;
    }
    T* mid = ext_ + static_cast<size_t>(p.ax) * cn;
    const T* r = in_->row(yi, mid);
    if (r != mid) std::memcpy(mid, r, s_.n * sizeof(T));
    extend_row(s_, ext_);
    // levels up to the highest a run needs; the needed ones stay in the slot
    const T* cur = ext_;
    int which = 0;
    size_t off = 0;
    for (int l = 0; l <= p.top_level; ++l) {
      const bool keep = p.keep_mask & (1u << l);
      if (l == 0) {
        if (keep) {
          std::memcpy(mem, ext_, s_.level_elems(0) * sizeof(T));
          cur = mem;
          off += s_.level_elems(0);
        }
      } else {
        const size_t half = static_cast<size_t>(1) << (l - 1);
        const T* ops[2] = {cur, cur + half * cn};
        T* nxt = keep ? mem + off : lad_[which];
        s_.op(ops, 2, nxt, s_.level_elems(l));
        if (keep) {
          off += s_.level_elems(l);
        } else {
          which ^= 1;
        }
        cur = nxt;
      }
      if (keep) out[p.level_slot[l]] = cur;
    }
    return out;
  }

  const PassSpec<T>& s_;
  RowSource<T>* in_;
  std::unique_ptr<T[]> mem_;
  std::vector<int64_t> tag_;   // virtual row held by each slot
  std::vector<const T*> ptr_;  // per slot and kept level: where its data is
  std::vector<const T*> ops_;
  T* slots_;
  T* ext_;
  T* lad_[2];
};

template <class T>
std::unique_ptr<Stage<T>> make_stage(const PassSpec<T>& s, RowSource<T>* in) {
  if (s.p.rect) return std::unique_ptr<Stage<T>>(new RectStage<T>(s, in));
  return std::unique_ptr<Stage<T>>(new RunStage<T>(s, in));
}

// Fills output rows [y0, y1) of `last`, two at a time where it can.
template <class T, class Post>
void fold_rows(Stage<T>& last, const ImageView& dst, int y0, int y1, Post&& post) {
  int y = y0;
  if (y & 1) {
    last.produce(y, dst.row<T>(y));
    post(y);
    ++y;
  }
  for (; y + 1 < y1; y += 2) {
    last.produce_pair(y, dst.row<T>(y), dst.row<T>(y + 1));
    post(y);
    post(y + 1);
  }
  if (y < y1) {
    last.produce(y, dst.row<T>(y));
    post(y);
  }
}

// Rows per chunk: at least 2 * (sum of kernel heights) so the rows that
// neighbouring chunks both compute stay a small share, and a few chunks per
// thread when the image is tall enough.
int64_t chunk_rows(const ConstImageView& src, int64_t overlap) {
  const int64_t h = src.height;
  const int threads = get_num_threads();
  const int64_t grain = std::max<int64_t>(
      rows_grain(static_cast<int64_t>(2 * src.row_bytes()), 256 * 1024), 2 * overlap);
  if (threads <= 1) return grain;
  const int64_t balanced = (h + 4 * threads - 1) / (4 * threads);
  return std::min(grain, std::max<int64_t>(balanced, 2 * overlap));
}

// Copies src to dst row by row on the pool.
void copy_rows(const ConstImageView& src, const ImageView& dst) {
  const size_t bytes = src.row_bytes();
  parallel_for(0, src.height, rows_grain(static_cast<int64_t>(2 * bytes)),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   std::memcpy(dst.row(static_cast<int>(y)), src.row(static_cast<int>(y)), bytes);
                 }
               });
}

// The passes one at a time (through a temporary image when there are
// several); van Herk/Gil-Werman passes need this form.
template <class T>
void run_unfused(const ConstImageView& src, const ImageView& dst,
                 const std::vector<const PassSpec<T>*>& chain) {
  Image tmp;
  if (chain.size() > 1) tmp = Image(src.width, src.height, src.channels, src.type);
  ConstImageView cur = src;
  for (size_t i = 0; i < chain.size(); ++i) {
    const PassSpec<T>& s = *chain[i];
    const ImageView out = (chain.size() - i) % 2 == 1 ? dst : tmp.view();
    parallel_for(0, src.height, chunk_rows(src, s.p.kh), [&](int64_t y0, int64_t y1) {
      ImageRows<T> in(cur);
      if (s.p.vhgw) {
        RectStage<T>(s, &in).vhgw(static_cast<int>(y0), static_cast<int>(y1), out);
      } else {
        fold_rows(*make_stage(s, &in), out, static_cast<int>(y0), static_cast<int>(y1),
                  [](int) {});
      }
    });
    cur = out;
  }
}

// What follows the last pass of a chain on each output row.
enum class Post { None, SrcMinusOut, OutMinusSrc };

// Passes fused into one sweep when all fold and there are at most this many.
constexpr size_t kMaxFused = 4;

template <class T>
bool fusable(const std::vector<const PassSpec<T>*>& chain) {
  if (chain.size() > kMaxFused) return false;
  for (const PassSpec<T>* s : chain) {
    if (s->p.vhgw) return false;
  }
  return true;
}

// Runs chain[0], chain[1], ... (each reading the previous one's output)
// from src into dst, then `post`. Fold passes are fused: each thread chunk
// pulls rows through the chain, so intermediate images never reach memory.
// Otherwise the passes run one at a time through a temporary image.
template <class T>
void run_chain(const ConstImageView& src, const ImageView& dst,
               const std::vector<const PassSpec<T>*>& chain, Post post, const MorphFns<T>& fns) {
  const size_t n = static_cast<size_t>(src.width) * src.channels;
  auto post_row = [&](int y) {
    T* d = dst.row<T>(y);
    if (post == Post::SrcMinusOut) fns.sub_row(src.row<T>(y), d, d, n);
    if (post == Post::OutMinusSrc) fns.sub_row(d, src.row<T>(y), d, n);
  };
  if (!chain.empty() && fusable(chain)) {
    int64_t overlap = 0;
    for (const PassSpec<T>* s : chain) overlap += s->p.kh;
    parallel_for(0, src.height, chunk_rows(src, overlap), [&](int64_t y0, int64_t y1) {
      ImageRows<T> in(src);
      std::vector<std::unique_ptr<Stage<T>>> stages;
      RowSource<T>* prev = &in;
      for (const PassSpec<T>* s : chain) {
        stages.push_back(make_stage(*s, prev));
        prev = stages.back().get();
      }
      fold_rows(*stages.back(), dst, static_cast<int>(y0), static_cast<int>(y1), post_row);
    });
    return;
  }
  if (chain.empty()) {
    copy_rows(src, dst);
  } else {
    run_unfused(src, dst, chain);
  }
  if (post != Post::None) {
    parallel_for(0, src.height, rows_grain(static_cast<int64_t>(3 * src.row_bytes())),
                 [&](int64_t y0, int64_t y1) {
                   for (int64_t y = y0; y < y1; ++y) post_row(static_cast<int>(y));
                 });
  }
}

// The validated arguments of one call.
struct Args {
  const char* func;
  ConstImageView kernel;
  int ax, ay, iterations;
  BorderMode mode;
  bool has_value;
  double value[4];
};

// One erosion or dilation with OpenCV's iteration rules: `count` passes of
// `spec` (0: a plain copy, for iterations == 0 or a 1x1 kernel).
template <class T>
struct Passes {
  int count = 0;
  Image grown;  // the combined rectangle, when iterations were folded into it
  Plan plan;
  std::unique_ptr<PassSpec<T>> spec;
};

template <class T>
std::unique_ptr<Passes<T>> prepare(const ConstImageView& src, const Args& a, bool dilate,
                                   const MorphFns<T>& fns) {
  std::unique_ptr<Passes<T>> r(new Passes<T>());
  ConstImageView kernel = a.kernel;
  int ax = a.ax, ay = a.ay, iterations = a.iterations;
  if (iterations == 0 || kernel.width * kernel.height == 1) return r;
  bool all = true;
  for (int i = 0; i < kernel.height && all; ++i) {
    const uint8_t* row = kernel.row(i);
    for (int j = 0; j < kernel.width; ++j) all = all && row[j] != 0;
  }
  if (iterations > 1 && all) {
    // n passes of a rectangle = one rectangle n * (k - 1) + 1 wide, anchor n * a
    const int64_t w = kernel.width + int64_t{iterations - 1} * (kernel.width - 1);
    const int64_t h = kernel.height + int64_t{iterations - 1} * (kernel.height - 1);
    if (w > kMaxMorphKernelSide || h > kMaxMorphKernelSide) {
      throw_invalid(a.func, "iterations",
                    "a count whose combined rectangle stays within " +
                        std::to_string(kMaxMorphKernelSide) + " pixels",
                    std::to_string(iterations) + " (a " + std::to_string(w) + "x" +
                        std::to_string(h) + " rectangle)");
    }
    r->grown = structuring_element(MorphShape::Rect, static_cast<int>(w), static_cast<int>(h));
    kernel = r->grown.view();
    ax *= iterations;
    ay *= iterations;
    iterations = 1;
  }
  r->plan = make_plan(kernel, ax, ay);
  T border[4];
  for (int c = 0; c < 4; ++c) {
    border[c] = a.mode == BorderMode::Constant && a.has_value ? saturate_value<T>(a.value[c])
                                                              : neutral_value<T>(dilate);
  }
  r->spec.reset(new PassSpec<T>(r->plan, dilate, a.mode, border, fns, src.width, src.height,
                                src.channels));
  r->count = iterations;
  return r;
}

template <class T>
void append(std::vector<const PassSpec<T>*>* chain, const Passes<T>& p) {
  for (int i = 0; i < p.count; ++i) chain->push_back(p.spec.get());
}

// dilate(src) - erode(src). When both sides fuse, each chunk pulls the two
// rows from their own chains and subtracts, so nothing else touches memory.
template <class T>
void run_gradient(const ConstImageView& src, const ImageView& dst,
                  const std::vector<const PassSpec<T>*>& dil,
                  const std::vector<const PassSpec<T>*>& ero, const MorphFns<T>& fns) {
  const size_t n = static_cast<size_t>(src.width) * src.channels;
  if (!dil.empty() && !ero.empty() && fusable(dil) && fusable(ero)) {
    int64_t overlap = 0;
    for (const PassSpec<T>* s : dil) overlap += s->p.kh;
    parallel_for(0, src.height, chunk_rows(src, overlap), [&](int64_t y0, int64_t y1) {
      ImageRows<T> in(src);
      std::vector<std::unique_ptr<Stage<T>>> d, e;
      RowSource<T>* prev = &in;
      for (const PassSpec<T>* s : dil) {
        d.push_back(make_stage(*s, prev));
        prev = d.back().get();
      }
      prev = &in;
      for (const PassSpec<T>* s : ero) {
        e.push_back(make_stage(*s, prev));
        prev = e.back().get();
      }
      std::unique_ptr<T[]> hi(new T[2 * n]);
      // dilation rows (two at a time) into hi, erosion rows into dst
      for (int64_t y = y0; y < y1;) {
        const int yi = static_cast<int>(y);
        if ((yi & 1) == 0 && y + 1 < y1) {
          d.back()->produce_pair(yi, hi.get(), hi.get() + n);
          e.back()->produce_pair(yi, dst.row<T>(yi), dst.row<T>(yi + 1));
          fns.sub_row(hi.get(), dst.row<T>(yi), dst.row<T>(yi), n);
          fns.sub_row(hi.get() + n, dst.row<T>(yi + 1), dst.row<T>(yi + 1), n);
          y += 2;
        } else {
          d.back()->produce(yi, hi.get());
          e.back()->produce(yi, dst.row<T>(yi));
          fns.sub_row(hi.get(), dst.row<T>(yi), dst.row<T>(yi), n);
          y += 1;
        }
      }
    });
    return;
  }
  Image tmp(src.width, src.height, src.channels, src.type);
  run_chain<T>(src, tmp.view(), dil, Post::None, fns);
  run_chain<T>(src, dst, ero, Post::None, fns);
  const ConstImageView hi = tmp.view();
  parallel_for(0, src.height, rows_grain(static_cast<int64_t>(3 * src.row_bytes())),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   T* out = dst.row<T>(static_cast<int>(y));
                   fns.sub_row(hi.row<T>(static_cast<int>(y)), out, out, n);
                 }
               });
}

template <class T>
void morph_typed(const ConstImageView& src, const ImageView& dst, MorphOp op, const Args& a) {
  const MorphFns<T> fns = morph_fns<T>(kernels::active_kernels());
  const bool need_ero = op != MorphOp::Dilate;
  const bool need_dil = op != MorphOp::Erode;
  std::unique_ptr<Passes<T>> ero, dil;
  if (need_ero) ero = prepare<T>(src, a, false, fns);
  if (need_dil) dil = prepare<T>(src, a, true, fns);
  std::vector<const PassSpec<T>*> chain;
  Post post = Post::None;
  switch (op) {
    case MorphOp::Erode:
      append(&chain, *ero);
      break;
    case MorphOp::Dilate:
      append(&chain, *dil);
      break;
    case MorphOp::Open:
    case MorphOp::TopHat:
      append(&chain, *ero);
      append(&chain, *dil);
      post = op == MorphOp::TopHat ? Post::SrcMinusOut : Post::None;
      break;
    case MorphOp::Close:
    case MorphOp::BlackHat:
      append(&chain, *dil);
      append(&chain, *ero);
      post = op == MorphOp::BlackHat ? Post::OutMinusSrc : Post::None;
      break;
    case MorphOp::Gradient: {
      std::vector<const PassSpec<T>*> e;
      append(&chain, *dil);
      append(&e, *ero);
      run_gradient<T>(src, dst, chain, e, fns);
      return;
    }
  }
  run_chain<T>(src, dst, chain, post, fns);
}

void morph_entry(const char* func, const ConstImageView& src, const ImageView& dst, MorphOp op,
                 const ConstImageView& kernel, const MorphOptions& opt) {
  check_view(func, "src", src, 1, 4);
  check_output(func, "dst", dst, src.width, src.height, src.channels, src.type);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
  Args a{func, kernel, opt.anchor_x, opt.anchor_y, opt.iterations, opt.border,
         opt.has_border_value, {0, 0, 0, 0}};
  for (int c = 0; c < 4; ++c) {
    if (!std::isfinite(opt.border_value[c])) {
      throw_invalid(func, "border_value", "finite values", std::to_string(opt.border_value[c]));
    }
    a.value[c] = opt.border_value[c];
  }
  Image default_kernel;
  if (kernel.empty()) {
    default_kernel = structuring_element(MorphShape::Rect, 3, 3);
    a.kernel = default_kernel.view();
  } else {
    if (kernel.type != PixelType::U8 || kernel.channels != 1) {
      throw_type(func, "kernel", "a 1-channel uint8 mask", describe(kernel));
    }
    if (kernel.width > kMaxMorphKernelSide || kernel.height > kMaxMorphKernelSide) {
      throw_invalid(func, "kernel",
                    "sides up to " + std::to_string(kMaxMorphKernelSide) + " pixels",
                    std::to_string(kernel.width) + "x" + std::to_string(kernel.height));
    }
    bool any = false;
    for (int i = 0; i < kernel.height && !any; ++i) {
      const uint8_t* row = kernel.row(i);
      for (int j = 0; j < kernel.width; ++j) any = any || row[j] != 0;
    }
    if (!any && kernel.width * kernel.height > 1) {
      throw_invalid(func, "kernel", "at least one nonzero element", "an all-zero kernel");
    }
  }
  if (a.ax == -1) a.ax = a.kernel.width / 2;
  if (a.ay == -1) a.ay = a.kernel.height / 2;
  if (a.ax < 0 || a.ax >= a.kernel.width || a.ay < 0 || a.ay >= a.kernel.height) {
    throw_invalid(func, "anchor", "a point inside the kernel or (-1, -1)",
                  "(" + std::to_string(opt.anchor_x) + ", " + std::to_string(opt.anchor_y) + ")");
  }
  if (a.iterations < 0) {
    throw_invalid(func, "iterations", "a count >= 0", std::to_string(a.iterations));
  }
  switch (src.type) {
    case PixelType::U8:
      morph_typed<uint8_t>(src, dst, op, a);
      break;
    case PixelType::U16:
      morph_typed<uint16_t>(src, dst, op, a);
      break;
    case PixelType::S16:
      morph_typed<int16_t>(src, dst, op, a);
      break;
    case PixelType::F32:
      morph_typed<float>(src, dst, op, a);
      break;
  }
}

}  // namespace

void erode(const ConstImageView& src, const ImageView& dst, const ConstImageView& kernel,
           const MorphOptions& opt) {
  morph_entry("erode", src, dst, MorphOp::Erode, kernel, opt);
}

void dilate(const ConstImageView& src, const ImageView& dst, const ConstImageView& kernel,
            const MorphOptions& opt) {
  morph_entry("dilate", src, dst, MorphOp::Dilate, kernel, opt);
}

void morphology(const ConstImageView& src, const ImageView& dst, MorphOp op,
                const ConstImageView& kernel, const MorphOptions& opt) {
  morph_entry("morphology", src, dst, op, kernel, opt);
}

}  // namespace vc
