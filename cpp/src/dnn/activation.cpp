// Activation parsing and the post pass for the activations the GEMM and
// depthwise kernels do not fuse (sigmoid, hardswish, tanh, hard_sigmoid,
// swish).
#include "dnn/activation.hpp"

#include <cmath>
#include <limits>

#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"

namespace vc::dnn {

Activation parse_activation(const char* func, const std::string& name) {
  static const struct {
    const char* name;
    Activation act;
  } kNames[] = {{"none", Activation::None},           {"relu", Activation::Relu},
                {"relu6", Activation::Relu6},         {"clip", Activation::Clip},
                {"leaky_relu", Activation::LeakyRelu}, {"sigmoid", Activation::Sigmoid},
                {"hardswish", Activation::HardSwish}, {"tanh", Activation::Tanh},
                {"hard_sigmoid", Activation::HardSigmoid}, {"silu", Activation::Swish}};
  for (const auto& n : kNames) {
    if (name == n.name) return n.act;
  }
  throw_invalid(func, "activation",
                "one of 'none', 'relu', 'relu6', 'clip', 'leaky_relu', 'sigmoid', 'hardswish', "
                "'tanh', 'hard_sigmoid', 'silu'",
                "'" + name + "'");
}

void check_epilogue(const char* func, const Epilogue& ep) {
  if (ep.act == Activation::Clip &&
      (std::isnan(ep.min) || std::isnan(ep.max) || !(ep.min <= ep.max))) {
    throw_invalid(func, "clip", "min <= max, not NaN",
                  std::to_string(ep.min) + ", " + std::to_string(ep.max));
  }
  if ((ep.act == Activation::LeakyRelu || ep.act == Activation::HardSigmoid) &&
      !std::isfinite(ep.alpha)) {
    throw_invalid(func, "alpha", "a finite number", std::to_string(ep.alpha));
  }
  if (ep.act == Activation::HardSigmoid && !std::isfinite(ep.beta)) {
    throw_invalid(func, "beta", "a finite number", std::to_string(ep.beta));
  }
}

KernelEpilogue kernel_epilogue(const Epilogue& ep) {
  const float inf = std::numeric_limits<float>::infinity();
  KernelEpilogue k{{-inf, inf, 0.0f}, 0u, false};
  switch (ep.act) {
    case Activation::Relu: k.params[0] = 0.0f; break;
    case Activation::Relu6: k.params[0] = 0.0f; k.params[1] = 6.0f; break;
    case Activation::Clip: k.params[0] = ep.min; k.params[1] = ep.max; break;
    case Activation::LeakyRelu: k.params[2] = ep.alpha; k.flags = kernels::kGemmLeaky; break;
    case Activation::Sigmoid:
    case Activation::HardSwish:
    case Activation::Tanh:
    case Activation::HardSigmoid:
    case Activation::Swish: k.post = true; break;
    case Activation::None: break;
  }
  return k;
}

void apply_post_activation(const Epilogue& ep, float* y, size_t n) {
  const auto& k = kernels::active_kernels();
  switch (ep.act) {
    case Activation::Sigmoid: k.f32_vsigmoid(n, y, y); break;
    case Activation::Tanh: k.f32_vtanh(n, y, y); break;
    case Activation::Swish: k.f32_vswish(n, y, y); break;
    case Activation::HardSwish:
      for (size_t i = 0; i < n; ++i) {
        float g = y[i] * (1.0f / 6.0f) + 0.5f;
        g = g < 0.0f ? 0.0f : (g > 1.0f ? 1.0f : g);
        y[i] = y[i] * g;
      }
      break;
    case Activation::HardSigmoid: {
      // max then min: NaN stays NaN (the comparisons are false for it)
      const float a = ep.alpha, b = ep.beta;
      for (size_t i = 0; i < n; ++i) {
        float g = a * y[i] + b;
        g = g < 0.0f ? 0.0f : g;
        y[i] = g > 1.0f ? 1.0f : g;
      }
      break;
    }
    default: break;
  }
}

}  // namespace vc::dnn
