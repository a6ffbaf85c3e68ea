// Keypoint and descriptor-matching kernels — the reference (oracle) level:
// FAST tested pixel by pixel, popcount with __builtin_popcountll.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/keypoints_fast_generic.hpp"

int u8_fast9_row(const uint8_t* center, ptrdiff_t stride, int width, int threshold,
                 uint8_t* score, int32_t* xs) {
  ptrdiff_t off[16];
  fast_offsets(stride, off);
  int count = 0;
  for (int x = 0; x < width; ++x) {
    const uint8_t* p = center + x;
    if (fast_is_corner(p, off, threshold)) {
      score[x] = static_cast<uint8_t>(fast_corner_score(p, off, threshold) + 1);
      xs[count++] = x;
    }
  }
  return count;
}

void u8_hamming_distances(const uint8_t* q, const uint8_t* train, size_t train_stride,
                          size_t n_train, size_t bytes, uint32_t* dist) {
  for (size_t j = 0; j < n_train; ++j) {
    const uint8_t* t = train + j * train_stride;
    uint32_t d = 0;
    size_t i = 0;
    for (; i + 8 <= bytes; i += 8) {
      uint64_t a, b;
      std::memcpy(&a, q + i, 8);
      std::memcpy(&b, t + i, 8);
      d += static_cast<uint32_t>(__builtin_popcountll(a ^ b));
    }
    for (; i < bytes; ++i) d += static_cast<uint32_t>(__builtin_popcount(q[i] ^ t[i]));
    dist[j] = d;
  }
}

void f32_l2sqr_distances(const float* q, const float* train, size_t train_stride,
                         size_t n_train, size_t len, float* dist) {
  for (size_t j = 0; j < n_train; ++j) {
    const float* t = train + j * train_stride;
    float s[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    for (size_t i = 0; i < len; ++i) {
      const float diff = q[i] - t[i];
      s[i & 7] += diff * diff;
    }
    dist[j] = ((s[0] + s[4]) + (s[2] + s[6])) + ((s[1] + s[5]) + (s[3] + s[7]));
  }
}

void register_keypoints(KernelTable& t) {
  t.u8_fast9_row = u8_fast9_row;
  t.u8_hamming_distances = u8_hamming_distances;
  t.f32_l2sqr_distances = f32_l2sqr_distances;
}

}  // namespace vc::kernels::reference
