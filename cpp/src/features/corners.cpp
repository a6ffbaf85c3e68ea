// Corner responses (Harris, min eigenvalue), good features to track and
// sub-pixel corner refinement (see edges.hpp for the exact rules).
//
// Responses: stage 1, Sobel dx, dy in float32 (vc::sobel, scaled as
// OpenCV); stage 2, the products dx*dx, dx*dy, dy*dy per row (kernel); stage
// 3, their block sums (vc::box_filter, unnormalised, 3 channels); stage 4,
// the response per row (kernel).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/edges.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

std::string num(double v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

void check_gray_u8_f32(const char* func, const char* param, const ConstImageView& v) {
  check_view(func, param, v, 1, 1);
  if (v.type != PixelType::U8 && v.type != PixelType::F32) {
    throw_type(func, param, "uint8 or float32", pixel_type_name(v.type));
  }
}

void check_block_ksize(const char* func, int block_size, int ksize) {
  if (block_size < 1 || block_size > kMaxCornerBlockSize) {
    throw_invalid(func, "block_size", "1.." + std::to_string(kMaxCornerBlockSize),
                  std::to_string(block_size));
  }
  if (ksize != 1 && ksize != 3 && ksize != 5 && ksize != 7) {
    throw_invalid(func, "ksize", "1, 3, 5 or 7", std::to_string(ksize));
  }
}

enum class Response { Harris, MinEigen };

// The response of src into dst (F32, src's size); arguments checked.
void corner_response(const ConstImageView& src, const ImageView& dst, int block_size, int ksize,
                     Response kind, double k, BorderMode border) {
  const int w = src.width, h = src.height;
  double scale = static_cast<double>(1 << (ksize - 1)) * block_size;
  if (src.type == PixelType::U8) scale *= 255.0;
  scale = 1.0 / scale;
  Image dx(w, h, 1, PixelType::F32), dy(w, h, 1, PixelType::F32);
  sobel(src, dx, 1, 0, ksize, scale, 0, border);
  sobel(src, dy, 0, 1, ksize, scale, 0, border);
  Image cov(w, h, 3, PixelType::F32), sums(w, h, 3, PixelType::F32);
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int64_t grain = std::max<int64_t>(1, rows_grain(int64_t{w} * 20));
  parallel_for(0, h, grain, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y) {
      const int yi = static_cast<int>(y);
      kt.f32_corner_cov_row(dx.row<float>(yi), dy.row<float>(yi), cov.row<float>(yi),
                            static_cast<size_t>(w));
    }
  });
  box_filter(cov, sums, block_size, block_size, false, border);
  parallel_for(0, h, grain, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y) {
      const int yi = static_cast<int>(y);
      if (kind == Response::Harris) {
        kt.f32_corner_harris_row(sums.row<float>(yi), dst.row<float>(yi), static_cast<size_t>(w),
                                 k);
      } else {
        kt.f32_corner_min_eigen_row(sums.row<float>(yi), dst.row<float>(yi),
                                    static_cast<size_t>(w));
      }
    }
  });
}

void check_response_io(const char* func, const ConstImageView& src, const ImageView& dst) {
  check_gray_u8_f32(func, "src", src);
  check_output(func, "dst", dst, src.width, src.height, 1, PixelType::F32);
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "no overlap with src", "overlapping views");
}

// Bilinear sample with a replicated border, in double.
struct Sampler {
  const ConstImageView& img;
  double at(int x, int y) const {
    x = std::min(std::max(x, 0), img.width - 1);
    y = std::min(std::max(y, 0), img.height - 1);
    if (img.type == PixelType::U8) return img.row<uint8_t>(y)[x];
    return img.row<float>(y)[x];
  }
};

}  // namespace

void corner_harris(const ConstImageView& src, const ImageView& dst, int block_size, int ksize,
                   double k, BorderMode border) {
  const char* func = "corner_harris";
  check_response_io(func, src, dst);
  check_block_ksize(func, block_size, ksize);
  if (!std::isfinite(k)) throw_invalid(func, "k", "a finite number", num(k));
  corner_response(src, dst, block_size, ksize, Response::Harris, k, border);
}

void corner_min_eigen(const ConstImageView& src, const ImageView& dst, int block_size, int ksize,
                      BorderMode border) {
  const char* func = "corner_min_eigen";
  check_response_io(func, src, dst);
  check_block_ksize(func, block_size, ksize);
  corner_response(src, dst, block_size, ksize, Response::MinEigen, 0, border);
}

std::vector<CornerPoint> good_features_to_track(const ConstImageView& src, int max_corners,
                                                double quality_level, double min_distance,
                                                const ConstImageView* mask, int block_size,
                                                bool use_harris, double k) {
  const char* func = "good_features_to_track";
  check_gray_u8_f32(func, "img", src);
  if (max_corners < 0) {
    throw_invalid(func, "max_corners", ">= 0 (0: no limit)", std::to_string(max_corners));
  }
  if (!(quality_level > 0 && quality_level < 1)) {
    throw_invalid(func, "quality_level", "a number in (0, 1)", num(quality_level));
  }
  if (!(min_distance >= 0) || !std::isfinite(min_distance)) {
    throw_invalid(func, "min_distance", "a finite number >= 0", num(min_distance));
  }
  check_block_ksize(func, block_size, 3);
  if (!std::isfinite(k)) throw_invalid(func, "k", "a finite number", num(k));
  if (mask != nullptr) {
    check_view(func, "mask", *mask, 1, 1);
    if (mask->type != PixelType::U8) throw_type(func, "mask", "uint8", pixel_type_name(mask->type));
    if (mask->width != src.width || mask->height != src.height) {
      throw_invalid(func, "mask",
                    "the image's shape (" + std::to_string(src.height) + ", " +
                        std::to_string(src.width) + ")",
                    "(" + std::to_string(mask->height) + ", " + std::to_string(mask->width) + ")");
    }
  }
  const int w = src.width, h = src.height;
  Image eig(w, h, 1, PixelType::F32);
  corner_response(src, eig, block_size, 3, use_harris ? Response::Harris : Response::MinEigen, k,
                  BorderMode::Reflect101);

  // maximum over the mask (0 if the mask is empty; responses can be negative)
  double max_val = -DBL_MAX;
  bool any = false;
  for (int y = 0; y < h; ++y) {
    const float* e = eig.row<float>(y);
    const uint8_t* mk = mask ? mask->row<uint8_t>(y) : nullptr;
    for (int x = 0; x < w; ++x) {
      if (mk && !mk[x]) continue;
      any = true;
      max_val = std::max(max_val, static_cast<double>(e[x]));
    }
  }
  if (!any) max_val = 0;
  const float thresh = static_cast<float>(max_val * quality_level);
  // threshold to zero (e > thresh kept), in place
  for (int y = 0; y < h; ++y) {
    float* e = eig.row<float>(y);
    for (int x = 0; x < w; ++x) e[x] = e[x] > thresh ? e[x] : 0.0f;
  }

  // candidates: non-zero 3x3 maxima, off the outer ring, inside the mask
  std::vector<std::pair<float, int64_t>> cand;
  std::mutex mu;
  const int64_t grain = std::max<int64_t>(1, rows_grain(int64_t{w} * 12));
  parallel_for(1, std::max(1, h - 1), grain, [&](int64_t y0, int64_t y1) {
    std::vector<std::pair<float, int64_t>> local;
    for (int64_t y = y0; y < y1; ++y) {
      const int yi = static_cast<int>(y);
      const float* r0 = eig.row<float>(yi - 1);
      const float* r1 = eig.row<float>(yi);
      const float* r2 = eig.row<float>(yi + 1);
      const uint8_t* mk = mask ? mask->row<uint8_t>(yi) : nullptr;
      for (int x = 1; x < w - 1; ++x) {
        const float v = r1[x];
        if (v == 0.0f || (mk && !mk[x])) continue;
        const float m = std::max({r0[x - 1], r0[x], r0[x + 1], r1[x - 1], r1[x + 1], r2[x - 1],
                                  r2[x], r2[x + 1]});
        if (v >= m) local.emplace_back(v, y * w + x);
      }
    }
    std::lock_guard<std::mutex> lock(mu);
    cand.insert(cand.end(), local.begin(), local.end());
  });
  // strongest first; equal responses: later pixel first (as OpenCV's sort by address)
  std::sort(cand.begin(), cand.end(), [](const auto& a, const auto& b) {
    return a.first != b.first ? a.first > b.first : a.second > b.second;
  });

  std::vector<CornerPoint> out;
  if (min_distance >= 1) {
    const int cell = static_cast<int>(std::lround(min_distance));
    const int gw = (w + cell - 1) / cell, gh = (h + cell - 1) / cell;
    std::vector<std::vector<CornerPoint>> grid(static_cast<size_t>(gw) * gh);
    const double md2 = min_distance * min_distance;
    for (const auto& c : cand) {
      const int y = static_cast<int>(c.second / w), x = static_cast<int>(c.second % w);
      const int xc = x / cell, yc = y / cell;
      bool good = true;
      for (int yy = std::max(0, yc - 1); good && yy <= std::min(gh - 1, yc + 1); ++yy) {
        for (int xx = std::max(0, xc - 1); good && xx <= std::min(gw - 1, xc + 1); ++xx) {
          for (const CornerPoint& p : grid[static_cast<size_t>(yy) * gw + xx]) {
            const float ddx = static_cast<float>(x) - p.x, ddy = static_cast<float>(y) - p.y;
            if (static_cast<double>(ddx * ddx + ddy * ddy) < md2) {
              good = false;
              break;
            }
          }
        }
      }
      if (!good) continue;
      const CornerPoint p{static_cast<float>(x), static_cast<float>(y)};
      grid[static_cast<size_t>(yc) * gw + xc].push_back(p);
      out.push_back(p);
      if (max_corners > 0 && static_cast<int>(out.size()) == max_corners) break;
    }
  } else {
    for (const auto& c : cand) {
      out.push_back({static_cast<float>(c.second % w), static_cast<float>(c.second / w)});
      if (max_corners > 0 && static_cast<int>(out.size()) == max_corners) break;
    }
  }
  return out;
}

void corner_subpix(const ConstImageView& src, CornerPoint* corners, size_t count, int win_w,
                   int win_h, int zero_zone_w, int zero_zone_h, int max_iter, double eps) {
  const char* func = "corner_subpix";
  check_gray_u8_f32(func, "img", src);
  if (win_w < 1 || win_h < 1 || win_w > 1024 || win_h > 1024) {
    throw_invalid(func, "win", "half sizes in 1..1024",
                  "(" + std::to_string(win_w) + ", " + std::to_string(win_h) + ")");
  }
  if (src.width < 2 * win_w + 5 || src.height < 2 * win_h + 5) {
    throw_invalid(func, "win", "a window with 2 * win + 5 <= the image's sides",
                  "(" + std::to_string(win_w) + ", " + std::to_string(win_h) + ") for a " +
                      std::to_string(src.width) + "x" + std::to_string(src.height) + " image");
  }
  if (max_iter < 1) throw_invalid(func, "max_iter", ">= 1", std::to_string(max_iter));
  if (!(eps >= 0) || !std::isfinite(eps)) throw_invalid(func, "eps", "a finite number >= 0", num(eps));
  for (size_t i = 0; i < count; ++i) {
    const CornerPoint c = corners[i];
    if (!(c.x >= 0 && c.y >= 0 && c.x < src.width && c.y < src.height)) {
      throw_invalid(func, "corners", "points inside the image",
                    "(" + num(c.x) + ", " + num(c.y) + ") at index " + std::to_string(i));
    }
  }
  const int iters = std::min(max_iter, 100);
  const double eps2 = eps * eps;
  const int ww = 2 * win_w + 1, wh = 2 * win_h + 1;
  std::vector<float> weight(static_cast<size_t>(ww) * wh);
  for (int i = 0; i < wh; ++i) {
    const float y = static_cast<float>(i - win_h) / static_cast<float>(win_h);
    const float vy = std::exp(-y * y);
    for (int j = 0; j < ww; ++j) {
      const float x = static_cast<float>(j - win_w) / static_cast<float>(win_w);
      weight[static_cast<size_t>(i) * ww + j] = vy * std::exp(-x * x);
    }
  }
  if (zero_zone_w >= 0 && zero_zone_h >= 0 && zero_zone_w * 2 + 1 < ww &&
      zero_zone_h * 2 + 1 < wh) {
    for (int i = win_h - zero_zone_h; i <= win_h + zero_zone_h; ++i) {
      for (int j = win_w - zero_zone_w; j <= win_w + zero_zone_w; ++j) {
        weight[static_cast<size_t>(i) * ww + j] = 0;
      }
    }
  }
  const Sampler s{src};
  const int pw = ww + 2, ph = wh + 2;
  parallel_for(0, static_cast<int64_t>(count), 16, [&](int64_t i0, int64_t i1) {
    std::vector<double> patch(static_cast<size_t>(pw) * ph);
    for (int64_t pi = i0; pi < i1; ++pi) {
      const CornerPoint start = corners[pi];
      double cx = start.x, cy = start.y;
      for (int it = 0; it < iters; ++it) {
        // the (ww + 2) x (wh + 2) window centred on (cx, cy), bilinear
        const double ox = cx - (pw - 1) * 0.5, oy = cy - (ph - 1) * 0.5;
        const double fx = std::floor(ox), fy = std::floor(oy);
        const int ix = static_cast<int>(fx), iy = static_cast<int>(fy);
        const double ax = ox - fx, ay = oy - fy;
        for (int r = 0; r < ph; ++r) {
          for (int c = 0; c < pw; ++c) {
            const double v00 = s.at(ix + c, iy + r), v01 = s.at(ix + c + 1, iy + r);
            const double v10 = s.at(ix + c, iy + r + 1), v11 = s.at(ix + c + 1, iy + r + 1);
            patch[static_cast<size_t>(r) * pw + c] =
                (1 - ay) * ((1 - ax) * v00 + ax * v01) + ay * ((1 - ax) * v10 + ax * v11);
          }
        }
        double a = 0, b = 0, cc = 0, bb1 = 0, bb2 = 0;
        for (int r = 0; r < wh; ++r) {
          const double py = r - win_h;
          const double* p = patch.data() + static_cast<size_t>(r + 1) * pw + 1;
          for (int c = 0; c < ww; ++c) {
            const double m = weight[static_cast<size_t>(r) * ww + c];
            const double tgx = p[c + 1] - p[c - 1];
            const double tgy = p[c + pw] - p[c - pw];
            const double gxx = tgx * tgx * m, gxy = tgx * tgy * m, gyy = tgy * tgy * m;
            const double px = c - win_w;
            a += gxx;
            b += gxy;
            cc += gyy;
            bb1 += gxx * px + gxy * py;
            bb2 += gxy * px + gyy * py;
          }
        }
        const double det = a * cc - b * b;
        if (std::fabs(det) <= DBL_EPSILON * DBL_EPSILON) break;
        const double inv = 1.0 / det;
        const double nx = static_cast<float>(cx + cc * inv * bb1 - b * inv * bb2);
        const double ny = static_cast<float>(cy - b * inv * bb1 + a * inv * bb2);
        const double err = (nx - cx) * (nx - cx) + (ny - cy) * (ny - cy);
        cx = nx;
        cy = ny;
        if (cx < 0 || cx >= src.width || cy < 0 || cy >= src.height) break;
        if (err <= eps2) break;
      }
      if (std::fabs(cx - start.x) > win_w || std::fabs(cy - start.y) > win_h) {
        cx = start.x;
        cy = start.y;
      }
      corners[pi] = {static_cast<float>(cx), static_cast<float>(cy)};
    }
  });
}

}  // namespace vc
