// Border modes: how operations that read outside the image (filters,
// morphology, warps) extrapolate pixels. Same rules as OpenCV:
//   Reflect101  gfedcb|abcdefgh|gfedcba   (default)
//   Replicate   aaaaaa|abcdefgh|hhhhhhh
//   Reflect     fedcba|abcdefgh|hgfedcb
//   Wrap        cdefgh|abcdefgh|abcdefg
//   Constant    vvvvvv|abcdefgh|vvvvvvv   (v = border value)
#pragma once

namespace vc {

enum class BorderMode { Reflect101, Replicate, Reflect, Wrap, Constant };

// Maps coordinate p (any int) to an index in [0, len) for the given mode, or
// -1 for Constant when p is outside. len >= 1. For len == 1, Reflect101
// behaves like Replicate (there is no pixel to reflect onto).
inline int border_index(int p, int len, BorderMode mode) {
  if (static_cast<unsigned>(p) < static_cast<unsigned>(len)) return p;
  switch (mode) {
    case BorderMode::Constant:
      return -1;
    case BorderMode::Replicate:
      return p < 0 ? 0 : len - 1;
    case BorderMode::Wrap: {
      const int m = p % len;
      return m < 0 ? m + len : m;
    }
    case BorderMode::Reflect:
    case BorderMode::Reflect101: {
      if (len == 1) return 0;
      const int delta = mode == BorderMode::Reflect101 ? 1 : 0;
      // Reflection is periodic with period 2*len - 2*delta.
      const int period = 2 * len - 2 * delta;
      int m = p % period;
      if (m < 0) m += period;
      // m in [0, period): first half is the image, second half mirrored.
      return m < len ? m : period - m - (1 - delta);
    }
  }
  return 0;
}

}  // namespace vc
