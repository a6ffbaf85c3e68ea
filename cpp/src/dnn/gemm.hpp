// Packed single-precision GEMM with a fused epilogue (internal API, vc::dnn).
//
//   C (M x N, row stride ldc) = act(A (M x K) . B (K x N) + bias)
//
// One operand is constant and packed once (pack.hpp): B for fully connected
// layers (gemm_packed_b, A packed per block), A for NCHW convolution weights
// (gemm_packed_a, B packed per block by a caller-supplied packer, e.g. an
// im2col that writes panels directly). Cache blocking: K in blocks of
// gemm_kc(K) (the summation order of every output is k = 0..K-1 with a float
// store between K blocks, fixed by K alone), M and N in blocks of whole
// tiles that become the jobs spread over the pool. gemm_packed_b runs the
// rows of a short last row tile (a batch-1 fully connected layer) through
// the one-row kernel, in place and over the whole depth at once; the sum per
// output is the same. The split depends on the
// thread count but no output's arithmetic does, so results are bit-identical
// for every thread count (they differ across ISA levels by FMA rounding).
//
// Scratch contract: nothing is allocated per call. The caller passes a
// workspace of at least gemm_packed_*_workspace(..., threads) floats; with a
// smaller one fewer threads are used (InvalidArgument when not even one
// block fits). C must not overlap A, B or the workspace.
#pragma once

#include <cstddef>
#include <cstdint>

#include "dnn/activation.hpp"
#include "dnn/pack.hpp"
#include "visioncore/function_ref.hpp"

namespace vc::dnn {

enum class BiasMode { None, PerRow, PerColumn };

struct GemmEpilogue {
  const float* bias = nullptr;  // M floats (PerRow) or N floats (PerColumn)
  BiasMode bias_mode = BiasMode::None;
  Epilogue act;
};

// The K block length for depth K: K itself up to 384, else K split into
// equal blocks of at most 256 (the last one may be shorter by < blocks).
int64_t gemm_kc(int64_t k);

// Workspace floats for gemm_packed_b with m rows on `threads` threads.
size_t gemm_packed_b_workspace(int64_t m, const PackedMatrix& b, int threads);
void gemm_packed_b(const char* func, const float* a, int64_t m, int64_t lda,
                   const PackedMatrix& b, float* c, int64_t ldc, const GemmEpilogue& ep,
                   float* workspace, size_t workspace_floats);

// Writes the packed block of B rows [k0, k0 + kc) and columns [n0, n0 + nc)
// as ceil(nc / nr) panels of kc * nr floats (columns past nc zero). A
// borrowed reference (never allocates, whatever the lambda captures): the
// packer must outlive the gemm_packed_a call, as a lambda argument does.
using BlockPacker =
    FunctionRef<void(int64_t k0, int64_t kc, int64_t n0, int64_t nc, int nr, float* dst)>;

// Workspace floats for gemm_packed_a with n columns on `threads` threads.
size_t gemm_packed_a_workspace(const PackedMatrix& a, int64_t n, int threads);
// threads: the most threads to split over; 0 = get_num_threads(). Small
// products use fewer (each job gets at least kGemmMinJobMacs multiply-adds).
void gemm_packed_a(const char* func, const PackedMatrix& a, int64_t n, BlockPacker pack,
                   float* c, int64_t ldc, const GemmEpilogue& ep, float* workspace,
                   size_t workspace_floats, int threads = 0);

// B read in place by row offsets, no packing and no workspace: B[k][j] =
// b[koff[k] + j] for k < K = a.depth. The caller guarantees b[koff[k] + j]
// is readable for every j < round_up(n, a.tile.nr): the last column tile
// loads whole vectors and drops the columns past n.
void gemm_packed_a_rows(const PackedMatrix& a, int64_t n, const float* b, const ptrdiff_t* koff,
                        float* c, int64_t ldc, const GemmEpilogue& ep, int threads = 0);

// Multiply-adds below which splitting a product over one more thread costs
// more (a pool hand-off, tens of microseconds on a busy VM) than it saves.
constexpr int64_t kGemmMinJobMacs = int64_t{1} << 18;
// Threads worth using for an m x k x n product, at most `threads` (0 =
// get_num_threads()).
int gemm_threads(int64_t m, int64_t k, int64_t n, int threads = 0);

}  // namespace vc::dnn
