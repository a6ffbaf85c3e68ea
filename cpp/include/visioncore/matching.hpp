// Descriptor matching and robust geometric model estimation.
//
// Matching is brute force, as cv::BFMatcher:
// - Hamming: U8 descriptors (any length in bytes), distance = number of
//   differing bits (hardware popcount: AVX-512 VPOPCNTDQ, AVX2 nibble LUT,
//   or scalar popcount; identical at every level);
// - L2: F32 descriptors, distance = sqrt(sum (a_i - b_i)^2), the sum in
//   float32 in 8 interleaved partial sums (identical at every level; may
//   differ from OpenCV in the last bits).
// match: for each query row its nearest train row (ties: lowest train
// index), in query order. cross_check keeps (i, j) only if i is also the
// nearest query of j (ties: lowest query index), as BFMatcher's crossCheck.
// knn_match: the k nearest train rows per query, by increasing distance,
// ties by train index; slots beyond the train count get index -1 and
// distance +inf. Results do not depend on the thread count (queries are
// split between threads, each computed independently).
//
// find_homography: H (3x3, H[2][2] = 1) with dst ~ H * src, from N >= 4
// point pairs. method Ransac: minimal sets of 4 pairs drawn with a 64-bit
// Mersenne Twister seeded by `seed`, each solved by the normalized DLT
// (Hartley normalization, the 8x8 system with h33 = 1); sets with three
// collinear points in src or dst are redrawn. A pair is an inlier when the
// forward reprojection error |dst - H src| <= reproj_threshold; the model
// with the most inliers wins (first found on ties); the iteration count
// adapts as log(1 - confidence) / log(1 - w^4), w = best inlier ratio,
// bounded by max_iters. The winner is refitted on its inliers by normalized
// least squares (DLT over all inliers) and then Levenberg-Marquardt on the
// forward reprojection error (at most 10 iterations); the inlier mask is
// recomputed with the refined H (if the refinement loses inliers, the
// unrefined model is kept). method LeastSquares ("none"): the same refit on
// all pairs, every pair an inlier. Lmeds: minimal sets as Ransac (fixed
// max_iters draws, early exit at `confidence` with an inlier ratio of 0.5),
// the model with the least median squared error wins; inliers are pairs with
// error^2 <= (2.5 * 1.4826 * (1 + 5 / (N - 4)))^2 * median.
// estimate_affine_2d: A (2x3) with dst ~ A * [src; 1], minimal sets of 3
// (collinear sets redrawn), refit by linear least squares on the inliers.
// Both: the same seed gives the same result. Bad input (N below the minimal
// set, non-finite coordinates, all src or all dst points collinear /
// coincident, bad options) throws InvalidArgument. If no model is found
// (every drawn set degenerate), they return false and leave the outputs
// zeroed.
#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

namespace vc {

struct Match {
  int32_t query_idx = 0;
  int32_t train_idx = 0;
  float distance = 0;
};

enum class MatchMetric { Hamming, L2 };

// A set of descriptors: `count` rows of `length` elements (bytes for U8,
// floats for F32), `stride` bytes between rows.
struct DescriptorSet {
  const void* data = nullptr;
  int64_t count = 0;
  int64_t length = 0;
  ptrdiff_t stride = 0;
};

// Throws InvalidArgument if the lengths differ or are < 1.
void match(const DescriptorSet& query, const DescriptorSet& train, MatchMetric metric,
           bool cross_check, std::vector<Match>& matches);
// idx and dist: query.count * k entries, row-major. 1 <= k <= 1024.
void knn_match(const DescriptorSet& query, const DescriptorSet& train, MatchMetric metric, int k,
               int32_t* idx, float* dist);

enum class RobustMethod { Ransac, Lmeds, LeastSquares };

struct RobustParams {
  RobustMethod method = RobustMethod::Ransac;
  double reproj_threshold = 3.0;  // > 0, finite
  int max_iters = 2000;           // 1 .. 1,000,000
  double confidence = 0.995;      // (0, 1)
  uint64_t seed = 0;
};

// src, dst: n (x, y) pairs as 2n doubles. H: 9 doubles, row-major. mask: n
// bytes, 1 = inlier.
bool find_homography(const double* src, const double* dst, int64_t n, const RobustParams& params,
                     double* H, uint8_t* mask);
// A: 6 doubles, row-major 2x3.
bool estimate_affine_2d(const double* src, const double* dst, int64_t n,
                        const RobustParams& params, double* A, uint8_t* mask);

}  // namespace vc
