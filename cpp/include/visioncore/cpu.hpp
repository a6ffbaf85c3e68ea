// CPU features and the ISA level that selects kernels.
//
// Kernels are compiled once per ISA level (cpp/src/kernels/<isa>/) and one is
// chosen at run time: the best level the CPU and this build support, unless
// VISIONCORE_ISA=scalar|sse4|avx2|avx512|neon or set_isa() forces another.
#pragma once

#include <string>
#include <vector>

namespace vc {

struct CpuFeatures {
  bool sse41 = false;
  bool avx2 = false;
  bool fma = false;
  bool avx512f = false;
  bool avx512bw = false;
  bool avx512vl = false;
  bool avx512dq = false;
  bool avx512vnni = false;
  bool avx512vpopcntdq = false;
  bool neon = false;
  bool neon_dotprod = false;
};

// Detected once (cpuid + xgetbv on x86-64, so that OS-disabled AVX state
// counts as absent; hwcaps on aarch64).
const CpuFeatures& cpu_features();

enum class Isa { Scalar = 0, Sse4 = 1, Avx2 = 2, Avx512 = 3, Neon = 4 };

const char* isa_name(Isa isa);
// Parses "scalar", "sse4", "avx2", "avx512", "neon"; throws InvalidArgument.
Isa parse_isa(const std::string& name, const char* func = "parse_isa");

// Levels compiled into this build, lowest first.
std::vector<Isa> compiled_isas();
// Levels both compiled and supported by this CPU, lowest first.
std::vector<Isa> available_isas();
// The level kernels are selected for now.
Isa active_isa();
// Forces a level. Throws Unsupported if the CPU lacks it or the build does
// not contain it.
void set_isa(Isa isa);
// Back to the best available level.
void reset_isa();

}  // namespace vc
