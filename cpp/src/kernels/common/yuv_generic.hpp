// Plain-C++ YUV -> RGB rows shared by every ISA folder: the scalar oracle
// and the tails of the SIMD kernels. Included inside
// `namespace vc::kernels::<isa>` after kernels/common/camera_params.hpp.
// Exact 32-bit integer arithmetic (see camera_params.hpp), identical at
// every ISA level.

// The three chroma terms of one c0,c1 pair, rounding constant included.
struct YuvChroma {
  int32_t r, g, b;
};
inline YuvChroma yuv_chroma(int c0, int c1, const int32_t* k) {
  const int32_t a = c0 - 128;
  const int32_t b = c1 - 128;
  const int32_t round = int32_t{1} << (kYuvShift - 1);
  return {k[kYuvR0] * a + k[kYuvR1] * b + round, k[kYuvG0] * a + k[kYuvG1] * b + round,
          k[kYuvB0] * a + k[kYuvB1] * b + round};
}

inline uint8_t yuv_saturate(int32_t v) {
  v >>= kYuvShift;
  return static_cast<uint8_t>(v < 0 ? 0 : (v > 255 ? 255 : v));
}

inline void yuv_pixel(int y, const YuvChroma& c, const int32_t* k, uint8_t* d) {
  const int32_t yl = (y > k[kYuvYOffset] ? y - k[kYuvYOffset] : 0) * k[kYuvCy];
  d[0] = yuv_saturate(yl + c.r);
  d[1] = yuv_saturate(yl + c.g);
  d[2] = yuv_saturate(yl + c.b);
}

// Pixels [start, width) of two 4:2:0 rows; start and width even.
inline void yuv420_rgb_2row_generic(const uint8_t* y0, const uint8_t* y1, const uint8_t* c0,
                                    const uint8_t* c1, size_t cstep, uint8_t* dst0, uint8_t* dst1,
                                    size_t start, size_t width, const int32_t* k) {
  for (size_t x = start; x < width; x += 2) {
    const size_t j = (x / 2) * cstep;
    const YuvChroma c = yuv_chroma(c0[j], c1[j], k);
    yuv_pixel(y0[x], c, k, dst0 + 3 * x);
    yuv_pixel(y0[x + 1], c, k, dst0 + 3 * x + 3);
    yuv_pixel(y1[x], c, k, dst1 + 3 * x);
    yuv_pixel(y1[x + 1], c, k, dst1 + 3 * x + 3);
  }
}

inline void yuv420sp_rgb_2row_generic(const uint8_t* y0, const uint8_t* y1, const uint8_t* c01,
                                      uint8_t* dst0, uint8_t* dst1, size_t start, size_t width,
                                      const int32_t* k) {
  yuv420_rgb_2row_generic(y0, y1, c01, c01 + 1, 2, dst0, dst1, start, width, k);
}

inline void yuv420p_rgb_2row_generic(const uint8_t* y0, const uint8_t* y1, const uint8_t* c0,
                                     const uint8_t* c1, uint8_t* dst0, uint8_t* dst1, size_t start,
                                     size_t width, const int32_t* k) {
  yuv420_rgb_2row_generic(y0, y1, c0, c1, 1, dst0, dst1, start, width, k);
}

// Pixels [start, width) of a 4:2:2 row; start and width even.
inline void yuv422_rgb_row_generic(const uint8_t* src, uint8_t* dst, size_t start, size_t width,
                                   bool y_first, const int32_t* k) {
  const int yo = y_first ? 0 : 1;
  const int co = 1 - yo;
  for (size_t x = start; x < width; x += 2) {
    const uint8_t* p = src + 2 * x;
    const YuvChroma c = yuv_chroma(p[co], p[co + 2], k);
    yuv_pixel(p[yo], c, k, dst + 3 * x);
    yuv_pixel(p[yo + 2], c, k, dst + 3 * x + 3);
  }
}
