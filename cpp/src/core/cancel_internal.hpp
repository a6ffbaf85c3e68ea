// Internal: the cancellation poll used by parallel_for.
#pragma once

namespace vc::detail {

// True if the current call should stop: the global flag is set, or this
// thread's hook (rate-limited to one call per ~5 ms) says so.
bool poll_cancel();

}  // namespace vc::detail
