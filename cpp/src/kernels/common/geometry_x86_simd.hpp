// SIMD bodies of the geometry kernels, written once against a small vector
// interface `V` that each x86 ISA folder defines with its own intrinsics
// before including this file inside its namespace (after the generic
// geometry headers, whose per-pixel functions handle tails and borders).
//
// V provides N float32 / int32 lanes:
//   F, I; N; loadf, storef, setf, seti, iota, add, sub, mul, minf, maxf,
//   floorf, cvtt (truncate), cvtr (round half to even), cvtf (int -> float),
//   loadi, iadd, imul (low 32 bits), iand, ior, isrl, isll (shift counts),
//   imin, imax, range_bits(v, lo, hi): bit k set when lo <= lane k <= hi,
//   ieq_all(a, b): every lane equal, isub,
//   kWindow: whether load_window(src, lo, hi) (2N elements of u8, u16 or
//   f32 as float lanes) and permute2(lo, hi, idx) (lane idx of that window,
//   0 <= idx < 2N) exist; kWindow4: the same with 4N elements
//   (load_window4(src, w[4]), permute4(w, idx)),
//   gather(base, byte_off): 32-bit loads, gatherf: float loads,
//   gather_pairs(base, byte_off, &a, &b): the two floats at each offset,
//   store_u8 / store_u16: lanes (already in range) -> N bytes / N words,
//   store_u32: N dwords, store_rgb: N dwords -> their low 3 bytes, packed.
//
// Every arithmetic step is the one of the generic code, in the same order
// and without fusing, so each lane equals the reference bit for bit.

template <class V>
inline typename V::F simd_clamp_coord(typename V::F v) {
  // maxf(v, lo) returns lo for NaN (second operand), as geo_clamp_coord.
  return V::minf(V::maxf(v, V::setf(-kGeoCoordLimit)), V::setf(kGeoCoordLimit));
}

template <class V>
inline typename V::I simd_round_u8(typename V::F v) {
  return V::cvtr(V::minf(V::maxf(v, V::setf(0.0f)), V::setf(255.0f)));
}
template <class V>
inline typename V::I simd_round_u16(typename V::F v) {
  return V::cvtr(V::minf(V::maxf(v, V::setf(0.0f)), V::setf(65535.0f)));
}

// Byte offsets of a warp source fit in int32 (the gathers take int32).
template <class T>
inline bool simd_offsets_fit(const GeoSrc<T>& s) {
  const int64_t span = static_cast<int64_t>(s.stride) * s.h + 64;
  return s.stride > 0 && span < INT32_MAX;
}

// ------------------------------------------------------------- remap --
//
// Each block of N destination pixels is classified by its integer source
// positions: `fast` lanes have the whole neighbourhood inside the image
// (minus a slack for 4-byte loads), `outside` lanes none of it. All fast:
// pure SIMD. Constant border and all outside: the border value. Otherwise
// the SIMD result is computed with positions clamped into the fast range
// (so every load stays inside), stored, and the other lanes are redone one
// by one with the reference per-pixel function.

template <class V>
inline unsigned simd_full_mask() {
  return V::N == 32 ? ~0u : ((1u << V::N) - 1u);
}

template <class T>
inline void simd_fill_pixels(const GeoSrc<T>& s, T* dst, int count) {
  for (int k = 0; k < count; ++k) {
    for (int c = 0; c < s.cn; ++c) dst[k * s.cn + c] = s.bval[c];
  }
}

// Redo the lanes of `todo` with the reference function px(s, x, y, out).
template <class T, class Px>
inline void simd_redo_lanes(const GeoSrc<T>& s, unsigned todo, const float* sx, const float* sy,
                            T* dst, const Px& px) {
  while (todo) {
    const int k = __builtin_ctz(todo);
    todo &= todo - 1;
    px(s, sx[k], sy[k], dst + k * s.cn);
  }
}

// Lane classes of one block. pad_lo / pad_hi: the neighbourhood reaches
// from ix - pad_lo to ix + pad_hi.
template <class V>
struct SimdLanes {
  unsigned fast, outside;
};
template <class V>
inline SimdLanes<V> simd_classify(typename V::I ix, typename V::I iy, int xmax, int ymax,
                                  int w, int h, int pad_lo, int pad_hi) {
  SimdLanes<V> r;
  r.fast = V::range_bits(ix, 0, xmax) & V::range_bits(iy, 0, ymax);
  // a lane is outside when no tap of ix - pad_lo .. ix + pad_hi is inside
  r.outside = ~(V::range_bits(ix, -pad_hi, w - 1 + pad_lo) & V::range_bits(iy, -pad_hi, h - 1 + pad_lo)) &
              simd_full_mask<V>();
  return r;
}

template <class V>
void remap_linear_u8_simd(const GeoSrc<uint8_t>& s, const float* sx, const float* sy, size_t n,
                          uint8_t* dst) {
  using F = typename V::F;
  using I = typename V::I;
  const int cn = s.cn;
  // Fast lanes read 4 bytes from each tap pixel, so they keep clear of the
  // last columns.
  const int slack = cn == 1 ? 3 : (cn == 3 ? 2 : 1);
  const bool constant = s.border == vc::BorderMode::Constant;
  size_t i = 0;
  if (cn != 2 && simd_offsets_fit(s) && s.w > slack + 1 && s.h >= 2) {
    const int xmax = s.w - 1 - slack, ymax = s.h - 2;
    const I vxmax = V::seti(xmax), vymax = V::seti(ymax), zero = V::seti(0);
    const I vstride = V::seti(static_cast<int32_t>(s.stride)), vcn = V::seti(cn);
    const I m8 = V::seti(0xFF);
    for (; i + V::N <= n; i += V::N) {
      const F X = simd_clamp_coord<V>(V::loadf(sx + i)), Y = simd_clamp_coord<V>(V::loadf(sy + i));
      const F FX = V::floorf(X), FY = V::floorf(Y);
      I ix = V::cvtt(FX), iy = V::cvtt(FY);
      const SimdLanes<V> lanes = simd_classify<V>(ix, iy, xmax, ymax, s.w, s.h, 0, 1);
      uint8_t* d = dst + i * cn;
      if (lanes.fast != simd_full_mask<V>()) {
        if (constant && lanes.outside == simd_full_mask<V>()) {
          simd_fill_pixels(s, d, V::N);
          continue;
        }
        ix = V::imin(V::imax(ix, zero), vxmax);
        iy = V::imin(V::imax(iy, zero), vymax);
      }
      const F ax = V::sub(X, FX), ay = V::sub(Y, FY);
      const I off = V::iadd(V::imul(iy, vstride), cn == 1 ? ix : V::imul(ix, vcn));
      auto lerp = [&](F p00, F p01, F p10, F p11) {
        const F v0 = V::add(p00, V::mul(ax, V::sub(p01, p00)));
        const F v1 = V::add(p10, V::mul(ax, V::sub(p11, p10)));
        return simd_round_u8<V>(V::add(v0, V::mul(ay, V::sub(v1, v0))));
      };
      if (cn == 1) {
        const I g0 = V::gather(s.base, off), g1 = V::gather(s.base, V::iadd(off, vstride));
        V::store_u8(d, lerp(V::cvtf(V::iand(g0, m8)), V::cvtf(V::iand(V::isrl(g0, 8), m8)),
                            V::cvtf(V::iand(g1, m8)), V::cvtf(V::iand(V::isrl(g1, 8), m8))));
      } else {
        const I g00 = V::gather(s.base, off), g01 = V::gather(s.base, V::iadd(off, vcn));
        const I o1 = V::iadd(off, vstride);
        const I g10 = V::gather(s.base, o1), g11 = V::gather(s.base, V::iadd(o1, vcn));
        I acc = V::seti(0);
        for (int c = 0; c < cn; ++c) {
          const int sh = 8 * c;
          auto ch = [&](I g) { return V::cvtf(V::iand(V::isrl(g, sh), m8)); };
          acc = V::ior(acc, V::isll(lerp(ch(g00), ch(g01), ch(g10), ch(g11)), sh));
        }
        if (cn == 4) {
          V::store_u32(d, acc);
        } else {
          V::store_rgb(d, acc);
        }
      }
      simd_redo_lanes(s, ~lanes.fast & simd_full_mask<V>(), sx + i, sy + i, d,
                      geo_linear_px<uint8_t>);
    }
  }
  for (; i < n; ++i) geo_linear_px(s, sx[i], sy[i], dst + i * cn);
}

template <class V>
void remap_nearest_u8_simd(const GeoSrc<uint8_t>& s, const float* sx, const float* sy, size_t n,
                           uint8_t* dst) {
  using F = typename V::F;
  using I = typename V::I;
  const int cn = s.cn;
  const int slack = cn == 1 ? 3 : (cn == 3 ? 1 : 0);
  const bool constant = s.border == vc::BorderMode::Constant;
  size_t i = 0;
  if (cn != 2 && simd_offsets_fit(s) && s.w > slack) {
    const int xmax = s.w - 1 - slack, ymax = s.h - 1;
    const I vxmax = V::seti(xmax), vymax = V::seti(ymax), zero = V::seti(0);
    const I vstride = V::seti(static_cast<int32_t>(s.stride)), vcn = V::seti(cn);
    for (; i + V::N <= n; i += V::N) {
      const F X = simd_clamp_coord<V>(V::loadf(sx + i)), Y = simd_clamp_coord<V>(V::loadf(sy + i));
      I ix = V::cvtr(X), iy = V::cvtr(Y);
      const SimdLanes<V> lanes = simd_classify<V>(ix, iy, xmax, ymax, s.w, s.h, 0, 0);
      uint8_t* d = dst + i * cn;
      if (lanes.fast != simd_full_mask<V>()) {
        if (constant && lanes.outside == simd_full_mask<V>()) {
          simd_fill_pixels(s, d, V::N);
          continue;
        }
        ix = V::imin(V::imax(ix, zero), vxmax);
        iy = V::imin(V::imax(iy, zero), vymax);
      }
      const I g = V::gather(s.base, V::iadd(V::imul(iy, vstride), cn == 1 ? ix : V::imul(ix, vcn)));
      if (cn == 1) {
        V::store_u8(d, V::iand(g, V::seti(0xFF)));
      } else if (cn == 4) {
        V::store_u32(d, g);
      } else {
        V::store_rgb(d, g);
      }
      simd_redo_lanes(s, ~lanes.fast & simd_full_mask<V>(), sx + i, sy + i, d,
                      geo_nearest_px<uint8_t>);
    }
  }
  for (; i < n; ++i) geo_nearest_px(s, sx[i], sy[i], dst + i * cn);
}

// Channel vectors -> interleaved pixels.
template <class V>
inline void simd_store_channels_f32(float* dst, const typename V::F* ch, int cn) {
  if (cn == 1) {
    V::storef(dst, ch[0]);
    return;
  }
  alignas(64) float tmp[4][V::N];
  for (int c = 0; c < cn; ++c) V::storef(tmp[c], ch[c]);
  for (int k = 0; k < V::N; ++k) {
    for (int c = 0; c < cn; ++c) dst[k * cn + c] = tmp[c][k];
  }
}

template <class V>
void remap_linear_f32_simd(const GeoSrc<float>& s, const float* sx, const float* sy, size_t n,
                           float* dst) {
  using F = typename V::F;
  using I = typename V::I;
  const int cn = s.cn;
  const bool constant = s.border == vc::BorderMode::Constant;
  size_t i = 0;
  if (simd_offsets_fit(s) && s.w >= 2 && s.h >= 2) {
    const int xmax = s.w - 2, ymax = s.h - 2;
    const I vxmax = V::seti(xmax), vymax = V::seti(ymax), zero = V::seti(0);
    const I vstride = V::seti(static_cast<int32_t>(s.stride)), vpix = V::seti(4 * cn);
    for (; i + V::N <= n; i += V::N) {
      const F X = simd_clamp_coord<V>(V::loadf(sx + i)), Y = simd_clamp_coord<V>(V::loadf(sy + i));
      const F FX = V::floorf(X), FY = V::floorf(Y);
      I ix = V::cvtt(FX), iy = V::cvtt(FY);
      const SimdLanes<V> lanes = simd_classify<V>(ix, iy, xmax, ymax, s.w, s.h, 0, 1);
      float* d = dst + i * cn;
      if (lanes.fast != simd_full_mask<V>()) {
        if (constant && lanes.outside == simd_full_mask<V>()) {
          simd_fill_pixels(s, d, V::N);
          continue;
        }
        ix = V::imin(V::imax(ix, zero), vxmax);
        iy = V::imin(V::imax(iy, zero), vymax);
      }
      const F ax = V::sub(X, FX), ay = V::sub(Y, FY);
      const I off0 = V::iadd(V::imul(iy, vstride), V::imul(ix, vpix));
      const I off1 = V::iadd(off0, vstride);
      if (cn == 1) {
        // both taps of a row in one 8-byte load per lane
        F p00, p01, p10, p11;
        V::gather_pairs(s.base, off0, &p00, &p01);
        V::gather_pairs(s.base, off1, &p10, &p11);
        const F v0 = V::add(p00, V::mul(ax, V::sub(p01, p00)));
        const F v1 = V::add(p10, V::mul(ax, V::sub(p11, p10)));
        V::storef(d, V::add(v0, V::mul(ay, V::sub(v1, v0))));
        simd_redo_lanes(s, ~lanes.fast & simd_full_mask<V>(), sx + i, sy + i, d,
                        geo_linear_px<float>);
        continue;
      }
      F ch[4];
      for (int c = 0; c < cn; ++c) {
        const I o0 = V::iadd(off0, V::seti(4 * c)), o1 = V::iadd(off1, V::seti(4 * c));
        const F p00 = V::gatherf(s.base, o0), p01 = V::gatherf(s.base, V::iadd(o0, vpix));
        const F p10 = V::gatherf(s.base, o1), p11 = V::gatherf(s.base, V::iadd(o1, vpix));
        const F v0 = V::add(p00, V::mul(ax, V::sub(p01, p00)));
        const F v1 = V::add(p10, V::mul(ax, V::sub(p11, p10)));
        ch[c] = V::add(v0, V::mul(ay, V::sub(v1, v0)));
      }
      simd_store_channels_f32<V>(d, ch, cn);
      simd_redo_lanes(s, ~lanes.fast & simd_full_mask<V>(), sx + i, sy + i, d,
                      geo_linear_px<float>);
    }
  }
  for (; i < n; ++i) geo_linear_px(s, sx[i], sy[i], dst + i * cn);
}

template <class V>
void remap_nearest_f32_simd(const GeoSrc<float>& s, const float* sx, const float* sy, size_t n,
                            float* dst) {
  using F = typename V::F;
  using I = typename V::I;
  const int cn = s.cn;
  const bool constant = s.border == vc::BorderMode::Constant;
  size_t i = 0;
  if (simd_offsets_fit(s)) {
    const int xmax = s.w - 1, ymax = s.h - 1;
    const I vxmax = V::seti(xmax), vymax = V::seti(ymax), zero = V::seti(0);
    const I vstride = V::seti(static_cast<int32_t>(s.stride)), vpix = V::seti(4 * cn);
    for (; i + V::N <= n; i += V::N) {
      const F X = simd_clamp_coord<V>(V::loadf(sx + i)), Y = simd_clamp_coord<V>(V::loadf(sy + i));
      I ix = V::cvtr(X), iy = V::cvtr(Y);
      const SimdLanes<V> lanes = simd_classify<V>(ix, iy, xmax, ymax, s.w, s.h, 0, 0);
      float* d = dst + i * cn;
      if (lanes.fast != simd_full_mask<V>()) {
        if (constant && lanes.outside == simd_full_mask<V>()) {
          simd_fill_pixels(s, d, V::N);
          continue;
        }
        ix = V::imin(V::imax(ix, zero), vxmax);
        iy = V::imin(V::imax(iy, zero), vymax);
      }
      const I off = V::iadd(V::imul(iy, vstride), V::imul(ix, vpix));
      F ch[4];
      for (int c = 0; c < cn; ++c) ch[c] = V::gatherf(s.base, V::iadd(off, V::seti(4 * c)));
      simd_store_channels_f32<V>(d, ch, cn);
      simd_redo_lanes(s, ~lanes.fast & simd_full_mask<V>(), sx + i, sy + i, d,
                      geo_nearest_px<float>);
    }
  }
  for (; i < n; ++i) geo_nearest_px(s, sx[i], sy[i], dst + i * cn);
}

// --------------------------------------------------- resize, float taps --

// Number of leading elements whose taps may be read as 4-byte loads at the
// element's byte offset without passing src_len elements of `esize` bytes.
// Offsets grow along a row except that a pixel's first channel may sit up
// to cn - 1 below its left neighbour's last one, hence the margin.
inline size_t simd_safe_prefix(const int32_t* ofs, size_t n, int ksize, size_t src_len,
                               size_t esize, int cn) {
  const int64_t limit = static_cast<int64_t>(src_len) - static_cast<int64_t>(4 / esize) - (cn - 1);
  const int32_t* last = ofs + static_cast<size_t>(ksize - 1) * n;
  size_t m = n;
  while (m > 0 && last[m - 1] > limit) --m;
  return m;
}

template <class V, class T>
inline typename V::F simd_load_taps(const T* src, typename V::I ofs) {
  const uint8_t* base = reinterpret_cast<const uint8_t*>(src);
  if constexpr (std::is_same<T, float>::value) {
    return V::gatherf(base, V::isll(ofs, 2));
  } else if constexpr (std::is_same<T, uint16_t>::value) {
    return V::cvtf(V::iand(V::gather(base, V::isll(ofs, 1)), V::seti(0xFFFF)));
  } else {
    return V::cvtf(V::iand(V::gather(base, ofs), V::seti(0xFF)));
  }
}

// One element of the horizontal pass, the reference way.
template <class T>
inline float hrow_element(const T* src, size_t n, const int32_t* ofs, const float* coef, int ksize,
                          size_t i) {
  float sum = static_cast<float>(src[ofs[i]]) * coef[i];
  for (int j = 1; j < ksize; ++j) {
    const size_t o = static_cast<size_t>(j) * n + i;
    sum = sum + static_cast<float>(src[ofs[o]]) * coef[o];
  }
  return sum;
}

// Elements [i, i + 4) have taps at ofs[i] + j (j < ksize)?
inline bool hrow_uniform_sse(const int32_t* ofs, size_t n, int ksize, size_t i) {
  const __m128i o0 = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ofs + i));
  __m128i bad = _mm_setzero_si128();
  for (int j = 1; j < ksize; ++j) {
    const __m128i oj = _mm_loadu_si128(reinterpret_cast<const __m128i*>(ofs + static_cast<size_t>(j) * n + i));
    bad = _mm_or_si128(bad, _mm_xor_si128(oj, _mm_add_epi32(o0, _mm_set1_epi32(j))));
  }
  return _mm_testz_si128(bad, bad) != 0;
}

// u8, 4 taps on consecutive pixels of cn (1..3) channels: 4-byte gathers
// at the first and third tap hold all four (cn 1: the first gather alone);
// nothing past the last tap's 4 bytes is read.
// One block of N elements at ofs / coef / dst (rows n apart): computes it
// and returns true if its taps are uniform, else returns false untouched.
template <class V>
bool hrow_u8_k4_block(const uint8_t* src, float* dst, size_t n, const int32_t* ofs,
                      const float* coef, int cn) {
  using F = typename V::F;
  using I = typename V::I;
  const I o0 = V::loadi(ofs);
  const bool uniform = V::ieq_all(V::loadi(ofs + n), V::iadd(o0, V::seti(cn))) &&
                       V::ieq_all(V::loadi(ofs + 2 * n), V::iadd(o0, V::seti(2 * cn))) &&
                       V::ieq_all(V::loadi(ofs + 3 * n), V::iadd(o0, V::seti(3 * cn)));
  if (!uniform) return false;
  const I m8 = V::seti(0xFF);
  const int sh1 = 8 * cn;
  const I g0 = V::gather(src, o0);
  const I g1 = cn == 1 ? g0 : V::gather(src, V::iadd(o0, V::seti(2 * cn)));
  const I t0 = V::iand(g0, m8), t1 = V::iand(V::isrl(g0, sh1), m8);
  const I t2 = cn == 1 ? V::iand(V::isrl(g0, 16), m8) : V::iand(g1, m8);
  const I t3 = cn == 1 ? V::isrl(g0, 24) : V::iand(V::isrl(g1, sh1), m8);
  F sum = V::mul(V::cvtf(t0), V::loadf(coef));
  sum = V::add(sum, V::mul(V::cvtf(t1), V::loadf(coef + n)));
  sum = V::add(sum, V::mul(V::cvtf(t2), V::loadf(coef + 2 * n)));
  sum = V::add(sum, V::mul(V::cvtf(t3), V::loadf(coef + 3 * n)));
  V::storef(dst, sum);
  return true;
}

// f32, one channel, 4 consecutive taps: a 16-byte load per element, 4x4
// transposes turn them into one vector per tap.
inline size_t hrow_f32_c1_k4(const float* src, float* dst, size_t n, const int32_t* ofs,
                             const float* coef) {
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    if (!hrow_uniform_sse(ofs, n, 4, i)) {
      for (size_t l = 0; l < 4; ++l) dst[i + l] = hrow_element(src, n, ofs, coef, 4, i + l);
      continue;
    }
    __m128 t0 = _mm_loadu_ps(src + ofs[i]), t1 = _mm_loadu_ps(src + ofs[i + 1]);
    __m128 t2 = _mm_loadu_ps(src + ofs[i + 2]), t3 = _mm_loadu_ps(src + ofs[i + 3]);
    _MM_TRANSPOSE4_PS(t0, t1, t2, t3);
    __m128 sum = _mm_mul_ps(t0, _mm_loadu_ps(coef + i));
    sum = _mm_add_ps(sum, _mm_mul_ps(t1, _mm_loadu_ps(coef + n + i)));
    sum = _mm_add_ps(sum, _mm_mul_ps(t2, _mm_loadu_ps(coef + 2 * n + i)));
    sum = _mm_add_ps(sum, _mm_mul_ps(t3, _mm_loadu_ps(coef + 3 * n + i)));
    _mm_storeu_ps(dst + i, sum);
  }
  return i;
}

// f32, one channel, 2 consecutive taps: 8-byte loads, deinterleaved.
inline size_t hrow_f32_c1_k2(const float* src, float* dst, size_t n, const int32_t* ofs,
                             const float* coef) {
  auto pair = [&](size_t k) {
    return _mm_castpd_ps(_mm_load_sd(reinterpret_cast<const double*>(src + ofs[k])));
  };
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    if (!hrow_uniform_sse(ofs, n, 2, i)) {
      for (size_t l = 0; l < 4; ++l) dst[i + l] = hrow_element(src, n, ofs, coef, 2, i + l);
      continue;
    }
    const __m128 p01 = _mm_movelh_ps(pair(i), pair(i + 1));      // a0 b0 a1 b1
    const __m128 p23 = _mm_movelh_ps(pair(i + 2), pair(i + 3));  // a2 b2 a3 b3
    const __m128 a = _mm_shuffle_ps(p01, p23, _MM_SHUFFLE(2, 0, 2, 0));
    const __m128 b = _mm_shuffle_ps(p01, p23, _MM_SHUFFLE(3, 1, 3, 1));
    _mm_storeu_ps(dst + i, _mm_add_ps(_mm_mul_ps(a, _mm_loadu_ps(coef + i)),
                                      _mm_mul_ps(b, _mm_loadu_ps(coef + n + i))));
  }
  return i;
}

template <class V, class T>
void resize_hrow_simd(const T* src, size_t src_len, float* dst, size_t n, const int32_t* ofs,
                      const float* coef, int ksize, int cn) {
  using F = typename V::F;
  using I = typename V::I;
  const size_t m = simd_safe_prefix(ofs, n, ksize, src_len, sizeof(T), cn);
  // A block of N outputs whose taps all fall within 2N consecutive source
  // elements (enlarging, mild shrinking) converts that window to float once
  // and picks the taps with lane permutes; other blocks gather each tap.
  auto gathered_block = [&](size_t b) {
    if (b + V::N > m) {
      for (size_t l = 0; l < static_cast<size_t>(V::N); ++l) dst[b + l] = hrow_element(src, n, ofs, coef, ksize, b + l);
      return;
    }
    F sum = V::mul(simd_load_taps<V>(src, V::loadi(ofs + b)), V::loadf(coef + b));
    for (int j = 1; j < ksize; ++j) {
      const size_t o = static_cast<size_t>(j) * n + b;
      sum = V::add(sum, V::mul(simd_load_taps<V>(src, V::loadi(ofs + o)), V::loadf(coef + o)));
    }
    V::storef(dst + b, sum);
  };
  size_t i = 0;
  if constexpr (V::kWindow) {
    const int32_t window = 2 * V::N;
    const size_t last_row = static_cast<size_t>(ksize - 1) * n;
    for (; i + V::N <= n; i += V::N) {
      // bounds of the block's taps (see simd_safe_prefix for the cn - 1)
      const int32_t base = std::max(ofs[i] - (cn - 1), 0);
      const int32_t top = ofs[last_row + i + V::N - 1] + (cn - 1);
      if (top - base >= window || static_cast<size_t>(base) + static_cast<size_t>(window) > src_len) {
        if constexpr (V::kWindow4) {
          // shrinking: a 4N-element window, picked with two permutes and a blend
          if (top - base < 2 * window && static_cast<size_t>(base) + 2 * static_cast<size_t>(window) <= src_len) {
            F w[4];
            V::load_window4(src + base, w);
            const I vbase = V::seti(base);
            F sum = V::mul(V::permute4(w, V::isub(V::loadi(ofs + i), vbase)), V::loadf(coef + i));
            for (int j = 1; j < ksize; ++j) {
              const size_t o = static_cast<size_t>(j) * n + i;
              sum = V::add(sum, V::mul(V::permute4(w, V::isub(V::loadi(ofs + o), vbase)),
                                       V::loadf(coef + o)));
            }
            V::storef(dst + i, sum);
            continue;
          }
        }
        gathered_block(i);
        continue;
      }
      F lo, hi;
      V::load_window(src + base, &lo, &hi);
      const I vbase = V::seti(base);
      F sum = V::mul(V::permute2(lo, hi, V::isub(V::loadi(ofs + i), vbase)), V::loadf(coef + i));
      for (int j = 1; j < ksize; ++j) {
        const size_t o = static_cast<size_t>(j) * n + i;
        sum = V::add(sum, V::mul(V::permute2(lo, hi, V::isub(V::loadi(ofs + o), vbase)),
                                 V::loadf(coef + o)));
      }
      V::storef(dst + i, sum);
    }
  } else {
    if constexpr (std::is_same<T, float>::value) {
      if (ksize == 4 && cn == 1) {
        i = hrow_f32_c1_k4(src, dst, n, ofs, coef);
      } else if (ksize == 2 && cn == 1) {
        i = hrow_f32_c1_k2(src, dst, n, ofs, coef);
      }
    }
    for (; i + V::N <= m; i += V::N) gathered_block(i);
  }
  for (; i < n; ++i) dst[i] = hrow_element(src, n, ofs, coef, ksize, i);
}

// u8 with block-relative offsets (see geometry.inc): the table gives each
// block of kResizeBlock elements its window start and span, so choosing the
// path costs two loads and the tap indices go straight into the permutes.
// K: the tap count when known at compile time (cubic: 4), else 0.
template <class V, int K, class Pick>
inline void hrow_u8_taps(float* dst, size_t n, const int32_t* ofs, const float* coef, int ksize,
                         const Pick& pick) {
  using F = typename V::F;
  const int k = K > 0 ? K : ksize;
  F sum = V::mul(pick(V::loadi(ofs)), V::loadf(coef));
  for (int j = 1; j < k; ++j) {
    const size_t o = static_cast<size_t>(j) * n;
    sum = V::add(sum, V::mul(pick(V::loadi(ofs + o)), V::loadf(coef + o)));
  }
  V::storef(dst, sum);
}

// 4 taps, blocks from element i on while each fits a window of 2N
// elements; returns where it stopped. Out of line and looping itself: in
// the general block loop the compiler keeps the pointers (and the index
// vectors) in stack slots.
template <class V>
__attribute__((noinline)) size_t hrow_u8_window2_k4(const uint8_t* src, size_t src_len, float* dst,
                                                    size_t n, const int32_t* ofs, const float* coef,
                                                    const int32_t* blocks, size_t i) {
  using F = typename V::F;
  constexpr size_t B = kResizeBlock;
  for (; i + B <= n; i += B) {
    const int32_t start = blocks[2 * (i / B)], span = blocks[2 * (i / B) + 1];
    if (span > 2 * V::N || src_len - static_cast<size_t>(start) < 2 * static_cast<size_t>(V::N)) break;
    F lo, hi;
    V::load_window(src + start, &lo, &hi);
    for (size_t h = i; h < i + B; h += V::N) {
      const int32_t* o = ofs + h;
      const float* c = coef + h;
      F sum = V::mul(V::permute2(lo, hi, V::loadi(o)), V::loadf(c));
      sum = V::add(sum, V::mul(V::permute2(lo, hi, V::loadi(o + n)), V::loadf(c + n)));
      sum = V::add(sum, V::mul(V::permute2(lo, hi, V::loadi(o + 2 * n)), V::loadf(c + 2 * n)));
      sum = V::add(sum, V::mul(V::permute2(lo, hi, V::loadi(o + 3 * n)), V::loadf(c + 3 * n)));
      V::storef(dst + h, sum);
    }
  }
  return i;
}

// The same for windows of 4N elements (shrinking).
template <class V>
__attribute__((noinline)) size_t hrow_u8_window4_k4(const uint8_t* src, size_t src_len, float* dst,
                                                    size_t n, const int32_t* ofs, const float* coef,
                                                    const int32_t* blocks, size_t i) {
  using F = typename V::F;
  constexpr size_t B = kResizeBlock;
  for (; i + B <= n; i += B) {
    const int32_t start = blocks[2 * (i / B)], span = blocks[2 * (i / B) + 1];
    if (span > 4 * V::N || src_len - static_cast<size_t>(start) < 4 * static_cast<size_t>(V::N)) break;
    F w[4];
    V::load_window4(src + start, w);
    for (size_t h = i; h < i + B; h += V::N) {
      const int32_t* o = ofs + h;
      const float* c = coef + h;
      F sum = V::mul(V::permute4(w, V::loadi(o)), V::loadf(c));
      sum = V::add(sum, V::mul(V::permute4(w, V::loadi(o + n)), V::loadf(c + n)));
      sum = V::add(sum, V::mul(V::permute4(w, V::loadi(o + 2 * n)), V::loadf(c + 2 * n)));
      sum = V::add(sum, V::mul(V::permute4(w, V::loadi(o + 3 * n)), V::loadf(c + 3 * n)));
      V::storef(dst + h, sum);
    }
  }
  return i;
}

template <class V, int K>
void resize_hrow_u8_blocks(const uint8_t* src, size_t src_len, float* dst, size_t n,
                           const int32_t* ofs, const float* coef, const int32_t* blocks,
                           int ksize, int cn) {
  using F = typename V::F;
  using I = typename V::I;
  constexpr size_t B = kResizeBlock;
  static_assert(B % V::N == 0, "blocks hold whole vectors");
  size_t i = 0;
  for (; i + B <= n; i += B) {
    if constexpr (V::kWindow && K == 4) {
      i = hrow_u8_window2_k4<V>(src, src_len, dst, n, ofs, coef, blocks, i);
      if (i + B > n) break;
    }
    if constexpr (V::kWindow4 && K == 4) {
      const size_t at = i;
      i = hrow_u8_window4_k4<V>(src, src_len, dst, n, ofs, coef, blocks, i);
      if (i + B > n) break;
      if (i != at) {  // a window-2 block may follow
        i -= B;
        continue;
      }
    }
    const int32_t start = blocks[2 * (i / B)], span = blocks[2 * (i / B) + 1];
    const uint8_t* s = src + start;
    const size_t avail = src_len - static_cast<size_t>(start);
    if constexpr (V::kWindow) {
      if (span <= 2 * V::N && avail >= 2 * static_cast<size_t>(V::N)) {
        F lo, hi;
        V::load_window(s, &lo, &hi);
        for (size_t h = 0; h < B; h += V::N) {
          hrow_u8_taps<V, K>(dst + i + h, n, ofs + i + h, coef + i + h, ksize,
                             [lo, hi](I idx) { return V::permute2(lo, hi, idx); });
        }
        continue;
      }
    }
    if constexpr (V::kWindow4) {
      if (span <= 4 * V::N && avail >= 4 * static_cast<size_t>(V::N)) {
        F w[4];
        V::load_window4(s, w);
        const F w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
        for (size_t h = 0; h < B; h += V::N) {
          hrow_u8_taps<V, K>(dst + i + h, n, ofs + i + h, coef + i + h, ksize, [=](I idx) {
            const F q[4] = {w0, w1, w2, w3};
            return V::permute4(q, idx);
          });
        }
        continue;
      }
    }
    if (static_cast<size_t>(span) + 3 <= avail) {
      // 4-byte gathers at every tap stay inside the row
      for (size_t h = 0; h < B; h += V::N) {
        if (ksize == 4 && cn <= 3 && hrow_u8_k4_block<V>(s, dst + i + h, n, ofs + i + h, coef + i + h, cn)) {
          continue;
        }
        hrow_u8_taps<V, K>(dst + i + h, n, ofs + i + h, coef + i + h, ksize,
                           [s](I idx) { return simd_load_taps<V>(s, idx); });
      }
      continue;
    }
    for (size_t l = i; l < i + B; ++l) dst[l] = u8_resize_hrow_element(src, n, ofs, coef, blocks, ksize, l);
  }
  for (; i < n; ++i) dst[i] = u8_resize_hrow_element(src, n, ofs, coef, blocks, ksize, i);
}

template <class V>
void resize_hrow_u8_simd(const uint8_t* src, size_t src_len, float* dst, size_t n,
                         const int32_t* ofs, const float* coef, const int32_t* blocks, int ksize,
                         int cn) {
  if (ksize == 4) {
    resize_hrow_u8_blocks<V, 4>(src, src_len, dst, n, ofs, coef, blocks, ksize, cn);
  } else {
    resize_hrow_u8_blocks<V, 0>(src, src_len, dst, n, ofs, coef, blocks, ksize, cn);
  }
}

template <class V, class T>
inline void simd_store_cast(T* dst, typename V::F v) {
  if constexpr (std::is_same<T, float>::value) {
    V::storef(dst, v);
  } else if constexpr (std::is_same<T, uint16_t>::value) {
    V::store_u16(dst, simd_round_u16<V>(v));
  } else {
    V::store_u8(dst, simd_round_u8<V>(v));
  }
}

template <class V, class T>
void resize_vrow_simd(const float* const* rows, const float* coef, int ksize, T* dst, size_t n) {
  using F = typename V::F;
  size_t i = 0;
  if constexpr (std::is_same<T, uint8_t>::value) {
    // 4 vectors at a time: round first, then saturate while packing
    // (int32 -> int16 -> uint8), which equals clamp-then-round for every
    // sum below 2^31 in magnitude and for NaN.
    if (ksize == 2 || ksize == 4) {
      const float* r[4] = {rows[0], rows[1], ksize == 4 ? rows[2] : rows[0], ksize == 4 ? rows[3] : rows[0]};
      const F c0 = V::setf(coef[0]), c1 = V::setf(coef[1]);
      const F c2 = V::setf(ksize == 4 ? coef[2] : 0.0f), c3 = V::setf(ksize == 4 ? coef[3] : 0.0f);
      auto sum = [&](size_t k) {
        F v = V::add(V::mul(V::loadf(r[0] + k), c0), V::mul(V::loadf(r[1] + k), c1));
        if (ksize == 4) {
          v = V::add(v, V::mul(V::loadf(r[2] + k), c2));
          v = V::add(v, V::mul(V::loadf(r[3] + k), c3));
        }
        return V::cvtr(v);
      };
      for (; i + 4 * V::N <= n; i += 4 * V::N) {
        V::store_u8x4(dst + i, sum(i), sum(i + V::N), sum(i + 2 * V::N), sum(i + 3 * V::N));
      }
    }
  }
  if (ksize == 2) {
    const float *r0 = rows[0], *r1 = rows[1];
    const F c0 = V::setf(coef[0]), c1 = V::setf(coef[1]);
    for (; i + V::N <= n; i += V::N) {
      simd_store_cast<V>(dst + i, V::add(V::mul(V::loadf(r0 + i), c0), V::mul(V::loadf(r1 + i), c1)));
    }
  } else if (ksize == 4) {
    const float *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *r3 = rows[3];
    const F c0 = V::setf(coef[0]), c1 = V::setf(coef[1]), c2 = V::setf(coef[2]), c3 = V::setf(coef[3]);
    for (; i + V::N <= n; i += V::N) {
      F sum = V::mul(V::loadf(r0 + i), c0);
      sum = V::add(sum, V::mul(V::loadf(r1 + i), c1));
      sum = V::add(sum, V::mul(V::loadf(r2 + i), c2));
      sum = V::add(sum, V::mul(V::loadf(r3 + i), c3));
      simd_store_cast<V>(dst + i, sum);
    }
  } else {
    for (; i + V::N <= n; i += V::N) {
      F sum = V::mul(V::loadf(rows[0] + i), V::setf(coef[0]));
      for (int j = 1; j < ksize; ++j) sum = V::add(sum, V::mul(V::loadf(rows[j] + i), V::setf(coef[j])));
      simd_store_cast<V>(dst + i, sum);
    }
  }
  for (; i < n; ++i) {
    float sum = rows[0][i] * coef[0];
    for (int j = 1; j < ksize; ++j) sum = sum + rows[j][i] * coef[j];
    dst[i] = geo_cast<T>(sum);
  }
}
