// Resize: per-axis coordinate and tap tables, path choice (see resize_plan.hpp).
#include "dnn/resize_plan.hpp"

#include <algorithm>
#include <cmath>

namespace vc::dnn {

namespace {

// Source coordinate of output index o (the spec's formulas, float32).
float source_coord(const ResizeParams& p, int64_t o, int64_t in, int64_t out, float scale,
                   float roi_start, float roi_end) {
  const float of = static_cast<float>(o);
  switch (p.coord) {
    case ResizeCoord::HalfPixel:
      return (of + 0.5f) / scale - 0.5f;
    case ResizeCoord::HalfPixelSymmetric: {
      // the fractional output length scale * in maps onto the integer one
      // symmetrically about the input centre
      const float adjustment = static_cast<float>(out) / (scale * static_cast<float>(in));
      const float center = static_cast<float>(in) / 2.0f;
      const float offset = center * (1.0f - adjustment);
      return offset + (of + 0.5f) / scale - 0.5f;
    }
    case ResizeCoord::PytorchHalfPixel:
      return out > 1 ? (of + 0.5f) / scale - 0.5f : 0.0f;
    case ResizeCoord::AlignCorners: {
      // The resized length is scale * in, fractional for a fractional
      // scale, as in the ONNX reference implementation and its conformance
      // data (onnxruntime divides by out - 1 instead; the two agree
      // whenever scale * in is a whole number, e.g. for sizes).
      const float len = scale * static_cast<float>(in);
      return out > 1 ? of * static_cast<float>(in - 1) / (len - 1.0f) : 0.0f;
    }
    case ResizeCoord::Asymmetric:
      return of / scale;
    case ResizeCoord::TfHalfPixelForNn:
      return (of + 0.5f) / scale;
    case ResizeCoord::TfCropAndResize: {
      const float span = static_cast<float>(in - 1);
      return out > 1 ? roi_start * span + of * (roi_end - roi_start) * span / static_cast<float>(out - 1)
                     : 0.5f * (roi_start + roi_end) * span;
    }
  }
  return 0.0f;
}

int64_t nearest_index(ResizeNearest mode, float x, float scale) {
  const float f = std::floor(x);
  const float d = x - f;
  float r = f;
  switch (mode) {
    case ResizeNearest::RoundPreferFloor: r = d > 0.5f ? f + 1.0f : f; break;
    case ResizeNearest::RoundPreferCeil: r = d >= 0.5f ? f + 1.0f : f; break;
    case ResizeNearest::Floor: r = f; break;
    case ResizeNearest::Ceil: r = std::ceil(x); break;
    case ResizeNearest::Opset10: r = scale < 1.0f ? std::ceil(x) : f; break;
  }
  return static_cast<int64_t>(r);
}

// Keys cubic convolution kernel with coefficient a.
double cubic_kernel(double x, double a) {
  x = std::fabs(x);
  if (x <= 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1.0;
  if (x < 2.0) return ((a * x - 5.0 * a) * x + 8.0 * a) * x - 4.0 * a;
  return 0.0;
}

double triangle_kernel(double x) { return std::max(0.0, 1.0 - std::fabs(x)); }

int64_t clamp_index(int64_t i, int64_t in) { return std::min(std::max(i, int64_t{0}), in - 1); }

}  // namespace

ResizeAxis make_resize_axis(const ResizeParams& p, int64_t in, int64_t out, float scale,
                            float roi_start, float roi_end) {
  ResizeAxis ax;
  ax.in = in;
  ax.out = out;
  // the filter footprint
  const bool stretched = p.antialias && p.mode != ResizeMode::Nearest && scale < 1.0f;
  const double support = p.mode == ResizeMode::Cubic ? 2.0 : 1.0;
  int64_t start = 0;  // first tap relative to floor(x)
  if (p.mode == ResizeMode::Nearest) {
    ax.taps = 1;
  } else if (stretched) {
    // the kernel widened by 1 / scale covers (x - support / scale, x + support / scale)
    start = static_cast<int64_t>(std::floor(-support / static_cast<double>(scale))) + 1;
    ax.taps = static_cast<int>(2 - 2 * start);
  } else {
    start = p.mode == ResizeMode::Cubic ? -1 : 0;
    ax.taps = p.mode == ResizeMode::Cubic ? 4 : 2;
  }
  if (out == 0 || in == 0) return ax;
  const size_t n = static_cast<size_t>(out) * static_cast<size_t>(ax.taps);
  ax.index.resize(n);
  ax.weight.resize(n);
  const bool crop = p.coord == ResizeCoord::TfCropAndResize;
  if (crop) ax.outside.assign(static_cast<size_t>(out), 0);
  std::vector<double> w(static_cast<size_t>(ax.taps));
  bool identity = out == in;
  for (int64_t o = 0; o < out; ++o) {
    const float x = source_coord(p, o, in, out, scale, roi_start, roi_end);
    if (crop && (x < 0.0f || x > static_cast<float>(in - 1))) ax.outside[o] = 1;
    int32_t* idx = ax.index.data() + o * ax.taps;
    float* wt = ax.weight.data() + o * ax.taps;
    if (!std::isfinite(x)) {  // degenerate roi: any finite table, the output is masked or edge
      for (int t = 0; t < ax.taps; ++t) {
        idx[t] = 0;
        wt[t] = t == 0 ? 1.0f : 0.0f;
      }
      identity = false;
      continue;
    }
    if (p.mode == ResizeMode::Nearest) {
      idx[0] = static_cast<int32_t>(clamp_index(nearest_index(p.nearest, x, scale), in));
      wt[0] = 1.0f;
      identity = identity && idx[0] == o;
      continue;
    }
    const double xf = std::floor(static_cast<double>(x));
    const double frac = static_cast<double>(x) - xf;
    const int64_t base = static_cast<int64_t>(xf) + start;
    double sum = 0.0;
    for (int t = 0; t < ax.taps; ++t) {
      const double dist = static_cast<double>(start + t) - frac;  // tap position - x
      double v;
      if (stretched) {
        v = p.mode == ResizeMode::Cubic ? cubic_kernel(dist * scale, p.cubic_a)
                                        : triangle_kernel(dist * scale);
      } else if (p.mode == ResizeMode::Cubic) {
        v = cubic_kernel(dist, p.cubic_a);
      } else {
        v = t == 0 ? 1.0 - frac : frac;
      }
      const int64_t pos = base + t;
      if (p.exclude_outside && (pos < 0 || pos >= in)) v = 0.0;
      w[t] = v;
      sum += v;
    }
    // antialias normalises to 1; so does exclude_outside over the taps left
    const bool normalise = (stretched || p.exclude_outside) && sum != 0.0;
    for (int t = 0; t < ax.taps; ++t) {
      idx[t] = static_cast<int32_t>(clamp_index(base + t, in));
      wt[t] = static_cast<float>(normalise ? w[t] / sum : w[t]);
    }
    if (identity) {
      float own = 0.0f;
      for (int t = 0; t < ax.taps; ++t) {
        if (idx[t] == o) {
          own += wt[t];
        } else if (wt[t] != 0.0f) {
          identity = false;
        }
      }
      identity = identity && own == 1.0f;
    }
  }
  if (crop) {
    for (uint8_t f : ax.outside) identity = identity && !f;
    if (std::find(ax.outside.begin(), ax.outside.end(), 1) == ax.outside.end()) ax.outside.clear();
  }
  ax.identity = identity;
  return ax;
}

void ResizePlan::build(const std::vector<int64_t>& in_shape, std::vector<ResizeAxis> axes,
                       const ResizeParams& p) {
  p_ = p;
  in_ = in_shape;
  axes_ = std::move(axes);
  const int r = static_cast<int>(in_.size());
  out_.assign(in_.size(), 0);
  total_in_ = 1;
  total_out_ = 1;
  any_outside_ = false;
  std::vector<int> active;
  for (int d = 0; d < r; ++d) {
    out_[d] = axes_[d].out;
    total_in_ *= in_[d];
    total_out_ *= out_[d];
    any_outside_ = any_outside_ || !axes_[d].outside.empty();
    if (!axes_[d].identity) active.push_back(d);
  }
  order_.clear();
  pass_bufs_ = 0;
  pass_buf_ = 0;
  last_is_2x_ = false;
  if (total_out_ == 0 || active.empty()) {
    path_ = Path::Copy;
    return;
  }
  if (p.mode == ResizeMode::Nearest) {
    path_ = Path::Nearest;
    const ResizeAxis& last = axes_[r - 1];
    last_is_2x_ = last.out == 2 * last.in && last.outside.empty();
    for (int64_t o = 0; last_is_2x_ && o < last.out; ++o) last_is_2x_ = last.index[o] == o / 2;
    return;
  }
  const bool trailing = r >= 2 && active.front() >= r - 2;
  if (trailing && axes_[r - 2].taps <= kMaxRingRows) {
    path_ = Path::Separable2D;
    return;
  }
  // one pass per axis, the most shrinking first (later passes see less data)
  path_ = Path::Passes;
  order_ = active;
  std::stable_sort(order_.begin(), order_.end(), [&](int a, int b) {
    const double ra = static_cast<double>(out_[a]) / static_cast<double>(in_[a]);
    const double rb = static_cast<double>(out_[b]) / static_cast<double>(in_[b]);
    return ra != rb ? ra < rb : a > b;
  });
  std::vector<int64_t> s = in_;
  for (size_t k = 0; k + 1 < order_.size(); ++k) {
    s[order_[k]] = out_[order_[k]];
    int64_t n = 1;
    for (int64_t v : s) n *= v;
    pass_buf_ = std::max(pass_buf_, n);
  }
  pass_bufs_ = static_cast<int>(std::min<size_t>(2, order_.size() - 1));
}

size_t ResizePlan::workspace_floats(int threads) const {
  if (path_ == Path::Separable2D) {
    const int r = static_cast<int>(in_.size());
    const bool ring = !axes_[r - 1].identity && !axes_[r - 2].identity;
    if (!ring) return 0;
    const size_t per = static_cast<size_t>(axes_[r - 2].taps) * static_cast<size_t>(out_[r - 1]) + 16;
    return per * static_cast<size_t>(std::max(1, threads));
  }
  if (path_ == Path::Passes) return static_cast<size_t>(pass_bufs_) * static_cast<size_t>(pass_buf_);
  return 0;
}

}  // namespace vc::dnn
