// The kernel dispatch table. Areas (cpp/src/imgproc, ...) call kernels only
// through active_kernels(); they never include intrinsics.
#pragma once

#include <cstddef>
#include <cstdint>

#include "visioncore/cpu.hpp"

namespace vc::kernels {

struct KernelTable {
#define VC_KERNEL(name, ret, params) ret(*name) params = nullptr;
#include "kernels/kernels.inc"
#undef VC_KERNEL
};

// The table for the active ISA level (see vc::set_isa). Chosen once per level
// and cached; reading it is one atomic load.
const KernelTable& active_kernels();
// The table of a given level (which must be available).
const KernelTable& kernels_for(Isa isa);

}  // namespace vc::kernels
