// Derivative filters: sobel, scharr, laplacian, and their kernels.
//
// All of them are separable float filters (or, for the 3x3 Laplacians, 2-D
// ones) run on the shared engines; integer sources with integer kernels sum
// exactly in float32, so those results equal OpenCV's integer paths.
#include <string>

#include "imgproc/filter_separable.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"

namespace vc {
namespace {

// Sobel kernel of `size` taps for derivative `order`: the binomial smoothing
// of size - order taps, differenced `order` times (later minus earlier, as a
// correlation).
std::vector<float> sobel_1d(int size, int order) {
  std::vector<double> k{1.0};
  auto conv = [&](double a, double b) {
    std::vector<double> r(k.size() + 1, 0.0);
    for (size_t i = 0; i < k.size(); ++i) {
      r[i] += k[i] * a;
      r[i + 1] += k[i] * b;
    }
    k.swap(r);
  };
  for (int i = 0; i < size - order - 1; ++i) conv(1, 1);
  for (int i = 0; i < order; ++i) conv(-1, 1);
  return std::vector<float>(k.begin(), k.end());
}

bool valid_types(PixelType s, PixelType d) {
  switch (s) {
    case PixelType::U8:
    case PixelType::S16:
      return d == PixelType::S16 || d == PixelType::F32;
    case PixelType::U16:
    case PixelType::F32:
      return d == PixelType::F32;
  }
  return false;
}

void check_deriv_io(const char* func, const ConstImageView& src, const ImageView& dst) {
  check_view(func, "src", src);
  if (!valid_types(src.type, dst.type)) {
    throw_type(func, "dtype",
               "int16 or float32 output for uint8/int16 input, float32 for uint16/float32",
               std::string(pixel_type_name(src.type)) + " -> " + pixel_type_name(dst.type));
  }
  detail::check_filter_io(func, src, dst, dst.type);
}

void check_orders(const char* func, int dx, int dy, int ksize) {
  if (dx < 0 || dy < 0 || dx + dy == 0) {
    throw_invalid(func, "dx", "dx >= 0, dy >= 0 and dx + dy > 0",
                  "dx=" + std::to_string(dx) + ", dy=" + std::to_string(dy));
  }
  if (ksize == -1) {
    if (!((dx == 1 && dy == 0) || (dx == 0 && dy == 1))) {
      throw_invalid(func, "dx", "(dx, dy) = (1, 0) or (0, 1) for Scharr",
                    "(" + std::to_string(dx) + ", " + std::to_string(dy) + ")");
    }
    return;
  }
  const int lim = ksize == 1 ? 3 : ksize;
  if (dx >= lim || dy >= lim) {
    throw_invalid(func, "dx", "orders below the kernel size (at most 2 for ksize 1)",
                  "dx=" + std::to_string(dx) + ", dy=" + std::to_string(dy) + " with ksize " +
                      std::to_string(ksize));
  }
}

void check_ksize(const char* func, int ksize, bool allow_scharr) {
  const bool ok = (allow_scharr && ksize == -1) || (ksize >= 1 && ksize <= 31 && ksize % 2 == 1);
  if (!ok) {
    throw_invalid(func, "ksize", allow_scharr ? "-1 (Scharr) or an odd size in 1..31" : "an odd size in 1..31",
                  std::to_string(ksize));
  }
}

void run_deriv(const char* func, const ConstImageView& src, const ImageView& dst, int dx, int dy,
               int ksize, double scale, double delta, BorderMode border) {
  std::vector<detail::SepTerm> terms(1);
  deriv_kernels(dx, dy, ksize, &terms[0].kx, &terms[0].ky);
  if (scale != 1) {
    // OpenCV scales the smoothing kernel (the derivative one when both are).
    std::vector<float>& k = dx == 0 ? terms[0].kx : terms[0].ky;
    for (float& v : k) v = static_cast<float>(static_cast<double>(v) * scale);
  }
  FilterBorder b;
  b.mode = border;
  detail::sep_filter_f32(func, src, dst, terms, static_cast<int>(terms[0].kx.size()) / 2,
                         static_cast<int>(terms[0].ky.size()) / 2, static_cast<float>(delta), b);
}

}  // namespace

void deriv_kernels(int dx, int dy, int ksize, std::vector<float>* kx, std::vector<float>* ky) {
  const char* func = "deriv_kernels";
  check_ksize(func, ksize, true);
  check_orders(func, dx, dy, ksize);
  if (ksize == -1) {
    const std::vector<float> d{-1, 0, 1}, s{3, 10, 3};
    *kx = dx ? d : s;
    *ky = dy ? d : s;
    return;
  }
  const int sx = ksize == 1 && dx > 0 ? 3 : ksize;
  const int sy = ksize == 1 && dy > 0 ? 3 : ksize;
  *kx = sobel_1d(sx, dx);
  *ky = sobel_1d(sy, dy);
}

void sobel(const ConstImageView& src, const ImageView& dst, int dx, int dy, int ksize,
           double scale, double delta, BorderMode border) {
  const char* func = "sobel";
  check_deriv_io(func, src, dst);
  check_ksize(func, ksize, true);
  check_orders(func, dx, dy, ksize);
  detail::check_finite(func, "scale", scale);
  detail::check_finite(func, "delta", delta);
  run_deriv(func, src, dst, dx, dy, ksize, scale, delta, border);
}

void scharr(const ConstImageView& src, const ImageView& dst, int dx, int dy, double scale,
            double delta, BorderMode border) {
  const char* func = "scharr";
  check_deriv_io(func, src, dst);
  check_orders(func, dx, dy, -1);
  detail::check_finite(func, "scale", scale);
  detail::check_finite(func, "delta", delta);
  run_deriv(func, src, dst, dx, dy, -1, scale, delta, border);
}

void laplacian(const ConstImageView& src, const ImageView& dst, int ksize, double scale,
               double delta, BorderMode border) {
  const char* func = "laplacian";
  check_deriv_io(func, src, dst);
  check_ksize(func, ksize, false);
  detail::check_finite(func, "scale", scale);
  detail::check_finite(func, "delta", delta);
  FilterBorder b;
  b.mode = border;
  if (ksize <= 3) {
    // OpenCV's 3x3 kernels, as 2-D taps: exact int16 for U8 -> S16, else
    // float (one pass over three bordered rows beats two separable terms).
    float k[9] = {0, 1, 0, 1, -4, 1, 0, 1, 0};
    if (ksize == 3) {
      const float k3[9] = {2, 0, 2, 0, -8, 0, 2, 0, 2};
      std::copy(k3, k3 + 9, k);
    }
    if (scale != 1) {
      for (float& v : k) v = static_cast<float>(static_cast<double>(v) * scale);
    }
    if (!detail::filter2d_u8_s16_exact(func, src, dst, k, 3, 3, 1, 1, static_cast<float>(delta), b)) {
      detail::filter2d_any(func, src, dst, k, 3, 3, 1, 1, static_cast<float>(delta), b);
    }
    return;
  }
  // d2/dx2 (kd along x, ks along y) plus d2/dy2 (ks along x, kd along y).
  std::vector<detail::SepTerm> terms(2);
  const std::vector<float> kd = sobel_1d(ksize, 2), ks = sobel_1d(ksize, 0);
  terms[0].kx = kd;
  terms[0].ky = ks;
  terms[1].kx = ks;
  terms[1].ky = kd;
  if (scale != 1) {
    for (auto& t : terms) {
      for (float& v : t.ky) v = static_cast<float>(static_cast<double>(v) * scale);
    }
  }
  detail::sep_filter_f32(func, src, dst, terms, ksize / 2, ksize / 2, static_cast<float>(delta), b);
}

}  // namespace vc
