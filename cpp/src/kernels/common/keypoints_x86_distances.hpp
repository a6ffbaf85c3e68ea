// Descriptor distance bodies shared by the x86 levels (included inside an
// ISA namespace after <immintrin.h>, <cstring>): the float32 squared L2
// distance in the reference's 8 interleaved partial sums (one __m256
// accumulator, explicit multiply then add, so the result is bit-identical),
// and the Hamming tail for the bytes past the vector loop.
#pragma once

inline float l2sqr_one_avx(const float* q, const float* t, size_t len) {
  __m256 acc = _mm256_setzero_ps();
  size_t i = 0;
  for (; i + 8 <= len; i += 8) {
    const __m256 d = _mm256_sub_ps(_mm256_loadu_ps(q + i), _mm256_loadu_ps(t + i));
    acc = _mm256_add_ps(acc, _mm256_mul_ps(d, d));
  }
  alignas(32) float s[8];
  _mm256_store_ps(s, acc);
  for (; i < len; ++i) {
    const float d = q[i] - t[i];
    s[i & 7] += d * d;
  }
  return ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
}

inline void f32_l2sqr_distances_avx(const float* q, const float* train, size_t train_stride,
                                    size_t n_train, size_t len, float* dist) {
  for (size_t j = 0; j < n_train; ++j) dist[j] = l2sqr_one_avx(q, train + j * train_stride, len);
}

inline uint32_t hamming_tail(const uint8_t* q, const uint8_t* t, size_t i, size_t bytes) {
  uint32_t d = 0;
  for (; i + 8 <= bytes; i += 8) {
    uint64_t a, b;
    std::memcpy(&a, q + i, 8);
    std::memcpy(&b, t + i, 8);
    d += static_cast<uint32_t>(_mm_popcnt_u64(a ^ b));
  }
  for (; i < bytes; ++i) d += static_cast<uint32_t>(_mm_popcnt_u32(q[i] ^ t[i]));
  return d;
}
