// ISA selection and the kernel tables. The table of level L is built by
// letting every compiled level from reference up to L register what it has,
// so a kernel missing at L falls back to the best level below it.
#include <array>
#include <atomic>
#include <cstdlib>
#include <mutex>
#include <string>

#include "kernels/kernel_table.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/error.hpp"

namespace vc::kernels {
namespace reference {
#include "kernels/isa_namespace.hpp"
}
#if defined(VC_HAVE_KERNELS_X86_SSE41)
namespace sse41 {
#include "kernels/isa_namespace.hpp"
}
#endif
#if defined(VC_HAVE_KERNELS_X86_AVX2)
namespace avx2 {
#include "kernels/isa_namespace.hpp"
}
#endif
#if defined(VC_HAVE_KERNELS_X86_AVX512)
namespace avx512 {
#include "kernels/isa_namespace.hpp"
}
#endif
#if defined(VC_HAVE_KERNELS_ARM_NEON)
namespace neon {
#include "kernels/isa_namespace.hpp"
}
#endif
}  // namespace vc::kernels

namespace vc {
namespace {

constexpr int kNumIsas = 5;

bool is_compiled(Isa isa) {
  switch (isa) {
    case Isa::Scalar:
      return true;
    case Isa::Sse4:
#if defined(VC_HAVE_KERNELS_X86_SSE41)
      return true;
#else
      return false;
#endif
    case Isa::Avx2:
#if defined(VC_HAVE_KERNELS_X86_AVX2)
      return true;
#else
      return false;
#endif
    case Isa::Avx512:
#if defined(VC_HAVE_KERNELS_X86_AVX512)
      return true;
#else
      return false;
#endif
    case Isa::Neon:
#if defined(VC_HAVE_KERNELS_ARM_NEON)
      return true;
#else
      return false;
#endif
  }
  return false;
}

bool cpu_supports(Isa isa) {
  const CpuFeatures& f = cpu_features();
  switch (isa) {
    case Isa::Scalar:
      return true;
    case Isa::Sse4:
      return f.sse41;
    case Isa::Avx2:
      return f.avx2 && f.fma;
    case Isa::Avx512:
      return f.avx2 && f.fma && f.avx512f && f.avx512bw && f.avx512vl && f.avx512dq;
    case Isa::Neon:
      return f.neon;
  }
  return false;
}

void build_table(Isa isa, kernels::KernelTable& t) {
  kernels::reference::register_kernels(t);
  const int level = static_cast<int>(isa);
  (void)level;
#if defined(VC_HAVE_KERNELS_X86_SSE41)
  if (isa != Isa::Neon && level >= static_cast<int>(Isa::Sse4)) kernels::sse41::register_kernels(t);
#endif
#if defined(VC_HAVE_KERNELS_X86_AVX2)
  if (isa != Isa::Neon && level >= static_cast<int>(Isa::Avx2)) kernels::avx2::register_kernels(t);
#endif
#if defined(VC_HAVE_KERNELS_X86_AVX512)
  if (isa == Isa::Avx512) kernels::avx512::register_kernels(t);
#endif
#if defined(VC_HAVE_KERNELS_ARM_NEON)
  if (isa == Isa::Neon) kernels::neon::register_kernels(t);
#endif
}

std::array<kernels::KernelTable, kNumIsas> g_tables;
std::array<std::once_flag, kNumIsas> g_table_once;
std::atomic<int> g_active{-1};

Isa best_isa() {
  Isa best = Isa::Scalar;
  for (Isa i : {Isa::Sse4, Isa::Avx2, Isa::Avx512, Isa::Neon}) {
    if (is_compiled(i) && cpu_supports(i)) best = i;
  }
  return best;
}

Isa initial_isa() {
  if (const char* env = std::getenv("VISIONCORE_ISA")) {
    if (*env) {
      // A bad VISIONCORE_ISA is reported, not ignored: it is a user request.
      const Isa isa = parse_isa(env, "VISIONCORE_ISA");
      if (!is_compiled(isa) || !cpu_supports(isa)) {
        throw Unsupported(std::string("VISIONCORE_ISA=") + env +
                          ": this CPU or build does not support that level");
      }
      return isa;
    }
  }
  return best_isa();
}

}  // namespace

const char* isa_name(Isa isa) {
  switch (isa) {
    case Isa::Scalar:
      return "scalar";
    case Isa::Sse4:
      return "sse4";
    case Isa::Avx2:
      return "avx2";
    case Isa::Avx512:
      return "avx512";
    case Isa::Neon:
      return "neon";
  }
  return "?";
}

Isa parse_isa(const std::string& name, const char* func) {
  for (Isa i : {Isa::Scalar, Isa::Sse4, Isa::Avx2, Isa::Avx512, Isa::Neon}) {
    if (name == isa_name(i)) return i;
  }
  throw_invalid(func, "isa", "one of 'scalar', 'sse4', 'avx2', 'avx512', 'neon'",
                "'" + name + "'");
}

std::vector<Isa> compiled_isas() {
  std::vector<Isa> r;
  for (Isa i : {Isa::Scalar, Isa::Sse4, Isa::Avx2, Isa::Avx512, Isa::Neon}) {
    if (is_compiled(i)) r.push_back(i);
  }
  return r;
}

std::vector<Isa> available_isas() {
  std::vector<Isa> r;
  for (Isa i : compiled_isas()) {
    if (cpu_supports(i)) r.push_back(i);
  }
  return r;
}

Isa active_isa() {
  int a = g_active.load(std::memory_order_acquire);
  if (a < 0) {
    int expected = -1;
    g_active.compare_exchange_strong(expected, static_cast<int>(initial_isa()));
    a = g_active.load();
  }
  return static_cast<Isa>(a);
}

void set_isa(Isa isa) {
  if (!is_compiled(isa)) {
    throw Unsupported(std::string("set_isa: level '") + isa_name(isa) +
                      "' is not compiled into this build");
  }
  if (!cpu_supports(isa)) {
    throw Unsupported(std::string("set_isa: this CPU does not support level '") + isa_name(isa) +
                      "'");
  }
  g_active.store(static_cast<int>(isa), std::memory_order_release);
}

void reset_isa() { g_active.store(static_cast<int>(best_isa()), std::memory_order_release); }

namespace kernels {

const KernelTable& kernels_for(Isa isa) {
  const int i = static_cast<int>(isa);
  std::call_once(g_table_once[i], [&] { build_table(isa, g_tables[i]); });
  return g_tables[i];
}

const KernelTable& active_kernels() { return kernels_for(active_isa()); }

}  // namespace kernels
}  // namespace vc
