// The named filter kernels of one x86 ISA level, defined over the shared
// SIMD bodies of filter_simd_body.hpp, and their registration. Included inside
// `namespace vc::kernels::<isa>` after the level's vector traits `V` and the
// bodies; a level with FMA defines VC_FILTER_SIMD_FMA first, which adds the
// FMA-contract Gaussian kernels of adaptive_threshold.

void u8_f32_convert_row(const uint8_t* src, float* dst, size_t n) {
  convert_row_generic(src, dst, 0, n);
}
void u16_f32_convert_row(const uint16_t* src, float* dst, size_t n) {
  convert_row_generic(src, dst, 0, n);
}
void s16_f32_convert_row(const int16_t* src, float* dst, size_t n) {
  convert_row_generic(src, dst, 0, n);
}
void f32_filter_taps(const float* const* rows, const ptrdiff_t* off, const float* k, int taps,
                     int pairs, float delta, float* dst, size_t n) {
  simd_filter_taps(rows, off, k, taps, pairs, delta, dst, n);
}
void f32_u8_filter_taps(const float* const* rows, const ptrdiff_t* off, const float* k, int taps,
                        int pairs, float delta, uint8_t* dst, size_t n) {
  simd_filter_taps(rows, off, k, taps, pairs, delta, dst, n);
}
void f32_u16_filter_taps(const float* const* rows, const ptrdiff_t* off, const float* k, int taps,
                         int pairs, float delta, uint16_t* dst, size_t n) {
  simd_filter_taps(rows, off, k, taps, pairs, delta, dst, n);
}
void f32_s16_filter_taps(const float* const* rows, const ptrdiff_t* off, const float* k, int taps,
                         int pairs, float delta, int16_t* dst, size_t n) {
  simd_filter_taps(rows, off, k, taps, pairs, delta, dst, n);
}
void u8_s16_filter_taps(const uint8_t* const* rows, const ptrdiff_t* off, const int16_t* k,
                        int taps, int16_t* dst, size_t n) {
  simd_u8_s16_filter_taps(rows, off, k, taps, dst, n);
}
void s16_filter_taps(const int16_t* const* rows, const ptrdiff_t* off, const int16_t* k, int taps,
                     int16_t delta, int16_t* dst, size_t n) {
  simd_s16_filter_taps(rows, off, k, taps, delta, dst, n);
}
void s16_f32_filter_taps(const int16_t* const* rows, const ptrdiff_t* off, const int16_t* k,
                         int taps, float delta, float* dst, size_t n) {
  simd_s16_f32_filter_taps(rows, off, k, taps, delta, dst, n);
}
void u8_gaussian_row(const uint8_t* src, uint16_t* dst, size_t n, const uint16_t* k, int ksize,
                     int cn) {
  simd_u8_gaussian_row(src, dst, n, k, ksize, cn);
}
void u8_gaussian_col(const uint16_t* const* rows, uint8_t* dst, size_t n, const uint16_t* k,
                     int ksize) {
  simd_u8_gaussian_col(rows, dst, n, k, ksize);
}
void u8_gaussian_col_short(const uint16_t* const* rows, uint8_t* dst, size_t n, const uint16_t* k,
                           int ksize, int shift, bool half_even) {
  simd_u8_gaussian_col_short(rows, dst, n, k, ksize, shift, half_even);
}
void u16_gaussian_row(const uint16_t* src, uint32_t* dst, size_t n, const uint32_t* k, int ksize,
                      int cn) {
  u16_gaussian_row_generic(src, dst, n, k, ksize, cn);
}
void u16_gaussian_col(const uint32_t* const* rows, uint16_t* dst, size_t n, const uint32_t* k,
                      int ksize) {
  u16_gaussian_col_generic(rows, dst, n, k, ksize);
}
void u8_u16_box_colsum(uint16_t* sum, const uint8_t* add, const uint8_t* sub, size_t n) {
  box_colsum_generic(sum, add, sub, 0, n);
}
void u16_u8_box_row(const uint16_t* sum, uint8_t* dst, size_t n, int kw, int cn,
                    uint32_t div_scale, uint32_t div_delta) {
  simd_u16_u8_box_row(sum, dst, n, kw, cn, div_scale, div_delta);
}
void f32_f64_box_colsum(double* sum, const float* add, const float* sub, size_t n) {
  box_colsum_generic(sum, add, sub, 0, n);
}
void f64_f32_box_row(const double* sum, float* dst, size_t n, int kw, int cn, double scale) {
  simd_f64_f32_box_row(sum, dst, n, kw, cn, scale);
}
void u8_adaptive_threshold_row(const uint8_t* src, const uint8_t* mean, uint8_t* dst, size_t n,
                               int idelta, uint8_t maxval, bool inverse) {
  u8_adaptive_threshold_row_generic(src, mean, dst, 0, n, idelta, maxval, inverse);
}
#if defined(VC_FILTER_SIMD_FMA)
void u8_f32_gauss_fma_row(const uint8_t* src, float* dst, size_t n, const float* k, int ksize) {
  simd_u8_f32_gauss_fma_row(src, dst, n, k, ksize);
}
void f32_u8_gauss_fma_col(const float* const* rows, uint8_t* dst, size_t n, const float* k,
                          int ksize) {
  simd_f32_u8_gauss_fma_col(rows, dst, n, k, ksize);
}
#endif

void register_filter(KernelTable& t) {
  t.u8_f32_convert_row = u8_f32_convert_row;
  t.u16_f32_convert_row = u16_f32_convert_row;
  t.s16_f32_convert_row = s16_f32_convert_row;
  t.f32_filter_taps = f32_filter_taps;
  t.f32_u8_filter_taps = f32_u8_filter_taps;
  t.f32_u16_filter_taps = f32_u16_filter_taps;
  t.f32_s16_filter_taps = f32_s16_filter_taps;
  t.u8_s16_filter_taps = u8_s16_filter_taps;
  t.s16_filter_taps = s16_filter_taps;
  t.s16_f32_filter_taps = s16_f32_filter_taps;
  t.u8_gaussian_row = u8_gaussian_row;
  t.u8_gaussian_col = u8_gaussian_col;
  t.u8_gaussian_col_short = u8_gaussian_col_short;
  t.u16_gaussian_row = u16_gaussian_row;
  t.u16_gaussian_col = u16_gaussian_col;
  t.u8_u16_box_colsum = u8_u16_box_colsum;
  t.u16_u8_box_row = u16_u8_box_row;
  t.f32_f64_box_colsum = f32_f64_box_colsum;
  t.f64_f32_box_row = f64_f32_box_row;
  t.u8_adaptive_threshold_row = u8_adaptive_threshold_row;
#if defined(VC_FILTER_SIMD_FMA)
  t.u8_f32_gauss_fma_row = u8_f32_gauss_fma_row;
  t.f32_u8_gauss_fma_col = f32_u8_gauss_fma_col;
#endif
}

