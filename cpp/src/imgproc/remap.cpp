// remap: map checks here, then the shared sampling skeleton reading the
// coordinates straight from the map rows.
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <utility>

#include "imgproc/warp_sampler.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

// True if no value is NaN or infinite (exponent bits all ones), branch-free
// so the loop vectorizes.
bool all_finite(const float* v, int n) {
  uint32_t bad = 0;
  for (int i = 0; i < n; ++i) {
    uint32_t bits;
    std::memcpy(&bits, v + i, 4);
    bad |= static_cast<uint32_t>((bits & 0x7F800000u) == 0x7F800000u);
  }
  return bad == 0;
}

void check_map(const char* param, const ConstImageView& map, const ImageView& dst) {
  const char* func = "remap";
  check_view(func, param, map, 1, 1);
  if (map.type != PixelType::F32) throw_type(func, param, "float32", pixel_type_name(map.type));
  if (map.width != dst.width || map.height != dst.height) {
    throw_invalid(func, param, "the size of dst (" + std::to_string(dst.width) + "x" +
                                   std::to_string(dst.height) + ")",
                  std::to_string(map.width) + "x" + std::to_string(map.height));
  }
}

}  // namespace

void remap(const ConstImageView& src, const ImageView& dst, const ConstImageView& map_x,
           const ConstImageView& map_y, Interpolation interp, BorderMode border,
           const double* border_value) {
  const char* func = "remap";
  detail::check_warp_args(func, src, dst, interp);
  check_map("map_x", map_x, dst);
  check_map("map_y", map_y, dst);
  if (views_overlap(map_x, dst) || views_overlap(map_y, dst)) {
    throw_invalid(func, "dst", "a buffer not overlapping the maps", "overlap");
  }
  // NaN / Inf coordinates are refused as each block is read (the block is
  // in cache then): the call throws and dst is left partly written.
  detail::sample_rows(src, dst, interp, border, border_value,
                      [&](int y, int x0, int n, float*, float*) {
                        const float* mx = map_x.row<float>(y) + x0;
                        const float* my = map_y.row<float>(y) + x0;
                        if (!all_finite(mx, n)) throw_invalid(func, "map_x", "finite coordinates", "NaN or infinity");
                        if (!all_finite(my, n)) throw_invalid(func, "map_y", "finite coordinates", "NaN or infinity");
                        return std::pair<const float*, const float*>(mx, my);
                      });
}

}  // namespace vc
