// vc::FunctionRef<R(Args...)>: a non-owning reference to a callable.
//
// Used where a function takes a callback it only calls before returning
// (parallel_for, kernel drivers). Unlike std::function it never allocates:
// a lambda whose captures exceed std::function's small buffer would make
// every parallel_for call a heap allocation, and a steady-state network run
// must make none. The referenced callable must outlive the call that
// receives the FunctionRef; never store one.
#pragma once

#include <type_traits>
#include <utility>

namespace vc {

template <typename Signature>
class FunctionRef;

template <typename R, typename... Args>
class FunctionRef<R(Args...)> {
 public:
  template <typename F,
            typename = std::enable_if_t<!std::is_same_v<std::decay_t<F>, FunctionRef> &&
                                        std::is_invocable_r_v<R, F&, Args...>>>
  FunctionRef(F&& f) noexcept  // NOLINT(google-explicit-constructor): implicit by design
      : obj_(const_cast<void*>(static_cast<const void*>(&f))),
        call_([](void* o, Args... a) -> R {
          return (*static_cast<std::remove_reference_t<F>*>(o))(std::forward<Args>(a)...);
        }) {}

  R operator()(Args... a) const { return call_(obj_, std::forward<Args>(a)...); }

 private:
  void* obj_;
  R (*call_)(void*, Args...);
};

}  // namespace vc
