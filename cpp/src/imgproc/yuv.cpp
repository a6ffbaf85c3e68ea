// yuv_to_rgb: validation, the fixed-point coefficients of each standard and
// range, the plane addressing of each layout, and the row loop on the pool
// (pairs of rows for 4:2:0, which share one chroma row).
#include <array>
#include <cmath>
#include <string>

#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/camera.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr const char* kFunc = "yuv_to_rgb";

using Coeffs = std::array<int32_t, kernels::kYuvCoeffCount>;

const char* layout_name(YuvLayout l) {
  switch (l) {
    case YuvLayout::NV12:
      return "NV12";
    case YuvLayout::NV21:
      return "NV21";
    case YuvLayout::I420:
      return "I420";
    case YuvLayout::YV12:
      return "YV12";
    case YuvLayout::YUYV:
      return "YUYV";
    case YuvLayout::UYVY:
      return "UYVY";
  }
  return "?";
}

bool is_420(YuvLayout l) { return l != YuvLayout::YUYV && l != YuvLayout::UYVY; }

int32_t fixed(double v) { return static_cast<int32_t>(std::lround(v * (1 << kernels::kYuvShift))); }

// Coefficients for chroma pairs stored as (U, V), or (V, U) if `vu`.
Coeffs coefficients(YuvStandard standard, bool full_range, bool vu) {
  int32_t cy, r_v, g_u, g_v, b_u;
  if (standard == YuvStandard::BT601 && !full_range) {
    // OpenCV's BT.601 constants (1.164, 1.596, -0.391, -0.813, 2.018),
    // which make NV12 etc. bit-identical to cv::cvtColor.
    cy = 1220542;
    r_v = 1673527;
    g_u = -409993;
    g_v = -852492;
    b_u = 2116026;
  } else {
    const double kr = standard == YuvStandard::BT601 ? 0.299 : 0.2126;
    const double kb = standard == YuvStandard::BT601 ? 0.114 : 0.0722;
    const double kg = 1.0 - kr - kb;
    const double ys = full_range ? 1.0 : 255.0 / 219.0;
    const double cs = full_range ? 1.0 : 255.0 / 224.0;
    cy = fixed(ys);
    r_v = fixed(2 * (1 - kr) * cs);
    g_u = fixed(-2 * (1 - kb) * kb / kg * cs);
    g_v = fixed(-2 * (1 - kr) * kr / kg * cs);
    b_u = fixed(2 * (1 - kb) * cs);
  }
  Coeffs k{};
  k[kernels::kYuvCy] = cy;
  k[kernels::kYuvYOffset] = full_range ? 0 : 16;
  k[vu ? kernels::kYuvR1 : kernels::kYuvR0] = 0;
  k[vu ? kernels::kYuvR0 : kernels::kYuvR1] = r_v;
  k[vu ? kernels::kYuvG1 : kernels::kYuvG0] = g_u;
  k[vu ? kernels::kYuvG0 : kernels::kYuvG1] = g_v;
  k[vu ? kernels::kYuvB1 : kernels::kYuvB0] = b_u;
  k[vu ? kernels::kYuvB0 : kernels::kYuvB1] = 0;
  return k;
}

void check_side(const char* param, int v) {
  if (v <= 0) throw_invalid(kFunc, param, "a positive size", std::to_string(v));
}

}  // namespace

int64_t yuv_frame_bytes(int64_t width, int64_t height, YuvLayout layout) {
  const int64_t pixels = width * height;
  return is_420(layout) ? pixels + 2 * ((width / 2) * (height / 2)) : 2 * pixels;
}

void yuv_to_rgb(const uint8_t* buffer, size_t size, int width, int height, YuvLayout layout,
                const ImageView& dst, YuvStandard standard, bool full_range) {
  // stage 1: sizes, in the order a caller fixes them
  check_side("width", width);
  check_side("height", height);
  checked_image_bytes(kFunc, width, height, 3, 1);
  const bool sub420 = is_420(layout);
  if (width % 2 != 0) {
    throw_invalid(kFunc, "width",
                  std::string("an even width for ") + layout_name(layout) +
                      " (chroma is subsampled horizontally)",
                  std::to_string(width));
  }
  if (sub420 && height % 2 != 0) {
    throw_invalid(kFunc, "height",
                  std::string("an even height for ") + layout_name(layout) +
                      " (chroma is subsampled vertically)",
                  std::to_string(height));
  }
  const int64_t need = yuv_frame_bytes(width, height, layout);
  if (buffer == nullptr) throw_invalid(kFunc, "buffer", "a non-null buffer", "null");
  if (static_cast<uint64_t>(size) < static_cast<uint64_t>(need)) {
    throw_invalid(kFunc, "buffer",
                  "at least " + std::to_string(need) + " bytes for a " + std::to_string(width) +
                      "x" + std::to_string(height) + " " + layout_name(layout) + " frame",
                  std::to_string(size) + " bytes");
  }
  check_output(kFunc, "dst", dst, width, height, 3, PixelType::U8);
  {
    const auto* d0 = static_cast<const uint8_t*>(dst.data);
    const uint8_t* d1 = d0 + (dst.height - 1) * dst.stride + dst.row_bytes();
    if (d0 < buffer + need && buffer < d1) {
      throw_invalid(kFunc, "dst", "a buffer not overlapping the YUV buffer", "overlap");
    }
  }

  // stage 2: coefficients and plane addresses
  const bool vu = layout == YuvLayout::NV21;
  const Coeffs coeffs = coefficients(standard, full_range, vu);
  const int32_t* k = coeffs.data();
  const kernels::KernelTable& kt = kernels::active_kernels();
  const size_t w = static_cast<size_t>(width);
  const size_t luma = w * static_cast<size_t>(height);
  const size_t cw = w / 2;                                     // chroma samples per row
  const size_t cplane = cw * static_cast<size_t>(height / 2);  // one 4:2:0 chroma plane

  // stage 3: rows on the pool
  if (sub420) {
    const int64_t pairs = height / 2;
    const int64_t grain = rows_grain(static_cast<int64_t>(w) * 9);  // 2 luma + chroma + 2x3 out
    parallel_for(0, pairs, grain, [&](int64_t j0, int64_t j1) {
      for (int64_t j = j0; j < j1; ++j) {
        const size_t ju = static_cast<size_t>(j);
        const uint8_t* y0 = buffer + 2 * ju * w;
        uint8_t* d0 = dst.row<uint8_t>(static_cast<int>(2 * j));
        uint8_t* d1 = dst.row<uint8_t>(static_cast<int>(2 * j + 1));
        if (layout == YuvLayout::NV12 || layout == YuvLayout::NV21) {
          kt.u8_yuv420sp_rgb_2row(y0, y0 + w, buffer + luma + ju * w, d0, d1, w, k);
        } else {
          const uint8_t* first = buffer + luma + ju * cw;
          const uint8_t* second = first + cplane;
          const bool yv12 = layout == YuvLayout::YV12;
          kt.u8_yuv420p_rgb_2row(y0, y0 + w, yv12 ? second : first, yv12 ? first : second, d0, d1,
                                 w, k);
        }
      }
    });
  } else {
    const bool y_first = layout == YuvLayout::YUYV;
    const int64_t grain = rows_grain(static_cast<int64_t>(w) * 5);
    parallel_for(0, height, grain, [&](int64_t y0, int64_t y1) {
      for (int64_t y = y0; y < y1; ++y) {
        kt.u8_yuv422_rgb_row(buffer + static_cast<size_t>(y) * 2 * w,
                             dst.row<uint8_t>(static_cast<int>(y)), w, y_first, k);
      }
    });
  }
}

}  // namespace vc
