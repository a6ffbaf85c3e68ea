// AVX-512 keypoint kernels: the FAST-9/16 row test 64 pixels at a time
// (vpsubusb, vptestmb straight into a 64-bit mask). Hamming distances use
// VPOPCNTQ (AVX512_VPOPCNTDQ), which this level's flags do not include: that
// function carries its own target attribute and is registered only when the
// CPU reports the feature (otherwise the AVX2 entry serves). Float32 L2 as
// AVX2 (same partial sums, bit-identical).
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"
#include "visioncore/cpu.hpp"

namespace vc::kernels::avx512 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/keypoints_fast_generic.hpp"
#include "kernels/common/keypoints_x86_distances.hpp"

namespace {
struct FastOps {
  using V = __m512i;
  static constexpr int kLanes = 64;
  static V load(const uint8_t* p) { return _mm512_loadu_si512(p); }
  static V splat(uint8_t v) { return _mm512_set1_epi8(static_cast<char>(v)); }
  static V adds(V a, V b) { return _mm512_adds_epu8(a, b); }
  static V subs(V a, V b) { return _mm512_subs_epu8(a, b); }
  static V min(V a, V b) { return _mm512_min_epu8(a, b); }
  static V max(V a, V b) { return _mm512_max_epu8(a, b); }
  static bool any(V a) { return _mm512_test_epi8_mask(a, a) != 0; }
  static uint64_t nonzero(V a) { return _mm512_test_epi8_mask(a, a); }
};
#include "kernels/common/keypoints_fast_simd_body.hpp"
}  // namespace

int u8_fast9_row(const uint8_t* center, ptrdiff_t stride, int width, int threshold,
                 uint8_t* score, int32_t* xs) {
  return fast9_row_simd(center, stride, width, threshold, score, xs);
}

// 32-byte descriptors (ORB): one 256-bit VPOPCNTQ per row; other lengths in
// 64-byte steps, the rest with scalar popcnt.
__attribute__((target("avx512vpopcntdq"))) void u8_hamming_distances(
    const uint8_t* q, const uint8_t* train, size_t train_stride, size_t n_train, size_t bytes,
    uint32_t* dist) {
  if (bytes == 32) {
    const __m256i a = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(q));
    for (size_t j = 0; j < n_train; ++j) {
      const __m256i b =
          _mm256_loadu_si256(reinterpret_cast<const __m256i*>(train + j * train_stride));
      const __m256i c = _mm256_popcnt_epi64(_mm256_xor_si256(a, b));
      const __m128i s = _mm_add_epi64(_mm256_castsi256_si128(c), _mm256_extracti128_si256(c, 1));
      dist[j] = static_cast<uint32_t>(_mm_cvtsi128_si64(s) + _mm_extract_epi64(s, 1));
    }
    return;
  }
  const size_t vec_bytes = bytes / 64 * 64;
  for (size_t j = 0; j < n_train; ++j) {
    const uint8_t* t = train + j * train_stride;
    __m512i acc = _mm512_setzero_si512();
    for (size_t i = 0; i < vec_bytes; i += 64) {
      const __m512i x = _mm512_xor_si512(_mm512_loadu_si512(q + i), _mm512_loadu_si512(t + i));
      acc = _mm512_add_epi64(acc, _mm512_popcnt_epi64(x));
    }
    dist[j] = static_cast<uint32_t>(_mm512_reduce_add_epi64(acc)) +
              hamming_tail(q, t, vec_bytes, bytes);
  }
}

void f32_l2sqr_distances(const float* q, const float* train, size_t train_stride,
                         size_t n_train, size_t len, float* dist) {
  f32_l2sqr_distances_avx(q, train, train_stride, n_train, len, dist);
}

void register_keypoints(KernelTable& t) {
  t.u8_fast9_row = u8_fast9_row;
  if (cpu_features().avx512vpopcntdq) t.u8_hamming_distances = u8_hamming_distances;
  t.f32_l2sqr_distances = f32_l2sqr_distances;
}

}  // namespace vc::kernels::avx512
