// Shuffle masks shared by the x86 gray kernels (SSSE3 pshufb semantics,
// applied per 128-bit lane). Included inside an ISA namespace after <immintrin.h>.
//
// One 16-byte load covers 4 packed pixels of `scn` (3 or 4) channels starting
// at byte 0. mask_rg turns it into 16-bit words R0 G0 R1 G1 R2 G2 R3 G3 and
// mask_b into B0 0 B1 0 B2 0 B3 0, so that pmaddwd with (cR, cG) and (cB, 0)
// gives R*cR + G*cG and B*cB per pixel as int32, exactly as the scalar
// formula. (High bytes use index 0x80, which pshufb turns into zero.)
struct GrayMasks {
  alignas(16) int8_t rg[16];
  alignas(16) int8_t b[16];
  GrayMasks(int scn, bool bgr) {
    const int ri = bgr ? 2 : 0;
    const int bi = bgr ? 0 : 2;
    for (int k = 0; k < 4; ++k) {
      rg[4 * k + 0] = static_cast<int8_t>(k * scn + ri);
      rg[4 * k + 1] = -128;
      rg[4 * k + 2] = static_cast<int8_t>(k * scn + 1);
      rg[4 * k + 3] = -128;
      b[4 * k + 0] = static_cast<int8_t>(k * scn + bi);
      b[4 * k + 1] = -128;
      b[4 * k + 2] = -128;
      b[4 * k + 3] = -128;
    }
  }
};
