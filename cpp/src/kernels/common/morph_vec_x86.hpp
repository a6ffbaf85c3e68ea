// x86 vector types for the min/max bodies (morphology, median networks).
// Included inside an x86 ISA namespace after <immintrin.h>: the register is
// the widest the folder's flags allow (512 bits with AVX-512BW, 256 with
// AVX2, else 128 with SSE4.1). Each operation has ScalarVec's meaning:
// minps/maxps return the second operand unless the first is strictly
// smaller/larger, and integer sub saturates (psubus / psubs).

template <class T>
struct Vec;

#define VC_X86_VEC(T, Reg, lanes, load_, store_, min_, max_, sub_)         \
  template <>                                                             \
  struct Vec<T> {                                                         \
    using R = Reg;                                                        \
    static constexpr size_t kLanes = lanes;                               \
    static R load(const T* p) { return load_; }                           \
    static void store(T* p, R v) { store_; }                              \
    static R min(R a, R b) { return min_(a, b); }                         \
    static R max(R a, R b) { return max_(a, b); }                         \
    static R sub(R a, R b) { return sub_(a, b); }                         \
  };

#if defined(__AVX512BW__)
#define VC_LD(p) _mm512_loadu_si512(static_cast<const void*>(p))
#define VC_ST(p, v) _mm512_storeu_si512(static_cast<void*>(p), v)
VC_X86_VEC(uint8_t, __m512i, 64, VC_LD(p), VC_ST(p, v), _mm512_min_epu8, _mm512_max_epu8,
           _mm512_subs_epu8)
VC_X86_VEC(uint16_t, __m512i, 32, VC_LD(p), VC_ST(p, v), _mm512_min_epu16, _mm512_max_epu16,
           _mm512_subs_epu16)
VC_X86_VEC(int16_t, __m512i, 32, VC_LD(p), VC_ST(p, v), _mm512_min_epi16, _mm512_max_epi16,
           _mm512_subs_epi16)
VC_X86_VEC(float, __m512, 16, _mm512_loadu_ps(p), _mm512_storeu_ps(p, v), _mm512_min_ps,
           _mm512_max_ps, _mm512_sub_ps)
#elif defined(__AVX2__)
#define VC_LD(p) _mm256_loadu_si256(reinterpret_cast<const __m256i*>(p))
#define VC_ST(p, v) _mm256_storeu_si256(reinterpret_cast<__m256i*>(p), v)
VC_X86_VEC(uint8_t, __m256i, 32, VC_LD(p), VC_ST(p, v), _mm256_min_epu8, _mm256_max_epu8,
           _mm256_subs_epu8)
VC_X86_VEC(uint16_t, __m256i, 16, VC_LD(p), VC_ST(p, v), _mm256_min_epu16, _mm256_max_epu16,
           _mm256_subs_epu16)
VC_X86_VEC(int16_t, __m256i, 16, VC_LD(p), VC_ST(p, v), _mm256_min_epi16, _mm256_max_epi16,
           _mm256_subs_epi16)
VC_X86_VEC(float, __m256, 8, _mm256_loadu_ps(p), _mm256_storeu_ps(p, v), _mm256_min_ps,
           _mm256_max_ps, _mm256_sub_ps)
#else
#define VC_LD(p) _mm_loadu_si128(reinterpret_cast<const __m128i*>(p))
#define VC_ST(p, v) _mm_storeu_si128(reinterpret_cast<__m128i*>(p), v)
VC_X86_VEC(uint8_t, __m128i, 16, VC_LD(p), VC_ST(p, v), _mm_min_epu8, _mm_max_epu8, _mm_subs_epu8)
VC_X86_VEC(uint16_t, __m128i, 8, VC_LD(p), VC_ST(p, v), _mm_min_epu16, _mm_max_epu16,
           _mm_subs_epu16)
VC_X86_VEC(int16_t, __m128i, 8, VC_LD(p), VC_ST(p, v), _mm_min_epi16, _mm_max_epi16,
           _mm_subs_epi16)
VC_X86_VEC(float, __m128, 4, _mm_loadu_ps(p), _mm_storeu_ps(p, v), _mm_min_ps, _mm_max_ps,
           _mm_sub_ps)
#endif

#undef VC_LD
#undef VC_ST
#undef VC_X86_VEC
