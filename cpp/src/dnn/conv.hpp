// 2-D convolution, NCHW float32 (internal API, vc::dnn), ONNX Conv semantics:
//
//   y[b][o][oy][ox] = act(bias[o] + sum_{c, ky, kx} w[o][c][ky][kx] *
//                         x[b][g*Cg + c][oy*sh - pt + ky*dh][ox*sw - pl + kx*dw])
//
// with g = o / (Cout / group), Cg = Cin / group, zero outside the image,
// OH = (H + pt + pb - dh*(kh-1) - 1) / sh + 1 (likewise OW). Weights are
// OIHW (Cout x Cg x kh x kw) and packed once at create(). Paths, chosen at
// create():
//  - Gemm1x1: 1x1, stride 1, no pads: a GEMM reading the input planes in
//    place (only the last partial column tile is packed);
//  - Depthwise3x3: Cg = 1, Cout = group, 3x3, horizontal stride 1 or 2, no
//    dilation: a row kernel over a zero-padded copy of each plane;
//  - Direct: strides up to kMaxDirectStride and up to the kernel extent: a
//    GEMM on a zero-padded, stride-phase-split copy of the input read in
//    place (conv_direct.cpp: row k = (c, ky, kx) of the im2col matrix is
//    one phase plane shifted by one offset, so nothing is unfolded);
//  - Winograd: 3x3, stride 1, no dilation, group 1, at least
//    kWinogradMinChannels in and out: F(2x2, 3x3), 16 GEMMs on transformed
//    tiles (conv_winograd.cpp), 2.25x fewer multiply-adds than Direct;
//  - Im2col: the rest (1x1 stride 2, large strides): im2col written
//    straight into packed GEMM panels per block of output pixels (scratch
//    bounded by the block, not the image).
// Batches of small images run one image per thread.
// Bias and activation are fused. Results are identical for every thread
// count; across ISA levels they differ by FMA rounding.
//
// Scratch contract: run() allocates nothing; the caller passes a workspace
// of workspace_floats(H, W, threads) floats (fewer threads run if smaller).
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

#include "dnn/activation.hpp"
#include "dnn/pack.hpp"

namespace vc::dnn {

struct Conv2dParams {
  int64_t kernel_h = 1, kernel_w = 1;
  int64_t stride_h = 1, stride_w = 1;
  int64_t pad_top = 0, pad_left = 0, pad_bottom = 0, pad_right = 0;
  int64_t dilation_h = 1, dilation_w = 1;
  int64_t group = 1;
};

// Largest kernel side, stride, dilation and pad accepted.
constexpr int64_t kMaxConvParam = 1 << 16;
// Largest stride of the direct path (its phase planes round each padded
// side up to a multiple of the stride).
constexpr int64_t kMaxDirectStride = 4;
// Fewest input and output channels for the Winograd path: with fewer, the
// transforms (memory bound, per channel) cost more than the GEMM saves.
constexpr int64_t kWinogradMinChannels = 32;
// Multiply-adds per image below which a batch runs one image per thread.
constexpr int64_t kImageParallelMacs = int64_t{1} << 23;

// What create() may know beyond the weights: the input size (0 = unknown)
// and whether the Winograd path is chosen by its cost at that size (Auto),
// taken wherever it applies (On) or never (Off; tests and benchmarks).
struct Conv2dHint {
  enum class Winograd { Auto, On, Off };
  int64_t in_h = 0, in_w = 0;
  Winograd winograd = Winograd::Auto;
};

class Conv2d {
 public:
  enum class Path { Gemm1x1, Direct, Im2col, Depthwise3x3, Winograd };

  // w: Cout x (Cin / group) x kh x kw; bias: Cout floats or null. Throws
  // InvalidArgument naming func and the parameter for inconsistent values.
  static Conv2d create(const char* func, const float* w, int64_t out_channels,
                       int64_t in_channels, const float* bias, const Conv2dParams& p,
                       const Epilogue& act, const Conv2dHint& hint = {});
  // Whether Winograd beats Direct for a cin -> cout layer on an h x w input
  // (0 x 0: unknown, assumed large), by the cost model in conv_winograd.cpp.
  static bool winograd_wins(int64_t cin, int64_t cout, const Conv2dParams& p, int64_t h,
                            int64_t w, GemmTile tile);

  Path path() const { return path_; }
  int64_t out_channels() const { return cout_; }
  int64_t in_channels() const { return cin_; }
  // Output height / width for an H x W input; InvalidArgument if < 1.
  int64_t out_h(const char* func, int64_t h) const;
  int64_t out_w(const char* func, int64_t w) const;
  size_t workspace_floats(int64_t h, int64_t w, int threads) const;
  // x: batch x Cin x H x W, y: batch x Cout x OH x OW, both contiguous and
  // not overlapping each other or the workspace.
  void run(const char* func, const float* x, int64_t batch, int64_t h, int64_t w, float* y,
           float* workspace, size_t workspace_floats) const;

 private:
  // Direct path: scratch layout for an h x w input (conv_direct.cpp).
  struct DirectLayout {
    int64_t sh, sw, hp, wp, oh, ow;  // strides, padded input and output sizes
    int64_t hph, wph, plane, chan;   // phase plane sizes, hph * wph, sh * sw * plane
    size_t xpad, koff, grid;     // float offsets of the three areas
    size_t total;                // floats, alignment slack included
  };
  DirectLayout direct_layout(int64_t h, int64_t w) const;
  // Winograd path (conv_winograd.cpp): scratch layout for an h x w input.
  struct WinogradLayout {
    int64_t oh, ow, th, tw;    // output, tile rows and columns
    int64_t pitch, grid;       // tile grid with one dropped column per row
    int64_t plane;             // floats per phase plane (4 per channel)
    int64_t nb, blocks;        // grid positions per job, position blocks
    int64_t ob, cblocks;       // output channels per job, channel blocks
    size_t xpad, slot0, slot;  // phase planes, first job slot, floats per slot
  };
  static bool winograd_fits(int64_t cin, int64_t cout, const Conv2dParams& p);
  // Transforms the OIHW weights and packs one A per transform position.
  void pack_winograd(const char* func, const float* w, GemmTile tile);
  WinogradLayout winograd_layout(int64_t h, int64_t w) const;
  size_t winograd_workspace(int64_t h, int64_t w, int threads) const;
  void run_winograd(const char* func, const float* x, int64_t h, int64_t w, float* y,
                    float* workspace, size_t workspace_floats, int threads) const;
  // 64-byte aligned start of a workspace; 1x1 path: floats of its koff.
  static float* workspace_aligned(float* workspace);
  size_t koff_floats() const;
  // One image (Cin x H x W -> Cout x OH x OW) of a GEMM path; threads as
  // gemm_packed_a (0 = the pool's count).
  void run_image(const char* func, const float* x, int64_t h, int64_t w, float* y,
                 float* workspace, size_t workspace_floats, int threads) const;
  void run_direct(const char* func, const float* x, int64_t h, int64_t w, float* y,
                  float* workspace, size_t workspace_floats, int threads) const;
  // Zero-padded plane plus row-kernel slack, floats (depthwise path).
  int64_t depthwise_plane_floats(int64_t h, int64_t w) const;
  void run_depthwise(const char* func, const float* x, int64_t batch, int64_t h, int64_t w,
                     float* y, float* workspace, size_t workspace_floats) const;

  Path path_ = Path::Im2col;
  Conv2dParams p_;
  Epilogue act_;
  int64_t cout_ = 0, cin_ = 0;
  std::vector<PackedMatrix> packed_;  // one per group (GEMM paths), per position (Winograd)
  std::vector<float> weights_;        // depthwise: Cout x 9
  std::vector<float> bias_;           // empty or Cout
};

// im2col straight into packed B panels: for output pixels [n0, n0 + nc)
// (row-major over OH x OW) and depth rows [k0, k0 + kc) (c, ky, kx order)
// of one group's input planes `x` (Cg x H x W).
struct Im2colGeometry {
  int64_t h, w, oh, ow;
  Conv2dParams p;
};
void im2col_pack_block(const float* x, const Im2colGeometry& g, int64_t k0, int64_t kc,
                       int64_t n0, int64_t nc, int nr, float* dst);

}  // namespace vc::dnn
