// Plain-C++ gray conversion loops shared by every ISA folder. Included inside
// `namespace vc::kernels::<isa>`, so each folder compiles them with its own
// flags (the compiler vectorizes them for that ISA). Also the scalar oracle.
//
// OpenCV-compatible coefficients: integer types use 15-bit fixed point,
// Y = (R*9798 + G*19235 + B*3735 + 2^14) >> 15 (sums to 2^15, so white maps
// to white); float uses Y = (R*0.299 + G*0.587) + B*0.114 in float32.

constexpr int32_t kGrayR15 = 9798;
constexpr int32_t kGrayG15 = 19235;
constexpr int32_t kGrayB15 = 3735;
constexpr int kGrayShift = 15;

template <class T>
inline void int_rgb_to_gray_generic(const T* src, T* dst, size_t width, int scn, bool bgr) {
  const int ri = bgr ? 2 : 0;
  const int bi = bgr ? 0 : 2;
  for (size_t x = 0; x < width; ++x) {
    const T* p = src + x * static_cast<size_t>(scn);
    const uint32_t y = static_cast<uint32_t>(p[ri]) * kGrayR15 + static_cast<uint32_t>(p[1]) * kGrayG15 +
                       static_cast<uint32_t>(p[bi]) * kGrayB15 + (1u << (kGrayShift - 1));
    dst[x] = static_cast<T>(y >> kGrayShift);
  }
}

inline void f32_rgb_to_gray_generic(const float* src, float* dst, size_t width, int scn, bool bgr) {
  const int ri = bgr ? 2 : 0;
  const int bi = bgr ? 0 : 2;
  for (size_t x = 0; x < width; ++x) {
    const float* p = src + x * static_cast<size_t>(scn);
    dst[x] = (p[ri] * 0.299f + p[1] * 0.587f) + p[bi] * 0.114f;
  }
}
