// Operand packing for the GEMM microkernels (see pack.hpp for the layout).
#include "dnn/pack.hpp"

#include <cstdint>

#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace vc::dnn {

GemmTile gemm_tile_for(Isa isa) {
  switch (isa) {
    case Isa::Avx512: return {8, 32};
    case Isa::Avx2:
    case Isa::Neon: return {6, 16};  // 24 of the 32 NEON q registers accumulate
    default: return {4, 8};
  }
}

AlignedFloats::AlignedFloats(size_t n) : n_(n) {
  raw_.reset(new unsigned char[n * sizeof(float) + 64]);
  const auto addr = reinterpret_cast<uintptr_t>(raw_.get());
  ptr_ = reinterpret_cast<float*>((addr + 63) & ~uintptr_t{63});
}

void pack_a_block(const float* a, int64_t lda, int64_t mc, int64_t kc, int mr, float* dst) {
  for (int64_t i0 = 0; i0 < mc; i0 += mr) {
    const int64_t rows = mc - i0 < mr ? mc - i0 : mr;
    const float* src = a + i0 * lda;
    if (rows == mr) {
      for (int64_t k = 0; k < kc; ++k) {
        for (int i = 0; i < mr; ++i) dst[k * mr + i] = src[i * lda + k];
      }
    } else {
      for (int64_t k = 0; k < kc; ++k) {
        for (int i = 0; i < mr; ++i) dst[k * mr + i] = i < rows ? src[i * lda + k] : 0.0f;
      }
    }
    dst += kc * mr;
  }
}

void pack_b_block(const float* b, int64_t ldb, int64_t kc, int64_t nc, int nr, float* dst) {
  for (int64_t j0 = 0; j0 < nc; j0 += nr) {
    const int64_t cols = nc - j0 < nr ? nc - j0 : nr;
    for (int64_t k = 0; k < kc; ++k) {
      const float* src = b + k * ldb + j0;
      float* d = dst + k * nr;
      // a plain loop, not memcpy: rows are one panel wide (8..32 floats), too
      // short to pay for a library call
      for (int64_t j = 0; j < cols; ++j) d[j] = src[j];
      for (int64_t j = cols; j < nr; ++j) d[j] = 0.0f;
    }
    dst += kc * nr;
  }
}

namespace {

PackedMatrix make_packed(const char* func, PackedMatrix::Side side, int64_t depth, int64_t extent,
                         GemmTile tile) {
  if (depth <= 0 || extent <= 0) {
    throw_invalid(func, "shape", "positive matrix sizes",
                  std::to_string(depth) + " x " + std::to_string(extent));
  }
  PackedMatrix p;
  p.side = side;
  p.depth = depth;
  p.extent = extent;
  p.tile = tile;
  const int64_t floats =
      checked_mul(checked_mul(p.panels(), p.panel(), "packed matrix"), depth, "packed matrix");
  if (floats > kMaxImageBytes / 4) {
    throw LimitExceeded(std::string(func) + ": packed matrix of " + std::to_string(floats) +
                        " floats exceeds the limit");
  }
  p.data = AlignedFloats(static_cast<size_t>(floats));
  return p;
}

}  // namespace

PackedMatrix pack_a(const char* func, const float* a, int64_t m, int64_t k, int64_t lda,
                    GemmTile tile) {
  PackedMatrix p = make_packed(func, PackedMatrix::Side::A, k, m, tile);
  pack_a_block(a, lda, m, k, tile.mr, p.data.data());
  return p;
}

PackedMatrix pack_b(const char* func, const float* b, int64_t k, int64_t n, int64_t ldb,
                    GemmTile tile) {
  PackedMatrix p = make_packed(func, PackedMatrix::Side::B, k, n, tile);
  pack_b_block(b, ldb, k, n, tile.nr, p.data.data());
  return p;
}

}  // namespace vc::dnn
