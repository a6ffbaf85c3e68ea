// The machine's measured peak float32 multiply-add rate, the yardstick the
// benchmarks express convolution speed against (internal, vc::dnn).
#pragma once

#include "visioncore/cpu.hpp"

namespace vc::dnn {

// GFLOP/s (one fused multiply-add = 2 flops) of `threads` threads each
// running independent register-resident FMA chains for about `seconds`, at
// the vector width of `isa` (Avx512: 16 lanes, Avx2: 8 lanes with FMA,
// otherwise 4-lane multiply and add). Throws InvalidArgument for threads
// outside 1..256 or seconds outside (0, 10], Unsupported for a level the CPU
// or the build lacks.
double fma_peak_gflops(int threads, double seconds, Isa isa);

}  // namespace vc::dnn
