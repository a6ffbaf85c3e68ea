// The GEMM driver: K blocking, jobs over M x N blocks, per-slot scratch.
#include "dnn/gemm.hpp"

#include <algorithm>
#include <atomic>
#include <string>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

using Ukernel = void (*)(size_t, size_t, size_t, const float*, const float*, float*, size_t,
                         unsigned, const float*, const float*);

Ukernel ukernel_for(GemmTile tile) {
  const auto& t = kernels::active_kernels();
  if (tile.mr == 8 && tile.nr == 32) return t.f32_gemm_minmax_8x32;
  if (tile.mr == 6 && tile.nr == 16) return t.f32_gemm_minmax_6x16;
  return t.f32_gemm_minmax_4x8;
}

// The one-row tile of the same width (same arithmetic per row).
Ukernel row_ukernel_for(GemmTile tile) {
  const auto& t = kernels::active_kernels();
  if (tile.nr == 32) return t.f32_gemm_minmax_1x32;
  if (tile.nr == 16) return t.f32_gemm_minmax_1x16;
  return t.f32_gemm_minmax_1x8;
}

// Rows a short row tile runs one by one with the one-row kernel: an MR-row
// tile costs the same for 1 row as for MR, the one-row kernel a quarter of
// an 8-row tile's time for 2 rows (B comes from L1 for the second).
bool rows_one_by_one(size_t mr, int tile_mr) { return 4 * mr <= static_cast<size_t>(tile_mr); }

using RowsUkernel = void (*)(size_t, size_t, size_t, const float*, const float*, const ptrdiff_t*,
                             float*, size_t, unsigned, const float*, const float*);

RowsUkernel rows_ukernel_for(GemmTile tile) {
  const auto& t = kernels::active_kernels();
  if (tile.mr == 8 && tile.nr == 32) return t.f32_gemm_rows_minmax_8x32;
  if (tile.mr == 6 && tile.nr == 16) return t.f32_gemm_rows_minmax_6x16;
  return t.f32_gemm_rows_minmax_4x8;
}

// Largest block of the on-the-fly operand, in rows (A) or columns (B).
constexpr int64_t kMaxMc = 192;
constexpr int64_t kMaxNc = 384;
constexpr size_t kSlotPad = 16;  // floats, keeps every slot 64-byte aligned
// Jobs of gemm_packed_a_rows at most this many column tiles wide run each
// A panel over the whole depth (B of 8 tiles, 256 wide, stays in L2).
constexpr int64_t kNarrowTiles = 8;

int64_t round_up(int64_t v, int64_t m) { return (v + m - 1) / m * m; }
int64_t div_up(int64_t a, int64_t b) { return (a + b - 1) / b; }

// M x N split into jobs of whole tiles: at most max_m x max_n, and enough
// of them (about 4 per thread when the matrix allows) to balance the pool.
struct Jobs {
  int64_t mc, nc, mb, nb;
  int64_t count() const { return mb * nb; }
};
// columns_first: the jobs pack their B block themselves (gemm_packed_a), so
// every M split packs the same columns again: split N as far as it goes and
// M only to give each thread one job.
Jobs split_jobs(int64_t m, int64_t n, GemmTile tile, int64_t max_m, int64_t max_n, int threads,
                int64_t per_thread = 4, bool columns_first = false) {
  int64_t mb = div_up(m, max_m), nb = div_up(n, max_n);
  const int64_t mt = div_up(m, tile.mr), nt = div_up(n, tile.nr);
  const int64_t want = threads > 1 ? per_thread * threads : 1;
  if (columns_first) {
    while (mb * nb < want && div_up(nt, nb) > 1) ++nb;
    while (mb * nb < threads && div_up(mt, mb) > 1) ++mb;
  }
  while (mb * nb < want && !columns_first) {
    // split the side with more tiles per block
    const int64_t per_m = div_up(mt, mb), per_n = div_up(nt, nb);
    if (per_n >= per_m && per_n > 1) {
      ++nb;
    } else if (per_m > 1) {
      ++mb;
    } else {
      break;
    }
  }
  Jobs j;
  j.mc = round_up(div_up(m, mb), tile.mr);
  j.nc = round_up(div_up(n, nb), tile.nr);
  j.mb = div_up(m, j.mc);
  j.nb = div_up(n, j.nc);
  return j;
}

// Epilogue pieces common to both drivers.
struct EpilogueBits {
  KernelEpilogue k;
  unsigned last_flags;
};
EpilogueBits epilogue_bits(const GemmEpilogue& ep) {
  EpilogueBits e{kernel_epilogue(ep.act), 0};
  e.last_flags = kernels::kGemmLast | e.k.flags;
  if (ep.bias && ep.bias_mode == BiasMode::PerRow) e.last_flags |= kernels::kGemmBiasRow;
  if (ep.bias && ep.bias_mode == BiasMode::PerColumn) e.last_flags |= kernels::kGemmBiasCol;
  return e;
}

const float* tile_bias(const GemmEpilogue& ep, int64_t i, int64_t j) {
  if (!ep.bias) return nullptr;
  return ep.bias_mode == BiasMode::PerRow ? ep.bias + i : ep.bias + j;
}

// Runs jobs 0..count-1 over `slots` pool chunks; chunk s uses scratch slot
// s, so no two running jobs share scratch. Each chunk takes the next job
// from a shared counter until none is left: a thread that is slowed (or
// never joins, on a busy machine) leaves its share to the others instead
// of holding a fixed round-robin part. Which thread runs a job never
// changes its arithmetic.
template <class Fn>
void run_slots(int64_t jobs, int64_t slots, Fn&& fn) {
  std::atomic<int64_t> next{0};
  parallel_for(0, slots, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      for (int64_t job = next.fetch_add(1, std::memory_order_relaxed); job < jobs;
           job = next.fetch_add(1, std::memory_order_relaxed)) {
        fn(s, job);
      }
    }
  });
}

int64_t usable_slots(const char* func, int64_t jobs, size_t per_slot, size_t workspace_floats) {
  const int64_t threads = std::max(1, get_num_threads());
  const int64_t fit = static_cast<int64_t>(workspace_floats / per_slot);
  if (fit < 1) {
    throw_invalid(func, "workspace", "at least " + std::to_string(per_slot) + " floats",
                  std::to_string(workspace_floats));
  }
  return std::max<int64_t>(1, std::min({threads, jobs, fit}));
}

float* slot_ptr(float* workspace, size_t per_slot, int64_t s) {
  float* p = workspace + static_cast<size_t>(s) * per_slot;
  const auto addr = reinterpret_cast<uintptr_t>(p);
  return reinterpret_cast<float*>((addr + 63) & ~uintptr_t{63});
}

}  // namespace

int64_t gemm_kc(int64_t k) {
  // equal blocks of at most 256: no short last block paying a full C
  // load / store for a few k steps
  if (k <= 384) return k;
  const int64_t blocks = div_up(k, 256);
  return div_up(k, blocks);
}

size_t gemm_packed_b_workspace(int64_t m, const PackedMatrix& b, int threads) {
  const int64_t mc = std::min(round_up(m, b.tile.mr), round_up(kMaxMc, b.tile.mr));
  const size_t per = static_cast<size_t>(mc * gemm_kc(b.depth)) + kSlotPad;
  return per * static_cast<size_t>(std::max(1, threads));
}

void gemm_packed_b(const char* func, const float* a, int64_t m, int64_t lda,
                   const PackedMatrix& b, float* c, int64_t ldc, const GemmEpilogue& ep,
                   float* workspace, size_t workspace_floats) {
  const GemmTile tile = b.tile;
  const int64_t k = b.depth, n = b.extent, kcmax = gemm_kc(k);
  const Ukernel uk = ukernel_for(tile), uk1 = row_ukernel_for(tile);
  const EpilogueBits eb = epilogue_bits(ep);
  const size_t per_slot = gemm_packed_b_workspace(m, b, 1);
  const Jobs jobs = split_jobs(m, n, tile, round_up(kMaxMc, tile.mr), kMaxNc,
                               std::max(1, get_num_threads()));
  const int64_t slots = usable_slots(func, jobs.count(), per_slot, workspace_floats);
  run_slots(jobs.count(), slots, [&](int64_t s, int64_t job) {
    float* apack = slot_ptr(workspace, per_slot, s);
    const int64_t m0 = (job / jobs.nb) * jobs.mc, n0 = (job % jobs.nb) * jobs.nc;
    const int64_t mc = std::min(jobs.mc, m - m0), nc = std::min(jobs.nc, n - n0);
    if (rows_one_by_one(static_cast<size_t>(mc), tile.mr)) {
      // a few rows (batch 1): each B panel streamed once over the whole
      // depth, the rows read in place. No K blocking: a row stays in L1 and
      // the sum keeps its order (a K block's float store changes no bits).
      for (int64_t j = 0; j < nc; j += tile.nr) {
        const float* bp = b.panel_data((n0 + j) / tile.nr);
        const size_t nr = static_cast<size_t>(std::min<int64_t>(tile.nr, nc - j));
        for (int64_t r = m0; r < m0 + mc; ++r) {
          uk1(1, nr, static_cast<size_t>(k), a + r * lda, bp, c + r * ldc + n0 + j,
              static_cast<size_t>(ldc), eb.last_flags, tile_bias(ep, r, n0 + j), eb.k.params);
        }
      }
      if (eb.k.post) {
        for (int64_t i = 0; i < mc; ++i)
          apply_post_activation(ep.act, c + (m0 + i) * ldc + n0, static_cast<size_t>(nc));
      }
      return;
    }
    for (int64_t k0 = 0; k0 < k; k0 += kcmax) {
      const int64_t kc = std::min(kcmax, k - k0);
      const bool last = k0 + kc == k;
      const unsigned flags = (k0 > 0 ? kernels::kGemmAccumulate : 0u) | (last ? eb.last_flags : 0u);
      pack_a_block(a + m0 * lda + k0, lda, mc, kc, tile.mr, apack);
      for (int64_t j = 0; j < nc; j += tile.nr) {
        const float* bp = b.panel_data((n0 + j) / tile.nr) + k0 * tile.nr;
        const size_t nr = static_cast<size_t>(std::min<int64_t>(tile.nr, nc - j));
        for (int64_t i = 0; i < mc; i += tile.mr) {
          const size_t mr = static_cast<size_t>(std::min<int64_t>(tile.mr, mc - i));
          if (rows_one_by_one(mr, tile.mr)) {  // A rows read in place
            for (int64_t r = i; r < i + static_cast<int64_t>(mr); ++r) {
              uk1(1, nr, static_cast<size_t>(kc), a + (m0 + r) * lda + k0, bp,
                  c + (m0 + r) * ldc + n0 + j, static_cast<size_t>(ldc), flags,
                  tile_bias(ep, m0 + r, n0 + j), eb.k.params);
            }
            continue;
          }
          uk(mr, nr, static_cast<size_t>(kc), apack + i * kc, bp,
             c + (m0 + i) * ldc + n0 + j, static_cast<size_t>(ldc), flags,
             tile_bias(ep, m0 + i, n0 + j), eb.k.params);
        }
      }
    }
    if (eb.k.post) {
      for (int64_t i = 0; i < mc; ++i)
        apply_post_activation(ep.act, c + (m0 + i) * ldc + n0, static_cast<size_t>(nc));
    }
  });
}

size_t gemm_packed_a_workspace(const PackedMatrix& a, int64_t n, int threads) {
  const int64_t nc = std::min(round_up(n, a.tile.nr), kMaxNc);
  const size_t per = static_cast<size_t>(nc * gemm_kc(a.depth)) + kSlotPad;
  return per * static_cast<size_t>(std::max(1, threads));
}

int gemm_threads(int64_t m, int64_t k, int64_t n, int threads) {
  const int64_t t = threads > 0 ? threads : std::max(1, get_num_threads());
  const int64_t macs = m * k * n;  // sizes are checked tensor dims: no overflow
  return static_cast<int>(std::max<int64_t>(1, std::min(t, macs / kGemmMinJobMacs)));
}

void gemm_packed_a(const char* func, const PackedMatrix& a, int64_t n, BlockPacker pack,
                   float* c, int64_t ldc, const GemmEpilogue& ep, float* workspace,
                   size_t workspace_floats, int threads) {
  const GemmTile tile = a.tile;
  const int64_t k = a.depth, m = a.extent, kcmax = gemm_kc(k);
  const Ukernel uk = ukernel_for(tile);
  const EpilogueBits eb = epilogue_bits(ep);
  const size_t per_slot = gemm_packed_a_workspace(a, n, 1);
  const int nthreads = gemm_threads(m, k, n, threads);
  // M blocks only to spread work; the packed weights are read in place.
  const Jobs jobs = split_jobs(m, n, tile, round_up(1024, tile.mr), kMaxNc, nthreads, 4,
                               /*columns_first=*/true);
  const int64_t slots =
      std::min<int64_t>(nthreads, usable_slots(func, jobs.count(), per_slot, workspace_floats));
  run_slots(jobs.count(), slots, [&](int64_t s, int64_t job) {
    float* bpack = slot_ptr(workspace, per_slot, s);
    const int64_t m0 = (job / jobs.nb) * jobs.mc, n0 = (job % jobs.nb) * jobs.nc;
    const int64_t mc = std::min(jobs.mc, m - m0), nc = std::min(jobs.nc, n - n0);
    for (int64_t k0 = 0; k0 < k; k0 += kcmax) {
      const int64_t kc = std::min(kcmax, k - k0);
      const bool last = k0 + kc == k;
      const unsigned flags = (k0 > 0 ? kernels::kGemmAccumulate : 0u) | (last ? eb.last_flags : 0u);
      pack(k0, kc, n0, nc, tile.nr, bpack);
      for (int64_t j = 0; j < nc; j += tile.nr) {
        const float* bp = bpack + j * kc;
        const size_t nr = static_cast<size_t>(std::min<int64_t>(tile.nr, nc - j));
        for (int64_t i = 0; i < mc; i += tile.mr) {
          const size_t mr = static_cast<size_t>(std::min<int64_t>(tile.mr, mc - i));
          uk(mr, nr, static_cast<size_t>(kc), a.panel_data((m0 + i) / tile.mr) + k0 * tile.mr,
             bp, c + (m0 + i) * ldc + n0 + j, static_cast<size_t>(ldc), flags,
             tile_bias(ep, m0 + i, n0 + j), eb.k.params);
        }
      }
    }
    if (eb.k.post) {
      for (int64_t i = 0; i < mc; ++i)
        apply_post_activation(ep.act, c + (m0 + i) * ldc + n0, static_cast<size_t>(nc));
    }
  });
}

void gemm_packed_a_rows(const PackedMatrix& a, int64_t n, const float* b, const ptrdiff_t* koff,
                        float* c, int64_t ldc, const GemmEpilogue& ep, int threads) {
  const GemmTile tile = a.tile;
  const int64_t k = a.depth, m = a.extent, kcmax = gemm_kc(k);
  const RowsUkernel uk = rows_ukernel_for(tile);
  const EpilogueBits eb = epilogue_bits(ep);
  const int nthreads = gemm_threads(m, k, n, threads);
  // Jobs here pack nothing, so many small ones cost little and keep the
  // threads balanced when one is slowed (shared machines): 9 equal jobs on
  // 2 threads waste 10 %, 16+ at most 6 %.
  const Jobs jobs = split_jobs(m, n, tile, round_up(1024, tile.mr), kMaxNc, nthreads, 8);
  // one chunk per job, or everything in one chunk on one thread
  const int64_t grain = nthreads > 1 ? 1 : jobs.count();
  parallel_for(0, jobs.count(), grain, [&](int64_t j0, int64_t j1) {
    for (int64_t job = j0; job < j1; ++job) {
      const int64_t m0 = (job / jobs.nb) * jobs.mc, n0 = (job % jobs.nb) * jobs.nc;
      const int64_t mc = std::min(jobs.mc, m - m0), nc = std::min(jobs.nc, n - n0);
      if (nc <= kNarrowTiles * tile.nr) {
        // few columns (7x7 and 14x14 layers): the weights, not B, are the
        // traffic, from memory (a deep network's weights do not stay in
        // cache). Each A panel runs over the whole depth for the job's
        // column tiles in turn: the first call prefetches it ahead from
        // memory, the later ones find it in L2, as B. Same sums: a K block's
        // float store changes no bits.
        // ResNet-18 at one thread: its four 7x7 convolutions 13.3 -> 10.0 ms,
        // its four 14x14 ones 8.2 -> 7.4 ms.
        for (int64_t i = 0; i < mc; i += tile.mr) {
          const size_t mr = static_cast<size_t>(std::min<int64_t>(tile.mr, mc - i));
          for (int64_t j = 0; j < nc; j += tile.nr) {
            const size_t nr = static_cast<size_t>(std::min<int64_t>(tile.nr, nc - j));
            uk(mr, nr, static_cast<size_t>(k), a.panel_data((m0 + i) / tile.mr), b + n0 + j, koff,
               c + (m0 + i) * ldc + n0 + j, static_cast<size_t>(ldc),
               eb.last_flags | (j == 0 ? kernels::kGemmPrefetchA : 0u),
               tile_bias(ep, m0 + i, n0 + j), eb.k.params);
          }
        }
      } else {
        for (int64_t k0 = 0; k0 < k; k0 += kcmax) {
          const int64_t kc = std::min(kcmax, k - k0);
          const bool last = k0 + kc == k;
          const unsigned flags =
              (k0 > 0 ? kernels::kGemmAccumulate : 0u) | (last ? eb.last_flags : 0u);
          // one column tile of B (kc shifted row segments, L1-sized) against
          // every row panel of the job
          for (int64_t j = 0; j < nc; j += tile.nr) {
            const size_t nr = static_cast<size_t>(std::min<int64_t>(tile.nr, nc - j));
            for (int64_t i = 0; i < mc; i += tile.mr) {
              const size_t mr = static_cast<size_t>(std::min<int64_t>(tile.mr, mc - i));
              uk(mr, nr, static_cast<size_t>(kc), a.panel_data((m0 + i) / tile.mr) + k0 * tile.mr,
                 b + n0 + j, koff + k0, c + (m0 + i) * ldc + n0 + j, static_cast<size_t>(ldc), flags,
                 tile_bias(ep, m0 + i, n0 + j), eb.k.params);
            }
          }
        }
      }
      if (eb.k.post) {
        for (int64_t i = 0; i < mc; ++i)
          apply_post_activation(ep.act, c + (m0 + i) * ldc + n0, static_cast<size_t>(nc));
      }
    }
  });
}

}  // namespace vc::dnn
