// Bilateral filter row bodies (OpenCV's numerics), shared by every ISA
// folder: the reference runs them for whole rows, the SIMD levels for the
// pixels [x_begin, width) their registers do not cover. Included inside
// `namespace vc::kernels::<isa>`; needs <cmath>.
//
// Every sum is accumulated in float in tap order with separate multiply and
// add (no FMA), and every SIMD body performs the same operations in the same
// order per lane, so all levels agree bit for bit.

// Round half to even (cvRound; cvtps2dq under the default MXCSR) and clamp
// to [0, 255] (packus).
inline uint8_t bilateral_round_u8(float v) {
  const float r = std::nearbyint(v);
  return static_cast<uint8_t>(r < 0.f ? 0.f : (r > 255.f ? 255.f : r));
}

inline void u8_bilateral_row_generic(const uint8_t* const* taps, const float* space_w, int ntaps,
                                     const uint8_t* center, size_t plane, int cn,
                                     const float* color_lut, uint8_t* dst, size_t width,
                                     size_t x_begin) {
  for (size_t x = x_begin; x < width; ++x) {
    if (cn == 1) {
      const int p = center[x];
      float wsum = 0.f, sum = 0.f;
      for (int k = 0; k < ntaps; ++k) {
        const int v = taps[k][x];
        const float w = space_w[k] * color_lut[v > p ? v - p : p - v];
        wsum += w;
        sum += static_cast<float>(v) * w;
      }
      dst[x] = bilateral_round_u8(sum / wsum);
    } else {
      const int p0 = center[x], p1 = center[x + plane], p2 = center[x + 2 * plane];
      float wsum = 0.f, s0 = 0.f, s1 = 0.f, s2 = 0.f;
      for (int k = 0; k < ntaps; ++k) {
        const uint8_t* t = taps[k] + x;
        const int v0 = t[0], v1 = t[plane], v2 = t[2 * plane];
        const int d = (v0 > p0 ? v0 - p0 : p0 - v0) + (v1 > p1 ? v1 - p1 : p1 - v1) +
                      (v2 > p2 ? v2 - p2 : p2 - v2);
        const float w = space_w[k] * color_lut[d];
        wsum += w;
        s0 += static_cast<float>(v0) * w;
        s1 += static_cast<float>(v1) * w;
        s2 += static_cast<float>(v2) * w;
      }
      const float inv = 1.f / wsum;
      dst[3 * x] = bilateral_round_u8(s0 * inv);
      dst[3 * x + 1] = bilateral_round_u8(s1 * inv);
      dst[3 * x + 2] = bilateral_round_u8(s2 * inv);
    }
  }
}

// Color weight for a (clamped) table position: linear interpolation between
// the pair pairs[2 i] = L[i], pairs[2 i + 1] = L[i + 1] (the table is stored
// as pairs so that SIMD levels fetch both with one 64-bit gather per lane).
inline float bilateral_lut_f32(const float* pairs, float alpha, float max_alpha) {
  alpha = alpha < max_alpha ? alpha : max_alpha;  // minps rule: NaN -> max_alpha
  const int idx = static_cast<int>(alpha);
  const float frac = alpha - static_cast<float>(idx);
  const float l0 = pairs[2 * idx], l1 = pairs[2 * idx + 1];
  return l0 + frac * (l1 - l0);
}

inline void f32_bilateral_row_generic(const float* const* taps, const float* space_w, int ntaps,
                                      const float* center, size_t plane, int cn,
                                      const float* lut, float scale, float max_alpha, float* dst,
                                      size_t width, size_t x_begin) {
  for (size_t x = x_begin; x < width; ++x) {
    if (cn == 1) {
      const float p = center[x];
      const bool pnan = std::isnan(p);
      float wsum = 0.f, sum = 0.f;
      for (int k = 0; k < ntaps; ++k) {
        const float v = taps[k][x];
        const float cw = bilateral_lut_f32(lut, std::fabs(v - p) * scale, max_alpha);
        if (std::isnan(v)) continue;
        const float w = space_w[k] * (pnan ? 1.f : cw);
        wsum += w;
        sum += v * w;
      }
      dst[x] = pnan ? sum / wsum : (sum + p) / (wsum + 1.f);
    } else {
      const float p0 = center[x], p1 = center[x + plane], p2 = center[x + 2 * plane];
      const bool pnan = std::isnan(p0) || std::isnan(p1) || std::isnan(p2);
      float wsum = 0.f, s0 = 0.f, s1 = 0.f, s2 = 0.f;
      for (int k = 0; k < ntaps; ++k) {
        const float* t = taps[k] + x;
        const float v0 = t[0], v1 = t[plane], v2 = t[2 * plane];
        const float d = (std::fabs(v0 - p0) + std::fabs(v1 - p1)) + std::fabs(v2 - p2);
        const float cw = bilateral_lut_f32(lut, d * scale, max_alpha);
        if (std::isnan(v0) || std::isnan(v1) || std::isnan(v2)) continue;
        const float w = space_w[k] * (pnan ? 1.f : cw);
        wsum += w;
        s0 += v0 * w;
        s1 += v1 * w;
        s2 += v2 * w;
      }
      if (pnan) {
        const float inv = 1.f / wsum;
        dst[3 * x] = s0 * inv;
        dst[3 * x + 1] = s1 * inv;
        dst[3 * x + 2] = s2 * inv;
      } else {
        const float inv = 1.f / (wsum + 1.f);
        dst[3 * x] = (s0 + p0) * inv;
        dst[3 * x + 1] = (s1 + p1) * inv;
        dst[3 * x + 2] = (s2 + p2) * inv;
      }
    }
  }
}
