// Corner responses (Harris, min eigenvalue), good features to track and
// sub-pixel corner refinement (see edges.hpp for the exact rules).
//
// Responses, per strip of rows: stage 1, Sobel dx, dy in float32
// (vc::sobel, scaled as OpenCV); stage 2, the products dx*dx, dx*dy, dy*dy
// per row (kernel); stage 3, their block sums (vc::box_filter, unnormalised,
// 3 channels); stage 4, the response per row (kernel).
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/edges.hpp"
#include "visioncore/border.hpp"
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

// Per-thread scratch of the strip pipeline, kept between calls.
std::vector<float>& strip_scratch() {
  thread_local std::vector<float> buf;
  return buf;
}

// Floats of strip scratch a thread keeps between calls, at most.
constexpr size_t kStripScratchKeep = size_t{4} << 20;

// Floats of one scratch row of `elems` floats, rounded up to 64 bytes.
size_t padded(size_t elems) { return (elems + 15) & ~size_t{15}; }

// The response of src into dst (F32, src's size); arguments checked.
//
// Row strips: for output rows [y0, y1) the covariance rows of their block
// windows (virtual rows, mapped through the border), the Sobel rows those
// need, and the source rows of the Sobel windows. Sobel and the box sums run
// on strip images whose extra halo rows are never read: every row the strip
// keeps is computed from the same window and with the same arithmetic as on
// the whole image, so the result does not depend on the strip bounds.
void corner_response(const ConstImageView& src, const ImageView& dst, int block_size, int ksize,
                     Response kind, double k, BorderMode border) {
  const int w = src.width, h = src.height;
  double scale = static_cast<double>(1 << (ksize - 1)) * block_size;
  if (src.type == PixelType::U8) scale *= 255.0;
  scale = 1.0 / scale;
  const int rs = ksize == 1 ? 1 : ksize / 2;  // Sobel rows above and below
  const int kb = block_size, ab = kb / 2;
  const size_t fw = padded(static_cast<size_t>(w));
  const size_t cw = padded(static_cast<size_t>(w) * 3);
  const size_t sw = padded((static_cast<size_t>(w) * src.pixel_bytes() + 3) / 4);
  // Strip height: the strip's planes (dx, dy, covariance, sums: 32 bytes a
  // pixel) in about 1 MiB, at least 16 rows so that halos stay a small part.
  const int strip = static_cast<int>(
      std::min<int64_t>(std::max<int64_t>(16, (int64_t{1} << 20) / (int64_t{w} * 32)), 256));
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int64_t grain = std::max<int64_t>(strip, rows_grain(int64_t{w} * 40));
  parallel_for(0, h, grain, [&](int64_t c0, int64_t c1) {
    std::vector<float>& buf = strip_scratch();
    for (int y0 = static_cast<int>(c0); y0 < c1; y0 += strip) {
      const int y1 = static_cast<int>(std::min<int64_t>(c1, int64_t{y0} + strip));
      const int cv0 = y0 - ab, ncov = y1 - y0 + kb - 1;
      int rmin = h, rmax = -1;
      for (int i = 0; i < ncov; ++i) {
        const int r = border_index(cv0 + i, h, border);
        if (r >= 0) {
          rmin = std::min(rmin, r);
          rmax = std::max(rmax, r);
        }
      }
      // (Wrap can map a strip's window rows to both ends of the image.)
      const int s0 = rmin - rs, ns = rmax - rmin + 1 + 2 * rs;
      const size_t need =
          static_cast<size_t>(ns) * (2 * fw + sw) + static_cast<size_t>(ncov) * 2 * cw;
      // the kept buffer grows to a strip's usual size; a rare larger strip
      // (Wrap near the ends of a tall image) gets memory of its own
      std::vector<float> large;
      float* dxb;
      if (need <= kStripScratchKeep) {
        if (buf.size() < need) buf.assign(need, 0.0f);
        dxb = buf.data();
      } else {
        large.resize(need);
        dxb = large.data();
      }
      float* dyb = dxb + static_cast<size_t>(ns) * fw;
      float* srcb = dyb + static_cast<size_t>(ns) * fw;
      float* covb = srcb + static_cast<size_t>(ns) * sw;
      float* sumb = covb + static_cast<size_t>(ncov) * cw;
      ConstImageView sv = src;
      sv.height = ns;
      if (s0 >= 0 && s0 + ns <= h) {
        sv.data = src.row(s0);
      } else {
        sv.data = srcb;
        sv.stride = static_cast<ptrdiff_t>(sw * sizeof(float));
        for (int i = 0; i < ns; ++i) {
          const int r = border_index(s0 + i, h, border);
          void* d = reinterpret_cast<uint8_t*>(srcb) + i * sv.stride;
          if (r < 0) {
            std::memset(d, 0, src.row_bytes());
          } else {
            std::memcpy(d, src.row(r), src.row_bytes());
          }
        }
      }
      const ImageView dxv{dxb, w, ns, 1, static_cast<ptrdiff_t>(fw * sizeof(float)), PixelType::F32};
      const ImageView dyv{dyb, w, ns, 1, static_cast<ptrdiff_t>(fw * sizeof(float)), PixelType::F32};
      sobel(sv, dxv, 1, 0, ksize, scale, 0, border);
      sobel(sv, dyv, 0, 1, ksize, scale, 0, border);
      const ImageView cov{covb, w, ncov, 3, static_cast<ptrdiff_t>(cw * sizeof(float)),
                          PixelType::F32};
      for (int i = 0; i < ncov; ++i) {
        const int r = border_index(cv0 + i, h, border);
        if (r < 0) {
          std::memset(cov.row(i), 0, cov.row_bytes());
        } else {
          kt.f32_corner_cov_row(dxv.row<float>(r - s0), dyv.row<float>(r - s0), cov.row<float>(i),
                                static_cast<size_t>(w));
        }
      }
      ImageView sums = cov;
      if (kb > 1) {
        sums.data = sumb;
        box_filter(cov, sums, kb, kb, false, border);
      }
      for (int y = y0; y < y1; ++y) {
        const float* s = sums.row<float>(y - y0 + ab);
        if (kind == Response::Harris) {
          kt.f32_corner_harris_row(s, dst.row<float>(y), static_cast<size_t>(w), k);
        } else {
          kt.f32_corner_min_eigen_row(s, dst.row<float>(y), static_cast<size_t>(w));
        }
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
