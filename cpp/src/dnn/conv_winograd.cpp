// Winograd F(2x2, 3x3) for 3x3 stride-1 dilation-1 ungrouped convolutions.
//
// Each 2x2 output tile is computed from a 4x4 input patch d as
//   Y = A^T [ (G g G^T) .* (B^T d B) ] A
// with (Lavin & Gray, "Fast Algorithms for Convolutional Neural Networks")
//   B^T = [1 0 -1 0; 0 1 1 0; 0 -1 1 0; 0 1 0 -1]
//   G   = [1 0 0; 1/2 1/2 1/2; 1/2 -1/2 1/2; 0 0 1]
//   A^T = [1 1 1 0; 0 1 -1 -1].
// Summed over input channels, the element-wise product becomes 16
// independent GEMMs, one per position of the 4x4 transform:
//   M[pos] (Cout x T) = U[pos] (Cout x Cin) . V[pos] (Cin x T)
// over the T tiles of the image: 16 * Cin multiply-adds per 4 outputs
// instead of 36 * Cin, 2.25x fewer. F(2, 3) keeps the transforms' constants
// 0, +-1 and 1/2 (exact in float): its error stays within a few ulp of the
// direct sum, where F(4, 3)'s larger constants lose about two decimal digits.
//
// Data flow of one image:
//  1. the input is copied once, zero-padded, into four phase planes per
//     channel split by (row parity, column parity), each (tH + 1) x pitch
//     with pitch = tW + 1. Tile (ty, tx) is then grid position
//     q = ty * pitch + tx, and its 4x4 patch is four unit-stride reads per
//     phase plane at q, q + 1, q + pitch, q + pitch + 1, so the input
//     transform runs over consecutive q across tile rows (long vectors even
//     for 7x7 images); the one extra column per row is computed and dropped.
//  2. jobs = (block of grid positions, block of output channels). A job
//     transforms its positions for every input channel straight into packed
//     B panels (kernels/dnn.inc f32_winograd_f2k3_input), runs the 16 GEMMs
//     on whole register tiles with the GEMM microkernel, and transforms M
//     back with bias and activation fused (f32_winograd_f2k3_output_minmax).
//     V and M of a job stay in the per-thread scratch slot (about 1 MB).
// No output's arithmetic depends on the blocking, so results are identical
// for every thread count; across ISA levels they differ by the GEMM's FMA
// rounding only (the transforms are bit-identical at every level).
#include <algorithm>
#include <atomic>
#include <cstring>
#include <string>

#include "dnn/conv.hpp"
#include "dnn/gemm.hpp"
#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

size_t align16(size_t v) { return (v + 15) / 16 * 16; }
int64_t div_up(int64_t a, int64_t b) { return (a + b - 1) / b; }
int64_t round_up(int64_t v, int64_t m) { return div_up(v, m) * m; }

constexpr int kPos = 16;  // 4x4 transform positions
// V + M of one job, floats: about 1 MB, half an L2 of the machines we tune
// on, so that both stay cached between the transforms and the GEMMs.
constexpr int64_t kSlotBudget = int64_t{1} << 18;
// Fewest output channels of one job: below this the job's GEMM no longer
// hides the input transform it repeats.
constexpr int64_t kMinJobChannels = 64;
// Jobs wanted per image when the image allows (splitting output channels
// when it has few position blocks), enough to balance a few threads.
constexpr int64_t kWantJobs = 8;

using Ukernel = void (*)(size_t, size_t, size_t, const float*, const float*, float*, size_t,
                         unsigned, const float*, const float*);

Ukernel ukernel_for(GemmTile tile) {
  const auto& t = kernels::active_kernels();
  if (tile.mr == 8 && tile.nr == 32) return t.f32_gemm_minmax_8x32;
  if (tile.mr == 6 && tile.nr == 16) return t.f32_gemm_minmax_6x16;
  return t.f32_gemm_minmax_4x8;
}

}  // namespace

bool Conv2d::winograd_fits(int64_t cin, int64_t cout, const Conv2dParams& p) {
  return p.group == 1 && p.kernel_h == 3 && p.kernel_w == 3 && p.stride_h == 1 &&
         p.stride_w == 1 && p.dilation_h == 1 && p.dilation_w == 1 &&
         cin >= kWinogradMinChannels && cout >= kWinogradMinChannels;
}

// Cost per (input, output) channel pair, in multiply-adds at full register
// tiles: the GEMM columns each weight meets (Winograd: the tile grid with
// its dropped column, 16 weights; Direct: the output rows at padded width,
// 9 weights) plus kWeightCost for streaming that weight in, which is what
// small images pay for (measured, AVX-512, one thread, ms Winograd / Direct:
// 64ch@56 1.41 / 1.82, 128@28 1.22 / 1.81, 256@14 1.35 / 1.83, 512@7
// 4.15 / 2.85: at 7x7 the 16/9 larger weights outweigh the multiply-adds),
// plus the transforms, which matter at few channels.
// Winograd must win by kWinogradMargin to be taken.
bool Conv2d::winograd_wins(int64_t cin, int64_t cout, const Conv2dParams& p, int64_t h,
                           int64_t w, GemmTile tile) {
  if (h < 1 || w < 1) return true;  // unknown size: the large images it is for
  constexpr double kWeightCost = 48.0;
  constexpr double kWinogradMargin = 0.9;
  const int64_t oh = h + p.pad_top + p.pad_bottom - 2, ow = w + p.pad_left + p.pad_right - 2;
  if (oh < 1 || ow < 1) return false;
  const int64_t grid = (oh + 1) / 2 * ((ow + 1) / 2 + 1);
  const int64_t direct_cols = oh * (w + p.pad_left + p.pad_right);
  // the transforms, per tile and channel in or out, about 18 multiply-adds'
  // time (28 % of the 64-channel layer above)
  const double transforms = 16.0 * 18.0 * static_cast<double>(grid) *
                            static_cast<double>(cin + cout) / static_cast<double>(cin * cout);
  const double wino =
      16.0 * (static_cast<double>(round_up(grid, tile.nr)) + kWeightCost) + transforms;
  const double direct = 9.0 * (static_cast<double>(round_up(direct_cols, tile.nr)) + kWeightCost);
  return wino < kWinogradMargin * direct;
}

void Conv2d::pack_winograd(const char* func, const float* w, GemmTile tile) {
  // U[pos][o][c] = (G g G^T)[pos] in double, rounded once to float
  const double g_mat[4][3] = {{1, 0, 0}, {0.5, 0.5, 0.5}, {0.5, -0.5, 0.5}, {0, 0, 1}};
  std::vector<float> u(static_cast<size_t>(kPos * cout_ * cin_));
  for (int64_t o = 0; o < cout_; ++o) {
    for (int64_t c = 0; c < cin_; ++c) {
      const float* g = w + (o * cin_ + c) * 9;
      double t[4][3];  // G g
      for (int i = 0; i < 4; ++i)
        for (int j = 0; j < 3; ++j)
          t[i][j] = g_mat[i][0] * g[j] + g_mat[i][1] * g[3 + j] + g_mat[i][2] * g[6 + j];
      for (int i = 0; i < 4; ++i) {
        for (int j = 0; j < 4; ++j) {
          const double v = t[i][0] * g_mat[j][0] + t[i][1] * g_mat[j][1] + t[i][2] * g_mat[j][2];
          u[static_cast<size_t>(((i * 4 + j) * cout_ + o) * cin_ + c)] = static_cast<float>(v);
        }
      }
    }
  }
  packed_.reserve(kPos);
  for (int pos = 0; pos < kPos; ++pos) {
    packed_.push_back(pack_a(func, u.data() + pos * cout_ * cin_, cout_, cin_, cin_, tile));
  }
}

Conv2d::WinogradLayout Conv2d::winograd_layout(int64_t h, int64_t w) const {
  WinogradLayout l;
  l.oh = out_h("Conv2d::workspace_floats", h);
  l.ow = out_w("Conv2d::workspace_floats", w);
  l.th = (l.oh + 1) / 2;
  l.tw = (l.ow + 1) / 2;
  l.pitch = l.tw + 1;
  l.grid = l.th * l.pitch;
  const GemmTile tile = packed_[0].tile;
  const int64_t panels = div_up(l.grid, tile.nr);
  // position blocks of whole panels within the slot budget, balanced
  const int64_t per_panel = kPos * tile.nr * (cin_ + cout_);
  const int64_t max_panels = std::max<int64_t>(1, kSlotBudget / per_panel);
  l.blocks = div_up(panels, max_panels);
  l.nb = div_up(panels, l.blocks) * tile.nr;
  l.blocks = div_up(panels * tile.nr, l.nb);
  // output channel blocks when there are few position blocks
  const int64_t cblocks = std::max<int64_t>(
      1, std::min(div_up(kWantJobs, l.blocks), cout_ / kMinJobChannels));
  l.ob = round_up(div_up(cout_, cblocks), tile.mr);
  l.cblocks = div_up(cout_, l.ob);
  // phase planes: the grid plus the reads of the last panel's columns past
  // it (q + pitch + 1 for q < panels * nr), zero
  l.plane = static_cast<int64_t>(align16(static_cast<size_t>(panels * tile.nr + l.pitch + 1)));
  l.xpad = 0;
  l.slot0 = align16(static_cast<size_t>(cin_ * 4 * l.plane));
  l.slot = align16(static_cast<size_t>(kPos * l.nb * (cin_ + l.ob)));
  return l;
}

size_t Conv2d::winograd_workspace(int64_t h, int64_t w, int threads) const {
  const WinogradLayout l = winograd_layout(h, w);
  const int64_t slots = std::min<int64_t>(std::max(1, threads), l.blocks * l.cblocks);
  return 16 + l.slot0 + l.slot * static_cast<size_t>(slots);
}

void Conv2d::run_winograd(const char* func, const float* x, int64_t h, int64_t w, float* y,
                          float* workspace, size_t workspace_floats, int threads) const {
  const WinogradLayout l = winograd_layout(h, w);
  const size_t need = winograd_workspace(h, w, 1);
  if (workspace_floats < need) {
    throw_invalid(func, "workspace", "at least " + std::to_string(need) + " floats",
                  std::to_string(workspace_floats));
  }
  float* base = workspace_aligned(workspace);
  const size_t left = workspace_floats - static_cast<size_t>(base - workspace) - l.slot0;
  const int64_t jobs = l.blocks * l.cblocks;
  const int64_t nthreads = threads > 0 ? threads : get_num_threads();
  const int64_t slots = std::max<int64_t>(
      1, std::min<int64_t>({nthreads, jobs, static_cast<int64_t>(left / l.slot)}));
  const int64_t plane = l.plane, chan = 4 * plane, pitch = l.pitch;

  // 1. zero-padded phase planes: padded pixel (r, u) of channel c goes to
  // plane (r % 2, u % 2) at (r / 2) * pitch + u / 2
  const int64_t in_grain =
      slots > 1 ? std::max<int64_t>(1, (1 << 14) / std::max<int64_t>(chan, 1)) : cin_;
  parallel_for(0, cin_, in_grain, [&](int64_t c0, int64_t c1) {
    for (int64_t c = c0; c < c1; ++c) {
      float* dp = base + l.xpad + c * chan;
      const float* sp = x + c * h * w;
      std::memset(dp, 0, static_cast<size_t>(chan) * sizeof(float));
      for (int64_t r = 0; r < h; ++r) {
        const int64_t pr = r + p_.pad_top;
        const float* src = sp + r * w;
        for (int64_t cp = 0; cp < 2; ++cp) {
          // input columns ix with (ix + pad_left) % 2 == cp
          const int64_t ix0 = (cp + p_.pad_left) % 2;
          float* d = dp + ((pr % 2) * 2 + cp) * plane + (pr / 2) * pitch + (ix0 + p_.pad_left) / 2;
          const int64_t n = (w - ix0 + 1) / 2;
          for (int64_t t = 0; t < n; ++t) d[t] = src[ix0 + 2 * t];
        }
      }
    }
  });

  // 2. jobs, output channel block major: consecutive jobs share U's rows
  const kernels::KernelTable& kt = kernels::active_kernels();
  const GemmTile tile = packed_[0].tile;
  const Ukernel uk = ukernel_for(tile);
  const int64_t kcmax = gemm_kc(cin_);
  const KernelEpilogue ke = kernel_epilogue(act_);
  const unsigned out_flags = ke.flags | (bias_.empty() ? 0u : kernels::kGemmBiasRow);
  const float no_params[3] = {0.0f, 0.0f, 0.0f};
  const int64_t oplane = l.oh * l.ow;
  std::atomic<int64_t> next{0};
  parallel_for(0, slots, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      float* vbuf = base + l.slot0 + static_cast<size_t>(s) * l.slot;
      float* mbuf = vbuf + kPos * l.nb * cin_;
      for (int64_t job = next.fetch_add(1, std::memory_order_relaxed); job < jobs;
           job = next.fetch_add(1, std::memory_order_relaxed)) {
        const int64_t q0 = (job % l.blocks) * l.nb;
        const int64_t o0 = (job / l.blocks) * l.ob;
        const int64_t oc = std::min(l.ob, cout_ - o0);
        const int64_t nq = std::min(l.nb, round_up(l.grid, tile.nr) - q0);  // whole panels

        // 2a. V = B^T d B, packed: position p, panel j, channel c at
        // p * (cin * nb) + j * (cin * nr) + c * nr
        const size_t vstride = static_cast<size_t>(cin_ * l.nb);
        for (int64_t j = 0; j < nq; j += tile.nr) {
          for (int64_t c = 0; c < cin_; ++c) {
            kt.f32_winograd_f2k3_input(static_cast<size_t>(tile.nr),
                                       base + l.xpad + c * chan + q0 + j,
                                       static_cast<size_t>(pitch), static_cast<size_t>(plane),
                                       vbuf + j * cin_ + c * tile.nr, vstride);
          }
        }

        // 2b. M[pos] (oc x nq, row stride nb) = U[pos] . V[pos], whole
        // register tiles (A's rows past Cout and V's columns past the grid
        // are zero or dropped)
        for (int pos = 0; pos < kPos; ++pos) {
          const PackedMatrix& a = packed_[static_cast<size_t>(pos)];
          const float* vp = vbuf + pos * vstride;
          float* mp = mbuf + pos * l.ob * l.nb;
          for (int64_t k0 = 0; k0 < cin_; k0 += kcmax) {
            const int64_t kc = std::min(kcmax, cin_ - k0);
            const unsigned flags = k0 > 0 ? kernels::kGemmAccumulate : 0u;
            for (int64_t j = 0; j < nq; j += tile.nr) {
              const float* bp = vp + j * cin_ + k0 * tile.nr;
              for (int64_t i = 0; i < oc; i += tile.mr) {
                uk(static_cast<size_t>(tile.mr), static_cast<size_t>(tile.nr),
                   static_cast<size_t>(kc), a.panel_data((o0 + i) / tile.mr) + k0 * tile.mr, bp,
                   mp + i * l.nb + j, static_cast<size_t>(l.nb), flags, nullptr, no_params);
              }
            }
          }
        }

        // 2c. Y = A^T M A + bias, activation; tile rows of the block
        const int64_t qend = std::min(q0 + nq, l.grid);
        const size_t mstride = static_cast<size_t>(l.ob * l.nb);
        for (int64_t o = 0; o < oc; ++o) {
          const float* mo = mbuf + o * l.nb;
          float* yo = y + (o0 + o) * oplane;
          const float* bias = bias_.empty() ? nullptr : bias_.data() + o0 + o;
          for (int64_t q = q0; q < qend;) {
            const int64_t ty = q / pitch, tx = q % pitch;
            const int64_t row_end = std::min(qend, (ty + 1) * pitch);
            if (tx >= l.tw) {  // the dropped column
              q = row_end;
              continue;
            }
            const int64_t n = std::min(row_end, ty * pitch + l.tw) - q;
            const int64_t cols = std::min(2 * n, l.ow - 2 * tx);
            float* y0 = yo + 2 * ty * l.ow + 2 * tx;
            float* y1 = 2 * ty + 1 < l.oh ? y0 + l.ow : nullptr;
            kt.f32_winograd_f2k3_output_minmax(static_cast<size_t>(n), static_cast<size_t>(cols),
                                               mo + (q - q0), mstride, y0, y1, out_flags, bias,
                                               ke.params);
            if (ke.post) {
              apply_post_activation(act_, y0, static_cast<size_t>(cols));
              if (y1) apply_post_activation(act_, y1, static_cast<size_t>(cols));
            }
            q += n;
          }
        }
      }
    }
  });
}

}  // namespace vc::dnn
