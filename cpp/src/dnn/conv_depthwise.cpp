// Depthwise 3x3 convolution: each plane copied once into zero-padded
// scratch, then one f32_dwconv3x3_row call per output row.
#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>

#include "dnn/conv.hpp"
#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

void Conv2d::run_depthwise(const char* func, const float* x, int64_t batch, int64_t h, int64_t w,
                           float* y, float* workspace, size_t workspace_floats) const {
  const int64_t oh = out_h(func, h), ow = out_w(func, w);
  const int64_t wp = std::max(w + p_.pad_left + p_.pad_right, p_.stride_w * (ow - 1) + 3);
  const size_t per_slot = this->workspace_floats(h, w, 1);
  const int64_t planes = batch * cout_;
  const int64_t fit = static_cast<int64_t>(workspace_floats / per_slot);
  if (fit < 1) {
    throw_invalid(func, "workspace", "at least " + std::to_string(per_slot) + " floats",
                  std::to_string(workspace_floats));
  }
  const int64_t slots = std::max<int64_t>(1, std::min<int64_t>({get_num_threads(), planes, fit}));
  const auto row_kernel = kernels::active_kernels().f32_dwconv3x3_row;
  const KernelEpilogue ke = kernel_epilogue(act_);
  const unsigned flags = ke.flags | (bias_.empty() ? 0u : kernels::kGemmBiasRow);
  // Planes are taken from a shared counter in runs of `run` consecutive
  // planes: one plane of a 7x7 layer is ~0.1 us of work, and threads taking
  // single planes in turn fight over the counter and over the output cache
  // lines that adjacent small planes share (MobileNetV2's 960-channel 7x7
  // layer took 2.3x longer on 2 threads than on 1). About 8 runs per slot
  // still balance a slowed thread.
  const int64_t run = std::max<int64_t>(1, planes / (8 * slots));
  const int64_t runs = (planes + run - 1) / run;
  std::atomic<int64_t> next{0};
  parallel_for(0, slots, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      float* pad = workspace + static_cast<size_t>(s) * per_slot;
      pad = reinterpret_cast<float*>((reinterpret_cast<uintptr_t>(pad) + 63) & ~uintptr_t{63});
      // the borders and the row slack stay zero: only the interior is
      // rewritten per plane
      std::memset(pad, 0, static_cast<size_t>(depthwise_plane_floats(h, w)) * sizeof(float));
      const auto one_plane = [&](int64_t q) {
        const int64_t ch = q % cout_;
        const float* src = x + q * h * w;
        for (int64_t r = 0; r < h; ++r) {
          std::memcpy(pad + (r + p_.pad_top) * wp + p_.pad_left, src + r * w,
                      static_cast<size_t>(w) * sizeof(float));
        }
        const float* k9 = weights_.data() + ch * 9;
        const float* bias = bias_.empty() ? nullptr : bias_.data() + ch;
        float* dst = y + q * oh * ow;
        for (int64_t oy = 0; oy < oh; ++oy) {
          const float* r0 = pad + oy * p_.stride_h * wp;
          row_kernel(r0, r0 + wp, r0 + 2 * wp, k9, static_cast<size_t>(ow),
                     static_cast<size_t>(p_.stride_w), dst + oy * ow, flags, bias, ke.params);
        }
        if (ke.post) apply_post_activation(act_, dst, static_cast<size_t>(oh * ow));
      };
      // runs of planes from a shared counter (see run_slots in gemm.cpp)
      for (int64_t ri = next.fetch_add(1, std::memory_order_relaxed); ri < runs;
           ri = next.fetch_add(1, std::memory_order_relaxed)) {
        for (int64_t q = ri * run; q < std::min(planes, (ri + 1) * run); ++q) one_plane(q);
      }
    }
  });
}

}  // namespace vc::dnn
