// Plain C++ bodies of the DNN kernels (the oracle), templated on the tile.
// Included inside `namespace vc::kernels::<isa>` after common/dnn_params.hpp;
// SIMD levels use dnn_dwconv_tail for the columns their vectors do not cover.
namespace dnn_generic {

inline float epilogue1(float x, unsigned flags, const float* params) {
  x = x < params[0] ? params[0] : x;
  x = x > params[1] ? params[1] : x;
  if ((flags & kGemmLeaky) && x < 0.0f) x = params[2] * x;
  return x;
}

template <int MR, int NR>
void gemm_tile(size_t mr, size_t nr, size_t kc, const float* a, const float* b, float* c,
               size_t ldc, unsigned flags, const float* bias, const float* params) {
  for (size_t i = 0; i < mr; ++i) {
    for (size_t j = 0; j < nr; ++j) {
      float acc = (flags & kGemmAccumulate) ? c[i * ldc + j] : 0.0f;
      for (size_t k = 0; k < kc; ++k) acc = acc + a[k * MR + i] * b[k * NR + j];
      if (flags & kGemmLast) {
        if (flags & kGemmBiasRow) acc = acc + bias[i];
        if (flags & kGemmBiasCol) acc = acc + bias[j];
        acc = epilogue1(acc, flags, params);
      }
      c[i * ldc + j] = acc;
    }
  }
}

// f32_gemm_rows_minmax: B row k read in place at b + koff[k].
template <int MR, int NR>
void gemm_rows_tile(size_t mr, size_t nr, size_t kc, const float* a, const float* b,
                    const ptrdiff_t* koff, float* c, size_t ldc, unsigned flags,
                    const float* bias, const float* params) {
  for (size_t i = 0; i < mr; ++i) {
    for (size_t j = 0; j < nr; ++j) {
      float acc = (flags & kGemmAccumulate) ? c[i * ldc + j] : 0.0f;
      for (size_t k = 0; k < kc; ++k) {
        acc = acc + a[k * MR + i] * b[koff[k] + static_cast<ptrdiff_t>(j)];
      }
      if (flags & kGemmLast) {
        if (flags & kGemmBiasRow) acc = acc + bias[i];
        if (flags & kGemmBiasCol) acc = acc + bias[j];
        acc = epilogue1(acc, flags, params);
      }
      c[i * ldc + j] = acc;
    }
  }
}

// Columns [x0, n) of f32_dwconv3x3_row, mul+add or fused as the level does.
template <bool kFma>
void dwconv3x3_tail(const float* r0, const float* r1, const float* r2, const float* w,
                    size_t x0, size_t n, size_t stride, float* dst, unsigned flags,
                    const float* bias, const float* params) {
  const float* rows[3] = {r0, r1, r2};
  for (size_t x = x0; x < n; ++x) {
    float acc = 0.0f;
    for (int r = 0; r < 3; ++r) {
      for (int t = 0; t < 3; ++t) {
        const float p = w[3 * r + t] * rows[r][stride * x + t];
        if (r == 0 && t == 0) {
          acc = p;
        } else if constexpr (kFma) {
          acc = __builtin_fmaf(w[3 * r + t], rows[r][stride * x + t], acc);
        } else {
          acc = acc + p;
        }
      }
    }
    if (flags & kGemmBiasRow) acc = acc + bias[0];
    dst[x] = epilogue1(acc, flags, params);
  }
}

}  // namespace dnn_generic
