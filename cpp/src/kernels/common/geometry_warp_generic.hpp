// Plain-C++ warp/remap arithmetic shared by every ISA folder (included
// inside `namespace vc::kernels::<isa>` after geometry_resize_generic.hpp):
// the reference for the SIMD kernels, which use it for tails and for pixels
// whose neighbourhood leaves the image. Matches OpenCV 5's float warps:
//   coordinates  clamped to +-2^22 (NaN -> -2^22)
//   nearest      ix = rint(sx), iy = rint(sy)
//   linear       ix = floor(sx), fx = sx - ix (exact), then in float
//                v0 = p00 + fx (p01 - p00), v1 = p10 + fx (p11 - p10),
//                v = v0 + fy (v1 - v0)
//   cubic        taps ix-1 .. ix+2, Keys weights (a = -0.75) of fx and fy in
//                float; each tap row summed left to right, then the rows
//   borders      vc::border_index per tap; Constant: bval. A pixel whose
//                whole neighbourhood is outside takes bval directly.
// Integer results: round half to even, saturated (geo_cast).

constexpr float kGeoCoordLimit = 4194304.0f;  // 2^22

inline float geo_clamp_coord(float v) {
  v = v > -kGeoCoordLimit ? v : -kGeoCoordLimit;  // NaN fails the test
  return v < kGeoCoordLimit ? v : kGeoCoordLimit;
}

// Source coordinates, computed exactly as a fused multiply-add rounded once
// to float: the products of a float and an int are exact in double, the
// double sum rounds once more, the same way at every ISA level.
inline void warp_affine_coords_generic(const float* m, int x0, size_t n, float* sx, float* sy) {
  const double m0 = m[0], m3 = m[1], cx = m[2], cy = m[3];
  for (size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(x0 + static_cast<int>(i));
    sx[i] = static_cast<float>(m0 * x + cx);
    sy[i] = static_cast<float>(m3 * x + cy);
  }
}

inline void warp_perspective_coords_generic(const float* m, int x0, size_t n, float* sx,
                                            float* sy) {
  const double m0 = m[0], m3 = m[1], m6 = m[2], cx = m[3], cy = m[4], cw = m[5];
  for (size_t i = 0; i < n; ++i) {
    const double x = static_cast<double>(x0 + static_cast<int>(i));
    const float X = static_cast<float>(m0 * x + cx);
    const float Y = static_cast<float>(m3 * x + cy);
    const float W = static_cast<float>(m6 * x + cw);
    sx[i] = X / W;
    sy[i] = Y / W;
  }
}

// The source image of a warp, as the kernels receive it.
template <class T>
struct GeoSrc {
  const uint8_t* base;
  ptrdiff_t stride;
  int w, h, cn;
  vc::BorderMode border;
  const T* bval;

  const T* px(int x, int y) const {
    return reinterpret_cast<const T*>(base + y * stride) + static_cast<ptrdiff_t>(x) * cn;
  }
  // The pixel at (x, y) with the border rule; null means "the constant".
  const T* px_border(int x, int y) const {
    const int xi = vc::border_index(x, w, border);
    const int yi = vc::border_index(y, h, border);
    return (xi < 0 || yi < 0) ? nullptr : px(xi, yi);
  }
};

template <class T>
inline void geo_nearest_px(const GeoSrc<T>& s, float fxc, float fyc, T* out) {
  const int ix = geo_round_even(geo_clamp_coord(fxc));
  const int iy = geo_round_even(geo_clamp_coord(fyc));
  const T* p = (static_cast<unsigned>(ix) < static_cast<unsigned>(s.w) &&
                static_cast<unsigned>(iy) < static_cast<unsigned>(s.h))
                   ? s.px(ix, iy)
                   : s.px_border(ix, iy);
  if (!p) p = s.bval;
  for (int c = 0; c < s.cn; ++c) out[c] = p[c];
}

template <class T>
inline void geo_linear_px(const GeoSrc<T>& s, float fxc, float fyc, T* out) {
  const float cx = geo_clamp_coord(fxc), cy = geo_clamp_coord(fyc);
  const float flx = std::floor(cx), fly = std::floor(cy);
  const int ix = static_cast<int>(flx), iy = static_cast<int>(fly);
  const float fx = cx - flx, fy = cy - fly;
  const T *p00, *p01, *p10, *p11;
  if (static_cast<unsigned>(ix) < static_cast<unsigned>(s.w - 1) &&
      static_cast<unsigned>(iy) < static_cast<unsigned>(s.h - 1)) {
    p00 = s.px(ix, iy);
    p01 = p00 + s.cn;
    p10 = reinterpret_cast<const T*>(reinterpret_cast<const uint8_t*>(p00) + s.stride);
    p11 = p10 + s.cn;
  } else {
    if (s.border == vc::BorderMode::Constant &&
        (ix < -1 || ix >= s.w || iy < -1 || iy >= s.h)) {
      for (int c = 0; c < s.cn; ++c) out[c] = s.bval[c];
      return;
    }
    p00 = s.px_border(ix, iy);
    p01 = s.px_border(ix + 1, iy);
    p10 = s.px_border(ix, iy + 1);
    p11 = s.px_border(ix + 1, iy + 1);
    if (!p00) p00 = s.bval;
    if (!p01) p01 = s.bval;
    if (!p10) p10 = s.bval;
    if (!p11) p11 = s.bval;
  }
  for (int c = 0; c < s.cn; ++c) {
    const float a = static_cast<float>(p00[c]), b = static_cast<float>(p01[c]);
    const float d = static_cast<float>(p10[c]), e = static_cast<float>(p11[c]);
    const float v0 = a + fx * (b - a);
    const float v1 = d + fx * (e - d);
    out[c] = geo_cast<T>(v0 + fy * (v1 - v0));
  }
}

// OpenCV's interpolateCubic, float arithmetic in its order.
inline void geo_cubic_weights(float x, float* w) {
  const float A = -0.75f;
  w[0] = ((A * (x + 1.0f) - 5.0f * A) * (x + 1.0f) + 8.0f * A) * (x + 1.0f) - 4.0f * A;
  w[1] = ((A + 2.0f) * x - (A + 3.0f)) * x * x + 1.0f;
  w[2] = ((A + 2.0f) * (1.0f - x) - (A + 3.0f)) * (1.0f - x) * (1.0f - x) + 1.0f;
  w[3] = 1.0f - w[0] - w[1] - w[2];
}

template <class T>
inline void geo_cubic_px(const GeoSrc<T>& s, float fxc, float fyc, T* out) {
  const float cx = geo_clamp_coord(fxc), cy = geo_clamp_coord(fyc);
  const float flx = std::floor(cx), fly = std::floor(cy);
  const int ix = static_cast<int>(flx), iy = static_cast<int>(fly);
  float wx[4], wy[4];
  geo_cubic_weights(cx - flx, wx);
  geo_cubic_weights(cy - fly, wy);
  const bool inside = ix >= 1 && ix + 2 < s.w && iy >= 1 && iy + 2 < s.h;
  if (!inside && s.border == vc::BorderMode::Constant &&
      (ix - 1 >= s.w || ix + 3 <= 0 || iy - 1 >= s.h || iy + 3 <= 0)) {
    for (int c = 0; c < s.cn; ++c) out[c] = s.bval[c];
    return;
  }
  const T* taps[16];
  for (int i = 0; i < 4; ++i) {
    for (int j = 0; j < 4; ++j) {
      const T* p = inside ? s.px(ix - 1 + j, iy - 1 + i) : s.px_border(ix - 1 + j, iy - 1 + i);
      taps[i * 4 + j] = p ? p : s.bval;
    }
  }
  for (int c = 0; c < s.cn; ++c) {
    float acc = 0.0f;
    for (int i = 0; i < 4; ++i) {
      float row = 0.0f;
      for (int j = 0; j < 4; ++j) row = row + static_cast<float>(taps[i * 4 + j][c]) * wx[j];
      acc = acc + row * wy[i];
    }
    out[c] = geo_cast<T>(acc);
  }
}

template <class T>
inline GeoSrc<T> geo_src(const T* src, ptrdiff_t stride, int width, int height, int cn, int border,
                         const T* bval) {
  return GeoSrc<T>{reinterpret_cast<const uint8_t*>(src), stride, width, height, cn,
                   static_cast<vc::BorderMode>(border), bval};
}

template <class T>
inline void remap_nearest_generic(const GeoSrc<T>& s, const float* sx, const float* sy, size_t n,
                                  T* dst) {
  for (size_t i = 0; i < n; ++i) geo_nearest_px(s, sx[i], sy[i], dst + i * s.cn);
}
template <class T>
inline void remap_linear_generic(const GeoSrc<T>& s, const float* sx, const float* sy, size_t n,
                                 T* dst) {
  for (size_t i = 0; i < n; ++i) geo_linear_px(s, sx[i], sy[i], dst + i * s.cn);
}
template <class T>
inline void remap_cubic_generic(const GeoSrc<T>& s, const float* sx, const float* sy, size_t n,
                                T* dst) {
  for (size_t i = 0; i < n; ++i) geo_cubic_px(s, sx[i], sy[i], dst + i * s.cn);
}
