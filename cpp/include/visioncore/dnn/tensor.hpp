// Tensors exchanged with vc::dnn::Net: a borrowed view of caller memory, a
// caller buffer an output is written into, and an owning tensor. All are
// dense row-major (C order) with an explicit shape; a shape of rank 0 is a
// scalar (one element).
//
// Element types: float32 (images, activations, most outputs) and int64
// (indices such as ArgMax results, Cast outputs, shape vectors, and int64
// graph inputs like Slice 'starts' or Reshape 'shape'). The type travels
// with the pointer: constructing a view or buffer from a `const float*` makes
// it float32, from a `const int64_t*` int64, so float32 code written before
// int64 existed (`TensorView{ptr, shape}`, `std::vector<float*>` outputs)
// keeps compiling and meaning the same.
#pragma once

#include <cstddef>
#include <cstdint>
#include <utility>
#include <vector>

namespace vc::dnn {

// Element type of a tensor; the values are the ONNX TensorProto codes.
enum class DType : int32_t { Float32 = 1, Int64 = 7 };

// "float32" / "int64".
inline const char* dtype_name(DType t) { return t == DType::Int64 ? "int64" : "float32"; }
// Bytes per element.
inline size_t dtype_size(DType t) { return t == DType::Int64 ? 8 : 4; }

// A read-only view of `element_count(shape)` contiguous elements of `dtype`
// the caller keeps alive for the duration of the call that receives it.
struct TensorView {
  const void* data = nullptr;
  std::vector<int64_t> shape;
  DType dtype = DType::Float32;

  TensorView() = default;
  TensorView(const float* d, std::vector<int64_t> s) : data(d), shape(std::move(s)) {}
  TensorView(const int64_t* d, std::vector<int64_t> s)
      : data(d), shape(std::move(s)), dtype(DType::Int64) {}

  // The elements as the given type: null when the view holds the other type.
  const float* f32() const {
    return dtype == DType::Float32 ? static_cast<const float*>(data) : nullptr;
  }
  const int64_t* i64() const {
    return dtype == DType::Int64 ? static_cast<const int64_t*>(data) : nullptr;
  }
};

// A caller buffer one output is written into: `element_count(shape)`
// elements of `dtype` for the planned output shape, not overlapping the
// inputs or the other outputs.
struct OutputBuffer {
  void* data = nullptr;
  DType dtype = DType::Float32;

  OutputBuffer() = default;
  OutputBuffer(float* d) : data(d) {}  // NOLINT(google-explicit-constructor): float* converts
  OutputBuffer(int64_t* d) : data(d), dtype(DType::Int64) {}  // NOLINT(google-explicit-constructor)
};

// An owning tensor. The elements live in `data` for float32 and in
// `int64_data` for int64; the other vector is empty.
struct Tensor {
  std::vector<int64_t> shape;
  std::vector<float> data;
  DType dtype = DType::Float32;
  std::vector<int64_t> int64_data{};  // {}: `Tensor{shape, data}` needs no more initializers

  TensorView view() const {
    return dtype == DType::Int64 ? TensorView{int64_data.data(), shape}
                                 : TensorView{data.data(), shape};
  }
};

// The dtype and shape of a planned output.
struct TensorSpec {
  std::vector<int64_t> shape;
  DType dtype = DType::Float32;
};

// Product of the dims (1 for rank 0).
inline int64_t element_count(const std::vector<int64_t>& shape) {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

}  // namespace vc::dnn
