// Fused activations of the DNN kernels (internal API, vc::dnn).
//
// An Epilogue is what runs on each output after the sum: + bias, then the
// activation. none / relu / relu6 / clip(min, max) / leaky_relu(alpha) run
// inside the GEMM and depthwise microkernels; sigmoid, hardswish, tanh,
// hard_sigmoid(alpha, beta) and swish run as a separate pass over each
// finished output tile (activation.cpp, with the vectorised f32_v* kernels).
#pragma once

#include <cstddef>
#include <string>

namespace vc::dnn {

enum class Activation {
  None, Relu, Relu6, Clip, LeakyRelu, Sigmoid, HardSwish, Tanh, HardSigmoid, Swish
};

struct Epilogue {
  Activation act = Activation::None;
  float alpha = 0.01f;  // leaky_relu slope; hard_sigmoid slope
  float beta = 0.5f;    // hard_sigmoid offset
  float min = 0.0f;     // clip bounds (clip only)
  float max = 0.0f;
};

// Parses "none", "relu", "relu6", "clip", "leaky_relu", "sigmoid",
// "hardswish", "tanh", "hard_sigmoid", "silu" (Swish); throws InvalidArgument
// naming func and the parameter.
Activation parse_activation(const char* func, const std::string& name);
// Validates the epilogue (clip: min <= max, no NaN; alpha (and
// hard_sigmoid's beta) finite).
void check_epilogue(const char* func, const Epilogue& ep);

// Kernel form of an epilogue: params = {min, max, alpha} for the clamp and
// leaky slope, flag bits (kGemmLeaky) and whether a post pass is needed.
struct KernelEpilogue {
  float params[3];
  unsigned flags;
  bool post;  // sigmoid / hardswish / tanh / hard_sigmoid / swish after the kernel
};
KernelEpilogue kernel_epilogue(const Epilogue& ep);

// The post pass: y[i] = act(y[i]) for sigmoid (1 / (1 + exp(-x))),
// hardswish (x * clamp(x / 6 + 1/2, 0, 1)), tanh, hard_sigmoid
// (clamp(alpha x + beta, 0, 1)) and swish (x * sigmoid(x)); nothing for the
// other kinds. Single-threaded (callers run it per tile inside their jobs);
// uses the active ISA level's kernels.
void apply_post_activation(const Epilogue& ep, float* y, size_t n);

}  // namespace vc::dnn
