// demosaic: Bayer raw -> RGB. The row kernels compute the pixels whose
// whole neighbourhood lies inside the image; this file handles the borders
// (OpenCV's for bilinear, reflect-101 for malvar), the Bayer phase of every
// row, and the threading (one task per band of output rows; each output row
// depends on source rows only, so bands are independent).
#include <cstring>

#include "kernels/common/camera_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/border.hpp"
#include "visioncore/camera.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr const char* kFunc = "demosaic";

// Colour layout of the top-left 2x2 block: is (0,0) green, and is row 0 a
// red row (R G / G R) rather than a blue one?
struct Cfa {
  bool green00;
  bool red_row0;
};

Cfa cfa_of(BayerPattern p) {
  switch (p) {
    case BayerPattern::RGGB:
      return {false, true};
    case BayerPattern::BGGR:
      return {false, false};
    case BayerPattern::GRBG:
      return {true, true};
    case BayerPattern::GBRG:
      return {true, false};
  }
  return {false, true};
}

// Kernel phase of pixel (x, y).
int phase_at(const Cfa& cfa, int x, int y) {
  const bool green = (((x + y) & 1) == 0) == cfa.green00;
  const bool red_row = ((y & 1) == 0) == cfa.red_row0;
  return (green ? kernels::kBayerGreenFirst : 0) | (red_row ? 0 : kernels::kBayerBlueRow);
}

int reflect101(int p, int len) { return border_index(p, len, BorderMode::Reflect101); }

template <class T>
using BilinearRow = void (*)(const T*, const T*, const T*, T*, size_t, int);
template <class T>
using MalvarRow = void (*)(const T* const*, T*, size_t, int);

// Rows are computed in bands; the band size keeps one task's source and
// output rows around 64 KiB.
template <class Fn>
void for_row_bands(const ConstImageView& raw, const ImageView& dst, int rows_read, Fn&& fn) {
  const int64_t grain = rows_grain(static_cast<int64_t>(raw.row_bytes()) * rows_read / 2 +
                                   static_cast<int64_t>(dst.row_bytes()));
  parallel_for(0, raw.height, grain, [&](int64_t y0, int64_t y1) {
    for (int64_t y = y0; y < y1; ++y) fn(static_cast<int>(y));
  });
}

// Bilinear, OpenCV's border rule: rows 1..H-2 and columns 1..W-2 are
// interpolated, the outermost rows and columns repeat their inner
// neighbours. A side of 2 has no inner pixels; there both pixels are
// interpolated with reflect-101 neighbours (which keep the Bayer phase).
template <class T>
void bilinear(const ConstImageView& raw, const ImageView& dst, const Cfa& cfa, BilinearRow<T> k) {
  const int w = raw.width;
  const int h = raw.height;
  for_row_bands(raw, dst, 3, [&](int y) {
    // Output rows 0 and H-1 are copies of rows 1 and H-2; recomputing them
    // keeps every band independent of the others.
    const int ys = h >= 3 ? (y < 1 ? 1 : (y > h - 2 ? h - 2 : y)) : y;
    const T* above = raw.row<T>(reflect101(ys - 1, h));
    const T* row = raw.row<T>(ys);
    const T* below = raw.row<T>(reflect101(ys + 1, h));
    T* out = dst.row<T>(y);
    if (w >= 3) {
      k(above, row, below, out + 3, static_cast<size_t>(w - 2), phase_at(cfa, 1, ys));
      std::memcpy(out, out + 3, 3 * sizeof(T));
      std::memcpy(out + 3 * (w - 1), out + 3 * (w - 2), 3 * sizeof(T));
    } else {
      // w == 2: columns -1, 0, 1, 2 are 1, 0, 1, 0.
      const T a[4] = {above[1], above[0], above[1], above[0]};
      const T r[4] = {row[1], row[0], row[1], row[0]};
      const T b[4] = {below[1], below[0], below[1], below[0]};
      k(a, r, b, out, 2, phase_at(cfa, 0, ys));
    }
  });
}

// Malvar: every pixel from its 5x5 neighbourhood, reflect-101 outside. The
// kernel runs directly on columns 2..W-3; the two columns at each side (or
// a whole row narrower than 5) go through a small mirrored copy.
template <class T>
void malvar(const ConstImageView& raw, const ImageView& dst, const Cfa& cfa, MalvarRow<T> k) {
  const int w = raw.width;
  const int h = raw.height;
  for_row_bands(raw, dst, 5, [&](int y) {
    const T* rows[5];
    for (int i = 0; i < 5; ++i) rows[i] = raw.row<T>(reflect101(y - 2 + i, h));
    T* out = dst.row<T>(y);
    // Mirrored copy of source columns [x0 - 2, x0 + n + 2), then the kernel
    // on it for output columns [x0, x0 + n); n <= 4.
    auto edge = [&](int x0, int n) {
      T buf[5][8];
      const T* brows[5];
      for (int i = 0; i < 5; ++i) {
        for (int j = 0; j < n + 4; ++j) buf[i][j] = rows[i][reflect101(x0 - 2 + j, w)];
        brows[i] = buf[i];
      }
      k(brows, out + 3 * x0, static_cast<size_t>(n), phase_at(cfa, x0, y));
    };
    if (w >= 5) {
      k(rows, out + 6, static_cast<size_t>(w - 4), phase_at(cfa, 2, y));
      edge(0, 2);
      edge(w - 2, 2);
    } else {
      edge(0, w);
    }
  });
}

}  // namespace

void demosaic(const ConstImageView& raw, const ImageView& dst, BayerPattern pattern,
              DemosaicMethod method) {
  check_view(kFunc, "raw", raw, 1, 1);
  if (raw.type != PixelType::U8 && raw.type != PixelType::U16) {
    throw_type(kFunc, "raw", "uint8 or uint16", pixel_type_name(raw.type));
  }
  if (raw.width < 2 || raw.height < 2) {
    throw_invalid(kFunc, "raw", "an image of at least 2x2 pixels",
                  std::to_string(raw.width) + "x" + std::to_string(raw.height));
  }
  check_output(kFunc, "dst", dst, raw.width, raw.height, 3, raw.type);
  if (views_overlap(raw, dst))
    throw_invalid(kFunc, "dst", "a buffer not overlapping raw", "overlap");
  const kernels::KernelTable& k = kernels::active_kernels();
  const Cfa cfa = cfa_of(pattern);
  const bool u8 = raw.type == PixelType::U8;
  if (method == DemosaicMethod::Malvar) {
    if (u8) {
      malvar<uint8_t>(raw, dst, cfa, k.u8_bayer_malvar_row);
    } else {
      malvar<uint16_t>(raw, dst, cfa, k.u16_bayer_malvar_row);
    }
  } else {
    if (u8) {
      bilinear<uint8_t>(raw, dst, cfa, k.u8_bayer_bilinear_row);
    } else {
      bilinear<uint16_t>(raw, dst, cfa, k.u16_bayer_bilinear_row);
    }
  }
}

}  // namespace vc
