// Tensors exchanged with vc::dnn::Net: a borrowed view of caller memory and
// an owning float32 tensor. Both are dense row-major (C order) float32 with
// an explicit shape; a shape of rank 0 is a scalar (one element).
#pragma once

#include <cstdint>
#include <vector>

namespace vc::dnn {

// A read-only view of `element_count(shape)` contiguous floats the caller
// keeps alive for the duration of the call that receives it.
struct TensorView {
  const float* data = nullptr;
  std::vector<int64_t> shape;
};

// An owning float32 tensor.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  TensorView view() const { return TensorView{data.data(), shape}; }
};

// Product of the dims (1 for rank 0).
inline int64_t element_count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

}  // namespace vc::dnn
