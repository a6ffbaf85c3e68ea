// Parameters shared by the camera-raw area code (cpp/src/imgproc) and its
// kernels. An ordinary header (include it at file scope, not inside an ISA
// namespace): plain constants, no code.
#pragma once

#include <cstdint>

namespace vc::kernels {

// Bayer row `phase` bits.
constexpr int kBayerGreenFirst = 1;  // the first output pixel is green
constexpr int kBayerBlueRow = 2;     // the row's non-green pixels are blue (else red)

// YUV -> RGB coefficients, 20-bit fixed point, as an int32 array:
//   yl  = max(Y - coeffs[kYuvYOffset], 0) * coeffs[kYuvCy]
//   R   = sat8((yl + R0*(c0-128) + R1*(c1-128) + 2^19) >> 20), G and B alike,
// where c0, c1 are the first and second chroma sample of a pair as stored.
// Kernels may split a coefficient as hi * 128 + lo with hi in int16 range,
// so every |coefficient| is below 2^22 (what 1.16 * 255/224 * 2^20 and the
// other standard values respect by far).
enum YuvCoeff : int {
  kYuvCy,
  kYuvYOffset,
  kYuvR0,
  kYuvR1,
  kYuvG0,
  kYuvG1,
  kYuvB0,
  kYuvB1,
  kYuvCoeffCount
};
constexpr int kYuvShift = 20;

}  // namespace vc::kernels
