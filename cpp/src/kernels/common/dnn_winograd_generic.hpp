// Winograd F(2x2, 3x3) transforms (kernels/dnn.inc), plain C++ written so
// that the compiler vectorises them across tiles at every ISA level: one
// loop over tiles, unit-stride loads (the input arrives split by row and
// column parity), 16 output streams passed as separate restrict pointers
// (with one pointer and a run-time stride GCC cannot prove the streams
// apart and gives up). Only additions and subtractions, in one fixed order,
// and -ffp-contract=off: every level gives the reference's bits.
// Included inside `namespace vc::kernels::<isa>` after common/dnn_params.hpp.
namespace dnn_winograd {

// One row of B^T d B over n tiles. e*/o*: even / odd columns of the four
// input rows, tile j reading e[j], o[j], e[j + 1], o[j + 1]; w[4*a + b]
// receive element (a, b) of the 4x4 transform.
inline void input_tiles(size_t n, const float* __restrict e0, const float* __restrict o0,
                        const float* __restrict e1, const float* __restrict o1,
                        const float* __restrict e2, const float* __restrict o2,
                        const float* __restrict e3, const float* __restrict o3,
                        float* __restrict w0, float* __restrict w1, float* __restrict w2,
                        float* __restrict w3, float* __restrict w4, float* __restrict w5,
                        float* __restrict w6, float* __restrict w7, float* __restrict w8,
                        float* __restrict w9, float* __restrict w10, float* __restrict w11,
                        float* __restrict w12, float* __restrict w13, float* __restrict w14,
                        float* __restrict w15) {
  for (size_t j = 0; j < n; ++j) {
    // B^T d: rows d0 - d2, d1 + d2, d2 - d1, d1 - d3 (columns 0..3 each)
    const float a0 = e0[j] - e2[j], a1 = o0[j] - o2[j];
    const float a2 = e0[j + 1] - e2[j + 1], a3 = o0[j + 1] - o2[j + 1];
    const float b0 = e1[j] + e2[j], b1 = o1[j] + o2[j];
    const float b2 = e1[j + 1] + e2[j + 1], b3 = o1[j + 1] + o2[j + 1];
    const float c0 = e2[j] - e1[j], c1 = o2[j] - o1[j];
    const float c2 = e2[j + 1] - e1[j + 1], c3 = o2[j + 1] - o1[j + 1];
    const float f0 = e1[j] - e3[j], f1 = o1[j] - o3[j];
    const float f2 = e1[j + 1] - e3[j + 1], f3 = o1[j + 1] - o3[j + 1];
    // (.) B: the same combination of columns
    w0[j] = a0 - a2;
    w1[j] = a1 + a2;
    w2[j] = a2 - a1;
    w3[j] = a1 - a3;
    w4[j] = b0 - b2;
    w5[j] = b1 + b2;
    w6[j] = b2 - b1;
    w7[j] = b1 - b3;
    w8[j] = c0 - c2;
    w9[j] = c1 + c2;
    w10[j] = c2 - c1;
    w11[j] = c1 - c3;
    w12[j] = f0 - f2;
    w13[j] = f1 + f2;
    w14[j] = f2 - f1;
    w15[j] = f1 - f3;
  }
}

inline void input(size_t n, const float* x, size_t pitch, size_t planes, float* v,
                  size_t vstride) {
  // phase plane (row parity, column parity); rows 2, 3 are rows 0, 1 of the
  // next tile row
  const float* e0 = x;
  const float* o0 = x + planes;
  const float* e1 = x + 2 * planes;
  const float* o1 = x + 3 * planes;
  input_tiles(n, e0, o0, e1, o1, e0 + pitch, o0 + pitch, e1 + pitch, o1 + pitch, v,
              v + vstride, v + 2 * vstride, v + 3 * vstride, v + 4 * vstride, v + 5 * vstride,
              v + 6 * vstride, v + 7 * vstride, v + 8 * vstride, v + 9 * vstride,
              v + 10 * vstride, v + 11 * vstride, v + 12 * vstride, v + 13 * vstride,
              v + 14 * vstride, v + 15 * vstride);
}

struct OutputEpilogue {
  float bias, lo, hi, slope;
};

// A^T s A for one tile plus the epilogue: r[0..1] row 0, r[2..3] row 1.
template <bool kLeaky>
inline void output_tile(const float* __restrict m, size_t ms, size_t j, const OutputEpilogue& ep,
                        float r[4]) {
  const float s0 = m[j], s1 = m[ms + j], s2 = m[2 * ms + j], s3 = m[3 * ms + j];
  const float s4 = m[4 * ms + j], s5 = m[5 * ms + j], s6 = m[6 * ms + j], s7 = m[7 * ms + j];
  const float s8 = m[8 * ms + j], s9 = m[9 * ms + j], s10 = m[10 * ms + j];
  const float s11 = m[11 * ms + j], s12 = m[12 * ms + j], s13 = m[13 * ms + j];
  const float s14 = m[14 * ms + j], s15 = m[15 * ms + j];
  // A^T s: rows s0 + s1 + s2 and s1 - s2 - s3 (of the 4x4 rows)
  const float p0 = s0 + s4 + s8, p1 = s1 + s5 + s9, p2 = s2 + s6 + s10, p3 = s3 + s7 + s11;
  const float q0 = s4 - s8 - s12, q1 = s5 - s9 - s13, q2 = s6 - s10 - s14, q3 = s7 - s11 - s15;
  r[0] = p0 + p1 + p2 + ep.bias;
  r[1] = p1 - p2 - p3 + ep.bias;
  r[2] = q0 + q1 + q2 + ep.bias;
  r[3] = q1 - q2 - q3 + ep.bias;
  for (int i = 0; i < 4; ++i) {
    // as the GEMM epilogue: a NaN passes the clamp
    float v = r[i];
    v = v < ep.lo ? ep.lo : v;
    v = v > ep.hi ? ep.hi : v;
    if (kLeaky) v = v < 0.0f ? ep.slope * v : v;
    r[i] = v;
  }
}

template <bool kLeaky, bool kTwoRows>
inline void output_tiles(size_t n, size_t cols, const float* __restrict m, size_t ms,
                         float* __restrict y0, float* __restrict y1, const OutputEpilogue& ep) {
  const size_t full = cols / 2;  // tiles with both columns inside
  for (size_t j = 0; j < full; ++j) {
    float r[4];
    output_tile<kLeaky>(m, ms, j, ep, r);
    y0[2 * j] = r[0];
    y0[2 * j + 1] = r[1];
    if (kTwoRows) {
      y1[2 * j] = r[2];
      y1[2 * j + 1] = r[3];
    }
  }
  if (full < n && 2 * full < cols) {
    float r[4];
    output_tile<kLeaky>(m, ms, full, ep, r);
    y0[2 * full] = r[0];
    if (kTwoRows) y1[2 * full] = r[2];
  }
}

inline void output(size_t n, size_t cols, const float* m, size_t mstride, float* y0, float* y1,
                   unsigned flags, const float* bias, const float* params) {
  const OutputEpilogue ep{(flags & kGemmBiasRow) ? bias[0] : 0.0f, params[0], params[1],
                          params[2]};
  if (flags & kGemmLeaky) {
    if (y1) {
      output_tiles<true, true>(n, cols, m, mstride, y0, y1, ep);
    } else {
      output_tiles<true, false>(n, cols, m, mstride, y0, y1, ep);
    }
  } else if (y1) {
    output_tiles<false, true>(n, cols, m, mstride, y0, y1, ep);
  } else {
    output_tiles<false, false>(n, cols, m, mstride, y0, y1, ep);
  }
}

}  // namespace dnn_winograd
