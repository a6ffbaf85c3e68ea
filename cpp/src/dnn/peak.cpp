// Peak multiply-add throughput, measured: each thread runs kChains
// independent accumulator chains acc = acc * m + a on registers only, enough
// chains to cover the FMA latency on every port (latency 4 x 2 ports = 8 in
// flight on current x86 cores), so the loop is bound by FMA issue alone.
//
// This is a measuring instrument, not a kernel: it needs exactly the
// instructions of one ISA level without the ISA folders' dispatch, so the
// loops are written with GCC/Clang vector extensions (no intrinsics headers)
// and compiled per function with target attributes, and contraction to FMA
// is enabled for those functions only (the library builds with
// -ffp-contract=off). `threads` runs on that many std::threads started
// together, not on the pool: the pool may run two chunks on one worker,
// which would halve the figure.
#include "dnn/peak.hpp"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "visioncore/error.hpp"

namespace vc::dnn {
namespace {

using Clock = std::chrono::steady_clock;

// m < 1: every chain converges to a / (1 - m), no overflow, no denormals.
constexpr float kM = 0.99999f;
constexpr float kA = 1e-3f;

#define VC_PEAK_LOOP(V, LANES, CHAINS)                                  \
  V acc[CHAINS];                                                        \
  V m, a;                                                               \
  for (int l = 0; l < LANES; ++l) {                                     \
    m[l] = kM;                                                          \
    a[l] = kA;                                                          \
  }                                                                     \
  for (int k = 0; k < CHAINS; ++k)                                      \
    for (int l = 0; l < LANES; ++l) acc[k][l] = static_cast<float>(k + l); \
  for (int64_t i = 0; i < iters; ++i) {                                 \
    for (int k = 0; k < CHAINS; ++k) acc[k] = acc[k] * m + a;           \
  }                                                                     \
  V s = acc[0];                                                         \
  for (int k = 1; k < CHAINS; ++k) s += acc[k];                         \
  float r = 0.0f;                                                       \
  for (int l = 0; l < LANES; ++l) r += s[l];                            \
  return r;

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#define VC_PEAK_X86 1
typedef float F32x16 __attribute__((vector_size(64)));
typedef float F32x8 __attribute__((vector_size(32)));

// 16 chains of 16 lanes: 16 of the 32 zmm registers.
__attribute__((target("avx2,fma,avx512f"), optimize("fp-contract=fast"), noinline))
float chains_avx512(int64_t iters) {
#ifdef __clang__
#pragma clang fp contract(fast)
#endif
  VC_PEAK_LOOP(F32x16, 16, 16)
}

// 12 chains of 8 lanes: 12 of the 16 ymm registers, 2 for m and a.
__attribute__((target("avx2,fma"), optimize("fp-contract=fast"), noinline))
float chains_avx2(int64_t iters) {
#ifdef __clang__
#pragma clang fp contract(fast)
#endif
  VC_PEAK_LOOP(F32x8, 8, 12)
}
#endif

typedef float F32x4 __attribute__((vector_size(16)));

// Baseline: separate multiply and add (2 flops per lane and step as well).
__attribute__((noinline)) float chains_base(int64_t iters) { VC_PEAK_LOOP(F32x4, 4, 12) }

struct Kernel {
  float (*fn)(int64_t);
  double flops_per_iter;
};

Kernel kernel_for(Isa isa) {
#ifdef VC_PEAK_X86
  if (isa == Isa::Avx512) return {&chains_avx512, 2.0 * 16 * 16};
  if (isa == Isa::Avx2) return {&chains_avx2, 2.0 * 8 * 12};
#endif
  return {&chains_base, 2.0 * 4 * 12};
}

double seconds_of(float (*fn)(int64_t), int64_t iters, std::atomic<float>* sink) {
  const auto t0 = Clock::now();
  const float r = fn(iters);
  const double s = std::chrono::duration<double>(Clock::now() - t0).count();
  sink->store(r, std::memory_order_relaxed);  // keeps the result alive
  return s;
}

}  // namespace

double fma_peak_gflops(int threads, double seconds, Isa isa) {
  const char* func = "_fma_peak_gflops";
  if (threads < 1 || threads > 256) {
    throw_invalid(func, "threads", "1..256", std::to_string(threads));
  }
  if (!(seconds > 0.0 && seconds <= 10.0)) {
    throw_invalid(func, "seconds", "a duration in (0, 10]", std::to_string(seconds));
  }
  const std::vector<Isa> have = available_isas();
  if (std::find(have.begin(), have.end(), isa) == have.end()) {
    throw Unsupported(std::string(func) + ": ISA level '" + isa_name(isa) +
                      "' is not available on this machine");
  }
  const Kernel k = kernel_for(isa);
  std::atomic<float> sink{0.0f};
  // calibrate on one thread: grow until a run takes >= 20 ms
  int64_t iters = 1 << 12;
  double t = seconds_of(k.fn, iters, &sink);
  while (t < 0.02 && iters < (int64_t{1} << 40)) {
    iters *= 4;
    t = seconds_of(k.fn, iters, &sink);
  }
  iters = std::max<int64_t>(1, static_cast<int64_t>(iters * seconds / std::max(t, 1e-9)));
  // all threads start together; the slowest one sets the rate
  std::atomic<int> ready{0};
  std::vector<double> took(static_cast<size_t>(threads), 0.0);
  auto body = [&](int id) {
    ready.fetch_add(1);
    while (ready.load() < threads) std::this_thread::yield();
    took[static_cast<size_t>(id)] = seconds_of(k.fn, iters, &sink);
  };
  std::vector<std::thread> pool;
  try {
    for (int i = 1; i < threads; ++i) pool.emplace_back(body, i);
  } catch (...) {  // could not start them all: release and join the others
    ready.store(1 << 30);
    for (auto& th : pool) th.join();
    throw;
  }
  body(0);
  for (auto& th : pool) th.join();
  const double slowest = *std::max_element(took.begin(), took.end());
  return k.flops_per_iter * static_cast<double>(iters) * threads / std::max(slowest, 1e-9) / 1e9;
}

}  // namespace vc::dnn
