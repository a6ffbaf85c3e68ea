// add_weighted and absdiff: two same-shaped inputs, one kernel call per run
// of samples (parallel_pointwise2).
#include <cmath>

#include "imgproc/arith_common.hpp"
#include "visioncore/arith.hpp"

namespace vc {
namespace {

void check_pair(const char* func, const ConstImageView& a, const ConstImageView& b) {
  check_view(func, "a", a);
  check_view(func, "b", b);
  if (a.type != b.type) {
    throw_type(func, "b", std::string("the type of a (") + pixel_type_name(a.type) + ")",
               pixel_type_name(b.type));
  }
  if (a.width != b.width || a.height != b.height || a.channels != b.channels) {
    throw_invalid(func, "b", "the size and channels of a (" + describe(a) + ")", describe(b));
  }
}

}  // namespace

void add_weighted(const ConstImageView& a, double alpha, const ConstImageView& b, double beta,
                  double gamma, const ImageView& dst) {
  const char* func = "add_weighted";
  check_pair(func, a, b);
  check_output(func, "dst", dst, a.width, a.height, a.channels, dst.type);
  if (a.type == dst.type) {
    detail::check_in_place(func, "a", a, dst);
    detail::check_in_place(func, "b", b, dst);
  } else if (views_overlap(a, dst) || views_overlap(b, dst)) {
    throw_invalid(func, "dst", "a buffer not overlapping a or b (in place needs the same type)",
                  "overlap");
  }
  detail::check_finite_arg(func, "alpha", alpha);
  detail::check_finite_arg(func, "beta", beta);
  detail::check_finite_arg(func, "gamma", gamma);
  const float fa = static_cast<float>(alpha), fb = static_cast<float>(beta),
              fg = static_cast<float>(gamma);
  const kernels::KernelTable& kt = kernels::active_kernels();
  detail::with_type(a.type, [&](auto s_tag) {
    using TS = decltype(s_tag);
    detail::with_type(dst.type, [&](auto d_tag) {
      using TD = decltype(d_tag);
      const auto kernel = detail::ArithPairKernels<TS, TD>::add_weighted(kt);
      detail::parallel_pointwise2<TS, TD>(
          a, b, dst,
          [&](const TS* pa, const TS* pb, TD* d, size_t n) { kernel(pa, pb, d, n, fa, fb, fg); });
    });
  });
}

void absdiff(const ConstImageView& a, const ConstImageView& b, const ImageView& dst) {
  const char* func = "absdiff";
  check_pair(func, a, b);
  check_output(func, "dst", dst, a.width, a.height, a.channels, a.type);
  detail::check_in_place(func, "a", a, dst);
  detail::check_in_place(func, "b", b, dst);
  const kernels::KernelTable& kt = kernels::active_kernels();
  detail::with_type(a.type, [&](auto tag) {
    using T = decltype(tag);
    const auto kernel = detail::ArithKernels<T>::absdiff(kt);
    detail::parallel_pointwise2<T, T>(
        a, b, dst, [&](const T* pa, const T* pb, T* d, size_t n) { kernel(pa, pb, d, n); });
  });
}

}  // namespace vc
