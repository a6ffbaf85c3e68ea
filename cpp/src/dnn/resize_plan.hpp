// Resize geometry and execution (internal API, vc::dnn), ONNX Resize /
// Upsample semantics for float32 tensors of any rank.
//
// Every mode ONNX defines is separable: along each axis an output index o
// reads `taps` source indices with weights, and an N-D output is the tensor
// product of the per-axis filters. plan time turns each axis into a table
// (ResizeAxis: clamped source indices, weights, extrapolation flags), so
// run() only gathers and blends:
//
//   nearest  1 tap, weight 1: a pure gather (rows that repeat a source row
//            are copied; 2x along the last axis is a duplicate loop)
//   linear   2 taps at floor(x), floor(x) + 1: weights 1 - t, t
//   cubic    4 taps at floor(x) - 1 .. floor(x) + 2 with the Keys kernel
//            (coefficient a), optionally renormalised over in-range taps
//            (exclude_outside)
//   antialias (linear / cubic, scale < 1): the kernel stretched by 1 / scale,
//            ceil-sized footprint, weights normalised to sum 1
//
// Out-of-range taps read the edge sample (clamped index), as the spec's
// edge padding does. Coordinates x(o) follow the spec's
// coordinate_transformation_mode formulas in float32 arithmetic (as
// onnxruntime computes them, so nearest-mode ties and floors agree with it).
//
// Execution paths, chosen at plan: a copy (no axis changes); nearest (row
// gather); separable 2-D over the two trailing axes (linear / cubic with up
// to kMaxRingRows vertical taps: each output row blends horizontally
// resampled source rows kept in a small per-thread ring, so no full-size
// intermediate exists); and N-D passes (one axis at a time, the most
// shrinking axis first, through two workspace buffers) for everything else.
// Results are identical for every thread count: no output's arithmetic
// depends on how the work is split.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vc::dnn {

enum class ResizeMode { Nearest, Linear, Cubic };
enum class ResizeCoord {
  HalfPixel,
  HalfPixelSymmetric,
  PytorchHalfPixel,
  AlignCorners,
  Asymmetric,
  TfHalfPixelForNn,  // opset 11 only
  TfCropAndResize,
};
// Opset10: Resize-10 / Upsample rounding (floor when upsampling, ceil when
// downsampling, as the opset-10 conformance data and onnxruntime do).
enum class ResizeNearest { RoundPreferFloor, RoundPreferCeil, Floor, Ceil, Opset10 };

struct ResizeParams {
  ResizeMode mode = ResizeMode::Nearest;
  ResizeCoord coord = ResizeCoord::HalfPixel;
  ResizeNearest nearest = ResizeNearest::RoundPreferFloor;
  float cubic_a = -0.75f;
  bool exclude_outside = false;
  bool antialias = false;
  float extrapolation = 0.0f;
};

// One axis of a resize: output index o reads index[o * taps + t] (already
// clamped to [0, in)) with weight[o * taps + t]. outside[o] = 1 where the
// tf_crop_and_resize coordinate falls outside the input (the output is then
// the extrapolation value); empty when there is no such index.
struct ResizeAxis {
  int64_t in = 0, out = 0;
  int taps = 1;
  std::vector<int32_t> index;
  std::vector<float> weight;
  std::vector<uint8_t> outside;
  bool identity = false;  // out == in and every output copies its own index
};

// The table for one axis. `scale` is the coordinate scale (the given scale,
// or out / in for sizes); roi_start / roi_end are used by
// tf_crop_and_resize only. Preconditions (checked by the caller): in, out
// in [0, INT32_MAX], out == 0 or in > 0, scale finite and > 0.
ResizeAxis make_resize_axis(const ResizeParams& p, int64_t in, int64_t out, float scale,
                            float roi_start, float roi_end);

// The whole resize of one input shape.
class ResizePlan {
 public:
  // Vertical taps the separable 2-D path keeps in its per-thread row ring.
  static constexpr int kMaxRingRows = 16;
  // Largest rank build() accepts.
  static constexpr int kMaxRank = 8;
  enum class Path { Copy, Nearest, Separable2D, Passes };

  // axes: one table per dim of `in_shape` (rank 1 .. kMaxRank).
  void build(const std::vector<int64_t>& in_shape, std::vector<ResizeAxis> axes,
             const ResizeParams& p);
  Path path() const { return path_; }
  const std::vector<int64_t>& out_shape() const { return out_; }
  size_t workspace_floats(int threads) const;
  // x: the input (in_shape, contiguous), y: the output (out_shape); no
  // overlap. Allocates nothing.
  void run(const float* x, float* y, float* ws, size_t ws_n) const;

 private:
  void run_nearest(const float* x, float* y) const;
  void run_separable_2d(const float* x, float* y, float* ws, size_t ws_n) const;
  void run_passes(const float* x, float* y, float* ws) const;
  void apply_extrapolation(float* y) const;

  Path path_ = Path::Copy;
  ResizeParams p_;
  std::vector<int64_t> in_, out_;
  std::vector<ResizeAxis> axes_;
  std::vector<int> order_;         // Passes: axes in execution order
  int64_t total_in_ = 0, total_out_ = 0;
  int64_t pass_buf_ = 0;           // Passes: floats per intermediate buffer
  int pass_bufs_ = 0;              // Passes: 0, 1 or 2 intermediate buffers
  bool any_outside_ = false;
  bool last_is_2x_ = false;        // Nearest: last axis is exactly o -> o / 2
};

}  // namespace vc::dnn
