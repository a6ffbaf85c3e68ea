// The x86 SIMD Canny row kernels (gradient magnitude, non-maximum
// suppression), written once over a small vocabulary `V` that each ISA file
// defines with its own intrinsics before including this header inside
// `namespace vc::kernels::<isa>` (after edges_generic.hpp, whose loops finish
// every row tail with the same arithmetic). No intrinsics here.
//
// V provides, for I (kN int32 lanes) and its comparison mask M:
//   loadi storei set1 s16i (kN int16 sign-extended) absi addi mullo xori
//   slli<n>, gt(a, b) -> M (signed a > b), mand(a, b), mandnot(a, b) = a & ~b,
//   blend(m, t, f) (t where m), any(m), store_u8(p, v) (kN lanes holding
//   0..255 as kN bytes).
// All integer arithmetic wraps modulo 2^32, as the generic code does.

inline void simd_canny_mag(const int16_t* dx, const int16_t* dy, int32_t* mag, size_t n,
                           bool l2) {
  using I = typename V::I;
  constexpr size_t L = V::kN;
  size_t i = 0;
  if (l2) {
    for (; i + L <= n; i += L) {
      const I x = V::s16i(dx + i), y = V::s16i(dy + i);
      V::storei(mag + i, V::addi(V::mullo(x, x), V::mullo(y, y)));
    }
    edges_generic::canny_mag_l2(dx, dy, mag, i, n);
  } else {
    for (; i + L <= n; i += L) {
      V::storei(mag + i, V::addi(V::absi(V::s16i(dx + i)), V::absi(V::s16i(dy + i))));
    }
    edges_generic::canny_mag_l1(dx, dy, mag, i, n);
  }
}

// One vector of OpenCV's non-maximum suppression (see edges.inc); every
// neighbour is an unaligned load of a shifted row, so no lane needs a
// gather. Blocks with no magnitude above `low` are written as 1 at once.
inline void simd_canny_nms(const int32_t* prev, const int32_t* cur, const int32_t* next,
                           const int16_t* dx, const int16_t* dy, uint8_t* map, size_t n,
                           int32_t low, int32_t high) {
  using I = typename V::I;
  using M = typename V::M;
  constexpr size_t L = V::kN;
  const I vlow = V::set1(low), vhigh = V::set1(high), tg22k = V::set1(edges_generic::kCannyTg22);
  const I zero = V::set1(0), one = V::set1(1), two = V::set1(2);
  size_t i = 0;
  for (; i + L <= n; i += L) {
    const I m = V::loadi(cur + i);
    const M above = V::gt(m, vlow);
    if (!V::any(above)) {
      V::store_u8(map + i, one);
      continue;
    }
    const I xs = V::s16i(dx + i), ys = V::s16i(dy + i);
    const I x = V::absi(xs);
    const I y = V::template slli<15>(V::absi(ys));
    const I tg22 = V::mullo(x, tg22k);
    const I tg67 = V::addi(tg22, V::template slli<16>(x));
    const M horiz = V::gt(tg22, y);
    const M vert = V::gt(y, tg67);
    const M neg = V::gt(zero, V::xori(xs, ys));
    // horizontal: m > left && m >= right
    const M h_ok = V::mandnot(V::gt(m, V::loadi(cur + i - 1)), V::gt(V::loadi(cur + i + 1), m));
    // vertical: m > up && m >= down
    const M v_ok = V::mandnot(V::gt(m, V::loadi(prev + i)), V::gt(V::loadi(next + i), m));
    // diagonal: s = -1 (signs differ): up-right, down-left; else up-left, down-right
    const I pd = V::blend(neg, V::loadi(prev + i + 1), V::loadi(prev + i - 1));
    const I nd = V::blend(neg, V::loadi(next + i - 1), V::loadi(next + i + 1));
    const M d_ok = V::mand(V::gt(m, pd), V::gt(m, nd));
    const I okv = V::blend(horiz, V::blend(h_ok, one, zero),
                           V::blend(vert, V::blend(v_ok, one, zero), V::blend(d_ok, one, zero)));
    const M cand = V::mand(above, V::gt(okv, zero));
    const M strong = V::mand(cand, V::gt(m, vhigh));
    V::store_u8(map + i, V::blend(strong, two, V::blend(cand, zero, one)));
  }
  edges_generic::canny_nms(prev, cur, next, dx, dy, map, i, n, low, high);
}
