// 16-bin histogram type for the constant-time median on x86 (see
// median_hist_generic.hpp), included after <immintrin.h>. The 16 uint16
// counts are one 256-bit register with AVX2 (also used by the AVX-512
// folder: 16 bins are exactly one ymm) or two 128-bit halves with SSE4.1.
// uint8 column counts widen with pmovzxbw. find() forms the running counts
// with log-step byte shifts, compares them unsigned (max_epu16 == value)
// against limit + 1 and takes the first set lane with tzcnt: no branches
// on the data, unlike a bin-by-bin scan.

#if defined(__AVX2__)
struct X86Hist16 {
  using R = __m256i;
  static R zero() { return _mm256_setzero_si256(); }
  static __m256i widen(const uint8_t* p) {
    return _mm256_cvtepu8_epi16(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
  }
  static R add(R h, const uint8_t* p) { return _mm256_add_epi16(h, widen(p)); }
  static R sub(R h, const uint8_t* p) { return _mm256_sub_epi16(h, widen(p)); }
  static int find(R h, uint32_t limit, uint32_t* before) {
    __m256i run_u16x16 = _mm256_add_epi16(h, _mm256_slli_si256(h, 2));
    run_u16x16 = _mm256_add_epi16(run_u16x16, _mm256_slli_si256(run_u16x16, 4));
    run_u16x16 = _mm256_add_epi16(run_u16x16, _mm256_slli_si256(run_u16x16, 8));
    // carry the low lane's total (word 7) into every word of the high lane
    __m128i total_u16x8 = _mm_shufflehi_epi16(_mm256_castsi256_si128(run_u16x16), 0xFF);
    total_u16x8 = _mm_unpackhi_epi64(total_u16x8, total_u16x8);
    run_u16x16 = _mm256_add_epi16(
        run_u16x16, _mm256_inserti128_si256(_mm256_setzero_si256(), total_u16x8, 1));
    const __m256i thr_u16x16 = _mm256_set1_epi16(static_cast<short>(limit + 1));
    const __m256i above_u16x16 =
        _mm256_cmpeq_epi16(_mm256_max_epu16(run_u16x16, thr_u16x16), run_u16x16);
    const unsigned mask = static_cast<unsigned>(_mm256_movemask_epi8(above_u16x16)) | 0x80000000u;
    const int b = __builtin_ctz(mask) >> 1;
    alignas(32) uint16_t run[16];
    _mm256_store_si256(reinterpret_cast<__m256i*>(run), run_u16x16);
    *before = b == 0 ? 0u : run[b - 1];
    return b;
  }
};
#else
struct X86Hist16 {
  struct R {
    __m128i lo, hi;
  };
  static R zero() { return {_mm_setzero_si128(), _mm_setzero_si128()}; }
  static R add(R h, const uint8_t* p) {
    return {_mm_add_epi16(h.lo, _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)))),
            _mm_add_epi16(h.hi, _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 8))))};
  }
  static R sub(R h, const uint8_t* p) {
    return {_mm_sub_epi16(h.lo, _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p)))),
            _mm_sub_epi16(h.hi, _mm_cvtepu8_epi16(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p + 8))))};
  }
  static __m128i running(__m128i v) {
    v = _mm_add_epi16(v, _mm_slli_si128(v, 2));
    v = _mm_add_epi16(v, _mm_slli_si128(v, 4));
    return _mm_add_epi16(v, _mm_slli_si128(v, 8));
  }
  static int find(const R& h, uint32_t limit, uint32_t* before) {
    const __m128i lo_u16x8 = running(h.lo);
    __m128i total_u16x8 = _mm_shufflehi_epi16(lo_u16x8, 0xFF);
    total_u16x8 = _mm_unpackhi_epi64(total_u16x8, total_u16x8);
    const __m128i hi_u16x8 = _mm_add_epi16(running(h.hi), total_u16x8);
    const __m128i thr_u16x8 = _mm_set1_epi16(static_cast<short>(limit + 1));
    const __m128i above_lo = _mm_cmpeq_epi16(_mm_max_epu16(lo_u16x8, thr_u16x8), lo_u16x8);
    const __m128i above_hi = _mm_cmpeq_epi16(_mm_max_epu16(hi_u16x8, thr_u16x8), hi_u16x8);
    const unsigned mask = static_cast<unsigned>(_mm_movemask_epi8(above_lo)) |
                          (static_cast<unsigned>(_mm_movemask_epi8(above_hi)) << 16) | 0x80000000u;
    const int b = __builtin_ctz(mask) >> 1;
    alignas(16) uint16_t run[16];
    _mm_store_si128(reinterpret_cast<__m128i*>(run), lo_u16x8);
    _mm_store_si128(reinterpret_cast<__m128i*>(run + 8), hi_u16x8);
    *before = b == 0 ? 0u : run[b - 1];
    return b;
  }
};
#endif
