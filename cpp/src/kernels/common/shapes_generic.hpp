// Shape kernels shared by every ISA folder. Included inside
// `namespace vc::kernels::<isa>` after <cstdint> / <cstddef> (and, in the x86
// folders, <immintrin.h>); each folder
// compiles the same plain loops with its own flags, so the column scans of
// the distance transform become vpminsd / vpaddd over 4, 8 or 16 lanes and
// the moment sums widen u8 -> u32 -> u64. Every operation is exact integer
// arithmetic, so all levels give the reference's result bit for bit.

constexpr int32_t kShapesDistInf = int32_t{1} << 29;

inline void shapes_dist_col_down(const uint8_t* src, const int32_t* above, int32_t* dst,
                                 size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const int32_t up = above[i] + 1;
    const int32_t v = up < kShapesDistInf ? up : kShapesDistInf;
    dst[i] = src[i] == 0 ? 0 : v;
  }
}

inline void shapes_dist_col_up(const int32_t* below, int32_t* dst, size_t n) {
  for (size_t i = 0; i < n; ++i) {
    const int32_t b = below[i] + 1;
    dst[i] = b < dst[i] ? b : dst[i];
  }
}

// Blocks of 256 pixels with block-local x keep the p, x * p and x^2 * p sums
// in 32 bits (255 * sum x^2 < 2^31); the block sums are then shifted to the
// row's x by binomial expansion in 64 bits.
inline void shapes_moments_row(const uint8_t* src, size_t n, int binary, uint64_t* sums) {
  uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  for (size_t b = 0; b < n; b += 256) {
    const size_t m = n - b < 256 ? n - b : 256;
    uint32_t t0 = 0, t1 = 0, t2 = 0;
    uint64_t t3 = 0;
    const uint8_t* s = src + b;
    for (size_t i = 0; i < m; ++i) {
      const uint32_t p = binary ? (s[i] != 0 ? 1u : 0u) : s[i];
      const uint32_t x = static_cast<uint32_t>(i);
      t0 += p;
      t1 += x * p;
      t2 += x * x * p;
      t3 += static_cast<uint64_t>(x * x * x) * p;
    }
    // shift the block's local x by b: (x + b)^k expanded
    const uint64_t bb = b;
    s0 += t0;
    s1 += t1 + bb * t0;
    s2 += t2 + 2 * bb * t1 + bb * bb * t0;
    s3 += t3 + 3 * bb * t2 + 3 * bb * bb * t1 + bb * bb * bb * t0;
  }
  sums[0] = s0;
  sums[1] = s1;
  sums[2] = s2;
  sums[3] = s3;
}

// The run skip of the contour scan: 16 / 32 bytes per compare on x86
// (pcmpeqb + pmovmskb), a plain loop elsewhere; the answer is an index, the
// same at every level.
inline size_t shapes_find_ne(const uint8_t* p, size_t n, uint8_t v) {
  size_t i = 0;
#if defined(__AVX2__)
  const __m256i vv = _mm256_set1_epi8(static_cast<char>(v));
  for (; i + 32 <= n; i += 32) {
    const __m256i x = _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p + i));
    const unsigned eq = static_cast<unsigned>(_mm256_movemask_epi8(_mm256_cmpeq_epi8(x, vv)));
    if (eq != 0xFFFFFFFFu) return i + static_cast<size_t>(__builtin_ctz(~eq));
  }
#elif defined(__SSE4_1__)
  const __m128i vv = _mm_set1_epi8(static_cast<char>(v));
  for (; i + 16 <= n; i += 16) {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
    const unsigned eq = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, vv)));
    if (eq != 0xFFFFu) return i + static_cast<size_t>(__builtin_ctz(~eq & 0xFFFFu));
  }
#endif
  for (; i < n; ++i) {
    if (p[i] != v) return i;
  }
  return n;
}

#define VC_DEFINE_SHAPES_KERNELS()                                                              \
  void u8_s32_dist_col_down_row(const uint8_t* src, const int32_t* above, int32_t* dst,        \
                                size_t n) {                                                     \
    shapes_dist_col_down(src, above, dst, n);                                                   \
  }                                                                                             \
  void s32_dist_col_up_row(const int32_t* below, int32_t* dst, size_t n) {                      \
    shapes_dist_col_up(below, dst, n);                                                          \
  }                                                                                             \
  void u8_moments_row(const uint8_t* src, size_t n, int binary, uint64_t* sums) {               \
    shapes_moments_row(src, n, binary, sums);                                                   \
  }                                                                                             \
  size_t u8_find_ne(const uint8_t* p, size_t n, uint8_t v) { return shapes_find_ne(p, n, v); }  \
  void register_shapes(KernelTable& t) {                                                        \
    t.u8_s32_dist_col_down_row = u8_s32_dist_col_down_row;                                      \
    t.s32_dist_col_up_row = s32_dist_col_up_row;                                                \
    t.u8_moments_row = u8_moments_row;                                                          \
    t.u8_find_ne = u8_find_ne;                                                                  \
  }
