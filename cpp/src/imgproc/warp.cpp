// warp_affine / warp_perspective: matrix checks and inversion here, source
// coordinates per row block from the coordinate kernels, sampling by the
// shared skeleton (warp_sampler.hpp).
#include <cmath>
#include <string>
#include <utility>

#include "imgproc/warp_sampler.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"

namespace vc {
namespace {

void check_finite(const char* func, const char* param, const double* m, int n) {
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(m[i])) {
      throw_invalid(func, param, "finite values", "element " + std::to_string(i) + " = " +
                                                      std::to_string(m[i]));
    }
  }
}

// Inverse of the affine map [A | b] as OpenCV's invertAffineTransform writes
// it; throws for a singular (or numerically degenerate) matrix.
void invert_affine(const char* func, const double* M, double* out) {
  const double det = M[0] * M[4] - M[1] * M[3];
  if (det == 0.0 || !std::isfinite(1.0 / det)) {
    throw_invalid(func, "M", "an invertible matrix", "a singular matrix (determinant " +
                                                         std::to_string(det) + ")");
  }
  const double d = 1.0 / det;
  const double a11 = M[4] * d, a22 = M[0] * d;
  const double a12 = -M[1] * d, a21 = -M[3] * d;
  out[0] = a11;
  out[1] = a12;
  out[3] = a21;
  out[4] = a22;
  out[2] = -out[0] * M[2] - out[1] * M[5];
  out[5] = -out[3] * M[2] - out[4] * M[5];
  check_finite(func, "M (inverted)", out, 6);
}

// 3x3 inverse by cofactors (what cv::invert does for 3x3 with DECOMP_LU).
void invert_3x3(const char* func, const double* m, double* out) {
  const double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
                     m[2] * (m[3] * m[7] - m[4] * m[6]);
  if (det == 0.0 || !std::isfinite(1.0 / det)) {
    throw_invalid(func, "H", "an invertible matrix", "a singular matrix (determinant " +
                                                         std::to_string(det) + ")");
  }
  const double d = 1.0 / det;
  out[0] = (m[4] * m[8] - m[5] * m[7]) * d;
  out[1] = (m[2] * m[7] - m[1] * m[8]) * d;
  out[2] = (m[1] * m[5] - m[2] * m[4]) * d;
  out[3] = (m[5] * m[6] - m[3] * m[8]) * d;
  out[4] = (m[0] * m[8] - m[2] * m[6]) * d;
  out[5] = (m[2] * m[3] - m[0] * m[5]) * d;
  out[6] = (m[3] * m[7] - m[4] * m[6]) * d;
  out[7] = (m[1] * m[6] - m[0] * m[7]) * d;
  out[8] = (m[0] * m[4] - m[1] * m[3]) * d;
  check_finite(func, "H (inverted)", out, 9);
}

}  // namespace

void warp_affine(const ConstImageView& src, const ImageView& dst, const double M[6],
                 Interpolation interp, BorderMode border, const double* border_value,
                 bool inverse_map) {
  const char* func = "warp_affine";
  detail::check_warp_args(func, src, dst, interp);
  check_finite(func, "M", M, 6);
  double inv[6];
  if (inverse_map) {
    for (int i = 0; i < 6; ++i) inv[i] = M[i];
  } else {
    invert_affine(func, M, inv);
  }
  // OpenCV 5 works with the float matrix: per row cx = fl(fl(y * M1) + M2),
  // then per pixel fl(M0 * x + cx) (a fused multiply-add, see the kernels).
  float mf[6];
  for (int i = 0; i < 6; ++i) mf[i] = static_cast<float>(inv[i]);
  const kernels::KernelTable& k = kernels::active_kernels();
  detail::sample_rows(src, dst, interp, border, border_value,
                      [&](int y, int x0, int n, float* sx, float* sy) {
                        const float yf = static_cast<float>(y);
                        const float m[4] = {mf[0], mf[3], yf * mf[1] + mf[2], yf * mf[4] + mf[5]};
                        k.f32_warp_affine_coords(m, x0, static_cast<size_t>(n), sx, sy);
                        return std::pair<const float*, const float*>(sx, sy);
                      });
}

void warp_perspective(const ConstImageView& src, const ImageView& dst, const double H[9],
                      Interpolation interp, BorderMode border, const double* border_value,
                      bool inverse_map) {
  const char* func = "warp_perspective";
  detail::check_warp_args(func, src, dst, interp);
  check_finite(func, "H", H, 9);
  double inv[9];
  if (inverse_map) {
    for (int i = 0; i < 9; ++i) inv[i] = H[i];
  } else {
    invert_3x3(func, H, inv);
  }
  float mf[9];
  for (int i = 0; i < 9; ++i) mf[i] = static_cast<float>(inv[i]);
  const kernels::KernelTable& k = kernels::active_kernels();
  detail::sample_rows(src, dst, interp, border, border_value,
                      [&](int y, int x0, int n, float* sx, float* sy) {
                        const float yf = static_cast<float>(y);
                        const float m[6] = {mf[0], mf[3], mf[6], yf * mf[1] + mf[2],
                                            yf * mf[4] + mf[5], yf * mf[7] + mf[8]};
                        k.f32_warp_perspective_coords(m, x0, static_cast<size_t>(n), sx, sy);
                        return std::pair<const float*, const float*>(sx, sy);
                      });
}

}  // namespace vc
