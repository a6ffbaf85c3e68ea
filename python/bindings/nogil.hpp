// Running pixel work without the GIL, interruptibly.
//
// run_nogil(fn) releases the GIL, installs a cancellation hook that (on the
// main thread, at most every few ms) re-takes the GIL just long enough to run
// PyErr_CheckSignals, and runs fn. If a signal handler raised (Ctrl-C ->
// KeyboardInterrupt), the work stops at the next chunk boundary and that
// Python exception propagates. Calls are counted so that interpreter exit can
// wait for calls still running in daemon threads (see shutdown in core.cpp).
#pragma once

#include <pybind11/pybind11.h>

#include <atomic>
#include <utility>

#include "visioncore/cancel.hpp"
#include "visioncore/error.hpp"

namespace vc::bind {

namespace py = pybind11;

extern std::atomic<int> g_active_calls;
bool python_signal_hook(void* user);
[[noreturn]] void raise_cancelled();

template <class Fn>
void run_nogil(Fn&& fn) {
  if (global_cancel()) raise_cancelled();
  struct Count {
    Count() { g_active_calls.fetch_add(1); }
    ~Count() { g_active_calls.fetch_sub(1); }  // runs with the GIL held again
  } count;
  bool cancelled = false;
  {
    py::gil_scoped_release release;
    CancelScope scope(&python_signal_hook, nullptr);
    try {
      std::forward<Fn>(fn)();
    } catch (const Cancelled&) {
      cancelled = true;
    }
  }
  if (cancelled) raise_cancelled();
}

}  // namespace vc::bind
