// hog: Dalal-Triggs histograms of oriented gradients (skimage.feature.hog).
//
// stage 1 (per cell row, in parallel): gradients of the cell row's pixel
//          rows, the dominant channel, magnitude and orientation in double,
//          hard binning into the cells' histograms;
// stage 2 (per block row, in parallel): block normalization into the
//          output. Each output value is computed by one thread in a fixed
//          order, so nothing depends on the thread count.
#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>
#include <type_traits>
#include <vector>

#include "visioncore/descriptors.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr const char* kFunc = "hog";

void check_params(int width, int height, const HogParams& p) {
  auto positive = [](const char* param, int v, int hi, const std::string& allowed) {
    if (v < 1 || v > hi) throw_invalid(kFunc, param, allowed, std::to_string(v));
  };
  positive("cell", p.cell_h, 1 << 16, "sizes in 1..65536");
  positive("cell", p.cell_w, 1 << 16, "sizes in 1..65536");
  positive("block", p.block_h, 1 << 16, "sizes in 1..65536");
  positive("block", p.block_w, 1 << 16, "sizes in 1..65536");
  positive("bins", p.bins, 180, "an int in 1..180");
  if (height / p.cell_h < p.block_h || width / p.cell_w < p.block_w) {
    throw_invalid(kFunc, "img",
                  "at least block * cell = " + std::to_string(p.block_h * p.cell_h) + "x" +
                      std::to_string(p.block_w * p.cell_w) + " pixels (rows x cols)",
                  std::to_string(height) + "x" + std::to_string(width));
  }
}

// Gradient of pixel (x, y), channel c, as skimage computes it per dtype.
template <class T>
inline void grad(const ConstImageView& v, int x, int y, int c, double* gr, double* gc) {
  const int cn = v.channels;
  if constexpr (std::is_same_v<T, uint8_t>) {
    *gr = (y > 0 && y < v.height - 1)
              ? double(int(v.row<T>(y + 1)[x * cn + c]) - int(v.row<T>(y - 1)[x * cn + c]))
              : 0.0;
    *gc = (x > 0 && x < v.width - 1)
              ? double(int(v.row<T>(y)[(x + 1) * cn + c]) - int(v.row<T>(y)[(x - 1) * cn + c]))
              : 0.0;
  } else {
    *gr = (y > 0 && y < v.height - 1)
              ? double(float(v.row<T>(y + 1)[x * cn + c] - v.row<T>(y - 1)[x * cn + c]))
              : 0.0;
    *gc = (x > 0 && x < v.width - 1)
              ? double(float(v.row<T>(y)[(x + 1) * cn + c] - v.row<T>(y)[(x - 1) * cn + c]))
              : 0.0;
  }
}

template <class T>
void cell_rows(const ConstImageView& v, const HogParams& p, int ncx, int cy0, int cy1,
               double* hist) {
  const double per_bin = 180.0 / p.bins;
  const double deg = 180.0 / 3.14159265358979323846;
  const int cn = v.channels;
  const int used_w = ncx * p.cell_w;
  for (int cy = cy0; cy < cy1; ++cy) {
    double* h = hist + static_cast<size_t>(cy) * ncx * p.bins;
    std::fill(h, h + static_cast<size_t>(ncx) * p.bins, 0.0);
    for (int y = cy * p.cell_h; y < (cy + 1) * p.cell_h; ++y) {
      for (int x = 0; x < used_w; ++x) {
        double gr, gc;
        grad<T>(v, x, y, 0, &gr, &gc);
        double mag = std::hypot(gc, gr);
        if (cn > 1) {
          // the channel of largest magnitude (first on ties), in the
          // image's precision as skimage compares them
          auto m_of = [](double a, double b) {
            if constexpr (std::is_same_v<T, float>) {
              return double(std::hypot(float(a), float(b)));
            } else {
              return std::hypot(a, b);
            }
          };
          double best = m_of(gc, gr);
          for (int c = 1; c < cn; ++c) {
            double r2, c2;
            grad<T>(v, x, y, c, &r2, &c2);
            const double m2 = m_of(c2, r2);
            if (m2 > best) best = m2, gr = r2, gc = c2, mag = std::hypot(c2, r2);
          }
        }
        // orientation in [0, 180) as numpy's remainder gives it
        double o = std::atan2(gr, gc) * deg;
        double r = std::fmod(o, 180.0);
        if (r != 0 && r < 0) r += 180.0;
        if (r == 0) r = 0.0;
        int b = static_cast<int>(r / per_bin);
        // exact bin edges as skimage's comparisons: start <= o < end
        while (b > 0 && r < per_bin * b) --b;
        while (b + 1 < p.bins && r >= per_bin * (b + 1)) ++b;
        if (b >= p.bins) b = p.bins - 1;
        h[static_cast<size_t>(x / p.cell_w) * p.bins + b] += mag;
      }
    }
    const double inv_area = 1.0 / (double(p.cell_h) * p.cell_w);
    for (int i = 0; i < ncx * p.bins; ++i) h[i] *= inv_area;
  }
}

}  // namespace

size_t hog_size(int width, int height, const HogParams& p) {
  check_params(width, height, p);
  const int nbx = width / p.cell_w - p.block_w + 1, nby = height / p.cell_h - p.block_h + 1;
  return static_cast<size_t>(checked_mul(
      checked_mul(int64_t{nbx} * nby, int64_t{p.block_h} * p.block_w, "hog size"), p.bins,
      "hog size"));
}

void hog(const ConstImageView& img, const HogParams& p, float* out) {
  check_view(kFunc, "img", img, 1, 4);
  if (img.type != PixelType::U8 && img.type != PixelType::F32) {
    throw_type(kFunc, "img", "uint8 or float32", pixel_type_name(img.type));
  }
  hog_size(img.width, img.height, p);
  const int ncx = img.width / p.cell_w, ncy = img.height / p.cell_h;
  std::vector<double> hist(static_cast<size_t>(ncx) * ncy * p.bins);
  // stage 1
  parallel_for(0, ncy, 1, [&](int64_t c0, int64_t c1) {
    if (img.type == PixelType::U8) {
      cell_rows<uint8_t>(img, p, ncx, int(c0), int(c1), hist.data());
    } else {
      cell_rows<float>(img, p, ncx, int(c0), int(c1), hist.data());
    }
  });
  // stage 2
  const int nbx = ncx - p.block_w + 1, nby = ncy - p.block_h + 1;
  const size_t block_len = static_cast<size_t>(p.block_h) * p.block_w * p.bins;
  constexpr double eps = 1e-5;
  parallel_for(0, nby, 1, [&](int64_t b0, int64_t b1) {
    std::vector<double> v(block_len);
    for (int64_t by = b0; by < b1; ++by) {
      for (int bx = 0; bx < nbx; ++bx) {
        size_t k = 0;
        for (int cy = 0; cy < p.block_h; ++cy) {
          const double* h = hist.data() + (static_cast<size_t>(by + cy) * ncx + bx) * p.bins;
          for (size_t i = 0; i < static_cast<size_t>(p.block_w) * p.bins; ++i) v[k++] = h[i];
        }
        if (p.norm == HogNorm::L1 || p.norm == HogNorm::L1Sqrt) {
          double s = 0;
          for (double x : v) s += std::fabs(x);
          for (double& x : v) {
            x /= s + eps;
            if (p.norm == HogNorm::L1Sqrt) x = std::sqrt(x);
          }
        } else {
          double s = 0;
          for (double x : v) s += x * x;
          double d = std::sqrt(s + eps * eps);
          for (double& x : v) x /= d;
          if (p.norm == HogNorm::L2Hys) {
            s = 0;
            for (double& x : v) {
              x = std::min(x, 0.2);
              s += x * x;
            }
            d = std::sqrt(s + eps * eps);
            for (double& x : v) x /= d;
          }
        }
        float* o = out + (static_cast<size_t>(by) * nbx + bx) * block_len;
        for (size_t i = 0; i < block_len; ++i) o[i] = static_cast<float>(v[i]);
      }
    }
  });
}

}  // namespace vc
