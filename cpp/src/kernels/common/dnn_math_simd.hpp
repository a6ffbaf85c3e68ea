// Elementwise math of the DNN kernels (dnn.inc, f32_v<fn>), written once
// over a vector abstraction V and instantiated at every level: the scalar
// V of reference/dnn_math.cpp (the oracle) and the SSE4.1 / AVX2 / AVX-512
// V of each ISA folder. Included inside `namespace vc::kernels::<isa>` in an
// anonymous namespace after V is defined.
//
// V provides: F (float lanes), I (int32 lanes), M (lane mask), kF (lanes);
// load/store/set1/seti; add/sub/mul/div, madd(a, b, c) = a * b + c (fused
// where the level has FMA), min/max with the SSE rule (b when either is
// NaN); round (to nearest even), to_int / to_float (exact conversions),
// iadd/isub/iand/ior, slli<k>/srli<k>/srai<k>, as_float/as_int (bit casts);
// lt/le/gt/ge/eq/isnan (masks) and select(m, a, b) = m ? a : b; fand/for_
// (bitwise on floats).
//
// The polynomials were fitted (minimax, float64, then rounded to float) to
// the reduced functions named beside each one; each is evaluated by Horner.
namespace dnn_math {

template <class V>
inline typename V::F poly(typename V::F x, const float* c, int n) {
  // c[0] + c[1] x + ... + c[n-1] x^(n-1)
  typename V::F p = V::set1(c[n - 1]);
  for (int k = n - 2; k >= 0; --k) p = V::madd(p, x, V::set1(c[k]));
  return p;
}

template <class V>
inline typename V::F sign_of(typename V::F x) {
  return V::fand(x, V::as_float(V::seti(static_cast<int32_t>(0x80000000u))));
}

template <class V>
inline typename V::F abs_of(typename V::F x) {
  return V::fand(x, V::as_float(V::seti(0x7fffffff)));
}

// e^x: x = n ln2 + r, |r| <= ln2 / 2 (Cody-Waite with a 9-bit ln2_hi so
// that n * ln2_hi is exact), e^r = 1 + r + r^2 P(r), P fitted to
// (e^r - 1 - r) / r^2 (relative error 1.2e-7 of P, 1e-8 of e^r). The scale
// 2^n is applied as two halves, e^x = hi * s2 with hi = e^r 2^(n - n/2)
// always normal, so that results down in the denormals round
// once and results up to FLT_MAX do not overflow early; callers that scale
// the result (x e^x in swish / mish) multiply hi first and s2 last. x is
// clamped to [-120, 89] (NaN becomes -120: callers restore it).
template <class V>
inline void exp_split(typename V::F x, typename V::F* hi, typename V::F* s2) {
  using F = typename V::F;
  using I = typename V::I;
  static const float kP[5] = {0.5f, 0.16666577756404877f, 0.04166685417294502f,
                              0.008363144472241402f, 0.0013901282800361514f};
  const F xc = V::min(V::max(x, V::set1(-120.0f)), V::set1(89.0f));
  const F n = V::round(V::mul(xc, V::set1(1.44269504088896341f)));
  F r = V::madd(n, V::set1(-0.693359375f), xc);
  r = V::madd(n, V::set1(2.12194440e-4f), r);
  const F p = V::add(V::madd(V::mul(r, r), poly<V>(r, kP, 5), r), V::set1(1.0f));
  const I ni = V::to_int(n);
  const I n1 = V::template srai<1>(ni);
  const I n2 = V::isub(ni, n1);
  *hi = V::mul(p, V::as_float(V::template slli<23>(V::iadd(n1, V::seti(127)))));
  *s2 = V::as_float(V::template slli<23>(V::iadd(n2, V::seti(127))));
}

template <class V>
inline typename V::F exp(typename V::F x) {
  typename V::F hi, s2;
  exp_split<V>(x, &hi, &s2);
  return V::select(V::isnan(x), x, V::mul(hi, s2));
}

// log(1 + f) for f in [sqrt(1/2) - 1, sqrt(2) - 1]: f - f^2 / 2 + f^3 P(f),
// P fitted to that remainder (relative 4e-7 of P, 2e-8 of the result).
template <class V>
inline typename V::F log1p_core(typename V::F f, typename V::F* z) {
  static const float kP[8] = {0.3333333134651184f,   -0.25000303983688354f, 0.20001201331615448f,
                              -0.16641581058502197f, 0.1420995146036148f,   -0.12989291548728943f,
                              0.12655653059482574f,  -0.07974112033843994f};
  *z = V::mul(f, f);
  return V::mul(V::mul(f, *z), poly<V>(f, kP, 8));  // the f^3 P(f) part
}

// log(x): x = m 2^e with m in [sqrt(1/2), sqrt(2)), f = m - 1 (exact),
// log(1 + f) by log1p_core, e ln2 added in two parts (Cody-Waite order).
// Denormal x is scaled by 2^23 first.
template <class V>
inline typename V::F log(typename V::F x) {
  using F = typename V::F;
  using I = typename V::I;
  const auto den = V::lt(x, V::set1(1.17549435e-38f));
  const F xs = V::select(den, V::mul(x, V::set1(8388608.0f)), x);
  const I bits = V::as_int(xs);
  F e = V::to_float(V::isub(V::template srli<23>(V::iand(bits, V::seti(0x7f800000))),
                            V::seti(126)));
  e = V::select(den, V::sub(e, V::set1(23.0f)), e);
  F m = V::as_float(V::ior(V::iand(bits, V::seti(0x007fffff)), V::seti(0x3f000000)));  // [0.5, 1)
  const auto lo = V::lt(m, V::set1(0.707106781186547524f));
  e = V::select(lo, V::sub(e, V::set1(1.0f)), e);
  m = V::select(lo, V::add(m, m), m);
  const F f = V::sub(m, V::set1(1.0f));
  F z;
  F y = log1p_core<V>(f, &z);
  y = V::madd(e, V::set1(-2.12194440e-4f), y);
  y = V::madd(z, V::set1(-0.5f), y);
  y = V::add(f, y);
  y = V::madd(e, V::set1(0.693359375f), y);
  // special values: +inf, 0 -> -inf, x < 0 -> NaN, NaN
  const float inf = __builtin_inff();
  y = V::select(V::eq(x, V::set1(inf)), x, y);
  y = V::select(V::eq(x, V::set1(0.0f)), V::set1(-inf), y);
  y = V::select(V::lt(x, V::set1(0.0f)), V::set1(__builtin_nanf("")), y);
  return V::select(V::isnan(x), x, y);
}

// tanh: |x| < 0.55: x + x^3 P(x^2), P fitted to (tanh x - x) / x^3
// (relative 4e-8); else sign(x) (1 - 2 / (e^2|x| + 1)), which is >= 0.5 so
// the subtraction loses nothing.
template <class V>
inline typename V::F tanh(typename V::F x) {
  using F = typename V::F;
  static const float kP[5] = {-0.3333333134651184f, 0.13333113491535187f, -0.05390944704413414f,
                              0.02130947820842266f, -0.006610375829041004f};
  const F a = abs_of<V>(x);
  const F x2 = V::mul(x, x);
  const F small = V::madd(V::mul(x, x2), poly<V>(x2, kP, 5), x);
  const F e = exp<V>(V::add(a, a));
  const F one = V::set1(1.0f);
  const F large = V::for_(V::sub(one, V::div(V::set1(2.0f), V::add(e, one))), sign_of<V>(x));
  return V::select(V::lt(a, V::set1(0.55f)), small, large);
}

// erf: |x| < 1: x P(x^2), P fitted to erf(x) / x (relative 1.2e-9);
// 1 <= |x| < 3.93: sign(x) (1 - e^-x^2 R(1/|x| - c)), R fitted to
// erfc(x) e^(x^2) in the centred variable s = 1/x - c (relative 1.3e-8):
// erfc(x) <= 0.16 there, so its rounding moves the result by under half an
// ulp; |x| >= 3.93: +-1 (erfc < 2^-25).
template <class V>
inline typename V::F erf(typename V::F x) {
  using F = typename V::F;
  static const float kS[7] = {1.1283791065216064f,     -0.3761262595653534f,
                              0.1128358542919159f,     -0.026853810995817184f,
                              0.005188327748328447f,   -0.0008010192541405559f,
                              7.853857823647559e-05f};
  static const float kL[10] = {0.30680328607559204f,  0.38151681423187256f,
                               -0.17210063338279724f, 0.043966807425022125f,
                               0.022745290771126747f, -0.04622412845492363f,
                               0.044164061546325684f, -0.0282133761793375f,
                               -0.006278590299189091f, 0.029668275266885757f};
  const F a = abs_of<V>(x);
  const F x2 = V::mul(x, x);
  const F small = V::mul(x, poly<V>(x2, kS, 7));
  const F one = V::set1(1.0f);
  const F ac = V::min(V::max(a, one), V::set1(3.93f));
  const F s = V::sub(V::div(one, ac), V::set1(0.6272264719009399f));
  const F t = V::mul(exp<V>(V::mul(V::mul(ac, ac), V::set1(-1.0f))), poly<V>(s, kL, 10));
  F large = V::sub(one, t);
  large = V::select(V::ge(a, V::set1(3.93f)), one, large);
  large = V::for_(large, sign_of<V>(x));
  const F y = V::select(V::lt(a, one), small, large);
  return V::select(V::isnan(x), x, y);
}

// sigmoid: q = e / (1 + e) with e = e^-|x| in (0, 1]: q for x < 0, 1 - q
// for x >= 0 (q <= 1/2, so 1 - q rounds once). One division.
template <class V>
inline typename V::F sigmoid(typename V::F x) {
  using F = typename V::F;
  const F e = exp<V>(V::for_(x, V::set1(-0.0f)));  // -|x|: the sign bit set
  const F q = V::div(e, V::add(e, V::set1(1.0f)));
  return V::select(V::lt(x, V::set1(0.0f)), q, V::sub(V::set1(1.0f), q));
}

// swish: x sigmoid(x); for x < -20, sigmoid(x) = e^x to 1e-9 and x e^x is
// formed as (x hi) s2 (exp_split) so that a normal result is not rounded
// through a denormal e^x.
template <class V>
inline typename V::F swish(typename V::F x) {
  using F = typename V::F;
  F hi, s2;
  exp_split<V>(V::for_(x, V::set1(-0.0f)), &hi, &s2);  // e^-|x|
  const F e = V::mul(hi, s2);
  const F q = V::div(e, V::add(e, V::set1(1.0f)));
  const F sig = V::select(V::lt(x, V::set1(0.0f)), q, V::sub(V::set1(1.0f), q));
  F y = V::select(V::lt(x, V::set1(-20.0f)), V::mul(V::mul(x, hi), s2), V::mul(x, sig));
  y = V::select(V::lt(x, V::set1(-120.0f)), V::mul(x, V::set1(0.0f)), y);  // -0; -inf: NaN
  return V::select(V::isnan(x), x, y);
}

// mish: tanh(log(1 + u)) = n / (n + 2) with u = e^x, n = u (u + 2): no
// cancellation for any x; x > 20 gives n / (n + 2) == 1 in float, so u is
// computed from min(x, 20) and never overflows; x < -20 as swish.
template <class V>
inline typename V::F mish(typename V::F x) {
  using F = typename V::F;
  F hi, s2;
  exp_split<V>(V::min(x, V::set1(20.0f)), &hi, &s2);
  const F u = V::mul(hi, s2);
  const F n = V::mul(u, V::add(u, V::set1(2.0f)));
  F y = V::mul(x, V::div(n, V::add(n, V::set1(2.0f))));
  y = V::select(V::lt(x, V::set1(-20.0f)), V::mul(V::mul(x, hi), s2), y);
  // x e^x underflows below -120 (exp_split clamps there): -0, and NaN for
  // -inf as the plain formula -inf * 0 gives
  return V::select(V::lt(x, V::set1(-120.0f)), V::mul(x, V::set1(0.0f)), y);
}

// softplus: max(x, 0) + log1p(u), u = e^-|x| in (0, 1]: log1p_core on u
// itself while u <= sqrt(2) - 1 (no rounding of 1 + u); above, log(w) with
// w = 1 + u plus c / w for the rounding error c = u - (w - 1) of w (exact).
template <class V>
inline typename V::F softplus(typename V::F x) {
  using F = typename V::F;
  const F u = exp<V>(V::for_(x, V::set1(-0.0f)));  // e^-|x|
  F z;
  F small = log1p_core<V>(u, &z);
  small = V::add(u, V::madd(z, V::set1(-0.5f), small));
  const F w = V::add(u, V::set1(1.0f));
  const F c = V::sub(u, V::sub(w, V::set1(1.0f)));
  const F large = V::add(log<V>(w), V::div(c, w));
  const F l = V::select(V::le(u, V::set1(0.41421356f)), small, large);
  const F y = V::add(V::max(x, V::set1(0.0f)), l);
  return V::select(V::isnan(x), x, y);
}

// Applies f to n floats, full vectors then one padded vector for the tail.
template <class V, class Fn>
inline void map(size_t n, const float* x, float* y, Fn f) {
  size_t i = 0;
  for (; i + V::kF <= n; i += V::kF) V::store(y + i, f(V::load(x + i)));
  if (i < n) {
    float buf[V::kF];
    for (size_t k = 0; k < V::kF; ++k) buf[k] = i + k < n ? x[i + k] : 0.0f;
    V::store(buf, f(V::load(buf)));
    for (size_t k = 0; i + k < n; ++k) y[i + k] = buf[k];
  }
}

}  // namespace dnn_math

// The kernel entries of dnn.inc, defined in the including ISA namespace.
#define VC_DNN_MATH_ENTRY(fn)                                       \
  void f32_v##fn(size_t n, const float* x, float* y) {              \
    dnn_math::map<V>(n, x, y, [](V::F v) { return dnn_math::fn<V>(v); }); \
  }
