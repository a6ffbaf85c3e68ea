// The thread pool: coverage of every index, exceptions, nesting, concurrent
// callers, thread-count settings and cancellation.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "check.hpp"
#include "visioncore/cancel.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

using namespace vc;

namespace {

// Runs parallel_for over [begin, end) and checks each index ran exactly once.
bool covers_once(int64_t begin, int64_t end, int64_t grain) {
  const int64_t n = end > begin ? end - begin : 0;
  std::vector<std::atomic<int>> hits(static_cast<size_t>(n));
  for (auto& h : hits) h.store(0);
  std::atomic<bool> in_range{true};
  parallel_for(begin, end, grain, [&](int64_t b, int64_t e) {
    if (b < begin || e > end || b >= e) in_range = false;
    for (int64_t i = b; i < e && i >= begin && i < end; ++i) hits[static_cast<size_t>(i - begin)]++;
  });
  if (!in_range) return false;
  for (auto& h : hits) {
    if (h.load() != 1) return false;
  }
  return true;
}

struct Restore {
  ~Restore() {
    set_num_threads(0);
    set_global_cancel(false);
  }
};

}  // namespace

VC_TEST(every_index_once_for_1_to_8_threads) {
  Restore restore;
  for (int threads = 1; threads <= 8; ++threads) {
    set_num_threads(threads);
    VC_CHECK_EQ(get_num_threads(), threads);
    VC_CHECK(covers_once(0, 1, 1));
    VC_CHECK(covers_once(0, 1000, 1));
    VC_CHECK(covers_once(0, 1000, 7));
    VC_CHECK(covers_once(0, 1000, 999));
    VC_CHECK(covers_once(0, 1000, 5000));
    VC_CHECK(covers_once(-37, 1234, 13));
    VC_CHECK(covers_once(5, 5, 1));    // empty
    VC_CHECK(covers_once(10, 3, 1));   // reversed: empty
    VC_CHECK(covers_once(0, 100, 0));  // grain 0 counts as 1
  }
}

VC_TEST(chunks_respect_grain) {
  Restore restore;
  set_num_threads(4);
  std::atomic<int64_t> smallest{1 << 30};
  std::atomic<int> calls{0};
  parallel_for(0, 1000, 100, [&](int64_t b, int64_t e) {
    calls++;
    int64_t len = e - b, cur = smallest.load();
    while (len < cur && !smallest.compare_exchange_weak(cur, len)) {
    }
  });
  VC_CHECK_EQ(smallest.load(), int64_t{100});
  VC_CHECK_EQ(calls.load(), 10);
}

VC_TEST(exceptions_propagate_and_pool_stays_usable) {
  Restore restore;
  for (int threads : {1, 2, 4}) {
    set_num_threads(threads);
    VC_CHECK_THROWS_MSG(parallel_for(0, 1000, 1,
                                     [](int64_t b, int64_t) {
                                       if (b == 517) throw std::runtime_error("boom at 517");
                                     }),
                        std::runtime_error, "boom at 517");
    VC_CHECK_THROWS_MSG(parallel_for(0, 64, 1,
                                     [](int64_t, int64_t) {
                                       throw_invalid("kernel", "x", "good", "bad");
                                     }),
                        InvalidArgument, "kernel: parameter 'x'");
    // afterwards the pool works normally
    VC_CHECK(covers_once(0, 5000, 3));
  }
}

VC_TEST(nested_parallel_for_runs_every_index) {
  Restore restore;
  for (int threads : {1, 2, 4, 8}) {
    set_num_threads(threads);
    const int outer = 16, inner = 100;
    std::vector<std::atomic<int>> hits(outer * inner);
    for (auto& h : hits) h.store(0);
    parallel_for(0, outer, 1, [&](int64_t b, int64_t e) {
      for (int64_t o = b; o < e; ++o) {
        parallel_for(0, inner, 3, [&](int64_t ib, int64_t ie) {
          for (int64_t i = ib; i < ie; ++i) hits[static_cast<size_t>(o * inner + i)]++;
        });
      }
    });
    bool all_once = true;
    for (auto& h : hits) all_once = all_once && h.load() == 1;
    VC_CHECK(all_once);
  }
}

VC_TEST(concurrent_callers_both_complete) {
  Restore restore;
  set_num_threads(4);
  std::atomic<bool> ok_a{false}, ok_b{false};
  std::thread a([&] {
    bool ok = true;
    for (int i = 0; i < 50; ++i) ok = ok && covers_once(0, 2000, 5);
    ok_a = ok;
  });
  std::thread b([&] {
    bool ok = true;
    for (int i = 0; i < 50; ++i) ok = ok && covers_once(100, 3000, 11);
    ok_b = ok;
  });
  a.join();
  b.join();
  VC_CHECK(ok_a.load());
  VC_CHECK(ok_b.load());
}

VC_TEST(thread_count_settings) {
  Restore restore;
  VC_CHECK(default_num_threads() >= 1);
  set_num_threads(3);
  VC_CHECK_EQ(get_num_threads(), 3);
  set_num_threads(0);
  VC_CHECK_EQ(get_num_threads(), default_num_threads());
  set_num_threads(-5);
  VC_CHECK_EQ(get_num_threads(), default_num_threads());
  set_num_threads(256);
  VC_CHECK_EQ(get_num_threads(), 256);
  VC_CHECK_THROWS_MSG(set_num_threads(257), InvalidArgument, "set_num_threads");
  VC_CHECK_EQ(rows_grain(1024, 64 * 1024), int64_t{64});
  VC_CHECK_EQ(rows_grain(1 << 20, 64 * 1024), int64_t{1});
  VC_CHECK_EQ(rows_grain(0), int64_t{1});
}

namespace {
bool always_cancel(void* calls) {
  ++*static_cast<std::atomic<int>*>(calls);
  return true;
}
bool never_cancel(void*) { return false; }
}  // namespace

VC_TEST(cancel_scope_stops_a_long_call) {
  Restore restore;
  for (int threads : {1, 2}) {
    set_num_threads(threads);
    std::atomic<int> hook_calls{0};
    std::atomic<int> chunks{0};
    const auto t0 = std::chrono::steady_clock::now();
    {
      CancelScope scope(always_cancel, &hook_calls);
      // 2000 chunks of 1 ms: seconds of work if nothing stopped it
      VC_CHECK_THROWS(parallel_for(0, 2000, 1,
                                   [&](int64_t, int64_t) {
                                     chunks++;
                                     std::this_thread::sleep_for(std::chrono::milliseconds(1));
                                   }),
                      Cancelled);
    }
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    VC_CHECK(hook_calls.load() >= 1);
    VC_CHECK(chunks.load() < 2000);
    VC_CHECK(ms < 1000);
    // out of scope: the hook is gone and calls run to completion
    VC_CHECK(covers_once(0, 300, 1));
  }
}

VC_TEST(cancel_scope_that_never_fires_changes_nothing) {
  Restore restore;
  set_num_threads(2);
  CancelScope scope(never_cancel, nullptr);
  std::atomic<int> n{0};
  parallel_for(0, 50, 1, [&](int64_t, int64_t) {
    n++;
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  });
  VC_CHECK_EQ(n.load(), 50);
}

VC_TEST(check_cancelled_and_global_cancel) {
  Restore restore;
  check_cancelled();  // no hook, no flag: returns
  {
    std::atomic<int> calls{0};
    CancelScope scope(always_cancel, &calls);
    // polls are rate-limited (~5 ms), so wait past one interval
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    VC_CHECK_THROWS(check_cancelled(), Cancelled);
  }
  check_cancelled();
  set_global_cancel(true);
  VC_CHECK(global_cancel());
  VC_CHECK_THROWS(parallel_for(0, 10, 1, [](int64_t, int64_t) {}), Cancelled);
  VC_CHECK_THROWS(check_cancelled(), Cancelled);
  set_global_cancel(false);
  VC_CHECK(covers_once(0, 10, 1));
}

int main() { return vc_test::run_all(); }
