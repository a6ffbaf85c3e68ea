// A tiny test harness for the C++-only tests (no third-party framework).
//
//   VC_CHECK(cond)                      records a failure, continues
//   VC_CHECK_EQ(a, b)                   same, printing both values
//   VC_CHECK_THROWS(expr, Type)         expr must throw Type (or a subclass)
//   VC_CHECK_THROWS_MSG(expr, Type, s)  ... and its what() must contain s
//   VC_TEST(name) { ... }               defines and registers a test case
//   int main() { return vc_test::run_all(); }
//
// A test binary exits 0 only if every check passed; each failure prints
// file:line and the expression.
#pragma once

#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <type_traits>
#include <vector>

namespace vc_test {

struct Case {
  const char* name;
  void (*fn)();
};

inline std::vector<Case>& cases() {
  static std::vector<Case> all;
  return all;
}

inline int& failures() {
  static int n = 0;
  return n;
}

struct Register {
  Register(const char* name, void (*fn)()) { cases().push_back({name, fn}); }
};

inline void fail(const char* file, int line, const std::string& what) {
  ++failures();
  std::fprintf(stderr, "%s:%d: FAILED: %s\n", file, line, what.c_str());
}

template <class T>
std::string show(const T& v) {
  std::ostringstream os;
  if constexpr (std::is_enum_v<T>) {
    os << static_cast<long long>(v);
  } else if constexpr (std::is_arithmetic_v<T>) {
    os << +v;  // uint8_t as a number, not a character
  } else {
    os << v;
  }
  return os.str();
}

template <class A, class B>
void check_eq(const A& a, const B& b, const char* sa, const char* sb, const char* file, int line) {
  if (!(a == b)) fail(file, line, std::string(sa) + " == " + sb + " (" + show(a) + " vs " + show(b) + ")");
}

inline int run_all() {
  for (const Case& c : cases()) {
    const int before = failures();
    try {
      c.fn();
    } catch (const std::exception& e) {
      fail(c.name, 0, std::string("unexpected exception: ") + e.what());
    } catch (...) {
      fail(c.name, 0, "unexpected non-standard exception");
    }
    std::printf("[%s] %s\n", failures() == before ? "ok" : "FAIL", c.name);
  }
  std::printf("%zu cases, %d failed checks\n", cases().size(), failures());
  return failures() == 0 ? 0 : 1;
}

}  // namespace vc_test

#define VC_TEST(name)                                              \
  static void name();                                              \
  static const vc_test::Register name##_registered(#name, &name);  \
  static void name()

#define VC_CHECK(cond)                                          \
  do {                                                          \
    if (!(cond)) vc_test::fail(__FILE__, __LINE__, #cond);      \
  } while (0)

#define VC_CHECK_EQ(a, b) vc_test::check_eq((a), (b), #a, #b, __FILE__, __LINE__)

#define VC_CHECK_THROWS_MSG(expr, Type, substr)                                              \
  do {                                                                                       \
    bool vc_caught_ = false;                                                                 \
    try {                                                                                    \
      (void)(expr);                                                                          \
    } catch (const Type& e) {                                                                \
      vc_caught_ = true;                                                                     \
      if (std::string(e.what()).find(substr) == std::string::npos)                           \
        vc_test::fail(__FILE__, __LINE__,                                                    \
                      std::string(#expr ": message lacks '") + (substr) + "': " + e.what()); \
    } catch (const std::exception& e) {                                                      \
      vc_caught_ = true;                                                                     \
      vc_test::fail(__FILE__, __LINE__,                                                      \
                    std::string(#expr ": threw another type than " #Type ": ") + e.what());  \
    }                                                                                        \
    if (!vc_caught_) vc_test::fail(__FILE__, __LINE__, #expr ": did not throw " #Type);      \
  } while (0)

#define VC_CHECK_THROWS(expr, Type) VC_CHECK_THROWS_MSG(expr, Type, "")
