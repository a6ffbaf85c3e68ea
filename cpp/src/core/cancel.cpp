#include <atomic>
#include <chrono>

#include "core/cancel_internal.hpp"
#include "visioncore/cancel.hpp"
#include "visioncore/error.hpp"

namespace vc {
namespace {

std::atomic<bool> g_cancel{false};
thread_local CancelHook t_hook = nullptr;
thread_local void* t_user = nullptr;
thread_local bool t_fired = false;
thread_local std::chrono::steady_clock::time_point t_last_poll{};

constexpr auto kPollInterval = std::chrono::milliseconds(5);

}  // namespace

CancelScope::CancelScope(CancelHook hook, void* user) : prev_hook_(t_hook), prev_user_(t_user) {
  t_hook = hook;
  t_user = user;
  t_fired = false;
  t_last_poll = std::chrono::steady_clock::now();
}

CancelScope::~CancelScope() {
  t_hook = prev_hook_;
  t_user = prev_user_;
  t_fired = false;
}

void set_global_cancel(bool on) { g_cancel.store(on); }
bool global_cancel() { return g_cancel.load(std::memory_order_relaxed); }

namespace detail {

bool poll_cancel() {
  if (g_cancel.load(std::memory_order_relaxed)) return true;
  if (!t_hook) return false;
  if (t_fired) return true;
  const auto now = std::chrono::steady_clock::now();
  if (now - t_last_poll < kPollInterval) return false;
  t_last_poll = now;
  t_fired = t_hook(t_user);
  return t_fired;
}

}  // namespace detail

void check_cancelled() {
  if (detail::poll_cancel()) throw Cancelled("cancelled");
}

}  // namespace vc
