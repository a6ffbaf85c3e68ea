// A bounds-checked reader for the protobuf wire format (the encoding only: no
// schema, no reflection). Every read is checked against the bytes that remain;
// malformed input throws WireError with the byte offset, never reads out of
// bounds.
//
//   varint    at most 10 bytes; the 10th may only carry the top bit of a
//             64-bit value (anything more is an overflow)
//   fixed32/64 little-endian, 4/8 bytes
//   LEN       a varint length, checked against the remaining bytes
//   groups    (wire types 3, 4) are rejected: proto3 and ONNX never use them
//   6, 7      are not wire types; rejected
// Field numbers must be in [1, 2^29 - 1].
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>

namespace vc::dnn::pb {

enum class WireType : uint8_t {
  kVarint = 0,
  kFixed64 = 1,
  kLen = 2,
  kStartGroup = 3,
  kEndGroup = 4,
  kFixed32 = 5,
};

const char* wire_type_name(WireType t);

// Malformed wire data; `offset` is the byte offset in the outermost buffer.
class WireError : public std::runtime_error {
 public:
  WireError(const std::string& what, size_t offset)
      : std::runtime_error(what), offset_(offset) {}
  size_t offset() const { return offset_; }

 private:
  size_t offset_;
};

// One decoded field. For kVarint / kFixed32 / kFixed64 the value is in
// `value` (fixed values zero-extended to 64 bits); for kLen the payload is
// [data, data + size) and lies inside the reader's buffer.
struct Field {
  uint32_t number = 0;
  WireType type = WireType::kVarint;
  uint64_t value = 0;
  const uint8_t* data = nullptr;
  size_t size = 0;
  size_t offset = 0;  // offset of the tag in the outermost buffer
};

inline int64_t zigzag_decode64(uint64_t v) {
  return static_cast<int64_t>((v >> 1) ^ (~(v & 1) + 1));
}
inline int32_t zigzag_decode32(uint32_t v) {
  return static_cast<int32_t>((v >> 1) ^ (~(v & 1) + 1));
}

class WireReader {
 public:
  // `base` is the offset of `data` in the outermost buffer, for messages.
  WireReader(const uint8_t* data, size_t size, size_t base = 0)
      : begin_(data), p_(data), end_(data + size), base_(base) {}

  bool at_end() const { return p_ == end_; }
  size_t offset() const { return base_ + static_cast<size_t>(p_ - begin_); }
  size_t remaining() const { return static_cast<size_t>(end_ - p_); }

  // Reads the next field (tag and value). Returns false at the end of the
  // buffer; throws WireError on malformed data.
  bool next(Field& f);

  uint64_t read_varint();
  uint32_t read_fixed32();
  uint64_t read_fixed64();

 private:
  [[noreturn]] void fail(const std::string& what) const;

  const uint8_t* begin_;
  const uint8_t* p_;
  const uint8_t* end_;
  size_t base_;
};

// Counts the varints in a packed payload (the bytes without the continuation
// bit), checking that the payload ends on a varint boundary. Lets callers
// size a destination from the real data before decoding it.
size_t count_packed_varints(const uint8_t* data, size_t size, size_t base);

// Helpers on a decoded field.
inline float field_as_float(const Field& f) {
  uint32_t bits = static_cast<uint32_t>(f.value);
  float v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}
inline double field_as_double(const Field& f) {
  double v;
  std::memcpy(&v, &f.value, sizeof v);
  return v;
}
inline std::string field_as_string(const Field& f) {
  return std::string(reinterpret_cast<const char*>(f.data), f.size);
}

}  // namespace vc::dnn::pb
