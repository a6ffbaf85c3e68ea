// bilateral_filter: OpenCV's bilateralFilter numerics over planar rows.
//
// stage 0: the window (radius from d or sigma_space), the tap list in
//   OpenCV's order (row by row, the disc |offset| <= r; float skips the
//   center, which joins last with weight 1), the spatial weights and the
//   color table (uint8: exp over 256 * cn integer distances; float: 4096 * cn
//   samples over the image's value range, interpolated).
// stage 1, once per source row and thread chunk: extend the row by the
//   border rule and split it into channel planes, in a ring of 2r + 1 rows.
// stage 2, per output row: the kernel folds the taps (pointers into the
//   ring) in order.
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "imgproc/border_rows.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/nonlinear.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

struct Taps {
  std::vector<int> dy, dx;
  std::vector<float> w;
};

// OpenCV's disc of offsets (i, j), |(i, j)| <= r, row-major, with weight
// exp(|(i, j)|^2 * coeff); the center is skipped for float images.
Taps make_taps(int r, double coeff, bool skip_center) {
  Taps t;
  for (int i = -r; i <= r; ++i) {
    for (int j = -r; j <= r; ++j) {
      const double rr = std::sqrt(static_cast<double>(i) * i + static_cast<double>(j) * j);
      if (rr > r || (skip_center && i == 0 && j == 0)) continue;
      t.dy.push_back(i);
      t.dx.push_back(j);
      t.w.push_back(static_cast<float>(std::exp(rr * rr * coeff)));
    }
  }
  return t;
}

template <class T>
T border_cast(double v) {
  if constexpr (std::is_same<T, uint8_t>::value) {
    const double r = std::nearbyint(v);
    return static_cast<uint8_t>(r < 0 ? 0 : (r > 255 ? 255 : r));
  } else {
    return static_cast<T>(v);
  }
}

// Runs stage 1 and 2; `row_fn(taps, center, plane, dst_row)` calls the kernel.
template <class T, class RowFn>
void run_rows(const ConstImageView& src, const ImageView& dst, int r, const Taps& taps,
              BorderMode mode, const double* border_value, RowFn&& row_fn) {
  const int w = src.width, h = src.height, cn = src.channels;
  const int side = 2 * r + 1;  // ring rows
  const size_t plane = static_cast<size_t>(w) + 2 * static_cast<size_t>(r);
  const size_t slot = plane * static_cast<size_t>(cn);
  checked_mul(checked_mul(static_cast<int64_t>(slot), side, "bilateral scratch"),
              static_cast<int64_t>(sizeof(T)) * 2, "bilateral scratch");
  T value[4];
  for (int c = 0; c < 4; ++c) value[c] = border_cast<T>(border_value ? border_value[c] : 0.0);
  const int ntaps = static_cast<int>(taps.w.size());
  // a few chunks per thread, each at most ~16 M tap evaluations (or one
  // row), so a cancel is seen within tens of milliseconds; preparing the
  // chunk's 2r extra source rows is cheap next to the taps
  const int64_t balanced = (h + 4 * get_num_threads() - 1) / (4 * get_num_threads());
  const int64_t budget =
      std::max<int64_t>(1, (int64_t{1} << 24) / (int64_t{w} * cn * std::max(ntaps, 1)));
  const int64_t grain = std::max<int64_t>(1, std::min(balanced, budget));
  parallel_for(0, h, grain, [&](int64_t y0, int64_t y1) {
    std::unique_ptr<T[]> ring(new T[slot * static_cast<size_t>(side)]);
    std::unique_ptr<T[]> inter(new T[slot]);
    std::vector<int64_t> tag(static_cast<size_t>(side), INT64_MIN);
    std::vector<const T*> tap_ptr(static_cast<size_t>(ntaps));
    auto slot_of = [&](int64_t t) {
      const int64_t m = t % side;
      return static_cast<size_t>(m < 0 ? m + side : m);
    };
    auto ensure = [&](int64_t t) {
      const size_t s = slot_of(t);
      T* p = ring.get() + slot * s;
      if (tag[s] == t) return p;
      tag[s] = t;
      const int yi = border_index(static_cast<int>(t), h, mode);
      if (yi < 0) {
        for (int c = 0; c < cn; ++c) std::fill(p + plane * c, p + plane * (c + 1), value[c]);
      } else if (cn == 1) {
        detail::bordered_row<T>(src, yi, p, r, r, mode, value);
      } else {
        // extend interleaved, then split into channel planes
        detail::bordered_row<T>(src, yi, inter.get(), r, r, mode, value);
        const T* q = inter.get();
        for (size_t x = 0; x < plane; ++x) {
          for (int c = 0; c < cn; ++c) p[plane * c + x] = q[x * cn + c];
        }
      }
      return p;
    };
    for (int64_t y = y0; y < y1; ++y) {
      for (int64_t t = y - r; t <= y + r; ++t) ensure(t);
      for (int k = 0; k < ntaps; ++k) {
        tap_ptr[static_cast<size_t>(k)] = ensure(y + taps.dy[k]) + r + taps.dx[k];
      }
      row_fn(tap_ptr.data(), ensure(y) + r, plane, dst.row<T>(static_cast<int>(y)));
    }
  });
}

void copy_rows(const ConstImageView& src, const ImageView& dst) {
  const size_t bytes = src.row_bytes();
  parallel_for(0, src.height, rows_grain(static_cast<int64_t>(2 * bytes)),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   std::memcpy(dst.row(static_cast<int>(y)), src.row(static_cast<int>(y)), bytes);
                 }
               });
}

}  // namespace

void bilateral_filter(const ConstImageView& src, const ImageView& dst, int d, double sigma_color,
                      double sigma_space, BorderMode border, const double* border_value) {
  const char* func = "bilateral_filter";
  check_view(func, "src", src, 1, 3);
  if (src.channels == 2) throw_invalid(func, "src", "1 or 3 channels", describe(src));
  check_output(func, "dst", dst, src.width, src.height, src.channels, src.type);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
  if (src.type != PixelType::U8 && src.type != PixelType::F32) {
    throw_type(func, "src", "uint8 or float32", pixel_type_name(src.type));
  }
  if (!std::isfinite(sigma_color) || !(sigma_color > 0)) {
    throw_invalid(func, "sigma_color", "a finite value > 0", std::to_string(sigma_color));
  }
  if (!std::isfinite(sigma_space) || !(sigma_space > 0)) {
    throw_invalid(func, "sigma_space", "a finite value > 0", std::to_string(sigma_space));
  }
  if (border_value) {
    for (int c = 0; c < 4; ++c) {
      if (!std::isfinite(border_value[c])) {
        throw_invalid(func, "border_value", "finite values", std::to_string(border_value[c]));
      }
    }
  }
  // window radius: OpenCV's rule, at least 1
  int r = 0;
  if (d <= 0) {
    if (sigma_space * 1.5 > kMaxBilateralRadius + 0.5) {
      throw_invalid(func, "sigma_space",
                    "a value whose window (d <= 0: radius round(1.5 * sigma_space)) is at most " +
                        std::to_string(kMaxBilateralRadius),
                    std::to_string(sigma_space));
    }
    r = static_cast<int>(std::nearbyint(sigma_space * 1.5));
  } else {
    r = d / 2;
  }
  r = std::max(r, 1);
  if (r > kMaxBilateralRadius) {
    throw_invalid(func, "d", "a diameter up to " + std::to_string(2 * kMaxBilateralRadius + 1),
                  std::to_string(d));
  }
  // tiny sigmas: OpenCV returns the image unchanged
  if (sigma_color <= 1e-6 || sigma_space <= 1e-6) {
    copy_rows(src, dst);
    return;
  }
  const kernels::KernelTable& k = kernels::active_kernels();
  const int cn = src.channels;
  const size_t width = static_cast<size_t>(src.width);

  if (src.type == PixelType::U8) {
    // OpenCV computes the uint8 coefficients in float
    const float color_coeff = static_cast<float>(-0.5 / (sigma_color * sigma_color));
    const float space_coeff = static_cast<float>(-0.5 / (sigma_space * sigma_space));
    const Taps taps = make_taps(r, space_coeff, false);
    std::vector<float> lut(static_cast<size_t>(256 * cn));
    for (int i = 0; i < 256 * cn; ++i) {
      lut[static_cast<size_t>(i)] = std::exp(static_cast<float>(i * i) * color_coeff);
    }
    run_rows<uint8_t>(src, dst, r, taps, border, border_value,
                      [&](const uint8_t* const* tp, const uint8_t* center, size_t plane,
                          uint8_t* out) {
                        k.u8_bilateral_row(tp, taps.w.data(), static_cast<int>(taps.w.size()),
                                           center, plane, cn, lut.data(), out, width);
                      });
    return;
  }

  // float: the color table spans the image's value range (NaN ignored)
  float lo = FLT_MAX, hi = -FLT_MAX;
  bool has_inf = false;
  {
    std::vector<float> los(static_cast<size_t>(src.height)), his(static_cast<size_t>(src.height));
    std::vector<char> infs(static_cast<size_t>(src.height));
    const size_t n = width * cn;
    parallel_for(0, src.height, rows_grain(static_cast<int64_t>(src.row_bytes())),
                 [&](int64_t y0, int64_t y1) {
                   for (int64_t y = y0; y < y1; ++y) {
                     const float* p = src.row<float>(static_cast<int>(y));
                     float a = FLT_MAX, b = -FLT_MAX;
                     bool inf = false;
                     for (size_t i = 0; i < n; ++i) {
                       const float v = p[i];
                       if (std::isnan(v)) continue;
                       inf = inf || std::isinf(v);
                       a = std::min(a, v);
                       b = std::max(b, v);
                     }
                     los[static_cast<size_t>(y)] = a;
                     his[static_cast<size_t>(y)] = b;
                     infs[static_cast<size_t>(y)] = inf;
                   }
                 });
    for (int y = 0; y < src.height; ++y) {
      lo = std::min(lo, los[static_cast<size_t>(y)]);
      hi = std::max(hi, his[static_cast<size_t>(y)]);
      has_inf = has_inf || infs[static_cast<size_t>(y)];
    }
  }
  if (has_inf) throw_invalid(func, "src", "finite values or NaN", "an array containing Inf");
  if (!(hi >= lo) || std::abs(static_cast<double>(hi) - lo) < FLT_EPSILON) {
    copy_rows(src, dst);
    return;
  }
  const double color_coeff = -0.5 / (sigma_color * sigma_color);
  const double space_coeff = -0.5 / (sigma_space * sigma_space);
  const Taps taps = make_taps(r, space_coeff, true);
  const int bins = 4096 * cn;
  const float len = static_cast<float>(static_cast<double>(hi) - lo) * static_cast<float>(cn);
  const float scale = static_cast<float>(bins) / len;
  std::vector<float> lut(static_cast<size_t>(bins) + 2);
  float last = 1.f;
  for (int i = 0; i < bins + 2; ++i) {
    if (last > 0.f) {
      const double val = static_cast<double>(static_cast<float>(i) / scale);
      lut[static_cast<size_t>(i)] = static_cast<float>(std::exp(val * val * color_coeff));
      last = lut[static_cast<size_t>(i)];
    } else {
      lut[static_cast<size_t>(i)] = 0.f;
    }
  }
  const float max_alpha = static_cast<float>(bins);
  // the kernels read (L[i], L[i + 1]) pairs
  std::vector<float> pairs(2 * (static_cast<size_t>(bins) + 1));
  for (size_t i = 0; i <= static_cast<size_t>(bins); ++i) {
    pairs[2 * i] = lut[i];
    pairs[2 * i + 1] = lut[i + 1];
  }
  run_rows<float>(src, dst, r, taps, border, border_value,
                  [&](const float* const* tp, const float* center, size_t plane, float* out) {
                    k.f32_bilateral_row(tp, taps.w.data(), static_cast<int>(taps.w.size()),
                                        center, plane, cn, pairs.data(), scale, max_alpha, out,
                                        width);
                  });
}

}  // namespace vc
