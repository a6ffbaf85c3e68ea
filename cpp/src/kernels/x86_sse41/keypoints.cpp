// SSE4.1 keypoint kernels: the FAST-9/16 row test 16 pixels at a time
// (psubusb against p +sat t / p -sat t, pcmpeqb + pmovmskb for bit masks).
// Distances fall back to the reference (no popcnt in this level's flags).
#include <immintrin.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::sse41 {
#include "kernels/isa_namespace.hpp"
#include "kernels/common/keypoints_fast_generic.hpp"

namespace {
struct FastOps {
  using V = __m128i;
  static constexpr int kLanes = 16;
  static V load(const uint8_t* p) { return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p)); }
  static V splat(uint8_t v) { return _mm_set1_epi8(static_cast<char>(v)); }
  static V adds(V a, V b) { return _mm_adds_epu8(a, b); }
  static V subs(V a, V b) { return _mm_subs_epu8(a, b); }
  static V min(V a, V b) { return _mm_min_epu8(a, b); }
  static V max(V a, V b) { return _mm_max_epu8(a, b); }
  static bool any(V a) { return !_mm_testz_si128(a, a); }
  static uint64_t nonzero(V a) {
    return ~static_cast<uint64_t>(_mm_movemask_epi8(_mm_cmpeq_epi8(a, _mm_setzero_si128()))) &
           0xFFFFu;
  }
};
#include "kernels/common/keypoints_fast_simd_body.hpp"
}  // namespace

int u8_fast9_row(const uint8_t* center, ptrdiff_t stride, int width, int threshold,
                 uint8_t* score, int32_t* xs) {
  return fast9_row_simd(center, stride, width, threshold, score, xs);
}

void register_keypoints(KernelTable& t) { t.u8_fast9_row = u8_fast9_row; }

}  // namespace vc::kernels::sse41
