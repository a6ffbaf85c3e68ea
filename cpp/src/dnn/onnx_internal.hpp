// Internal pieces shared by the ONNX reader and the external-data loader.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>

#include "visioncore/dnn/onnx.hpp"

namespace vc::dnn::onnx::detail {

// A name or path from the file, made safe for an error message: printable
// ASCII kept, other bytes as \xNN, cut after about 80 characters. quote_name()
// adds single quotes.
std::string clean_name(const std::string& name);
std::string quote_name(const std::string& name);

// Decodes a serialized ModelProto. With allow_external false, any tensor with
// data_location = EXTERNAL is a ModelError; otherwise such tensors keep their
// external_data entries and an empty `data` for load_external_data.
Model decode_model(const uint8_t* data, size_t size, bool allow_external);

// Reads the external data of every tensor in `model` (initializers, attribute
// tensors, subgraphs, functions) from files under `model_dir`.
void load_external_data(Model& model, const std::string& model_dir);

}  // namespace vc::dnn::onnx::detail
