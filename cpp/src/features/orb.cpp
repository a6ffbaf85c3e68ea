// ORB: oriented FAST and rotated BRIEF, the skeleton (see keypoints.hpp for
// the definition).
//
// stage 1: the pyramid, level l resized from level l - 1 (bilinear);
// stage 2: per level, in parallel over levels: FAST with nonmax inside the
//          border, the mask, the FAST-score cut to 2 * budget, the Harris
//          cut to the budget (stable sorts: ties keep row-major order);
// stage 3: per keypoint of the level: intensity-centroid angle on the level,
//          256 tests of the rotated pattern on the level blurred by a 7x7
//          Gaussian with sigma 2 (blurred only in boxes around the keypoints);
// stage 4: levels concatenated in order, coordinates mapped to level 0.
// Every level's result depends only on its own image, so the thread count
// never changes the output.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <utility>
#include <string>
#include <vector>

#include "features/keypoint_internal.hpp"
#include "visioncore/border.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/keypoints.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr double kPi = 3.14159265358979323846;

// OpenCV's HarrisResponses: 3x3 Sobel gradients summed over a block x block
// window centred on (x, y); k = 0.04; scaled by (1 / (4 * block * 255))^4.
float harris_response(const ConstImageView& img, int x, int y, int block) {
  const int r = block / 2;
  const ptrdiff_t st = img.stride;
  int64_t a = 0, b = 0, c = 0;
  for (int dy = -r; dy <= r; ++dy) {
    const uint8_t* row = img.row<uint8_t>(y + dy) + x;
    for (int dx = -r; dx <= r; ++dx) {
      const uint8_t* p = row + dx;
      const int ix = (p[1] - p[-1]) * 2 + (p[-st + 1] - p[-st - 1]) + (p[st + 1] - p[st - 1]);
      const int iy = (p[st] - p[-st]) * 2 + (p[st - 1] - p[-st - 1]) + (p[st + 1] - p[-st + 1]);
      a += ix * ix;
      b += iy * iy;
      c += ix * iy;
    }
  }
  const double scale = 1.0 / (4.0 * block * 255.0);
  const double s4 = scale * scale * scale * scale;
  const double da = static_cast<double>(a), db = static_cast<double>(b), dc = static_cast<double>(c);
  return static_cast<float>((da * db - dc * dc - 0.04 * (da + db) * (da + db)) * s4);
}

// Angle in degrees [0, 360) of the intensity centroid over the disc of
// radius `half` (u^2 + v^2 <= half^2).
float centroid_angle(const ConstImageView& img, int x, int y, int half) {
  int64_t m01 = 0, m10 = 0;
  for (int v = -half; v <= half; ++v) {
    const int umax = static_cast<int>(std::sqrt(static_cast<double>(half * half - v * v)));
    const uint8_t* row = img.row<uint8_t>(y + v) + x;
    for (int u = -umax; u <= umax; ++u) {
      const int val = row[u];
      m10 += u * val;
      m01 += v * val;
    }
  }
  double deg = std::atan2(static_cast<double>(m01), static_cast<double>(m10)) * (180.0 / kPi);
  if (deg < 0) deg += 360.0;
  if (deg >= 360.0) deg -= 360.0;
  return static_cast<float>(deg);
}

// Round half to even for |v| < 2^22 (the default rounding mode), as lrint,
// without a library call: adding 1.5 * 2^23 leaves no fraction bits.
inline int round_even(float v) {
  constexpr float kMagic = 12582912.0f;
  const float t = v + kMagic;  // IEEE arithmetic: never folded without -ffast-math
  return static_cast<int>(t - kMagic);
}

void describe(const ConstImageView& blurred, int x, int y, float angle_deg,
              const std::vector<int>& pattern, uint8_t* out) {
  const double ang = angle_deg * (kPi / 180.0);
  const float ca = static_cast<float>(std::cos(ang)), sa = static_cast<float>(std::sin(ang));
  const uint8_t* center = blurred.row<uint8_t>(y) + x;
  const ptrdiff_t st = blurred.stride;
  const auto sample = [&](int px, int py) {
    const int rx = round_even(static_cast<float>(px) * ca - static_cast<float>(py) * sa);
    const int ry = round_even(static_cast<float>(px) * sa + static_cast<float>(py) * ca);
    return center[ry * st + rx];
  };
  for (int j = 0; j < kOrbDescriptorBytes; ++j) {
    uint8_t byte = 0;
    for (int i = 0; i < 8; ++i) {
      const int* p = &pattern[static_cast<size_t>(j * 8 + i) * 4];
      if (sample(p[0], p[1]) < sample(p[2], p[3])) byte |= static_cast<uint8_t>(1u << i);
    }
    out[j] = byte;
  }
}

// The 7x7, sigma 2 Gaussian of `img`, computed only where descriptors read
// it: keypoints (sorted by row here, on a copy) are grouped into bands of
// rows whose windows [y - r, y + r] lie within 6 rows of each other; each
// band is blurred as one box [x_min - r - 3, x_max + r + 3] x [y_min - r - 3,
// y_max + r + 3] (clamped). Inside [.. - r, .. + r] that equals the blur of
// the whole image: the 3-pixel margin holds the kernel's reach, and a box
// edge that is not an image edge is never read.
void blur_around(const ConstImageView& img, const ImageView& out, const std::vector<KeyPoint>& kps,
                 int r) {
  std::vector<std::pair<int, int>> pts;
  pts.reserve(kps.size());
  for (const KeyPoint& kp : kps) pts.emplace_back(static_cast<int>(kp.y), static_cast<int>(kp.x));
  std::sort(pts.begin(), pts.end());
  const auto blur_box = [&](int y0, int y1, int x0, int x1) {
    y0 = std::max(0, y0 - r - 3);
    y1 = std::min(img.height - 1, y1 + r + 3);
    x0 = std::max(0, x0 - r - 3);
    x1 = std::min(img.width - 1, x1 + r + 3);
    gaussian_blur(img.roi(x0, y0, x1 - x0 + 1, y1 - y0 + 1),
                  out.roi(x0, y0, x1 - x0 + 1, y1 - y0 + 1), 7, 7, 2.0, 2.0,
                  BorderMode::Reflect101);
  };
  size_t i = 0;
  while (i < pts.size()) {
    int y0 = pts[i].first, y1 = y0, x0 = pts[i].second, x1 = x0;
    size_t j = i + 1;
    while (j < pts.size() && pts[j].first - r <= y1 + r + 6) {
      y1 = pts[j].first;
      x0 = std::min(x0, pts[j].second);
      x1 = std::max(x1, pts[j].second);
      ++j;
    }
    blur_box(y0, y1, x0, x1);
    i = j;
  }
}

struct LevelResult {
  std::vector<KeyPoint> kps;
  std::vector<uint8_t> desc;
};

void check_params(const OrbParams& p) {
  const char* f = "orb";
  if (p.n_features < 1 || p.n_features > 1000000) {
    throw_invalid(f, "n_features", "an int in 1..1000000", std::to_string(p.n_features));
  }
  if (!(p.scale_factor > 1.0 && p.scale_factor <= 4.0)) {
    throw_invalid(f, "scale_factor", "a number in (1, 4]", std::to_string(p.scale_factor));
  }
  if (p.n_levels < 1 || p.n_levels > 32) {
    throw_invalid(f, "n_levels", "an int in 1..32", std::to_string(p.n_levels));
  }
  if (p.fast_threshold < 0 || p.fast_threshold > 255) {
    throw_invalid(f, "fast_threshold", "an int in 0..255", std::to_string(p.fast_threshold));
  }
  if (p.edge_threshold < 0 || p.edge_threshold > 1024) {
    throw_invalid(f, "edge_threshold", "an int in 0..1024", std::to_string(p.edge_threshold));
  }
  if (p.patch_size < 5 || p.patch_size > 255) {
    throw_invalid(f, "patch_size", "an int in 5..255", std::to_string(p.patch_size));
  }
}

}  // namespace

void orb(const ConstImageView& src, const ConstImageView& mask, const OrbParams& params,
         std::vector<KeyPoint>& kps, std::vector<uint8_t>& descriptors) {
  const char* func = "orb";
  check_view(func, "img", src, 1, 1);
  if (src.type != PixelType::U8) throw_type(func, "img", "uint8", pixel_type_name(src.type));
  const bool has_mask = mask.data != nullptr;
  if (has_mask) {
    check_view(func, "mask", mask, 1, 1);
    if (mask.type != PixelType::U8) throw_type(func, "mask", "uint8", pixel_type_name(mask.type));
    if (mask.width != src.width || mask.height != src.height) {
      throw_invalid(func, "mask", "the image's size " + std::to_string(src.height) + "x" +
                    std::to_string(src.width),
                    std::to_string(mask.height) + "x" + std::to_string(mask.width));
    }
  }
  check_params(params);
  kps.clear();
  descriptors.clear();

  const int half = params.patch_size / 2;
  const int border = std::max(params.edge_threshold,
                              static_cast<int>(std::ceil(half * std::sqrt(2.0))) + 1);
  // the pattern, scaled to the patch size
  std::vector<int> pattern(kOrbPairs * 4);
  const int8_t* base = orb_pattern31();
  for (int i = 0; i < kOrbPairs * 4; ++i) {
    pattern[static_cast<size_t>(i)] =
        half == 15 ? base[i] : static_cast<int>(std::lrint(base[i] * (half / 15.0)));
  }

  // feature budget per level: a geometric series
  std::vector<int> budget(static_cast<size_t>(params.n_levels), 0);
  {
    const double factor = 1.0 / params.scale_factor;
    double per = params.n_features * (1 - factor) / (1 - std::pow(factor, params.n_levels));
    int sum = 0;
    for (int l = 0; l < params.n_levels - 1; ++l) {
      budget[static_cast<size_t>(l)] = static_cast<int>(std::lrint(per));
      sum += budget[static_cast<size_t>(l)];
      per *= factor;
    }
    budget.back() = std::max(params.n_features - sum, 0);
  }

  // stage 1: the pyramid (levels too small for the border are dropped)
  std::vector<Image> owned;             // levels 1.. (level 0 is src itself)
  std::vector<ConstImageView> levels;
  std::vector<double> scales;
  owned.reserve(static_cast<size_t>(params.n_levels));
  for (int l = 0; l < params.n_levels; ++l) {
    const double sc = std::pow(params.scale_factor, l);
    const int w = static_cast<int>(std::lrint(src.width / sc));
    const int h = static_cast<int>(std::lrint(src.height / sc));
    if (w < 2 * border + 1 || h < 2 * border + 1) break;
    if (l == 0) {
      levels.push_back(src);
    } else {
      owned.emplace_back(w, h, 1, PixelType::U8);
      resize(levels.back(), owned.back().view(), Interpolation::Linear);
      levels.push_back(owned.back().view());
    }
    scales.push_back(sc);
  }
  const int nl = static_cast<int>(levels.size());
  std::vector<LevelResult> results(static_cast<size_t>(nl));

  // stages 2 and 3, one level per task
  parallel_for(0, nl, 1, [&](int64_t l0, int64_t l1) {
    for (int64_t li = l0; li < l1; ++li) {
      const size_t l = static_cast<size_t>(li);
      const ConstImageView img = levels[l];
      const double sc = scales[l];
      const double fx = static_cast<double>(src.width) / img.width;
      const double fy = static_cast<double>(src.height) / img.height;
      const int n_keep = budget[l];
      LevelResult& res = results[l];
      if (n_keep <= 0) continue;
      std::vector<KeyPoint> cand;
      detail::fast_detect(img, params.fast_threshold, true, border, cand);
      if (has_mask) {
        size_t k = 0;
        for (const KeyPoint& kp : cand) {
          const int mx = std::min(src.width - 1, static_cast<int>((kp.x + 0.5) * fx));
          const int my = std::min(src.height - 1, static_cast<int>((kp.y + 0.5) * fy));
          if (mask.row<uint8_t>(my)[mx]) cand[k++] = kp;
        }
        cand.resize(k);
      }
      const auto by_response = [](const KeyPoint& a, const KeyPoint& b) {
        return a.response > b.response;
      };
      std::stable_sort(cand.begin(), cand.end(), by_response);
      if (cand.size() > static_cast<size_t>(2 * n_keep)) cand.resize(static_cast<size_t>(2 * n_keep));
      for (KeyPoint& kp : cand) {
        kp.response = harris_response(img, static_cast<int>(kp.x), static_cast<int>(kp.y), 7);
      }
      std::stable_sort(cand.begin(), cand.end(), by_response);
      if (cand.size() > static_cast<size_t>(n_keep)) cand.resize(static_cast<size_t>(n_keep));
      if (cand.empty()) continue;
      Image blurred(img.width, img.height, 1, PixelType::U8);
      blur_around(img, blurred.view(), cand, border);
      res.desc.resize(cand.size() * kOrbDescriptorBytes);
      for (size_t i = 0; i < cand.size(); ++i) {
        KeyPoint& kp = cand[i];
        const int x = static_cast<int>(kp.x), y = static_cast<int>(kp.y);
        kp.angle = centroid_angle(img, x, y, half);
        describe(blurred.view(), x, y, kp.angle, pattern, &res.desc[i * kOrbDescriptorBytes]);
        // the level's pixel centres in input pixels: resize's half-pixel
        // mapping, composed over the levels, is (x + 0.5) * (W / w_l) - 0.5
        kp.x = static_cast<float>((x + 0.5) * fx - 0.5);
        kp.y = static_cast<float>((y + 0.5) * fy - 0.5);
        kp.size = static_cast<float>(params.patch_size * sc);
        kp.octave = static_cast<int32_t>(l);
      }
      res.kps = std::move(cand);
    }
  });

  // stage 4: concatenate
  for (LevelResult& r : results) {
    kps.insert(kps.end(), r.kps.begin(), r.kps.end());
    descriptors.insert(descriptors.end(), r.desc.begin(), r.desc.end());
  }
}

}  // namespace vc
