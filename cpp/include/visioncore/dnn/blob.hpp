// Images -> a CNN input tensor (the blobFromImage of OpenCV's dnn module).
//
// For each image i of a batch, in this order:
//   1. size: if an output size is given and differs from the image's, the
//      image is resized with vc::resize (bilinear, half-pixel centres; U8 is
//      bit-identical to cv::resize INTER_LINEAR). With crop, it is first
//      scaled by f = max(W / w, H / h) (computed in float, as OpenCV does) on
//      both axes, keeping the aspect ratio so that it covers W x H, then the
//      centre W x H window is taken (left = (w' - W) / 2, top = (h' - H) / 2,
//      rounded down).
//   2. one pass over the (resized) pixels, threaded over rows: for output
//      channel c (after the optional R <-> B swap of channels 0 and 2),
//        out = x * a[c] + b[c],  a[c] = scale / std[c],  b[c] = -mean[c] / std[c]
//      i.e. (x * scale - mean[c]) / std[c], with a and b rounded to float once
//      (within 2 ulp of evaluating the formula in float); and the layout
//      change HWC -> CHW (or a plain copy for NHWC).
// So mean and std are in output channel order, as OpenCV's mean with swapRB.
// OpenCV's blobFromImage(img, scalefactor=s, mean=m) computes (x - m) * s:
// here that is scale = s, mean = m * s, std = 1.
//
// Pixel types U8 and F32; 1, 3 or 4 channels (the same for all images of a
// batch); the output is float32. Errors name `func` and the parameter:
// InvalidArgument for bad sizes, channel counts, values (non-finite, std 0),
// mismatched images; TypeMismatch for other pixel types; LimitExceeded
// before anything is allocated when the output would be too large.
#pragma once

#include <cstdint>

#include "visioncore/image.hpp"

namespace vc::dnn {

enum class BlobLayout { NCHW, NHWC };

struct BlobParams {
  int width = 0;  // output size; 0 x 0: each image's own (then all the same)
  int height = 0;
  bool crop = false;
  bool swap_rb = false;  // swap channels 0 and 2 (RGB <-> BGR); needs 3 or 4 channels
  BlobLayout layout = BlobLayout::NCHW;
  double scale = 1.0;                  // finite, non-zero
  double mean[4] = {0.0, 0.0, 0.0, 0.0};  // per output channel, finite
  double std[4] = {1.0, 1.0, 1.0, 1.0};   // per output channel, finite, non-zero
};

// The output shape (N, C, H, W) or (N, H, W, C) for `n` images; validates
// images and params (see above).
void blob_shape(const char* func, const ConstImageView* images, int64_t n, const BlobParams& p,
                int64_t shape[4]);

// Writes the blob into `out` (exactly blob_shape's element count, `out_count`).
void blob_from_images(const char* func, const ConstImageView* images, int64_t n,
                      const BlobParams& p, float* out, int64_t out_count);

}  // namespace vc::dnn
