// The library's thread pool and parallel_for (see visioncore/parallel.hpp).
//
// One job runs on the pool at a time. A second thread that calls parallel_for
// while the pool is busy runs its range serially: never a deadlock, and the
// output is the same either way because chunking never changes results.
#include <pthread.h>
#include <sched.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <new>
#include <string>
#include <thread>
#include <vector>

#include "core/cancel_internal.hpp"
#include "visioncore/cancel.hpp"
#include "visioncore/error.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

thread_local bool t_in_worker = false;
// Set while this thread is the caller of a parallel_for: a nested call then
// runs serially instead of re-entering the pool (and its run lock).
thread_local bool t_in_parallel = false;

struct Job {
  const FunctionRef<void(int64_t, int64_t)>* body = nullptr;
  int64_t begin = 0;
  int64_t end = 0;
  int64_t chunk = 1;
  int64_t num_chunks = 0;
  int max_workers = 0;  // workers allowed to join, besides the caller
  std::atomic<int64_t> next{0};
  std::atomic<bool> stop{false};
  std::mutex error_mu;
  std::exception_ptr error;

  // Runs chunks until none are left or the job is stopped.
  void run_chunks(bool is_caller) {
    for (;;) {
      if (stop.load(std::memory_order_relaxed)) return;
      if (is_caller && detail::poll_cancel()) {
        stop.store(true, std::memory_order_relaxed);
        return;
      }
      if (!is_caller && global_cancel()) {
        stop.store(true, std::memory_order_relaxed);
        return;
      }
      const int64_t c = next.fetch_add(1, std::memory_order_relaxed);
      if (c >= num_chunks) return;
      const int64_t b = begin + c * chunk;
      const int64_t e = std::min(end, b + chunk);
      try {
        (*body)(b, e);
      } catch (...) {
        std::lock_guard<std::mutex> lock(error_mu);
        if (!error) error = std::current_exception();
        stop.store(true, std::memory_order_relaxed);
        return;
      }
    }
  }
};

// How long a worker keeps polling for the next job after finishing one, and
// the caller for the workers to finish, before sleeping on a condition
// variable. Waking a sleeping thread costs tens of microseconds on virtual
// machines, as much as a whole small operation; a bounded spin keeps
// back-to-back calls (a video loop) fast while idle workers still sleep.
// VISIONCORE_SPIN_US overrides it (0 disables spinning).
int64_t spin_ns() {
  static const int64_t ns = [] {
    if (const char* env = std::getenv("VISIONCORE_SPIN_US")) {
      char* endp = nullptr;
      const long us = std::strtol(env, &endp, 10);
      if (endp != env && *endp == '\0' && us >= 0) return static_cast<int64_t>(std::min(us, 100000L)) * 1000;
    }
    return int64_t{200} * 1000;
  }();
  return ns;
}

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ volatile("yield");
#else
  std::this_thread::yield();
#endif
}

// Live ParallelHotScope objects that asked for workers, all threads, and
// how many workers (pool indices 0 .. n-1) they want polling: a 1-thread run
// leaves the pool's threads asleep, so they burn no CPU time beside it.
std::atomic<int> g_hot_scopes{0};
std::atomic<int> g_hot_workers{0};

bool hot_for(int worker) {
  return g_hot_scopes.load(std::memory_order_relaxed) > 0 &&
         worker < g_hot_workers.load(std::memory_order_relaxed);
}

// How long a worker keeps polling without a job while a hot scope is alive
// (VISIONCORE_HOT_SPIN_US, 0 disables the hot mode). Long enough to bridge
// any serial step between two parallel steps of a network, short enough
// that a forgotten scope does not burn a core. Measured on a shared 2-core
// VM, 2 threads, batch 1, medians of 100 runs, 3 alternating rounds: with
// another process taking part of a core, ResNet-18 22.8-23.0 ms vs
// 23.9-25.3 ms with 0, MobileNetV2 7.0-8.7 vs 7.8-8.7 ms; on the idle
// machine both equal within 2 % (the 200 us short spin already bridges
// most steps), LeNet equal (34 us). CPU time per run equal.
int64_t hot_spin_ns() {
  static const int64_t ns = [] {
    if (const char* env = std::getenv("VISIONCORE_HOT_SPIN_US")) {
      char* endp = nullptr;
      const long us = std::strtol(env, &endp, 10);
      if (endp != env && *endp == '\0' && us >= 0) return static_cast<int64_t>(std::min(us, 1000000L)) * 1000;
    }
    return int64_t{10} * 1000 * 1000;
  }();
  return ns;
}

// Polls `done` for at most spin_ns(), or hot_spin_ns() while a hot scope
// wants pool worker `worker` polling (-1: the caller, never hot); returns
// its last value.
template <class Pred>
bool spin_until(Pred done, int worker = -1) {
  const int64_t budget = spin_ns();
  const int64_t hot_budget = worker >= 0 ? hot_spin_ns() : 0;
  if (budget <= 0 && (hot_budget <= 0 || !hot_for(worker))) return done();
  const auto start = std::chrono::steady_clock::now();
  bool yielding = false;
  for (int i = 0;; ++i) {
    if (done()) return true;
    // past the short spin, a hot worker polls with sched_yield: on a
    // machine with more runnable threads than cores it hands its core to
    // them (the caller's serial steps among them) instead of holding it
    if (yielding) {
      std::this_thread::yield();
    } else {
      cpu_relax();
    }
    if ((i & 63) == 63 || yielding) {
      const int64_t spent = std::chrono::duration_cast<std::chrono::nanoseconds>(
                                std::chrono::steady_clock::now() - start).count();
      if (spent < budget) continue;
      if (spent < hot_budget && hot_for(worker)) {
        yielding = true;
        continue;
      }
      return done();
    }
  }
}

class Pool {
 public:
  explicit Pool(int workers) { grow(workers); }

  // Never destroyed: worker threads must not be joined during static
  // destruction while another thread may still be inside a call.
  ~Pool() = delete;

  void grow(int workers) {
    std::lock_guard<std::mutex> lock(mu_);
    while (static_cast<int>(threads_.size()) < workers) {
      const int index = static_cast<int>(threads_.size());
      threads_.emplace_back([this, index] { worker_loop(index); });
      threads_.back().detach();
    }
  }

  // Wakes sleeping workers without a job: they go back to polling (the
  // hot mode's budget) so that the next call finds them awake.
  void wake_for_hot() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      wake_.fetch_add(1, std::memory_order_release);
    }
    cv_work_.notify_all();
  }

  int size() {
    std::lock_guard<std::mutex> lock(mu_);
    return static_cast<int>(threads_.size());
  }

  // Returns false if another job is running (the caller then runs serially).
  bool try_run(Job& job) {
    std::unique_lock<std::mutex> run_lock(run_mu_, std::try_to_lock);
    if (!run_lock.owns_lock()) return false;
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = &job;
      joined_ = 0;
      generation_.fetch_add(1, std::memory_order_release);
    }
    cv_work_.notify_all();  // no system call when every worker is spinning
    job.run_chunks(/*is_caller=*/true);
    {
      std::lock_guard<std::mutex> lock(mu_);
      job_ = nullptr;  // late wakers see no job
    }
    spin_until([&] { return active_.load(std::memory_order_acquire) == 0; });
    std::unique_lock<std::mutex> lock(mu_);
    while (active_.load() > 0) {
      // Workers finish their current chunk; keep polling for cancellation so
      // that a stop request reaches them promptly.
      cv_done_.wait_for(lock, std::chrono::milliseconds(5));
      if (active_.load() > 0 && detail::poll_cancel()) {
        job.stop.store(true, std::memory_order_relaxed);
      }
    }
    return true;
  }

 private:
  void worker_loop(int index) {
    t_in_worker = true;
    uint64_t seen = generation_.load();
    uint64_t seen_wake = wake_.load();
    for (;;) {
      spin_until([&] { return generation_.load(std::memory_order_acquire) != seen; },
                 index);
      std::unique_lock<std::mutex> lock(mu_);
      cv_work_.wait(lock, [&] { return generation_.load() != seen || wake_.load() != seen_wake; });
      seen_wake = wake_.load();
      if (generation_.load() == seen) continue;  // woken for the hot mode: poll again
      seen = generation_.load();
      Job* job = job_;
      if (!job || joined_ >= job->max_workers) continue;
      ++joined_;
      active_.fetch_add(1);
      lock.unlock();
      job->run_chunks(/*is_caller=*/false);
      lock.lock();
      if (active_.fetch_sub(1) == 1) cv_done_.notify_all();
    }
  }

  std::mutex run_mu_;
  std::mutex mu_;
  std::condition_variable cv_work_;
  std::condition_variable cv_done_;
  std::vector<std::thread> threads_;
  Job* job_ = nullptr;                   // guarded by mu_
  std::atomic<uint64_t> generation_{0};  // written under mu_, polled without it
  std::atomic<uint64_t> wake_{0};        // written under mu_: hot-mode wake-ups
  int joined_ = 0;                       // guarded by mu_
  std::atomic<int> active_{0};           // workers inside the current job
};

std::atomic<int> g_num_threads{0};  // 0: not chosen yet
std::atomic<Pool*> g_pool{nullptr};
alignas(std::mutex) unsigned char g_pool_mu_storage[sizeof(std::mutex)];
std::mutex& pool_mutex() {
  static std::mutex* mu = new (g_pool_mu_storage) std::mutex();
  return *mu;
}

// In a forked child only the forking thread exists: forget the parent's pool
// (its threads are gone; its memory is abandoned on purpose) and its locks.
void on_fork_child() {
  g_pool.store(nullptr);
  new (g_pool_mu_storage) std::mutex();
}

struct ForkHandlerInstaller {
  ForkHandlerInstaller() { pthread_atfork(nullptr, nullptr, on_fork_child); }
} g_fork_handler_installer;

Pool& pool_with_workers(int workers) {
  Pool* p = g_pool.load(std::memory_order_acquire);
  if (!p) {
    std::lock_guard<std::mutex> lock(pool_mutex());
    p = g_pool.load(std::memory_order_acquire);
    if (!p) {
      p = new Pool(workers);
      g_pool.store(p, std::memory_order_release);
    }
  }
  if (p->size() < workers) p->grow(workers);
  return *p;
}

int affinity_cpu_count() {
  cpu_set_t set;
  CPU_ZERO(&set);
  if (sched_getaffinity(0, sizeof(set), &set) == 0) {
    const int n = CPU_COUNT(&set);
    if (n > 0) return n;
  }
  const unsigned hc = std::thread::hardware_concurrency();
  return hc > 0 ? static_cast<int>(hc) : 1;
}

constexpr int kMaxThreads = 256;

}  // namespace

int default_num_threads() {
  if (const char* env = std::getenv("VISIONCORE_NUM_THREADS")) {
    char* endp = nullptr;
    const long n = std::strtol(env, &endp, 10);
    if (endp != env && *endp == '\0' && n > 0) return static_cast<int>(std::min<long>(n, kMaxThreads));
  }
  return std::min(affinity_cpu_count(), kMaxThreads);
}

void set_num_threads(int n) {
  if (n > kMaxThreads) {
    throw_invalid("set_num_threads", "n", "0 (default) or 1.." + std::to_string(kMaxThreads),
                  std::to_string(n));
  }
  g_num_threads.store(n <= 0 ? default_num_threads() : n);
}

int get_num_threads() {
  int n = g_num_threads.load();
  if (n == 0) {
    n = default_num_threads();
    int expected = 0;
    g_num_threads.compare_exchange_strong(expected, n);
    n = g_num_threads.load();
  }
  return n;
}

int64_t rows_grain(int64_t row_bytes, int64_t target_bytes) {
  if (row_bytes <= 0) return 1;
  return std::max<int64_t>(1, target_bytes / row_bytes);
}

// A scope made while get_num_threads() is 1 does nothing. Scopes of one
// thread nest (RAII), so whether each one counted is a bit stack.
thread_local uint64_t t_hot_counted = 0;
thread_local int t_hot_depth = 0;

ParallelHotScope::ParallelHotScope() {
  const bool active = get_num_threads() > 1 && hot_spin_ns() > 0 && t_hot_depth < 64;
  if (t_hot_depth < 64) {
    t_hot_counted = (t_hot_counted & ~(uint64_t{1} << t_hot_depth)) |
                    (uint64_t{active} << t_hot_depth);
  }
  ++t_hot_depth;
  if (!active) return;
  const int first = g_hot_scopes.fetch_add(1, std::memory_order_relaxed);
  const int want = get_num_threads() - 1;
  int cur = g_hot_workers.load(std::memory_order_relaxed);
  while (cur < want && !g_hot_workers.compare_exchange_weak(cur, want)) {
  }
  // only an existing pool: a scope never creates threads
  if (first == 0) {
    if (Pool* p = g_pool.load(std::memory_order_acquire)) p->wake_for_hot();
  }
}

ParallelHotScope::~ParallelHotScope() {
  // a scope starting in between may see its worker count reset: its
  // workers then only take the short spin (speed, never results)
  --t_hot_depth;
  const bool active = t_hot_depth < 64 && ((t_hot_counted >> t_hot_depth) & 1u) != 0;
  if (active && g_hot_scopes.fetch_sub(1, std::memory_order_relaxed) == 1) {
    g_hot_workers.store(0, std::memory_order_relaxed);
  }
}

void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  FunctionRef<void(int64_t, int64_t)> body) {
  if (end <= begin) return;
  if (global_cancel()) throw Cancelled("cancelled: the library is shutting down");
  Job job;
  job.body = &body;
  job.begin = begin;
  job.end = end;
  job.chunk = std::max<int64_t>(1, grain);
  job.num_chunks = (end - begin + job.chunk - 1) / job.chunk;

  const int threads = get_num_threads();
  const int64_t workers = std::min<int64_t>(threads - 1, job.num_chunks - 1);
  bool ran = false;
  struct ParallelScope {
    bool outer;
    ParallelScope() : outer(!t_in_parallel) { t_in_parallel = true; }
    ~ParallelScope() {
      if (outer) t_in_parallel = false;
    }
  } scope;
  if (workers > 0 && !t_in_worker && scope.outer) {
    job.max_workers = static_cast<int>(workers);
    ran = pool_with_workers(static_cast<int>(workers)).try_run(job);
  }
  if (!ran) job.run_chunks(/*is_caller=*/!t_in_worker);

  if (job.error) std::rethrow_exception(job.error);
  if (job.stop.load()) throw Cancelled("cancelled");
}

}  // namespace vc
