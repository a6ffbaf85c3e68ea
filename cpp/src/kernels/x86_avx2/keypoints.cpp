// AVX2 keypoint kernels: the FAST-9/16 row test 32 pixels at a time
// (vpsubusb + vpcmpeqb + vpmovmskb bit masks); Hamming distances with the
// nibble-LUT popcount (vpshufb on both nibbles, vpsadbw to sum bytes), one
// 32-byte register per descriptor row and 4 rows per step; float32 L2 with
// the reference's 8 partial sums.
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::avx2 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/keypoints_fast_generic.hpp"
#include "kernels/common/keypoints_x86_distances.hpp"

namespace {
struct FastOps {
  using V = __m256i;
  static constexpr int kLanes = 32;
  static V load(const uint8_t* p) {
    return _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p));
  }
  static V splat(uint8_t v) { return _mm256_set1_epi8(static_cast<char>(v)); }
  static V adds(V a, V b) { return _mm256_adds_epu8(a, b); }
  static V subs(V a, V b) { return _mm256_subs_epu8(a, b); }
  static V min(V a, V b) { return _mm256_min_epu8(a, b); }
  static V max(V a, V b) { return _mm256_max_epu8(a, b); }
  static bool any(V a) { return !_mm256_testz_si256(a, a); }
  static uint64_t nonzero(V a) {
    return ~static_cast<uint64_t>(static_cast<uint32_t>(
               _mm256_movemask_epi8(_mm256_cmpeq_epi8(a, _mm256_setzero_si256())))) &
           0xFFFFFFFFu;
  }
};
#include "kernels/common/keypoints_fast_simd_body.hpp"

// Per-byte popcount of a register, summed into 4 u64 lanes.
inline __m256i popcount_sad(__m256i x) {
  const __m256i lut = _mm256_setr_epi8(0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4, 0, 1, 1,
                                       2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4);
  const __m256i low = _mm256_set1_epi8(0x0F);
  const __m256i lo = _mm256_shuffle_epi8(lut, _mm256_and_si256(x, low));
  const __m256i hi = _mm256_shuffle_epi8(lut, _mm256_and_si256(_mm256_srli_epi16(x, 4), low));
  return _mm256_sad_epu8(_mm256_add_epi8(lo, hi), _mm256_setzero_si256());
}

inline uint32_t hsum_u64x4(__m256i v) {
  const __m128i s = _mm_add_epi64(_mm256_castsi256_si128(v), _mm256_extracti128_si256(v, 1));
  return static_cast<uint32_t>(_mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1));
}
}  // namespace

int u8_fast9_row(const uint8_t* center, ptrdiff_t stride, int width, int threshold,
                 uint8_t* score, int32_t* xs) {
  return fast9_row_simd(center, stride, width, threshold, score, xs);
}

void u8_hamming_distances(const uint8_t* q, const uint8_t* train, size_t train_stride,
                          size_t n_train, size_t bytes, uint32_t* dist) {
  const size_t vec_bytes = bytes / 32 * 32;
  for (size_t j = 0; j < n_train; ++j) {
    const uint8_t* t = train + j * train_stride;
    __m256i acc = _mm256_setzero_si256();
    for (size_t i = 0; i < vec_bytes; i += 32) {
      const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q + i));
      const __m256i b = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(t + i));
      acc = _mm256_add_epi64(acc, popcount_sad(_mm256_xor_si256(a, b)));
    }
    dist[j] = hsum_u64x4(acc) + hamming_tail(q, t, vec_bytes, bytes);
  }
}

void f32_l2sqr_distances(const float* q, const float* train, size_t train_stride,
                         size_t n_train, size_t len, float* dist) {
  f32_l2sqr_distances_avx(q, train, train_stride, n_train, len, dist);
}

void register_keypoints(KernelTable& t) {
  t.u8_fast9_row = u8_fast9_row;
  t.u8_hamming_distances = u8_hamming_distances;
  t.f32_l2sqr_distances = f32_l2sqr_distances;
}

}  // namespace vc::kernels::avx2
