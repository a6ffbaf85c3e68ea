// Plain-C++ Bayer demosaicing rows shared by every ISA folder: the scalar
// oracle, and the tails of the SIMD kernels. Included inside
// `namespace vc::kernels::<isa>` after kernels/common/camera_params.hpp.
//
// Conventions as in camera.inc: source pointers address the pixel `radius`
// columns left of the first output pixel; `phase` describes that first pixel.
// All arithmetic is exact integer arithmetic, so every ISA level gives the
// same bits.

// The phase of the pixel `i` columns right of a pixel with phase `phase`.
inline int bayer_phase_at(int phase, size_t i) {
  return (i & 1) ? (phase ^ kBayerGreenFirst) : phase;
}

// Bilinear (OpenCV's rule): at a green pixel the row colour is the mean of
// the left and right samples and the other colour the mean of the upper and
// lower ones; at a red or blue pixel green is the mean of the 4 axial
// samples and the other colour the mean of the 4 diagonal ones. Means round
// half up.
template <class T>
inline void bayer_bilinear_row_generic(const T* above, const T* row, const T* below, T* dst,
                                       size_t width, int phase) {
  const int rc = (phase & kBayerBlueRow) ? 2 : 0;  // channel of the row's colour
  const int oc = 2 - rc;                           // channel of the other colour
  bool green = (phase & kBayerGreenFirst) != 0;
  for (size_t i = 0; i < width; ++i, green = !green) {
    const size_t x = i + 1;
    T* d = dst + 3 * i;
    const uint32_t vsum = uint32_t{above[x]} + below[x];
    const uint32_t hsum = uint32_t{row[x - 1]} + row[x + 1];
    if (green) {
      d[rc] = static_cast<T>((hsum + 1) >> 1);
      d[1] = row[x];
      d[oc] = static_cast<T>((vsum + 1) >> 1);
    } else {
      const uint32_t dsum = uint32_t{above[x - 1]} + above[x + 1] + below[x - 1] + below[x + 1];
      d[rc] = row[x];
      d[1] = static_cast<T>((vsum + hsum + 2) >> 2);
      d[oc] = static_cast<T>((dsum + 2) >> 2);
    }
  }
}

template <class T>
inline T bayer_saturate(int32_t v) {
  constexpr int32_t kMax = static_cast<int32_t>(T(~T(0)));
  return static_cast<T>(v < 0 ? 0 : (v > kMax ? kMax : v));
}

// Malvar-He-Cutler with weights x16 (the paper's x8 filters doubled so the
// halves become integers); result = saturate((sum + 8) >> 4), the shift
// being a floor also for negative sums. With c the centre and sums of
// symmetric pairs (h1 = left+right, v1 = up+down, h2/v2 the same at
// distance 2, diag = the 4 diagonal neighbours):
//   green pixel, row colour    10c + 8 h1 - 2 diag - 2 h2 + v2
//   green pixel, other colour  10c + 8 v1 - 2 diag - 2 v2 + h2
//   red/blue pixel, green       8c + 4 (h1 + v1) - 2 (h2 + v2)
//   red/blue pixel, other      12c + 4 diag - 3 (h2 + v2)
template <class T>
inline void bayer_malvar_row_generic(const T* const* rows, T* dst, size_t width, int phase) {
  const int rc = (phase & kBayerBlueRow) ? 2 : 0;
  const int oc = 2 - rc;
  const T* r0 = rows[0];
  const T* r1 = rows[1];
  const T* r2 = rows[2];
  const T* r3 = rows[3];
  const T* r4 = rows[4];
  bool green = (phase & kBayerGreenFirst) != 0;
  for (size_t i = 0; i < width; ++i, green = !green) {
    const size_t x = i + 2;
    T* d = dst + 3 * i;
    const int32_t c = r2[x];
    const int32_t h1 = int32_t{r2[x - 1]} + r2[x + 1];
    const int32_t v1 = int32_t{r1[x]} + r3[x];
    const int32_t h2 = int32_t{r2[x - 2]} + r2[x + 2];
    const int32_t v2 = int32_t{r0[x]} + r4[x];
    const int32_t diag = int32_t{r1[x - 1]} + r1[x + 1] + r3[x - 1] + r3[x + 1];
    if (green) {
      d[rc] = bayer_saturate<T>((10 * c + 8 * h1 - 2 * diag - 2 * h2 + v2 + 8) >> 4);
      d[1] = static_cast<T>(c);
      d[oc] = bayer_saturate<T>((10 * c + 8 * v1 - 2 * diag - 2 * v2 + h2 + 8) >> 4);
    } else {
      d[rc] = static_cast<T>(c);
      d[1] = bayer_saturate<T>((8 * c + 4 * (h1 + v1) - 2 * (h2 + v2) + 8) >> 4);
      d[oc] = bayer_saturate<T>((12 * c + 4 * diag - 3 * (h2 + v2) + 8) >> 4);
    }
  }
}

// The malvar row from output pixel `start` on (for SIMD tails).
template <class T>
inline void bayer_malvar_row_generic_from(const T* const* rows, T* dst, size_t start, size_t width,
                                          int phase) {
  const T* r[5] = {rows[0] + start, rows[1] + start, rows[2] + start, rows[3] + start,
                   rows[4] + start};
  bayer_malvar_row_generic(r, dst + 3 * start, width - start, bayer_phase_at(phase, start));
}
