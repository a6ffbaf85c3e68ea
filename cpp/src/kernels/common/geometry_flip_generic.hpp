// Plain-C++ flip and transpose loops shared by every ISA folder (included
// inside `namespace vc::kernels::<isa>`): the reference, and the tails and
// odd pixel sizes of the SIMD kernels.

inline void flip_row_generic(const uint8_t* src, uint8_t* dst, size_t width, int pixel_bytes) {
  const size_t pb = static_cast<size_t>(pixel_bytes);
  switch (pixel_bytes) {
    case 1:
      for (size_t x = 0; x < width; ++x) dst[x] = src[width - 1 - x];
      return;
#define VC_FLIP_CASE(N)                                                               \
  case N:                                                                             \
    for (size_t x = 0; x < width; ++x) std::memcpy(dst + x * N, src + (width - 1 - x) * N, N); \
    return;
      VC_FLIP_CASE(2)
      VC_FLIP_CASE(3)
      VC_FLIP_CASE(4)
      VC_FLIP_CASE(6)
      VC_FLIP_CASE(8)
      VC_FLIP_CASE(12)
      VC_FLIP_CASE(16)
#undef VC_FLIP_CASE
    default:
      for (size_t x = 0; x < width; ++x) std::memcpy(dst + x * pb, src + (width - 1 - x) * pb, pb);
  }
}

inline void transpose_block_generic(const uint8_t* src, ptrdiff_t row_step, ptrdiff_t pixel_step,
                                    uint8_t* dst, ptrdiff_t dst_stride, int rows, int cols,
                                    int pixel_bytes) {
  const size_t pb = static_cast<size_t>(pixel_bytes);
  for (int a = 0; a < rows; ++a) {
    uint8_t* d = dst + a * dst_stride;
    const uint8_t* s = src + a * pixel_step;
    switch (pixel_bytes) {
      case 1:
        for (int b = 0; b < cols; ++b) d[b] = s[b * row_step];
        break;
#define VC_TRANSPOSE_CASE(N)                                                      \
  case N:                                                                         \
    for (int b = 0; b < cols; ++b) std::memcpy(d + N * b, s + b * row_step, N); \
    break;
      VC_TRANSPOSE_CASE(2)
      VC_TRANSPOSE_CASE(3)
      VC_TRANSPOSE_CASE(4)
      VC_TRANSPOSE_CASE(6)
      VC_TRANSPOSE_CASE(8)
      VC_TRANSPOSE_CASE(12)
      VC_TRANSPOSE_CASE(16)
#undef VC_TRANSPOSE_CASE
      default:
        for (int b = 0; b < cols; ++b) std::memcpy(d + b * pb, s + b * row_step, pb);
    }
  }
}
