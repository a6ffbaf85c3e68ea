// convert_scale and normalize: OpenCV's convertTo and normalize numerics.
//
// convert_scale runs one kernel per (source, destination) type pair
// pointwise on the pool. normalize first reduces the source (min / max, or
// the L1 / L2 sums) over fixed blocks of rows, combined in block order so
// the result does not depend on the thread count, computes scale and shift
// in double as OpenCV does, then converts.
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <vector>

#include "imgproc/arith_common.hpp"
#include "visioncore/arith.hpp"

namespace vc {
namespace {

void convert_impl(const ConstImageView& src, const ImageView& dst, double alpha, double beta) {
  // OpenCV's "no scale" test: then only the type changes (or a copy)
  if (std::fabs(alpha - 1.0) < DBL_EPSILON && std::fabs(beta) < DBL_EPSILON) {
    alpha = 1.0;
    beta = 0.0;
  }
  if (src.type == dst.type && alpha == 1.0 && beta == 0.0) {
    detail::copy_image(src, dst);
    return;
  }
  const float a = static_cast<float>(alpha), b = static_cast<float>(beta);
  const kernels::KernelTable& kt = kernels::active_kernels();
  detail::with_type(src.type, [&](auto s_tag) {
    using TS = decltype(s_tag);
    detail::with_type(dst.type, [&](auto d_tag) {
      using TD = decltype(d_tag);
      const auto kernel = detail::ArithPairKernels<TS, TD>::convert_scale(kt);
      detail::pointwise_samples<TS, TD>(
          src, dst, [&](const TS* s, TD* d, size_t n) { kernel(s, d, n, a, b); });
    });
  });
}

// Row blocks of a reduction: fixed by the image alone (never by the thread
// count), about 1 M samples each.
struct Blocks {
  int64_t rows_per_block;
  int64_t count;
};
Blocks reduction_blocks(const ConstImageView& src) {
  const int64_t row_samples = int64_t{src.width} * src.channels;
  const int64_t rows = std::max<int64_t>(1, (int64_t{1} << 20) / row_samples);
  return {rows, (src.height + rows - 1) / rows};
}

// Calls fn(samples, n) over block b of the reduction: one contiguous range
// for a gap-free image, else its rows one by one.
template <class T, class Fn>
void for_block(const ConstImageView& src, const Blocks& bl, int64_t b, Fn&& fn) {
  const int64_t row_samples = int64_t{src.width} * src.channels;
  const int64_t y0 = b * bl.rows_per_block;
  const int64_t y1 = std::min<int64_t>(src.height, y0 + bl.rows_per_block);
  const bool gap_free =
      src.height == 1 || src.stride == static_cast<ptrdiff_t>(src.row_bytes());
  if (gap_free) {
    fn(src.row<T>(static_cast<int>(y0)), static_cast<size_t>((y1 - y0) * row_samples));
    return;
  }
  for (int64_t y = y0; y < y1; ++y) {
    fn(src.row<T>(static_cast<int>(y)), static_cast<size_t>(row_samples));
  }
}

template <class T>
void min_max(const ConstImageView& src, double* smin, double* smax) {
  const auto kernel = detail::ArithKernels<T>::minmax(kernels::active_kernels());
  const Blocks bl = reduction_blocks(src);
  T init_lo, init_hi;
  if constexpr (std::is_same_v<T, float>) {
    init_lo = std::numeric_limits<float>::infinity();
    init_hi = -init_lo;
  } else {
    init_lo = std::numeric_limits<T>::max();
    init_hi = std::numeric_limits<T>::min();
  }
  std::vector<T> lo(static_cast<size_t>(bl.count), init_lo);
  std::vector<T> hi(static_cast<size_t>(bl.count), init_hi);
  parallel_for(0, bl.count, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      for_block<T>(src, bl, b, [&](const T* p, size_t n) {
        kernel(p, n, &lo[static_cast<size_t>(b)], &hi[static_cast<size_t>(b)]);
      });
    }
  });
  T l = init_lo, h = init_hi;
  for (size_t b = 0; b < lo.size(); ++b) {
    if (lo[b] < l) l = lo[b];
    if (hi[b] > h) h = hi[b];
  }
  if (l > h) l = h = 0;  // float32 with every sample NaN
  *smin = static_cast<double>(l);
  *smax = static_cast<double>(h);
}

template <class T>
void norm_sums(const ConstImageView& src, double* l1, double* l2) {
  const auto kernel = detail::ArithKernels<T>::norm_sums(kernels::active_kernels());
  const Blocks bl = reduction_blocks(src);
  std::vector<double> s1(static_cast<size_t>(bl.count), 0.0), s2(s1);
  parallel_for(0, bl.count, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      for_block<T>(src, bl, b, [&](const T* p, size_t n) {
        kernel(p, n, &s1[static_cast<size_t>(b)], &s2[static_cast<size_t>(b)]);
      });
    }
  });
  double a = 0, c = 0;
  for (size_t b = 0; b < s1.size(); ++b) {
    a += s1[b];
    c += s2[b];
  }
  *l1 = a;
  *l2 = c;
}

}  // namespace

void convert_scale(const ConstImageView& src, const ImageView& dst, double alpha, double beta) {
  const char* func = "convert_scale";
  check_view(func, "src", src);
  check_output(func, "dst", dst, src.width, src.height, src.channels, dst.type);
  if (src.type == dst.type) {
    detail::check_in_place(func, "src", src, dst);
  } else if (views_overlap(src, dst)) {
    throw_invalid(func, "dst", "a buffer not overlapping src (in place needs the same type)",
                  "overlap");
  }
  detail::check_finite_arg(func, "alpha", alpha);
  detail::check_finite_arg(func, "beta", beta);
  convert_impl(src, dst, alpha, beta);
}

void normalize(const ConstImageView& src, const ImageView& dst, double alpha, double beta,
               NormKind norm) {
  const char* func = "normalize";
  check_view(func, "src", src);
  check_output(func, "dst", dst, src.width, src.height, src.channels, dst.type);
  if (src.type == dst.type) {
    detail::check_in_place(func, "src", src, dst);
  } else if (views_overlap(src, dst)) {
    throw_invalid(func, "dst", "a buffer not overlapping src (in place needs the same type)",
                  "overlap");
  }
  detail::check_finite_arg(func, "alpha", alpha);
  detail::check_finite_arg(func, "beta", beta);
  double scale = 1, shift = 0;
  if (norm == NormKind::MinMax) {
    double smin = 0, smax = 0;
    detail::with_type(src.type, [&](auto tag) { min_max<decltype(tag)>(src, &smin, &smax); });
    const double dmin = std::min(alpha, beta), dmax = std::max(alpha, beta);
    scale = (dmax - dmin) * (smax - smin > DBL_EPSILON ? 1.0 / (smax - smin) : 0.0);
    if (dst.type == PixelType::F32) {
      // OpenCV rounds both to float first for a float32 result
      scale = static_cast<float>(scale);
      shift = static_cast<float>(static_cast<float>(dmin) -
                                 static_cast<float>(smin * scale));
    } else {
      shift = dmin - smin * scale;
    }
  } else {
    double value = 0;
    if (norm == NormKind::Inf) {
      double smin = 0, smax = 0;
      detail::with_type(src.type, [&](auto tag) { min_max<decltype(tag)>(src, &smin, &smax); });
      value = std::max(std::fabs(smin), std::fabs(smax));
    } else {
      double l1 = 0, l2 = 0;
      detail::with_type(src.type, [&](auto tag) { norm_sums<decltype(tag)>(src, &l1, &l2); });
      value = norm == NormKind::L1 ? l1 : std::sqrt(l2);
    }
    scale = value > DBL_EPSILON ? alpha / value : 0.0;
    shift = 0;
  }
  convert_impl(src, dst, scale, shift);
}

}  // namespace vc
