// 128-bit geometry kernels shared by the x86 folders (SSSE3 / SSE4.1
// instructions, VEX-encoded in the AVX2 and AVX-512 builds): 2x2 box
// averages, row reversal and tile transposes. Included inside an ISA
// namespace after <immintrin.h> and the generic geometry headers, which do
// the tails with the same arithmetic.

// ---------------------------------------------------------- 2x2 average --

// u8: pmaddubsw against ones sums byte pairs of each row into u16; the row
// sums add, then (s + 2) >> 2 as the reference.
inline void u8_area2x2_c1_sse(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, size_t width) {
  const __m128i ones = _mm_set1_epi8(1), two = _mm_set1_epi16(2);
  size_t x = 0;
  for (; x + 16 <= width; x += 16) {
    const uint8_t* a = r0 + 2 * x;
    const uint8_t* b = r1 + 2 * x;
    auto sums = [&](size_t o) {
      const __m128i sa = _mm_maddubs_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(a + o)), ones);
      const __m128i sb = _mm_maddubs_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(b + o)), ones);
      return _mm_srli_epi16(_mm_add_epi16(_mm_add_epi16(sa, sb), two), 2);
    };
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_packus_epi16(sums(0), sums(16)));
  }
  int_resize_area2x2_row_generic(r0 + 2 * x, r1 + 2 * x, dst + x, width - x, 1);
}

// u8, 4 channels: widen to u16, add the rows, then pair pixels 2k and 2k+1
// with 64-bit unpacks.
inline void u8_area2x2_c4_sse(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, size_t width) {
  const __m128i zero = _mm_setzero_si128(), two = _mm_set1_epi16(2);
  size_t x = 0;
  for (; x + 4 <= width; x += 4) {
    auto row_sums = [&](size_t o, __m128i* lo, __m128i* hi) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0 + 8 * x + o));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r1 + 8 * x + o));
      *lo = _mm_add_epi16(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero));
      *hi = _mm_add_epi16(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero));
    };
    __m128i s01, s23, s45, s67;  // pixel pairs
    row_sums(0, &s01, &s23);
    row_sums(16, &s45, &s67);
    const __m128i t0 = _mm_add_epi16(_mm_unpacklo_epi64(s01, s23), _mm_unpackhi_epi64(s01, s23));
    const __m128i t1 = _mm_add_epi16(_mm_unpacklo_epi64(s45, s67), _mm_unpackhi_epi64(s45, s67));
    const __m128i y0 = _mm_srli_epi16(_mm_add_epi16(t0, two), 2);
    const __m128i y1 = _mm_srli_epi16(_mm_add_epi16(t1, two), 2);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 4 * x), _mm_packus_epi16(y0, y1));
  }
  int_resize_area2x2_row_generic(r0 + 8 * x, r1 + 8 * x, dst + 4 * x, width - x, 4);
}

// u8, 3 channels: element sums s[e] of both rows as u16, then
// t[e] = s[e] + s[e + 3] (palignr by 3 words); output byte o takes
// t[6 (o / 3) + o % 3]. 8 output pixels per 48 source bytes per row.
struct Area2x2Rgb {
  alignas(16) int8_t m[4][16];  // out[0..15] = P0[m0] | P1[m1]; out[16..23] = P1[m2] | P2[m3]
  Area2x2Rgb() {
    for (int o = 0; o < 24; ++o) {
      const int e = 6 * (o / 3) + o % 3;
      const int half = o < 16 ? 0 : 2;
      const int pos = o % 16;
      // P0 holds e 0..15, P1 e 16..31, P2 e 32..47
      const int src = e / 16, idx = e % 16;
      for (int k = 0; k < 2; ++k) {
        m[half + k][pos] = (src == (half == 0 ? 0 : 1) + k) ? static_cast<int8_t>(idx) : -128;
      }
    }
    for (int pos = 8; pos < 16; ++pos) m[2][pos] = m[3][pos] = -128;
  }
};

inline void u8_area2x2_c3_sse(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, size_t width) {
  static const Area2x2Rgb masks;
  const __m128i zero = _mm_setzero_si128(), two = _mm_set1_epi16(2);
  const __m128i m0 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.m[0]));
  const __m128i m1 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.m[1]));
  const __m128i m2 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.m[2]));
  const __m128i m3 = _mm_load_si128(reinterpret_cast<const __m128i*>(masks.m[3]));
  size_t x = 0;
  // the loads reach 64 bytes past the block start: 6 * width bytes exist
  for (; x + 11 <= width; x += 8) {
    __m128i v[8];
    for (int k = 0; k < 4; ++k) {
      const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0 + 6 * x + 16 * k));
      const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r1 + 6 * x + 16 * k));
      v[2 * k] = _mm_add_epi16(_mm_unpacklo_epi8(a, zero), _mm_unpacklo_epi8(b, zero));
      v[2 * k + 1] = _mm_add_epi16(_mm_unpackhi_epi8(a, zero), _mm_unpackhi_epi8(b, zero));
    }
    __m128i y[6];
    for (int k = 0; k < 6; ++k) {
      const __m128i t = _mm_add_epi16(v[k], _mm_alignr_epi8(v[k + 1], v[k], 6));
      y[k] = _mm_srli_epi16(_mm_add_epi16(t, two), 2);
    }
    const __m128i p0 = _mm_packus_epi16(y[0], y[1]);
    const __m128i p1 = _mm_packus_epi16(y[2], y[3]);
    const __m128i p2 = _mm_packus_epi16(y[4], y[5]);
    const __m128i lo = _mm_or_si128(_mm_shuffle_epi8(p0, m0), _mm_shuffle_epi8(p1, m1));
    const __m128i hi = _mm_or_si128(_mm_shuffle_epi8(p1, m2), _mm_shuffle_epi8(p2, m3));
    _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 3 * x), lo);
    _mm_storel_epi64(reinterpret_cast<__m128i*>(dst + 3 * x + 16), hi);
  }
  int_resize_area2x2_row_generic(r0 + 6 * x, r1 + 6 * x, dst + 3 * x, width - x, 3);
}

inline void u8_area2x2_sse(const uint8_t* r0, const uint8_t* r1, uint8_t* dst, size_t width, int cn) {
  if (cn == 1) {
    u8_area2x2_c1_sse(r0, r1, dst, width);
  } else if (cn == 3) {
    u8_area2x2_c3_sse(r0, r1, dst, width);
  } else if (cn == 4) {
    u8_area2x2_c4_sse(r0, r1, dst, width);
  } else {
    int_resize_area2x2_row_generic(r0, r1, dst, width, cn);
  }
}

// u16, 1 channel: pair sums as u32 (low word + high word of each dword).
inline void u16_area2x2_sse(const uint16_t* r0, const uint16_t* r1, uint16_t* dst, size_t width,
                            int cn) {
  size_t x = 0;
  if (cn == 1) {
    const __m128i lo16 = _mm_set1_epi32(0xFFFF), two = _mm_set1_epi32(2);
    for (; x + 8 <= width; x += 8) {
      auto sums = [&](size_t o) {
        const __m128i a = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r0 + 2 * x + o));
        const __m128i b = _mm_loadu_si128(reinterpret_cast<const __m128i*>(r1 + 2 * x + o));
        const __m128i s = _mm_add_epi32(_mm_add_epi32(_mm_and_si128(a, lo16), _mm_srli_epi32(a, 16)),
                                        _mm_add_epi32(_mm_and_si128(b, lo16), _mm_srli_epi32(b, 16)));
        return _mm_srli_epi32(_mm_add_epi32(s, two), 2);
      };
      _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_packus_epi32(sums(0), sums(8)));
    }
  }
  int_resize_area2x2_row_generic(r0 + 2 * x * cn, r1 + 2 * x * cn, dst + x * cn, width - x, cn);
}

// f32: ((a + b) + (c + d)) * 0.25, as the reference.
inline void f32_area2x2_sse(const float* r0, const float* r1, float* dst, size_t width, int cn) {
  const __m128 q = _mm_set1_ps(0.25f);
  size_t x = 0;
  if (cn == 1) {
    for (; x + 4 <= width; x += 4) {
      const __m128 a0 = _mm_loadu_ps(r0 + 2 * x), a1 = _mm_loadu_ps(r0 + 2 * x + 4);
      const __m128 b0 = _mm_loadu_ps(r1 + 2 * x), b1 = _mm_loadu_ps(r1 + 2 * x + 4);
      const __m128 ab = _mm_add_ps(_mm_shuffle_ps(a0, a1, _MM_SHUFFLE(2, 0, 2, 0)),
                                   _mm_shuffle_ps(a0, a1, _MM_SHUFFLE(3, 1, 3, 1)));
      const __m128 cd = _mm_add_ps(_mm_shuffle_ps(b0, b1, _MM_SHUFFLE(2, 0, 2, 0)),
                                   _mm_shuffle_ps(b0, b1, _MM_SHUFFLE(3, 1, 3, 1)));
      _mm_storeu_ps(dst + x, _mm_mul_ps(_mm_add_ps(ab, cd), q));
    }
  } else if (cn == 4) {
    for (; x < width; ++x) {
      const __m128 ab = _mm_add_ps(_mm_loadu_ps(r0 + 8 * x), _mm_loadu_ps(r0 + 8 * x + 4));
      const __m128 cd = _mm_add_ps(_mm_loadu_ps(r1 + 8 * x), _mm_loadu_ps(r1 + 8 * x + 4));
      _mm_storeu_ps(dst + 4 * x, _mm_mul_ps(_mm_add_ps(ab, cd), q));
    }
  }
  f32_resize_area2x2_row_generic(r0 + 2 * x * cn, r1 + 2 * x * cn, dst + x * cn, width - x, cn);
}

// -------------------------------------------------------------- flips --

inline void flip_row_sse(const uint8_t* src, uint8_t* dst, size_t width, int pixel_bytes) {
  size_t x = 0;
  const size_t bytes = width * static_cast<size_t>(pixel_bytes);
  auto load_from_end = [&](size_t off) {  // the 16 bytes ending `off` bytes before the row end
    return _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + bytes - off - 16));
  };
  switch (pixel_bytes) {
    case 1: {
      const __m128i rev = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
      for (; x + 16 <= width; x += 16) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + x), _mm_shuffle_epi8(load_from_end(x), rev));
      }
      break;
    }
    case 2: {
      const __m128i rev = _mm_setr_epi8(14, 15, 12, 13, 10, 11, 8, 9, 6, 7, 4, 5, 2, 3, 0, 1);
      for (; x + 8 <= width; x += 8) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 2 * x),
                         _mm_shuffle_epi8(load_from_end(2 * x), rev));
      }
      break;
    }
    case 3: {
      // 5 pixels per step from a load that starts one byte early; the 16th
      // stored byte lands on the next pixel, which a later step rewrites.
      alignas(16) int8_t m[16];
      for (int j = 0; j < 5; ++j) {
        for (int c = 0; c < 3; ++c) m[3 * j + c] = static_cast<int8_t>(13 - 3 * j + c);
      }
      m[15] = -128;
      const __m128i mask = _mm_load_si128(reinterpret_cast<const __m128i*>(m));
      for (; x + 6 <= width; x += 5) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(src + (width - 5 - x) * 3 - 1));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 3 * x), _mm_shuffle_epi8(v, mask));
      }
      break;
    }
    case 4:
      for (; x + 4 <= width; x += 4) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 4 * x),
                         _mm_shuffle_epi32(load_from_end(4 * x), _MM_SHUFFLE(0, 1, 2, 3)));
      }
      break;
    case 8:
      for (; x + 2 <= width; x += 2) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 8 * x),
                         _mm_shuffle_epi32(load_from_end(8 * x), _MM_SHUFFLE(1, 0, 3, 2)));
      }
      break;
    case 16:
      for (; x < width; ++x) {
        _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + 16 * x), load_from_end(16 * x));
      }
      break;
    default:
      break;
  }
  // the rest: pixels x .. width-1 take source pixels width-1-x .. 0
  flip_row_generic(src, dst + x * static_cast<size_t>(pixel_bytes), width - x, pixel_bytes);
}

// ---------------------------------------------------------- transposes --

// 16x16 bytes: rows r[0..15] -> columns, by unpacking 8, 16, 32, 64 bits.
inline void transpose16x16_u8(__m128i* r) {
  __m128i t[16];
  for (int i = 0; i < 8; ++i) {
    t[i] = _mm_unpacklo_epi8(r[2 * i], r[2 * i + 1]);
    t[i + 8] = _mm_unpackhi_epi8(r[2 * i], r[2 * i + 1]);
  }
  for (int i = 0; i < 4; ++i) {
    r[i] = _mm_unpacklo_epi16(t[2 * i], t[2 * i + 1]);
    r[i + 4] = _mm_unpackhi_epi16(t[2 * i], t[2 * i + 1]);
    r[i + 8] = _mm_unpacklo_epi16(t[2 * i + 8], t[2 * i + 9]);
    r[i + 12] = _mm_unpackhi_epi16(t[2 * i + 8], t[2 * i + 9]);
  }
  for (int g = 0; g < 4; ++g) {
    for (int i = 0; i < 2; ++i) {
      t[4 * g + i] = _mm_unpacklo_epi32(r[4 * g + 2 * i], r[4 * g + 2 * i + 1]);
      t[4 * g + i + 2] = _mm_unpackhi_epi32(r[4 * g + 2 * i], r[4 * g + 2 * i + 1]);
    }
  }
  // t[4g], t[4g+1]: columns 4g, 4g+1 of rows 0-7 / 8-15; t[4g+2], t[4g+3]: 4g+2, 4g+3
  for (int g = 0; g < 4; ++g) {
    r[4 * g] = _mm_unpacklo_epi64(t[4 * g], t[4 * g + 1]);
    r[4 * g + 1] = _mm_unpackhi_epi64(t[4 * g], t[4 * g + 1]);
    r[4 * g + 2] = _mm_unpacklo_epi64(t[4 * g + 2], t[4 * g + 3]);
    r[4 * g + 3] = _mm_unpackhi_epi64(t[4 * g + 2], t[4 * g + 3]);
  }
}

inline void transpose_block_sse(const uint8_t* src, ptrdiff_t row_step, ptrdiff_t pixel_step,
                                uint8_t* dst, ptrdiff_t dst_stride, int rows, int cols,
                                int pixel_bytes) {
  if (pixel_bytes == 1) {
    const __m128i rev = _mm_setr_epi8(15, 14, 13, 12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 0);
    const bool backwards = pixel_step < 0;
    int a0 = 0;
    for (; a0 + 16 <= rows; a0 += 16) {
      int b0 = 0;
      for (; b0 + 16 <= cols; b0 += 16) {
        __m128i r[16];
        for (int b = 0; b < 16; ++b) {
          const uint8_t* p = src + (b0 + b) * row_step + a0 * pixel_step;
          // 16 source pixels along a: ascending addresses, or descending
          r[b] = backwards ? _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 15)), rev)
                           : _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        }
        // r[b] lane a = dst(a0 + a, b0 + b); after the transpose r[a] lane b
        transpose16x16_u8(r);
        for (int a = 0; a < 16; ++a) {
          _mm_storeu_si128(reinterpret_cast<__m128i*>(dst + (a0 + a) * dst_stride + b0), r[a]);
        }
      }
      if (b0 < cols) {
        transpose_block_generic(src + b0 * row_step + a0 * pixel_step, row_step, pixel_step,
                                dst + a0 * dst_stride + b0, dst_stride, 16, cols - b0, 1);
      }
    }
    if (a0 < rows) {
      transpose_block_generic(src + a0 * pixel_step, row_step, pixel_step, dst + a0 * dst_stride,
                              dst_stride, rows - a0, cols, 1);
    }
    return;
  }
  if (pixel_bytes == 4) {
    const bool backwards = pixel_step < 0;
    int a0 = 0;
    for (; a0 + 4 <= rows; a0 += 4) {
      int b0 = 0;
      for (; b0 + 4 <= cols; b0 += 4) {
        __m128i r[4];
        for (int b = 0; b < 4; ++b) {
          const uint8_t* p = src + (b0 + b) * row_step + a0 * pixel_step;
          r[b] = backwards ? _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p - 12)),
                                               _MM_SHUFFLE(0, 1, 2, 3))
                           : _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
        }
        const __m128i t0 = _mm_unpacklo_epi32(r[0], r[1]), t1 = _mm_unpackhi_epi32(r[0], r[1]);
        const __m128i t2 = _mm_unpacklo_epi32(r[2], r[3]), t3 = _mm_unpackhi_epi32(r[2], r[3]);
        uint8_t* d = dst + a0 * dst_stride + 4 * b0;
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d), _mm_unpacklo_epi64(t0, t2));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d + dst_stride), _mm_unpackhi_epi64(t0, t2));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d + 2 * dst_stride), _mm_unpacklo_epi64(t1, t3));
        _mm_storeu_si128(reinterpret_cast<__m128i*>(d + 3 * dst_stride), _mm_unpackhi_epi64(t1, t3));
      }
      if (b0 < cols) {
        transpose_block_generic(src + b0 * row_step + a0 * pixel_step, row_step, pixel_step,
                                dst + a0 * dst_stride + 4 * b0, dst_stride, 4, cols - b0, 4);
      }
    }
    if (a0 < rows) {
      transpose_block_generic(src + a0 * pixel_step, row_step, pixel_step, dst + a0 * dst_stride,
                              dst_stride, rows - a0, cols, 4);
    }
    return;
  }
  if (pixel_bytes == 3) {
    // 4x4 pixel blocks: each 12-byte run is loaded exactly (8 + 4 bytes),
    // spread to dwords, transposed like the 4-byte case, packed back.
    const bool backwards = pixel_step < 0;
    const __m128i spread = backwards ? _mm_setr_epi8(9, 10, 11, -1, 6, 7, 8, -1, 3, 4, 5, -1, 0, 1, 2, -1)
                                     : _mm_setr_epi8(0, 1, 2, -1, 3, 4, 5, -1, 6, 7, 8, -1, 9, 10, 11, -1);
    const __m128i pack = _mm_setr_epi8(0, 1, 2, 4, 5, 6, 8, 9, 10, 12, 13, 14, -1, -1, -1, -1);
    auto load12 = [](const uint8_t* p) {
      int32_t tail;
      std::memcpy(&tail, p + 8, 4);
      return _mm_insert_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)), tail, 2);
    };
    auto store12 = [](uint8_t* p, __m128i v) {
      _mm_storel_epi64(reinterpret_cast<__m128i*>(p), v);
      const int32_t tail = _mm_extract_epi32(v, 2);
      std::memcpy(p + 8, &tail, 4);
    };
    int a0 = 0;
    for (; a0 + 4 <= rows; a0 += 4) {
      int b0 = 0;
      for (; b0 + 4 <= cols; b0 += 4) {
        __m128i r[4];
        for (int b = 0; b < 4; ++b) {
          const uint8_t* p = src + (b0 + b) * row_step + a0 * pixel_step;
          r[b] = _mm_shuffle_epi8(load12(backwards ? p - 9 : p), spread);
        }
        const __m128i t0 = _mm_unpacklo_epi32(r[0], r[1]), t1 = _mm_unpackhi_epi32(r[0], r[1]);
        const __m128i t2 = _mm_unpacklo_epi32(r[2], r[3]), t3 = _mm_unpackhi_epi32(r[2], r[3]);
        uint8_t* d = dst + a0 * dst_stride + 3 * b0;
        store12(d, _mm_shuffle_epi8(_mm_unpacklo_epi64(t0, t2), pack));
        store12(d + dst_stride, _mm_shuffle_epi8(_mm_unpackhi_epi64(t0, t2), pack));
        store12(d + 2 * dst_stride, _mm_shuffle_epi8(_mm_unpacklo_epi64(t1, t3), pack));
        store12(d + 3 * dst_stride, _mm_shuffle_epi8(_mm_unpackhi_epi64(t1, t3), pack));
      }
      if (b0 < cols) {
        transpose_block_generic(src + b0 * row_step + a0 * pixel_step, row_step, pixel_step,
                                dst + a0 * dst_stride + 3 * b0, dst_stride, 4, cols - b0, 3);
      }
    }
    if (a0 < rows) {
      transpose_block_generic(src + a0 * pixel_step, row_step, pixel_step, dst + a0 * dst_stride,
                              dst_stride, rows - a0, cols, 3);
    }
    return;
  }
  transpose_block_generic(src, row_step, pixel_step, dst, dst_stride, rows, cols, pixel_bytes);
}
