// Plain-C++ RGB <-> HSV shared by every ISA folder (included inside
// `namespace vc::kernels::<isa>` after <algorithm>, <cfloat> and <cmath>).
// They are the scalar oracle, the tails of the hand-written kernels and the
// float32 kernels where no level has its own. The numerics are OpenCV's cvtColor
// (COLOR_RGB2HSV / COLOR_HSV2RGB, vectorized path), pinned down by comparing
// every one of the 2^24 u8 inputs with cv2:
//
// u8 RGB -> HSV, 12-bit fixed point, H in [0, 180) (degrees / 2):
//   V = max(R,G,B), D = V - min(R,G,B)
//   S = (D * round(255 * 2^12 / V) + 2^11) >> 12          (0 when V = 0)
//   N = G - B if V == R; B - R + 2D if V == G; R - G + 4D otherwise
//   H = floor((N * round(30 * 2^12 / D) + 2^11) / 2^12), plus 180 if < 0
// float RGB -> HSV, H in degrees:
//   S = D / (|V| + FLT_EPSILON)
//   H = fma(N', 60 / (D + FLT_EPSILON), base), with N' = G - B, B - R, R - G
//   and base = (G < B ? 360 : 0), 120, 240 for the same three cases. H may
//   round up to exactly 360.0 for hues a hair below 360.
// HSV -> RGB (float; u8 first maps H to float and S, V to S/255, V/255):
//   h = H * (6 / hue_range), sector = trunc(h) mod 6, f = h - trunc(h)
//   p = V (1 - S), q = V * fma(-S, f, 1), t = V * fma(-S, 1 - f, 1)
//   (R,G,B) = (V,t,p), (q,V,p), (p,V,t), (p,q,V), (t,p,V), (V,p,q) by sector;
//   u8 output is trunc(255 * value) (OpenCV's vectorized code truncates; its
//   scalar tail rounds, so cv2 itself differs by 1 on a few pixels of small
//   images). Both fma are rounded once at every ISA level (std::fma,
//   vfnmadd, or an exact double-precision equivalent in the SSE4.1 u8
//   kernel): they are what makes the u8 result bit-identical to cv2.

constexpr int kHsvShift = 12;
constexpr float kHsvU8HueToSector = 6.0f / 180.0f;
constexpr float kHsvF32HueToSector = 6.0f / 360.0f;
constexpr float kInv255 = 1.0f / 255.0f;

// Reciprocal tables of the u8 RGB -> HSV formula. None of the quotients is
// a tie or within float error of one, so round-half-up integer arithmetic,
// float division and OpenCV's double rounding all give the same integers
// (the SIMD kernels rely on that to compute them instead of looking them up).
struct HsvDivTables {
  int32_t sat[256];  // round(255 * 2^12 / v), 0 for v = 0
  int32_t hue[256];  // round(30 * 2^12 / d), 0 for d = 0
};
constexpr HsvDivTables make_hsv_div_tables() {
  HsvDivTables t{};
  for (int i = 1; i < 256; ++i) {
    t.sat[i] = (2 * (255 << kHsvShift) + i) / (2 * i);
    t.hue[i] = (2 * (30 << kHsvShift) + i) / (2 * i);
  }
  return t;
}
inline constexpr HsvDivTables kHsvDiv = make_hsv_div_tables();

inline void u8_rgb_to_hsv_generic(const uint8_t* src, uint8_t* dst, size_t width, int scn) {
  constexpr int kHalf = 1 << (kHsvShift - 1);
  for (size_t x = 0; x < width; ++x) {
    const uint8_t* p = src + x * static_cast<size_t>(scn);
    const int r = p[0], g = p[1], b = p[2];
    const int v = std::max(r, std::max(g, b));
    const int diff = v - std::min(r, std::min(g, b));
    const int s = (diff * kHsvDiv.sat[v] + kHalf) >> kHsvShift;
    const int n = v == r ? g - b : (v == g ? b - r + 2 * diff : r - g + 4 * diff);
    // n may be negative: >> is an arithmetic shift (floor division) here
    int h = (n * kHsvDiv.hue[diff] + kHalf) >> kHsvShift;
    if (h < 0) h += 180;
    dst[3 * x + 0] = static_cast<uint8_t>(h);
    dst[3 * x + 1] = static_cast<uint8_t>(s);
    dst[3 * x + 2] = static_cast<uint8_t>(v);
  }
}

inline void f32_rgb_to_hsv_generic(const float* src, float* dst, size_t width, int scn) {
  for (size_t x = 0; x < width; ++x) {
    const float* p = src + x * static_cast<size_t>(scn);
    const float r = p[0], g = p[1], b = p[2];
    const float v = std::max(std::max(r, g), b);
    const float diff = v - std::min(std::min(r, g), b);
    const float s = diff / (std::fabs(v) + FLT_EPSILON);
    const float rev = 60.0f / (diff + FLT_EPSILON);
    const float n = v == r ? g - b : (v == g ? b - r : r - g);
    const float base = v == r ? (g < b ? 360.0f : 0.0f) : (v == g ? 120.0f : 240.0f);
    dst[3 * x + 0] = std::fma(n, rev, base);
    dst[3 * x + 1] = s;
    dst[3 * x + 2] = v;
  }
}

// Picks R, G, B for a sector (an integer-valued float; below 1 acts as
// sector 0, 5 and above as sector 5) from the four candidate values
// t0 = V, t1 = p, t2 = q, t3 = t. Written as a chain of plain selects (the
// same chain as the SIMD kernels' blends) so that the compiler vectorizes it.
inline void hsv_pick(float sector, float t0, float t1, float t2, float t3, float& r, float& g,
                     float& b) {
  const bool lt1 = sector < 1, lt2 = sector < 2, lt3 = sector < 3, lt4 = sector < 4,
             lt5 = sector < 5;
  r = lt5 ? t3 : t0;  // sectors 5 -> V, 4 -> t
  r = lt4 ? t1 : r;   // 3, 2 -> p
  r = lt2 ? t2 : r;   // 1 -> q
  r = lt1 ? t0 : r;   // 0 -> V
  g = lt4 ? t2 : t1;  // 5, 4 -> p; 3 -> q
  g = lt3 ? t0 : g;   // 2, 1 -> V
  g = lt1 ? t3 : g;   // 0 -> t
  b = lt5 ? t0 : t2;  // 5 -> q; 4, 3 -> V
  b = lt3 ? t3 : b;   // 2 -> t
  b = lt2 ? t1 : b;   // 1, 0 -> p
}

// The four candidates for a hue already in sextants (hs >= 0 for u8).
struct HsvCandidates {
  float sector, t0, t1, t2, t3;
};
inline HsvCandidates hsv_candidates(float hs, float s, float v) {
  const float whole = std::trunc(hs);
  const float frac = hs - whole;
  HsvCandidates c;
  c.sector = whole - std::trunc(whole * (1.0f / 6.0f)) * 6.0f;
  c.t0 = v;
  c.t1 = v * (1.0f - s);
  c.t2 = v * std::fma(-s, frac, 1.0f);
  c.t3 = v * std::fma(-s, 1.0f - frac, 1.0f);
  return c;
}

inline void u8_hsv_to_rgb_generic(const uint8_t* src, uint8_t* dst, size_t width) {
  for (size_t x = 0; x < width; ++x) {
    const uint8_t* p = src + 3 * x;
    const HsvCandidates c =
        hsv_candidates(static_cast<float>(p[0]) * kHsvU8HueToSector,
                       static_cast<float>(p[1]) * kInv255, static_cast<float>(p[2]) * kInv255);
    float r, g, b;
    hsv_pick(c.sector, c.t0, c.t1, c.t2, c.t3, r, g, b);
    // every candidate lies in [0, 1.0000001]: the truncation fits uint8
    dst[3 * x + 0] = static_cast<uint8_t>(static_cast<int>(r * 255.0f));
    dst[3 * x + 1] = static_cast<uint8_t>(static_cast<int>(g * 255.0f));
    dst[3 * x + 2] = static_cast<uint8_t>(static_cast<int>(b * 255.0f));
  }
}

// H outside [0, 360) wraps around for H >= 0; negative H takes the sector-0
// formula (both as OpenCV's vectorized path); NaN or infinite H gives NaN.
inline void f32_hsv_to_rgb_generic(const float* src, float* dst, size_t width) {
  for (size_t x = 0; x < width; ++x) {
    const float* p = src + 3 * x;
    const float hs = p[0] * kHsvF32HueToSector;
    const HsvCandidates c = hsv_candidates(hs, p[1], p[2]);
    float r, g, b;
    hsv_pick(c.sector, c.t0, c.t1, c.t2, c.t3, r, g, b);
    const float nan_if_not_finite = hs - hs;  // 0, or NaN for NaN/inf
    const bool finite = nan_if_not_finite == 0.0f;
    dst[3 * x + 0] = finite ? r : nan_if_not_finite;
    dst[3 * x + 1] = finite ? g : nan_if_not_finite;
    dst[3 * x + 2] = finite ? b : nan_if_not_finite;
  }
}
