// Lens undistortion: the rectification maps of the Brown-Conrady model
// (radial k1, k2, k3; tangential p1, p2), in double precision, and
// undistort = sampling at those coordinates computed block by block (no
// full-size map is allocated).
#include <cmath>
#include <string>
#include <utility>

#include "imgproc/warp_sampler.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

struct UndistortModel {
  double ir[9];  // new_K^-1
  double fx, fy, cx, cy;
  double k1, k2, p1, p2, k3;

  // Source coordinates of destination pixels (x0 .. x0+n-1, y), as
  // cv::initUndistortRectifyMap computes them (no rotation, no tilt).
  void row(int y, int x0, int n, float* mx, float* my) const {
    for (int i = 0; i < n; ++i) {
      const double j = static_cast<double>(x0 + i);
      const double X = j * ir[0] + y * ir[1] + ir[2];
      const double Y = j * ir[3] + y * ir[4] + ir[5];
      const double W = j * ir[6] + y * ir[7] + ir[8];
      const double w = 1.0 / W, x = X * w, yv = Y * w;
      const double x2 = x * x, y2 = yv * yv, r2 = x2 + y2, xy2 = 2 * x * yv;
      const double kr = 1 + ((k3 * r2 + k2) * r2 + k1) * r2;
      const double xd = x * kr + p1 * xy2 + p2 * (r2 + 2 * x2);
      const double yd = yv * kr + p1 * (r2 + 2 * y2) + p2 * xy2;
      mx[i] = static_cast<float>(fx * xd + cx);
      my[i] = static_cast<float>(fy * yd + cy);
    }
  }
};

void check_finite(const char* func, const char* param, const double* v, int n) {
  for (int i = 0; i < n; ++i) {
    if (!std::isfinite(v[i])) {
      throw_invalid(func, param, "finite values",
                    "element " + std::to_string(i) + " = " + std::to_string(v[i]));
    }
  }
}

UndistortModel make_model(const char* func, const double K[9], const double* dist, int n_dist,
                          const double* new_K) {
  if (n_dist != 4 && n_dist != 5) {
    throw_invalid(func, "dist", "4 (k1, k2, p1, p2) or 5 (k1, k2, p1, p2, k3) coefficients",
                  std::to_string(n_dist));
  }
  check_finite(func, "K", K, 9);
  check_finite(func, "dist", dist, n_dist);
  if (K[0] == 0.0 || K[4] == 0.0) {
    throw_invalid(func, "K", "a camera matrix with non-zero focal lengths",
                  "fx = " + std::to_string(K[0]) + ", fy = " + std::to_string(K[4]));
  }
  const double* A = new_K ? new_K : K;
  if (new_K) check_finite(func, "new_K", new_K, 9);
  const double det = A[0] * (A[4] * A[8] - A[5] * A[7]) - A[1] * (A[3] * A[8] - A[5] * A[6]) +
                     A[2] * (A[3] * A[7] - A[4] * A[6]);
  if (det == 0.0 || !std::isfinite(1.0 / det)) {
    throw_invalid(func, new_K ? "new_K" : "K", "an invertible matrix", "a singular matrix");
  }
  UndistortModel m{};
  const double d = 1.0 / det;
  m.ir[0] = (A[4] * A[8] - A[5] * A[7]) * d;
  m.ir[1] = (A[2] * A[7] - A[1] * A[8]) * d;
  m.ir[2] = (A[1] * A[5] - A[2] * A[4]) * d;
  m.ir[3] = (A[5] * A[6] - A[3] * A[8]) * d;
  m.ir[4] = (A[0] * A[8] - A[2] * A[6]) * d;
  m.ir[5] = (A[2] * A[3] - A[0] * A[5]) * d;
  m.ir[6] = (A[3] * A[7] - A[4] * A[6]) * d;
  m.ir[7] = (A[1] * A[6] - A[0] * A[7]) * d;
  m.ir[8] = (A[0] * A[4] - A[1] * A[3]) * d;
  m.fx = K[0];
  m.fy = K[4];
  m.cx = K[2];
  m.cy = K[5];
  m.k1 = dist[0];
  m.k2 = dist[1];
  m.p1 = dist[2];
  m.p2 = dist[3];
  m.k3 = n_dist == 5 ? dist[4] : 0.0;
  return m;
}

}  // namespace

void init_undistort_map(const double K[9], const double* dist, int n_dist, const double* new_K,
                        const ImageView& map_x, const ImageView& map_y) {
  const char* func = "init_undistort_map";
  const UndistortModel m = make_model(func, K, dist, n_dist, new_K);
  check_view(func, "map_x", map_x, 1, 1);
  check_output(func, "map_y", map_y, map_x.width, map_x.height, 1, PixelType::F32);
  if (map_x.type != PixelType::F32) throw_type(func, "map_x", "float32", pixel_type_name(map_x.type));
  if (views_overlap(map_x, map_y)) throw_invalid(func, "map_y", "a buffer not overlapping map_x", "overlap");
  parallel_for(0, map_x.height, rows_grain(static_cast<int64_t>(map_x.row_bytes()) * 16),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   const int yi = static_cast<int>(y);
                   m.row(yi, 0, map_x.width, map_x.row<float>(yi), map_y.row<float>(yi));
                 }
               });
}

void undistort(const ConstImageView& src, const ImageView& dst, const double K[9],
               const double* dist, int n_dist, const double* new_K, Interpolation interp) {
  const char* func = "undistort";
  detail::check_warp_args(func, src, dst, interp);
  if (dst.width != src.width || dst.height != src.height) {
    throw_invalid(func, "dst", "the size of src", std::to_string(dst.width) + "x" + std::to_string(dst.height));
  }
  const UndistortModel m = make_model(func, K, dist, n_dist, new_K);
  detail::sample_rows(src, dst, interp, BorderMode::Constant, nullptr,
                      [&](int y, int x0, int n, float* sx, float* sy) {
                        m.row(y, x0, n, sx, sy);
                        return std::pair<const float*, const float*>(sx, sy);
                      });
}

}  // namespace vc
