// Images -> CNN input tensor: optional resize / aspect-keeping crop, then
// one pass that converts to float, normalises per channel and changes the
// layout (see visioncore/dnn/blob.hpp for the exact semantics).
//
// The pass is row-parallel over all images of the batch. Its row kernels are
// plain loops with the channel count a template constant, so the compiler
// vectorises them at the baseline ISA (the work is memory-bound: one read
// of the image, one write of the tensor); the R <-> B swap is folded into
// which output plane (NCHW) or which source lane (NHWC) a channel maps to,
// so it costs nothing in the inner loop.
#include "visioncore/dnn/blob.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {
namespace {

// out = x * a[k] + b[k] for source channel k, into plane[k] (NCHW).
template <class T, int C>
void row_planar(const T* src, int64_t w, float* const* plane, const float* a, const float* b) {
  if constexpr (C == 1) {
    float* d0 = plane[0];
    const float a0 = a[0], b0 = b[0];
    for (int64_t x = 0; x < w; ++x) d0[x] = static_cast<float>(src[x]) * a0 + b0;
  } else if constexpr (C == 3) {
    float *d0 = plane[0], *d1 = plane[1], *d2 = plane[2];
    const float a0 = a[0], a1 = a[1], a2 = a[2], b0 = b[0], b1 = b[1], b2 = b[2];
    for (int64_t x = 0; x < w; ++x) {
      const T* s = src + 3 * x;
      d0[x] = static_cast<float>(s[0]) * a0 + b0;
      d1[x] = static_cast<float>(s[1]) * a1 + b1;
      d2[x] = static_cast<float>(s[2]) * a2 + b2;
    }
  } else {
    float *d0 = plane[0], *d1 = plane[1], *d2 = plane[2], *d3 = plane[3];
    const float a0 = a[0], a1 = a[1], a2 = a[2], a3 = a[3];
    const float b0 = b[0], b1 = b[1], b2 = b[2], b3 = b[3];
    for (int64_t x = 0; x < w; ++x) {
      const T* s = src + 4 * x;
      d0[x] = static_cast<float>(s[0]) * a0 + b0;
      d1[x] = static_cast<float>(s[1]) * a1 + b1;
      d2[x] = static_cast<float>(s[2]) * a2 + b2;
      d3[x] = static_cast<float>(s[3]) * a3 + b3;
    }
  }
}

// out[x, c] = src[x, lane[c]] * a[c] + b[c] (NHWC).
template <class T, int C>
void row_interleaved(const T* src, int64_t w, float* dst, const int* lane, const float* a,
                     const float* b) {
  float ac[C], bc[C];
  int lc[C];
  for (int c = 0; c < C; ++c) {
    ac[c] = a[c];
    bc[c] = b[c];
    lc[c] = lane[c];
  }
  for (int64_t x = 0; x < w; ++x) {
    const T* s = src + C * x;
    float* d = dst + C * x;
    for (int c = 0; c < C; ++c) d[c] = static_cast<float>(s[lc[c]]) * ac[c] + bc[c];
  }
}

template <class T>
void convert_row(const void* src_row, int channels, int64_t w, float* const* plane,
                 float* interleaved, const int* lane, const float* a, const float* b) {
  const T* s = static_cast<const T*>(src_row);
  if (plane) {
    switch (channels) {
      case 1: return row_planar<T, 1>(s, w, plane, a, b);
      case 3: return row_planar<T, 3>(s, w, plane, a, b);
      default: return row_planar<T, 4>(s, w, plane, a, b);
    }
  }
  switch (channels) {
    case 1: return row_interleaved<T, 1>(s, w, interleaved, lane, a, b);
    case 3: return row_interleaved<T, 3>(s, w, interleaved, lane, a, b);
    default: return row_interleaved<T, 4>(s, w, interleaved, lane, a, b);
  }
}

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

// The view an image contributes after step 1 (resize / crop), its pixels in
// `tmp` when they had to be computed.
ConstImageView sized_view(const ConstImageView& v, const BlobParams& p, int out_w, int out_h,
                          Image& tmp, const char* func) {
  if (v.width == out_w && v.height == out_h) return v;
  if (!p.crop) {
    tmp = Image(out_w, out_h, v.channels, v.type);
    resize(v, tmp, Interpolation::Linear);
    return tmp.view();
  }
  // The factor in float, as OpenCV computes it, so the sampling positions match.
  const float f = std::max(static_cast<float>(out_w) / static_cast<float>(v.width),
                           static_cast<float>(out_h) / static_cast<float>(v.height));
  int rw = 0, rh = 0;
  resize_output_size(func, v.width, v.height, f, f, &rw, &rh);
  rw = std::max(rw, out_w);  // float rounding can leave the image one short
  rh = std::max(rh, out_h);
  tmp = Image(rw, rh, v.channels, v.type);
  resize(v, tmp, Interpolation::Linear, f, f);
  return tmp.view().roi((rw - out_w) / 2, (rh - out_h) / 2, out_w, out_h);
}

}  // namespace

void blob_shape(const char* func, const ConstImageView* images, int64_t n, const BlobParams& p,
                int64_t shape[4]) {
  if (n < 1 || images == nullptr) throw_invalid(func, "img", "at least one image", "none");
  const ConstImageView& first = images[0];
  for (int64_t i = 0; i < n; ++i) {
    const ConstImageView& v = images[i];
    check_view(func, "img", v, 1, 4);
    if (v.type != PixelType::U8 && v.type != PixelType::F32) {
      throw_type(func, "img", "uint8 or float32 images", pixel_type_name(v.type));
    }
    if (v.channels == 2) throw_invalid(func, "img", "1, 3 or 4 channels", "2 channels");
    if (v.type != first.type || v.channels != first.channels) {
      throw_invalid(func, "img", "images of one dtype and channel count",
                    "image " + std::to_string(i) + " is " + describe(v) + ", image 0 " +
                        describe(first));
    }
    if (p.width == 0 && (v.width != first.width || v.height != first.height)) {
      throw_invalid(func, "size", "a size when the images differ in size",
                    "None with image " + std::to_string(i) + " " + describe(v) + ", image 0 " +
                        describe(first));
    }
  }
  if ((p.width == 0) != (p.height == 0) || p.width < 0 || p.height < 0 || p.width > kMaxSide ||
      p.height > kMaxSide) {
    throw_invalid(func, "size", "(width, height) in 1.." + std::to_string(kMaxSide),
                  "(" + std::to_string(p.width) + ", " + std::to_string(p.height) + ")");
  }
  const int c = first.channels;
  if (p.swap_rb && c < 3) {
    throw_invalid(func, "swap_rb", "False for 1-channel images", "True");
  }
  if (!std::isfinite(p.scale) || p.scale == 0.0) {
    throw_invalid(func, "scale", "a finite non-zero number", num(p.scale));
  }
  for (int k = 0; k < c; ++k) {
    if (!std::isfinite(p.mean[k])) throw_invalid(func, "mean", "finite values", num(p.mean[k]));
    if (!std::isfinite(p.std[k]) || p.std[k] == 0.0) {
      throw_invalid(func, "std", "finite non-zero values", num(p.std[k]));
    }
    const double a = p.scale / p.std[k], b = -p.mean[k] / p.std[k];
    if (!std::isfinite(static_cast<float>(a)) || !std::isfinite(static_cast<float>(b))) {
      throw_invalid(func, "std", "values that keep scale / std and mean / std finite in float32",
                    num(p.std[k]));
    }
  }
  const int64_t h = p.width ? p.height : first.height, w = p.width ? p.width : first.width;
  const int64_t pixels = checked_mul(checked_mul(n, h, "blob size"), w, "blob size");
  const int64_t count = checked_mul(pixels, c, "blob size");
  if (count > kMaxImageBytes / 4) {
    throw LimitExceeded(std::string(func) + ": the blob would have " + std::to_string(count) +
                        " floats; at most " + std::to_string(kMaxImageBytes / 4) + " are allowed");
  }
  if (p.layout == BlobLayout::NCHW) {
    shape[0] = n, shape[1] = c, shape[2] = h, shape[3] = w;
  } else {
    shape[0] = n, shape[1] = h, shape[2] = w, shape[3] = c;
  }
}

void blob_from_images(const char* func, const ConstImageView* images, int64_t n,
                      const BlobParams& p, float* out, int64_t out_count) {
  int64_t shape[4];
  blob_shape(func, images, n, p, shape);
  const int c = images[0].channels;
  const bool planar = p.layout == BlobLayout::NCHW;
  const int64_t h = planar ? shape[2] : shape[1], w = planar ? shape[3] : shape[2];
  if (out == nullptr || out_count != n * c * h * w) {
    throw_invalid(func, "out", std::to_string(n * c * h * w) + " floats",
                  std::to_string(out_count));
  }
  // stage 1: bring every image to h x w (each resize is itself threaded)
  std::vector<Image> tmp(static_cast<size_t>(n));
  std::vector<ConstImageView> views(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) {
    views[i] = sized_view(images[i], p, static_cast<int>(w), static_cast<int>(h), tmp[i], func);
  }
  // stage 2: per output channel o, out = x * a[o] + b[o]; source channel k
  // feeds output channel perm[k] (the swap exchanges 0 and 2).
  int perm[4] = {0, 1, 2, 3};
  if (p.swap_rb) std::swap(perm[0], perm[2]);
  float a_out[4] = {1, 1, 1, 1}, b_out[4] = {0, 0, 0, 0};
  for (int o = 0; o < c; ++o) {
    a_out[o] = static_cast<float>(p.scale / p.std[o]);
    b_out[o] = static_cast<float>(-p.mean[o] / p.std[o]);
  }
  // planar: indexed by source channel; interleaved: by output channel, with
  // the source lane each output channel reads (the swap is its own inverse)
  float a_src[4], b_src[4];
  for (int k = 0; k < c; ++k) {
    a_src[k] = a_out[perm[k]];
    b_src[k] = b_out[perm[k]];
  }
  const bool is_u8 = images[0].type == PixelType::U8;
  const int64_t row_bytes = w * c * (4 + (is_u8 ? 1 : 4));
  parallel_for(0, n * h, rows_grain(row_bytes), [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t i = r / h, y = r % h;
      const void* src = views[i].row(static_cast<int>(y));
      if (planar) {
        float* plane[4] = {nullptr, nullptr, nullptr, nullptr};
        for (int k = 0; k < c; ++k) plane[k] = out + ((i * c + perm[k]) * h + y) * w;
        if (is_u8) {
          convert_row<uint8_t>(src, c, w, plane, nullptr, nullptr, a_src, b_src);
        } else {
          convert_row<float>(src, c, w, plane, nullptr, nullptr, a_src, b_src);
        }
      } else {
        float* dst = out + (i * h + y) * w * c;
        if (is_u8) {
          convert_row<uint8_t>(src, c, w, nullptr, dst, perm, a_out, b_out);
        } else {
          convert_row<float>(src, c, w, nullptr, dst, perm, a_out, b_out);
        }
      }
    }
  });
}

}  // namespace vc::dnn
