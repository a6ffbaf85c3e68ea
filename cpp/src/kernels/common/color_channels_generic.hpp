// Plain-C++ channel rearrangements (gray -> RGB, R/B swap, dropping and
// adding alpha) shared by every ISA folder. Included inside
// `namespace vc::kernels::<isa>`, so each folder compiles them with its own
// flags: they are the scalar oracle, the u16/f32 kernels of every level (the
// compiler vectorizes them) and the tails of the hand-written u8 kernels.
// Pure copies: results are bit-identical for every element type.

template <class T>
inline void gray_to_rgb_generic(const T* src, T* dst, size_t width) {
  for (size_t x = 0; x < width; ++x) {
    const T g = src[x];
    dst[3 * x + 0] = g;
    dst[3 * x + 1] = g;
    dst[3 * x + 2] = g;
  }
}

// Swaps channels 0 and 2 of cn (3 or 4) channel pixels. src and dst are
// either the same buffer or disjoint: each pixel is read completely before
// it is written, so in place works. The in-place loop is kept separate so
// the compiler sees one pointer and vectorizes it without alias checks.
template <class T>
inline void rgb_to_bgr_generic(const T* src, T* dst, size_t width, int cn) {
  if (src == dst) {
    T* p = dst;
    if (cn == 3) {
      for (size_t x = 0; x < width; ++x) {
        const T c0 = p[3 * x], c2 = p[3 * x + 2];
        p[3 * x] = c2;
        p[3 * x + 2] = c0;
      }
    } else {
      for (size_t x = 0; x < width; ++x) {
        const T c0 = p[4 * x], c2 = p[4 * x + 2];
        p[4 * x] = c2;
        p[4 * x + 2] = c0;
      }
    }
    return;
  }
  if (cn == 3) {
    for (size_t x = 0; x < width; ++x) {
      dst[3 * x + 0] = src[3 * x + 2];
      dst[3 * x + 1] = src[3 * x + 1];
      dst[3 * x + 2] = src[3 * x + 0];
    }
  } else {
    for (size_t x = 0; x < width; ++x) {
      dst[4 * x + 0] = src[4 * x + 2];
      dst[4 * x + 1] = src[4 * x + 1];
      dst[4 * x + 2] = src[4 * x + 0];
      dst[4 * x + 3] = src[4 * x + 3];
    }
  }
}

template <class T>
inline void rgba_to_rgb_generic(const T* src, T* dst, size_t width) {
  for (size_t x = 0; x < width; ++x) {
    dst[3 * x + 0] = src[4 * x + 0];
    dst[3 * x + 1] = src[4 * x + 1];
    dst[3 * x + 2] = src[4 * x + 2];
  }
}

template <class T>
inline void rgb_to_rgba_generic(const T* src, T* dst, size_t width, T alpha) {
  for (size_t x = 0; x < width; ++x) {
    dst[4 * x + 0] = src[3 * x + 0];
    dst[4 * x + 1] = src[3 * x + 1];
    dst[4 * x + 2] = src[3 * x + 2];
    dst[4 * x + 3] = alpha;
  }
}
