// The library's one thread pool.
//
// parallel_for splits [begin, end) into chunks and runs them on the pool's
// workers and the calling thread. Each index is processed exactly once by
// body(chunk_begin, chunk_end); since no operation lets a result depend on
// how the range is split, output is identical for every thread count.
// Idle workers sleep on a condition variable. Right after a job a worker
// polls for the next one for a bounded time (200 us by default,
// VISIONCORE_SPIN_US to change, 0 to disable) so that back-to-back calls do
// not pay a thread wake-up each; after that it sleeps (see ParallelHotScope
// for callers that know many calls follow each other). After fork() the
// child starts with a fresh pool. A call made from inside a worker runs
// serially in that worker (no nested parallelism, no deadlock).
#pragma once

#include <cstdint>
#include "visioncore/function_ref.hpp"

namespace vc {

// Number of threads parallel_for uses (workers + caller). n <= 0 restores the
// default: the CPUs in this process's affinity mask (or VISIONCORE_NUM_THREADS).
void set_num_threads(int n);
int get_num_threads();
// The default set_num_threads(0) would choose.
int default_num_threads();

// Runs body over [begin, end) in chunks of at least `grain` indices. The
// body is borrowed (FunctionRef): no allocation per call.
// Exceptions thrown by body stop the remaining chunks and the first one is
// rethrown in the caller. Between chunks the caller polls the cancellation
// hook (see cancel.hpp) and throws vc::Cancelled if it fires.
void parallel_for(int64_t begin, int64_t end, int64_t grain,
                  FunctionRef<void(int64_t, int64_t)> body);

// Picks a grain (in rows) so that one chunk is roughly `target_bytes` of work,
// given the bytes touched per row. Keeps chunks short enough for prompt
// cancellation and large enough to amortise the hand-off.
int64_t rows_grain(int64_t row_bytes, int64_t target_bytes = 64 * 1024);

// While at least one ParallelHotScope is alive (in any thread), idle pool
// workers keep polling for the next job instead of going to sleep after the
// short spin above: a network run is ~100 parallel_for calls separated by
// short serial steps, and a sleeping worker costs a wake-up per call. The
// spin stays bounded: a worker that sees no job for 10 ms (VISIONCORE_HOT_SPIN_US)
// sleeps anyway. Creating the first scope also wakes sleeping workers so
// that they are polling by the time the first call comes. Scopes nest and
// may overlap across threads; results never depend on them. Past the short
// spin a hot worker polls with sched_yield (a loaded machine keeps its
// cores for runnable threads), and a scope made while get_num_threads() is
// 1 does nothing: only the workers the current count uses are kept polling.
class ParallelHotScope {
 public:
  ParallelHotScope();
  ~ParallelHotScope();
  ParallelHotScope(const ParallelHotScope&) = delete;
  ParallelHotScope& operator=(const ParallelHotScope&) = delete;
};

}  // namespace vc
