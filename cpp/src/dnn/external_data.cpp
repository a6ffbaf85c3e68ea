// External tensor data: payloads kept in files next to the model.
//
// A tensor with data_location = EXTERNAL names its file with the `location`
// key and optionally `offset` and `length` (decimal byte counts) and
// `checksum` (kept, not verified). The rules, checked before any file is
// opened:
//   - location is relative, without `..` components, drive letters or
//     backslashes, and not empty;
//   - after resolving symlinks (std::filesystem::canonical on the model
//     folder and on the file) the file lies inside the model folder and is a
//     regular file;
//   - offset and length lie inside the file, and length equals the bytes the
//     tensor's dims and data type need.
// Only then is the payload allocated and read.
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <system_error>

#include "onnx_internal.hpp"

namespace vc::dnn::onnx::detail {

namespace {

namespace fs = std::filesystem;

[[noreturn]] void fail(const std::string& label, const std::string& message) {
  throw ModelError("read_onnx: external data of " + label + ": " + message);
}

// A non-negative decimal integer that fits int64, or fails naming `key`.
int64_t parse_size(const std::string& label, const std::string& key, const std::string& text) {
  if (text.empty() || text.size() > 19) {
    fail(label, key + " " + quote_name(text) + " is not a non-negative integer");
  }
  int64_t v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') fail(label, key + " " + quote_name(text) + " is not a non-negative integer");
    if (v > (std::numeric_limits<int64_t>::max() - (c - '0')) / 10) {
      fail(label, key + " " + quote_name(text) + " is too large");
    }
    v = v * 10 + (c - '0');
  }
  return v;
}

void check_location(const std::string& label, const std::string& loc) {
  if (loc.empty()) fail(label, "location is empty");
  if (loc.find('\0') != std::string::npos) fail(label, "location contains a NUL byte");
  if (loc.find('\\') != std::string::npos) {
    fail(label, "location " + quote_name(loc) + " contains a backslash; use '/' and a relative path");
  }
  if (loc[0] == '/' || (loc.size() >= 2 && loc[1] == ':')) {
    fail(label, "location " + quote_name(loc) + " is an absolute path; it must be relative to the model folder");
  }
  size_t start = 0;
  while (start <= loc.size()) {
    size_t end = loc.find('/', start);
    if (end == std::string::npos) end = loc.size();
    if (loc.compare(start, end - start, "..") == 0 && end - start == 2) {
      fail(label, "location " + quote_name(loc) + " escapes the model folder ('..')");
    }
    start = end + 1;
  }
}

void load_tensor(Tensor& t, const fs::path& dir, const std::string& label) {
  std::string location;
  bool has_location = false;
  int64_t offset = 0;
  int64_t length = -1;
  bool seen_offset = false, seen_length = false, seen_checksum = false;
  for (const auto& [key, value] : t.external_data) {
    if (key == "location") {
      if (has_location) fail(label, "key 'location' appears twice");
      location = value;
      has_location = true;
    } else if (key == "offset") {
      if (seen_offset) fail(label, "key 'offset' appears twice");
      offset = parse_size(label, "offset", value);
      seen_offset = true;
    } else if (key == "length") {
      if (seen_length) fail(label, "key 'length' appears twice");
      length = parse_size(label, "length", value);
      seen_length = true;
    } else if (key == "checksum") {
      if (seen_checksum) fail(label, "key 'checksum' appears twice");
      seen_checksum = true;
    } else {
      fail(label, "unknown key " + quote_name(key) + " (allowed: location, offset, length, checksum)");
    }
  }
  if (!has_location) fail(label, "no 'location' key");
  check_location(label, location);

  const int64_t n = t.element_count();
  const int64_t need = n < 0 ? -1 : data_type_bytes(t.data_type, n);
  if (need < 0) fail(label, "tensor has no fixed-size data type");

  std::error_code ec;
  const fs::path file = fs::canonical(dir / fs::path(location), ec);
  if (ec) fail(label, "cannot open " + quote_name(location) + ": " + ec.message());
  // Inside the folder: the canonical path starts with the canonical folder.
  const fs::path rel = file.lexically_relative(dir);
  if (rel.empty() || rel.is_absolute() || *rel.begin() == ".." || rel == ".") {
    fail(label, "location " + quote_name(location) + " resolves outside the model folder");
  }
  if (!fs::is_regular_file(file, ec)) fail(label, quote_name(location) + " is not a regular file");
  const uintmax_t file_size = fs::file_size(file, ec);
  if (ec) fail(label, "cannot read " + quote_name(location) + ": " + ec.message());
  const auto size = static_cast<int64_t>(
      file_size > static_cast<uintmax_t>(std::numeric_limits<int64_t>::max())
          ? std::numeric_limits<int64_t>::max()
          : file_size);
  if (offset > size) {
    fail(label, "offset " + std::to_string(offset) + " is past the end of " + quote_name(location) + " (" +
                    std::to_string(size) + " bytes)");
  }
  if (length < 0) length = size - offset;
  if (length != need) {
    fail(label, "length " + std::to_string(length) + " does not match the " +
                    std::to_string(need) + " bytes the tensor's dims and data type need");
  }
  if (length > size - offset) {
    fail(label, "offset " + std::to_string(offset) + " + length " + std::to_string(length) +
                    " is past the end of " + quote_name(location) + " (" + std::to_string(size) + " bytes)");
  }
  std::ifstream in(file, std::ios::binary);
  if (!in) fail(label, "cannot open " + quote_name(location));
  in.seekg(static_cast<std::streamoff>(offset));
  t.data.assign(static_cast<size_t>(length), 0);
  in.read(reinterpret_cast<char*>(t.data.data()), static_cast<std::streamsize>(length));
  if (in.gcount() != static_cast<std::streamsize>(length)) {
    fail(label, "short read from " + quote_name(location));
  }
}

void load_graph(Graph& g, const fs::path& dir);

void load_attributes(std::vector<Attribute>& attributes, const fs::path& dir,
                     const std::string& where) {
  for (Attribute& a : attributes) {
    for (Tensor& t : a.tensors) {
      if (t.external) {
        load_tensor(t, dir, where + " attribute " + quote_name(a.name) + " tensor " + quote_name(t.name));
      }
    }
    for (Graph& g : a.graphs) load_graph(g, dir);
  }
}

void load_nodes(std::vector<Node>& nodes, const fs::path& dir) {
  for (Node& n : nodes) load_attributes(n.attributes, dir, "node " + quote_name(n.name) + " (" + clean_name(n.op_type) + ")");
}

void load_graph(Graph& g, const fs::path& dir) {
  for (Tensor& t : g.initializers) {
    if (t.external) load_tensor(t, dir, "initializer " + quote_name(t.name));
  }
  load_nodes(g.nodes, dir);
}

}  // namespace

void load_external_data(Model& model, const std::string& model_dir) {
  std::error_code ec;
  const fs::path dir = fs::canonical(fs::path(model_dir), ec);
  if (ec) throw ModelError("read_onnx: cannot resolve the model folder '" + model_dir + "': " + ec.message());
  load_graph(model.graph, dir);
  for (Function& f : model.functions) {
    load_nodes(f.nodes, dir);
    load_attributes(f.attribute_defaults, dir, "function " + quote_name(f.name));
  }
}

}  // namespace vc::dnn::onnx::detail
