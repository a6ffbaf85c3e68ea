// threshold_otsu and threshold_triangle: the automatic levels of
// cv2.threshold (THRESH_OTSU, THRESH_TRIANGLE), computed from the exact
// level counts in OpenCV's order of operations so the level is identical.
#include <algorithm>
#include <cfloat>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "imgproc/histogram_count.hpp"
#include "visioncore/error.hpp"
#include "visioncore/histogram.hpp"

namespace vc {
namespace {

// Otsu: the level maximising the between-class variance q1 q2 (mu1 - mu2)^2,
// the first one on ties; classes with weight below FLT_EPSILON are skipped.
double otsu_level(const std::vector<uint64_t>& h, uint64_t count) {
  const size_t n = h.size();
  if (count == 0) return 0;
  const double scale = 1.0 / static_cast<double>(count);
  double mu = 0;
  for (size_t i = 0; i < n; ++i) mu += static_cast<double>(i) * static_cast<double>(h[i]);
  mu *= scale;
  double mu1 = 0, q1 = 0, max_sigma = 0, max_val = 0;
  for (size_t i = 0; i < n; ++i) {
    const double p_i = static_cast<double>(h[i]) * scale;
    mu1 *= q1;
    q1 += p_i;
    const double q2 = 1.0 - q1;
    if (std::min(q1, q2) < FLT_EPSILON || std::max(q1, q2) > 1.0 - FLT_EPSILON) continue;
    mu1 = (mu1 + static_cast<double>(i) * p_i) / q1;
    const double mu2 = (mu - q1 * mu1) / q2;
    const double sigma = q1 * q2 * (mu1 - mu2) * (mu1 - mu2);
    if (sigma > max_sigma) {
      max_sigma = sigma;
      max_val = static_cast<double>(i);
    }
  }
  return max_val;
}

// Triangle (Zack et al.): the line from the histogram peak to the far end
// of the longer tail; the level of greatest distance to it, minus one.
double triangle_level(std::vector<uint64_t> h) {
  const int n = static_cast<int>(h.size());
  int left = 0, right = 0, max_ind = 0;
  uint64_t max = 0;
  for (int i = 0; i < n; ++i) {
    if (h[i] > 0) {
      left = i;
      break;
    }
  }
  if (left > 0) --left;
  for (int i = n - 1; i > 0; --i) {
    if (h[i] > 0) {
      right = i;
      break;
    }
  }
  if (right < n - 1) ++right;
  for (int i = 0; i < n; ++i) {
    if (h[i] > max) {
      max = h[i];
      max_ind = i;
    }
  }
  bool flipped = false;
  if (max_ind - left < right - max_ind) {
    flipped = true;
    std::reverse(h.begin(), h.end());
    left = n - 1 - right;
    max_ind = n - 1 - max_ind;
  }
  double thresh = left;
  const double a = static_cast<double>(max), b = left - max_ind;
  double dist = 0;
  for (int i = left + 1; i <= max_ind; ++i) {
    const double d = a * i + b * static_cast<double>(h[i]);
    if (d > dist) {
      dist = d;
      thresh = i;
    }
  }
  thresh -= 1;
  if (flipped) thresh = n - 1 - thresh;
  return thresh;
}

std::vector<uint64_t> level_counts(const char* func, const ConstImageView& src,
                                   const ConstImageView& mask, bool allow_u16, uint64_t* count) {
  check_view(func, "img", src, 1, 1);
  if (src.type != PixelType::U8 && !(allow_u16 && src.type == PixelType::U16)) {
    throw_type(func, "img", allow_u16 ? "uint8 or uint16" : "uint8", pixel_type_name(src.type));
  }
  detail::check_mask(func, src, mask);
  std::vector<uint64_t> h = detail::count_levels(src, mask);
  uint64_t total = 0;
  for (uint64_t v : h) total += v;
  *count = total;
  return h;
}

}  // namespace

double threshold_otsu(const ConstImageView& src, const ConstImageView& mask) {
  uint64_t count = 0;
  const std::vector<uint64_t> h = level_counts("threshold_otsu", src, mask, true, &count);
  return otsu_level(h, count);
}

double threshold_triangle(const ConstImageView& src, const ConstImageView& mask) {
  uint64_t count = 0;
  std::vector<uint64_t> h = level_counts("threshold_triangle", src, mask, false, &count);
  return triangle_level(std::move(h));
}

}  // namespace vc
