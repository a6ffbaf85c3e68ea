// Packed GEMM operands (internal API, vc::dnn).
//
// The microkernels (kernels/dnn.inc) read A in panels of MR rows and B in
// panels of NR columns, k-major: panel p of A holds, for k = 0..K-1, the MR
// values A[p*MR + i][k]; panel p of B holds, for each k, B[k][p*NR + j].
// Rows / columns past the matrix end are zero. A whole-matrix pack keeps each
// panel's K steps contiguous, so a K block [k0, k0 + kc) of panel p starts at
// data + p*K*MR + k0*MR (resp. NR). Constant operands (weights) are packed
// once with pack_a / pack_b; the other operand is packed per block on the fly
// into the caller's workspace.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>

#include "visioncore/cpu.hpp"

namespace vc::dnn {

// A register tile: the microkernel shape of one ISA level.
struct GemmTile {
  int mr = 4;
  int nr = 8;
};
// The tile the level's best kernel uses: scalar/SSE4.1 4x8, AVX2 6x16, AVX-512 8x32.
GemmTile gemm_tile_for(Isa isa);

// 64-byte aligned float storage.
class AlignedFloats {
 public:
  AlignedFloats() = default;
  explicit AlignedFloats(size_t n);
  float* data() { return ptr_; }
  const float* data() const { return ptr_; }
  size_t size() const { return n_; }

 private:
  std::unique_ptr<unsigned char[]> raw_;
  float* ptr_ = nullptr;
  size_t n_ = 0;
};

// A whole operand in panels. For side A: rows = M, depth = K, panels of
// tile.mr rows; for side B: depth = K, cols = N, panels of tile.nr columns.
struct PackedMatrix {
  enum class Side { A, B };
  Side side = Side::B;
  int64_t depth = 0;   // K
  int64_t extent = 0;  // M (side A) or N (side B)
  GemmTile tile;
  AlignedFloats data;
  int panel() const { return side == Side::A ? tile.mr : tile.nr; }
  int64_t panels() const { return (extent + panel() - 1) / panel(); }
  const float* panel_data(int64_t p) const { return data.data() + p * depth * panel(); }
};

// Packs row-major A (M x K, row stride lda) / B (K x N, row stride ldb).
// Throws InvalidArgument for empty or negative sizes, LimitExceeded when the
// packed size overflows, naming func.
PackedMatrix pack_a(const char* func, const float* a, int64_t m, int64_t k, int64_t lda,
                    GemmTile tile);
PackedMatrix pack_b(const char* func, const float* b, int64_t k, int64_t n, int64_t ldb,
                    GemmTile tile);

// Block packers used on the fly (no allocation): `dst` receives
// ceil(mc / MR) panels of kc * MR floats (resp. ceil(nc / NR) of kc * NR).
// `a` / `b` point at element (0, 0) of the block.
void pack_a_block(const float* a, int64_t lda, int64_t mc, int64_t kc, int mr, float* dst);
void pack_b_block(const float* b, int64_t ldb, int64_t kc, int64_t nc, int nr, float* dst);

}  // namespace vc::dnn
