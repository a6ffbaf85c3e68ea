// Internal skeleton shared by warp_affine, warp_perspective and remap: the
// destination is walked in row chunks over the pool; each row is cut into
// blocks of kWarpBlock pixels whose source coordinates a callback writes
// into two float buffers, and the sampling kernel of the pixel type and
// interpolation turns them into pixels (borders included).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/parallel.hpp"

namespace vc::detail {

constexpr int kWarpBlock = 256;

template <class T>
using RemapKernel = void (*)(const T*, ptrdiff_t, int, int, int, int, const T*, const float*,
                             const float*, size_t, T*);

template <class T>
RemapKernel<T> remap_kernel(const kernels::KernelTable& k, Interpolation interp);
template <>
inline RemapKernel<uint8_t> remap_kernel<uint8_t>(const kernels::KernelTable& k,
                                                  Interpolation interp) {
  return interp == Interpolation::Nearest  ? k.u8_remap_nearest_row
         : interp == Interpolation::Linear ? k.u8_remap_linear_row
                                           : k.u8_remap_cubic_row;
}
template <>
inline RemapKernel<uint16_t> remap_kernel<uint16_t>(const kernels::KernelTable& k,
                                                    Interpolation interp) {
  return interp == Interpolation::Nearest  ? k.u16_remap_nearest_row
         : interp == Interpolation::Linear ? k.u16_remap_linear_row
                                           : k.u16_remap_cubic_row;
}
template <>
inline RemapKernel<float> remap_kernel<float>(const kernels::KernelTable& k,
                                              Interpolation interp) {
  return interp == Interpolation::Nearest  ? k.f32_remap_nearest_row
         : interp == Interpolation::Linear ? k.f32_remap_linear_row
                                           : k.f32_remap_cubic_row;
}

// OpenCV's saturate_cast of the border value: round half to even, clamp.
template <class T>
T border_value_as(double v) {
  if constexpr (std::is_same_v<T, float>) {
    return static_cast<float>(v);
  } else {
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    const double r = std::nearbyint(v);
    return static_cast<T>(r < 0 ? 0 : (r > hi ? hi : r));
  }
}

// Common argument checks of the warps: pixel types, interpolation, overlap.
inline void check_warp_args(const char* func, const ConstImageView& src, const ImageView& dst,
                            Interpolation interp) {
  check_view(func, "src", src);
  check_view(func, "dst", dst, src.channels, src.channels);
  if (dst.type != src.type) {
    throw_type(func, "dst", pixel_type_name(src.type), pixel_type_name(dst.type));
  }
  if (src.type != PixelType::U8 && src.type != PixelType::U16 && src.type != PixelType::F32) {
    throw_type(func, "src", "uint8, uint16 or float32", pixel_type_name(src.type));
  }
  if (interp == Interpolation::Area) {
    throw_invalid(func, "interpolation", "nearest, linear or cubic", "area");
  }
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
}

// coords(y, x0, n, sx, sy) returns {xs, ys}: the source coordinates of
// destination pixels (x0 .. x0+n-1, y), either written into the buffers
// sx, sy (kWarpBlock floats each) or pointing elsewhere (remap's maps).
template <class T, class CoordFn>
void sample_rows_typed(const ConstImageView& src, const ImageView& dst, Interpolation interp,
                       BorderMode border, const double* border_value, const CoordFn& coords) {
  const RemapKernel<T> kernel = remap_kernel<T>(kernels::active_kernels(), interp);
  T bval[4];
  for (int c = 0; c < 4; ++c) bval[c] = border_value_as<T>(border_value ? border_value[c] : 0.0);
  const int64_t cost = static_cast<int64_t>(dst.row_bytes()) * (interp == Interpolation::Cubic ? 8 : 3);
  parallel_for(0, dst.height, rows_grain(cost), [&](int64_t y0, int64_t y1) {
    alignas(64) float sx[kWarpBlock];
    alignas(64) float sy[kWarpBlock];
    for (int64_t y = y0; y < y1; ++y) {
      T* drow = dst.row<T>(static_cast<int>(y));
      for (int x0 = 0; x0 < dst.width; x0 += kWarpBlock) {
        const int n = std::min(kWarpBlock, dst.width - x0);
        const std::pair<const float*, const float*> xy = coords(static_cast<int>(y), x0, n, sx, sy);
        kernel(static_cast<const T*>(src.data), src.stride, src.width, src.height, src.channels,
               static_cast<int>(border), bval, xy.first, xy.second, static_cast<size_t>(n),
               drow + static_cast<size_t>(x0) * dst.channels);
      }
    }
  });
}

template <class CoordFn>
void sample_rows(const ConstImageView& src, const ImageView& dst, Interpolation interp,
                 BorderMode border, const double* border_value, const CoordFn& coords) {
  switch (src.type) {
    case PixelType::U8:
      sample_rows_typed<uint8_t>(src, dst, interp, border, border_value, coords);
      break;
    case PixelType::U16:
      sample_rows_typed<uint16_t>(src, dst, interp, border, border_value, coords);
      break;
    default:
      sample_rows_typed<float>(src, dst, interp, border, border_value, coords);
      break;
  }
}

}  // namespace vc::detail
