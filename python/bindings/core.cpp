// Runtime core bindings: threads, ISA selection, build info, cancellation
// and the interpreter-exit drain.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <chrono>
#include <thread>

#include "binders.hpp"
#include "nogil.hpp"
#include "visioncore/build_info.hpp"
#include "visioncore/cancel.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {

std::atomic<int> g_active_calls{0};
static std::thread::id g_main_thread;

bool python_signal_hook(void*) {
  // Python runs signal handlers only in the main thread.
  if (std::this_thread::get_id() != g_main_thread) return false;
  PyGILState_STATE st = PyGILState_Ensure();
  const bool raised = PyErr_CheckSignals() != 0;  // leaves the exception set
  PyGILState_Release(st);
  return raised;
}

void raise_cancelled() {
  if (!PyErr_Occurred()) {
    if (global_cancel()) {
      PyErr_SetString(PyExc_RuntimeError, "visioncore: call cancelled, the interpreter is exiting");
    } else {
      PyErr_SetString(PyExc_KeyboardInterrupt, "visioncore: call cancelled");
    }
  }
  throw py::error_already_set();
}

void bind_core(py::module_& m) {
  g_main_thread = std::this_thread::get_id();

  m.def("set_num_threads", [](int n) { vc::set_num_threads(n); }, "n"_a,
        R"doc(Set the number of threads every visioncore operation uses.

Args:
    n: 1..256 threads; 0 or a negative value restores the default (the CPUs in
       this process's affinity mask, or VISIONCORE_NUM_THREADS).

Raises:
    ValueError: n above 256.
)doc");
  m.def("get_num_threads", &vc::get_num_threads,
        "Number of threads visioncore operations use (workers plus the caller).");
  m.def("default_num_threads", &vc::default_num_threads,
        "The thread count set_num_threads(0) restores: the process's CPU affinity count.");
  m.def("set_isa",
        [](const std::string& name) { vc::set_isa(vc::parse_isa(name, "set_isa")); }, "name"_a,
        R"doc(Force the SIMD level kernels are chosen from.

Args:
    name: 'scalar', 'sse4', 'avx2', 'avx512' or 'neon'.

Raises:
    ValueError: an unknown name, or a level this CPU or build lacks.
)doc");
  m.def("reset_isa", &vc::reset_isa, "Go back to the best SIMD level this CPU supports.");
  m.def("get_isa", [] { return std::string(vc::isa_name(vc::active_isa())); },
        "The SIMD level kernels are chosen from now ('scalar', 'sse4', 'avx2', 'avx512', 'neon').");
  m.def("available_isas",
        [] {
          std::vector<std::string> r;
          for (Isa i : vc::available_isas()) r.push_back(vc::isa_name(i));
          return r;
        },
        "SIMD levels compiled into this build and supported by this CPU, lowest first.");
  m.def("cpu_features",
        [] {
          const CpuFeatures& f = vc::cpu_features();
          py::dict d;
          d["sse4.1"] = f.sse41;
          d["avx2"] = f.avx2;
          d["fma"] = f.fma;
          d["avx512f"] = f.avx512f;
          d["avx512bw"] = f.avx512bw;
          d["avx512vl"] = f.avx512vl;
          d["avx512dq"] = f.avx512dq;
          d["avx512vnni"] = f.avx512vnni;
          d["avx512vpopcntdq"] = f.avx512vpopcntdq;
          d["neon"] = f.neon;
          d["neon_dotprod"] = f.neon_dotprod;
          return d;
        },
        "The CPU features visioncore detected (cpuid/xgetbv on x86-64, hwcaps on aarch64).");
  m.def("build_info",
        [] {
          const vc::BuildInfo b = vc::build_info();
          py::dict d;
          d["version"] = b.version;
          d["compiler"] = b.compiler;
          d["compiled_isas"] = b.compiled_isas;
          d["available_isas"] = b.available_isas;
          d["active_isa"] = b.active_isa;
          d["num_threads"] = b.num_threads;
          d["cuda_compiled"] = b.cuda_compiled;
          d["cuda_available"] = b.cuda_available;
          d["max_side"] = vc::kMaxSide;
          d["max_pixels"] = vc::kMaxPixels;
          return d;
        },
        "Build and runtime facts: version, compiler, compiled/available/active ISA levels, "
        "thread count, CUDA compiled and available, size limits.");
  m.def(
      "_shutdown",
      [](double timeout_s) {
        // Called from atexit: stop calls still running in daemon threads and
        // wait (without the GIL) until they have taken the GIL back, so that
        // none of them is inside the library when the interpreter finalizes.
        vc::set_global_cancel(true);
        py::gil_scoped_release release;
        const auto deadline =
            std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_s);
        while (g_active_calls.load() > 0 && std::chrono::steady_clock::now() < deadline) {
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
        }
      },
      "timeout_s"_a = 5.0);
  m.def("_active_calls", [] { return g_active_calls.load(); });
  m.def("_busy_wait",
        [](double seconds) {
          // Test helper: a long call made of 200-microsecond chunks, to check
          // cancellation and exit behaviour without depending on image sizes.
          run_nogil([&] {
            const int64_t chunks = std::max<int64_t>(1, static_cast<int64_t>(seconds * 5000));
            vc::parallel_for(0, chunks, 1, [&](int64_t, int64_t) {
              std::this_thread::sleep_for(std::chrono::microseconds(200));
            });
          });
        },
        "seconds"_a);
}

}  // namespace vc::bind
