// Flags shared by the DNN kernels (dnn.inc) and their callers in cpp/src/dnn.
// Plain constants, no intrinsics: included outside the ISA namespaces.
#pragma once

#include <cstddef>

namespace vc::kernels {

// Start from the values already in C (a later K block) instead of 0.
constexpr unsigned kGemmAccumulate = 1u << 0;
// The last K block: apply the epilogue (bias, clamp, leaky) before storing.
constexpr unsigned kGemmLast = 1u << 1;
// Add bias[i] to row i / bias[j] to column j (at most one of the two).
constexpr unsigned kGemmBiasRow = 1u << 2;
constexpr unsigned kGemmBiasCol = 1u << 3;
// After the clamp: negative x becomes params[2] * x.
constexpr unsigned kGemmLeaky = 1u << 4;
// A hint, no change to any result: the A panel streams from memory (the
// weights of a layer with few output pixels), so the kernel prefetches it
// some steps ahead. Levels may ignore it; prefetches never fault.
constexpr unsigned kGemmPrefetchA = 1u << 5;

// f32_dwconv3x3_row reads each row up to stride * (n + kDwconvRowSlack) + 3
// floats: the widest vector (16 lanes) finishing the row past n.
constexpr size_t kDwconvRowSlack = 16;

}  // namespace vc::kernels
