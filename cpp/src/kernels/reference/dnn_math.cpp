// Elementwise DNN math, plain C++: the scalar instance of the one algorithm
// in common/dnn_math_simd.hpp (mul then add, no FMA), the oracle the SIMD
// levels are tested against. V is one float lane; masks are bools.
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>

#include "kernels/kernel_table.hpp"

namespace vc::kernels::reference {
#include "kernels/isa_namespace.hpp"

namespace {

struct V {
  using F = float;
  using I = int32_t;
  using M = bool;
  static constexpr size_t kF = 1;
  static F load(const float* p) { return *p; }
  static void store(float* p, F v) { *p = v; }
  static F set1(float v) { return v; }
  static I seti(int32_t v) { return v; }
  static F add(F a, F b) { return a + b; }
  static F sub(F a, F b) { return a - b; }
  static F mul(F a, F b) { return a * b; }
  static F div(F a, F b) { return a / b; }
  static F madd(F a, F b, F c) { return a * b + c; }
  static F min(F a, F b) { return a < b ? a : b; }
  static F max(F a, F b) { return a > b ? a : b; }
  static F round(F a) { return std::nearbyint(a); }
  static I to_int(F a) { return static_cast<I>(a); }
  static F to_float(I a) { return static_cast<F>(a); }
  static I iadd(I a, I b) { return static_cast<I>(static_cast<uint32_t>(a) + static_cast<uint32_t>(b)); }
  static I isub(I a, I b) { return static_cast<I>(static_cast<uint32_t>(a) - static_cast<uint32_t>(b)); }
  static I iand(I a, I b) { return a & b; }
  static I ior(I a, I b) { return a | b; }
  template <int k> static I slli(I a) { return static_cast<I>(static_cast<uint32_t>(a) << k); }
  template <int k> static I srli(I a) { return static_cast<I>(static_cast<uint32_t>(a) >> k); }
  template <int k> static I srai(I a) { return a >> k; }  // arithmetic for negative a (C++20 rule, what g++/clang do)
  static F as_float(I a) { F f; std::memcpy(&f, &a, 4); return f; }
  static I as_int(F a) { I i; std::memcpy(&i, &a, 4); return i; }
  static M lt(F a, F b) { return a < b; }
  static M le(F a, F b) { return a <= b; }
  static M gt(F a, F b) { return a > b; }
  static M ge(F a, F b) { return a >= b; }
  static M eq(F a, F b) { return a == b; }
  static M isnan(F a) { return a != a; }
  static F select(M m, F a, F b) { return m ? a : b; }
  static F fand(F a, F b) { return as_float(as_int(a) & as_int(b)); }
  static F for_(F a, F b) { return as_float(as_int(a) | as_int(b)); }
};

#include "kernels/common/dnn_math_simd.hpp"

}  // namespace

#include "kernels/common/dnn_math_entries.hpp"

}  // namespace vc::kernels::reference
