// Cooperative cancellation of long calls.
//
// parallel_for polls a per-thread hook between chunks (at most every ~5 ms of
// wall time) on the thread that called it. The Python bindings install a hook
// that checks for pending signals, so Ctrl-C ends a long call promptly with
// KeyboardInterrupt. C++ users may install their own hook, e.g. a deadline.
#pragma once

namespace vc {

// Returns true to cancel. Called with no locks held, only on the thread that
// installed it.
using CancelHook = bool (*)(void* user);

// Installs a hook for the current thread for the lifetime of the guard.
class CancelScope {
 public:
  CancelScope(CancelHook hook, void* user);
  ~CancelScope();
  CancelScope(const CancelScope&) = delete;
  CancelScope& operator=(const CancelScope&) = delete;

 private:
  CancelHook prev_hook_;
  void* prev_user_;
};

// Process-wide cancellation: every running and future call throws Cancelled
// until cleared. Used on interpreter shutdown.
void set_global_cancel(bool on);
bool global_cancel();

// Throws vc::Cancelled if the global flag is set or the current thread's hook
// asks to cancel (rate-limited). For long serial loops outside parallel_for.
void check_cancelled();

}  // namespace vc
