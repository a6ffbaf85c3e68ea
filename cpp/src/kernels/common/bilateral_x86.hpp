// Bilateral filter rows on x86, one register of float lanes per group of
// pixels (16 with AVX-512, 8 with AVX2, 4 with SSE4.1). Included after
// <immintrin.h> and bilateral_generic.hpp, whose scalar bodies finish each
// row and define the arithmetic every lane repeats.
//
// What matters: the color weight is a table lookup per lane; AVX2 and
// AVX-512 use vgatherdps (float: one 64-bit vgatherdpd per pair of
// interpolation points, split by permutes), SSE4.1 (no gather) scalar
// loads. u8 pixels
// widen to int32 once (pmovzxbd) and feed both the |difference| index and
// the float value. Planar input makes every tap one contiguous load per
// channel. Masks mark NaN (float): lanes with a NaN neighbour add zero,
// which leaves the sums exactly as the scalar `continue` does.

#if defined(__AVX512F__)
struct BxV {
  using F = __m512;
  using I = __m512i;
  using M = __mmask16;
  static constexpr size_t kLanes = 16;
  static I load_u8(const uint8_t* p) {
    return _mm512_cvtepu8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static F load(const float* p) { return _mm512_loadu_ps(p); }
  static void store(float* p, F v) { _mm512_storeu_ps(p, v); }
  static void store_u8(uint8_t* p, F v) {
    _mm_storeu_si128(reinterpret_cast<__m128i*>(p), _mm512_cvtusepi32_epi8(_mm512_max_epi32(
                                                        _mm512_cvtps_epi32(v), _mm512_setzero_si512())));
  }
  static I absdiff(I a, I b) { return _mm512_abs_epi32(_mm512_sub_epi32(a, b)); }
  static I add_i(I a, I b) { return _mm512_add_epi32(a, b); }
  static F to_f(I v) { return _mm512_cvtepi32_ps(v); }
  static I trunc(F v) { return _mm512_cvttps_epi32(v); }
  static F gather(const float* t, I idx) { return _mm512_i32gather_ps(idx, t, 4); }
  // pairs[2 i], pairs[2 i + 1] for each lane: two 8-lane 64-bit gathers (half
  // the element loads of two 16-lane float gathers), split by vpermt2ps
  static void gather_pair(const float* pairs, I idx, F* l0, F* l1) {
    const double* p = reinterpret_cast<const double*>(pairs);
    const __m512 a = _mm512_castpd_ps(_mm512_i32gather_pd(_mm512_castsi512_si256(idx), p, 8));
    const __m512 b = _mm512_castpd_ps(_mm512_i32gather_pd(_mm512_extracti32x8_epi32(idx, 1), p, 8));
    const __m512i even = _mm512_setr_epi32(0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30);
    const __m512i odd = _mm512_setr_epi32(1, 3, 5, 7, 9, 11, 13, 15, 17, 19, 21, 23, 25, 27, 29, 31);
    *l0 = _mm512_permutex2var_ps(a, even, b);
    *l1 = _mm512_permutex2var_ps(a, odd, b);
  }
  static F set1(float v) { return _mm512_set1_ps(v); }
  static F zero() { return _mm512_setzero_ps(); }
  static F add(F a, F b) { return _mm512_add_ps(a, b); }
  static F sub(F a, F b) { return _mm512_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm512_mul_ps(a, b); }
  static F div(F a, F b) { return _mm512_div_ps(a, b); }
  static F min(F a, F b) { return _mm512_min_ps(a, b); }
  static F abs(F a) { return _mm512_abs_ps(a); }
  static M isnan(F a) { return _mm512_cmp_ps_mask(a, a, _CMP_UNORD_Q); }
  static M mask_or(M a, M b) { return static_cast<M>(a | b); }
  static F select(M m, F a, F b) { return _mm512_mask_blend_ps(m, b, a); }  // m ? a : b
  static F zero_where(M m, F v) { return _mm512_maskz_mov_ps(static_cast<M>(~m), v); }
};
#elif defined(__AVX2__)
struct BxV {
  using F = __m256;
  using I = __m256i;
  using M = __m256;
  static constexpr size_t kLanes = 8;
  static I load_u8(const uint8_t* p) {
    return _mm256_cvtepu8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)));
  }
  static F load(const float* p) { return _mm256_loadu_ps(p); }
  static void store(float* p, F v) { _mm256_storeu_ps(p, v); }
  static void store_u8(uint8_t* p, F v) {
    const __m256i i32 = _mm256_cvtps_epi32(v);
    const __m128i i16 = _mm_packs_epi32(_mm256_castsi256_si128(i32), _mm256_extracti128_si256(i32, 1));
    _mm_storel_epi64(reinterpret_cast<__m128i*>(p), _mm_packus_epi16(i16, i16));
  }
  static I absdiff(I a, I b) { return _mm256_abs_epi32(_mm256_sub_epi32(a, b)); }
  static I add_i(I a, I b) { return _mm256_add_epi32(a, b); }
  static F to_f(I v) { return _mm256_cvtepi32_ps(v); }
  static I trunc(F v) { return _mm256_cvttps_epi32(v); }
  static F gather(const float* t, I idx) { return _mm256_i32gather_ps(t, idx, 4); }
  // pairs[2 i], pairs[2 i + 1] for each lane: two 4-lane 64-bit gathers,
  // split into even / odd floats by shufps and restored to lane order
  static void gather_pair(const float* pairs, I idx, F* l0, F* l1) {
    const double* p = reinterpret_cast<const double*>(pairs);
    // (the masked form: the plain one starts from an undefined register,
    // which GCC 12 reports as possibly uninitialized)
    const __m256d zero = _mm256_setzero_pd();
    const __m256d all = _mm256_castsi256_pd(_mm256_set1_epi64x(-1));
    const __m256 a = _mm256_castpd_ps(
        _mm256_mask_i32gather_pd(zero, p, _mm256_castsi256_si128(idx), all, 8));
    const __m256 b = _mm256_castpd_ps(
        _mm256_mask_i32gather_pd(zero, p, _mm256_extracti128_si256(idx, 1), all, 8));
    *l0 = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0x88)), 0xD8));
    *l1 = _mm256_castpd_ps(_mm256_permute4x64_pd(_mm256_castps_pd(_mm256_shuffle_ps(a, b, 0xDD)), 0xD8));
  }
  static F set1(float v) { return _mm256_set1_ps(v); }
  static F zero() { return _mm256_setzero_ps(); }
  static F add(F a, F b) { return _mm256_add_ps(a, b); }
  static F sub(F a, F b) { return _mm256_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm256_mul_ps(a, b); }
  static F div(F a, F b) { return _mm256_div_ps(a, b); }
  static F min(F a, F b) { return _mm256_min_ps(a, b); }
  static F abs(F a) { return _mm256_and_ps(a, _mm256_castsi256_ps(_mm256_set1_epi32(0x7fffffff))); }
  static M isnan(F a) { return _mm256_cmp_ps(a, a, _CMP_UNORD_Q); }
  static M mask_or(M a, M b) { return _mm256_or_ps(a, b); }
  static F select(M m, F a, F b) { return _mm256_blendv_ps(b, a, m); }
  static F zero_where(M m, F v) { return _mm256_andnot_ps(m, v); }
};
#else
struct BxV {
  using F = __m128;
  using I = __m128i;
  using M = __m128;
  static constexpr size_t kLanes = 4;
  static I load_u8(const uint8_t* p) {
    int32_t v;
    std::memcpy(&v, p, 4);
    return _mm_cvtepu8_epi32(_mm_cvtsi32_si128(v));
  }
  static F load(const float* p) { return _mm_loadu_ps(p); }
  static void store(float* p, F v) { _mm_storeu_ps(p, v); }
  static void store_u8(uint8_t* p, F v) {
    const __m128i i16 = _mm_packs_epi32(_mm_cvtps_epi32(v), _mm_setzero_si128());
    const int32_t b = _mm_cvtsi128_si32(_mm_packus_epi16(i16, i16));
    std::memcpy(p, &b, 4);
  }
  static I absdiff(I a, I b) { return _mm_abs_epi32(_mm_sub_epi32(a, b)); }
  static I add_i(I a, I b) { return _mm_add_epi32(a, b); }
  static F to_f(I v) { return _mm_cvtepi32_ps(v); }
  static I trunc(F v) { return _mm_cvttps_epi32(v); }
  static F gather(const float* t, I idx) {
    alignas(16) int32_t i[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(i), idx);
    return _mm_setr_ps(t[i[0]], t[i[1]], t[i[2]], t[i[3]]);
  }
  static void gather_pair(const float* pairs, I idx, F* l0, F* l1) {
    alignas(16) int32_t i[4];
    _mm_store_si128(reinterpret_cast<__m128i*>(i), idx);
    *l0 = _mm_setr_ps(pairs[2 * i[0]], pairs[2 * i[1]], pairs[2 * i[2]], pairs[2 * i[3]]);
    *l1 = _mm_setr_ps(pairs[2 * i[0] + 1], pairs[2 * i[1] + 1], pairs[2 * i[2] + 1],
                      pairs[2 * i[3] + 1]);
  }
  static F set1(float v) { return _mm_set1_ps(v); }
  static F zero() { return _mm_setzero_ps(); }
  static F add(F a, F b) { return _mm_add_ps(a, b); }
  static F sub(F a, F b) { return _mm_sub_ps(a, b); }
  static F mul(F a, F b) { return _mm_mul_ps(a, b); }
  static F div(F a, F b) { return _mm_div_ps(a, b); }
  static F min(F a, F b) { return _mm_min_ps(a, b); }
  static F abs(F a) { return _mm_and_ps(a, _mm_castsi128_ps(_mm_set1_epi32(0x7fffffff))); }
  static M isnan(F a) { return _mm_cmpunord_ps(a, a); }
  static M mask_or(M a, M b) { return _mm_or_ps(a, b); }
  static F select(M m, F a, F b) { return _mm_blendv_ps(b, a, m); }
  static F zero_where(M m, F v) { return _mm_andnot_ps(m, v); }
};
#endif

inline void u8_bilateral_row_x86(const uint8_t* const* taps, const float* space_w, int ntaps,
                                 const uint8_t* center, size_t plane, int cn,
                                 const float* color_lut, uint8_t* dst, size_t width) {
  using B = BxV;
  using F = B::F;
  using I = B::I;
  constexpr size_t L = B::kLanes;
  size_t x = 0;
  if (cn == 1) {
    for (; x + L <= width; x += L) {
      const I p = B::load_u8(center + x);
      F wsum = B::zero(), sum = B::zero();
      for (int k = 0; k < ntaps; ++k) {
        const I v = B::load_u8(taps[k] + x);
        const F w = B::mul(B::set1(space_w[k]), B::gather(color_lut, B::absdiff(v, p)));
        wsum = B::add(wsum, w);
        sum = B::add(sum, B::mul(B::to_f(v), w));
      }
      B::store_u8(dst + x, B::div(sum, wsum));
    }
  } else {
    alignas(64) uint8_t out[3][L];
    for (; x + L <= width; x += L) {
      const I p0 = B::load_u8(center + x);
      const I p1 = B::load_u8(center + x + plane);
      const I p2 = B::load_u8(center + x + 2 * plane);
      F wsum = B::zero(), s0 = B::zero(), s1 = B::zero(), s2 = B::zero();
      for (int k = 0; k < ntaps; ++k) {
        const uint8_t* t = taps[k] + x;
        const I v0 = B::load_u8(t), v1 = B::load_u8(t + plane), v2 = B::load_u8(t + 2 * plane);
        const I d = B::add_i(B::add_i(B::absdiff(v0, p0), B::absdiff(v1, p1)), B::absdiff(v2, p2));
        const F w = B::mul(B::set1(space_w[k]), B::gather(color_lut, d));
        wsum = B::add(wsum, w);
        s0 = B::add(s0, B::mul(B::to_f(v0), w));
        s1 = B::add(s1, B::mul(B::to_f(v1), w));
        s2 = B::add(s2, B::mul(B::to_f(v2), w));
      }
      const F inv = B::div(B::set1(1.f), wsum);
      B::store_u8(out[0], B::mul(s0, inv));
      B::store_u8(out[1], B::mul(s1, inv));
      B::store_u8(out[2], B::mul(s2, inv));
      uint8_t* d = dst + 3 * x;
      for (size_t i = 0; i < L; ++i) {
        d[3 * i] = out[0][i];
        d[3 * i + 1] = out[1][i];
        d[3 * i + 2] = out[2][i];
      }
    }
  }
  u8_bilateral_row_generic(taps, space_w, ntaps, center, plane, cn, color_lut, dst, width, x);
}

// Color weight at alpha from the pair table (clamped like bilateral_lut_f32).
inline BxV::F bilateral_lut_x86(const float* pairs, BxV::F alpha, BxV::F max_alpha) {
  using B = BxV;
  alpha = B::min(alpha, max_alpha);
  const B::I idx = B::trunc(alpha);
  const B::F frac = B::sub(alpha, B::to_f(idx));
  B::F l0, l1;
  B::gather_pair(pairs, idx, &l0, &l1);
  return B::add(l0, B::mul(frac, B::sub(l1, l0)));
}

inline void f32_bilateral_row_x86(const float* const* taps, const float* space_w, int ntaps,
                                  const float* center, size_t plane, int cn, const float* lut,
                                  float scale, float max_alpha, float* dst, size_t width) {
  using B = BxV;
  using F = B::F;
  using M = B::M;
  constexpr size_t L = B::kLanes;
  const F scale_v = B::set1(scale), max_v = B::set1(max_alpha), one = B::set1(1.f);
  size_t x = 0;
  if (cn == 1) {
    for (; x + L <= width; x += L) {
      const F p = B::load(center + x);
      const M pnan = B::isnan(p);
      F wsum = B::zero(), sum = B::zero();
      for (int k = 0; k < ntaps; ++k) {
        const F v = B::load(taps[k] + x);
        const F cw = bilateral_lut_x86(lut, B::mul(B::abs(B::sub(v, p)), scale_v), max_v);
        const M vnan = B::isnan(v);
        const F w = B::zero_where(vnan, B::mul(B::set1(space_w[k]), B::select(pnan, one, cw)));
        wsum = B::add(wsum, w);
        sum = B::add(sum, B::mul(B::zero_where(vnan, v), w));
      }
      B::store(dst + x, B::select(pnan, B::div(sum, wsum),
                                  B::div(B::add(sum, p), B::add(wsum, one))));
    }
  } else {
    alignas(64) float out[3][L];
    for (; x + L <= width; x += L) {
      const F p0 = B::load(center + x);
      const F p1 = B::load(center + x + plane);
      const F p2 = B::load(center + x + 2 * plane);
      const M pnan = B::mask_or(B::mask_or(B::isnan(p0), B::isnan(p1)), B::isnan(p2));
      F wsum = B::zero(), s0 = B::zero(), s1 = B::zero(), s2 = B::zero();
      for (int k = 0; k < ntaps; ++k) {
        const float* t = taps[k] + x;
        const F v0 = B::load(t), v1 = B::load(t + plane), v2 = B::load(t + 2 * plane);
        const F d = B::add(B::add(B::abs(B::sub(v0, p0)), B::abs(B::sub(v1, p1))),
                           B::abs(B::sub(v2, p2)));
        const F cw = bilateral_lut_x86(lut, B::mul(d, scale_v), max_v);
        const M vnan = B::mask_or(B::mask_or(B::isnan(v0), B::isnan(v1)), B::isnan(v2));
        const F w = B::zero_where(vnan, B::mul(B::set1(space_w[k]), B::select(pnan, one, cw)));
        wsum = B::add(wsum, w);
        s0 = B::add(s0, B::mul(B::zero_where(vnan, v0), w));
        s1 = B::add(s1, B::mul(B::zero_where(vnan, v1), w));
        s2 = B::add(s2, B::mul(B::zero_where(vnan, v2), w));
      }
      const F inv = B::select(pnan, B::div(one, wsum), B::div(one, B::add(wsum, one)));
      B::store(out[0], B::mul(B::select(pnan, s0, B::add(s0, p0)), inv));
      B::store(out[1], B::mul(B::select(pnan, s1, B::add(s1, p1)), inv));
      B::store(out[2], B::mul(B::select(pnan, s2, B::add(s2, p2)), inv));
      float* d = dst + 3 * x;
      for (size_t i = 0; i < L; ++i) {
        d[3 * i] = out[0][i];
        d[3 * i + 1] = out[1][i];
        d[3 * i + 2] = out[2][i];
      }
    }
  }
  f32_bilateral_row_generic(taps, space_w, ntaps, center, plane, cn, lut, scale, max_alpha, dst,
                            width, x);
}
