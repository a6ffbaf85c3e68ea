// Protobuf wire-format reader: see protobuf_wire.hpp for the rules it checks.
#include "protobuf_wire.hpp"

namespace vc::dnn::pb {

const char* wire_type_name(WireType t) {
  switch (t) {
    case WireType::kVarint: return "varint";
    case WireType::kFixed64: return "fixed64";
    case WireType::kLen: return "length-delimited";
    case WireType::kStartGroup: return "start-group";
    case WireType::kEndGroup: return "end-group";
    case WireType::kFixed32: return "fixed32";
  }
  return "invalid";
}

void WireReader::fail(const std::string& what) const { throw WireError(what, offset()); }

uint64_t WireReader::read_varint() {
  uint64_t v = 0;
  for (int i = 0; i < 10; ++i) {
    if (p_ == end_) fail("truncated varint");
    const uint8_t b = *p_++;
    if (i == 9 && b > 1) fail("varint overflows 64 bits");
    v |= static_cast<uint64_t>(b & 0x7f) << (7 * i);
    if ((b & 0x80) == 0) return v;
  }
  fail("varint longer than 10 bytes");
}

uint32_t WireReader::read_fixed32() {
  if (remaining() < 4) fail("truncated fixed32");
  uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v |= static_cast<uint32_t>(p_[i]) << (8 * i);
  p_ += 4;
  return v;
}

uint64_t WireReader::read_fixed64() {
  if (remaining() < 8) fail("truncated fixed64");
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v |= static_cast<uint64_t>(p_[i]) << (8 * i);
  p_ += 8;
  return v;
}

bool WireReader::next(Field& f) {
  if (p_ == end_) return false;
  f.offset = offset();
  const uint64_t tag = read_varint();
  const uint64_t number = tag >> 3;
  const unsigned type = static_cast<unsigned>(tag & 7);
  if (number == 0 || number > (uint64_t{1} << 29) - 1) {
    throw WireError("invalid field number " + std::to_string(number), f.offset);
  }
  f.number = static_cast<uint32_t>(number);
  f.type = static_cast<WireType>(type);
  f.value = 0;
  f.data = nullptr;
  f.size = 0;
  switch (type) {
    case 0: f.value = read_varint(); break;
    case 1: f.value = read_fixed64(); break;
    case 5: f.value = read_fixed32(); break;
    case 2: {
      const uint64_t len = read_varint();
      if (len > remaining()) {
        fail("length " + std::to_string(len) + " of field " + std::to_string(number) +
             " exceeds the " + std::to_string(remaining()) + " remaining bytes");
      }
      f.data = p_;
      f.size = static_cast<size_t>(len);
      p_ += len;
      break;
    }
    case 3:
    case 4:
      throw WireError("field " + std::to_string(number) +
                          " uses protobuf groups (wire type " + std::to_string(type) +
                          "), which are not supported",
                      f.offset);
    default:
      throw WireError("field " + std::to_string(number) + " has invalid wire type " +
                          std::to_string(type),
                      f.offset);
  }
  return true;
}

size_t count_packed_varints(const uint8_t* data, size_t size, size_t base) {
  size_t n = 0;
  for (size_t i = 0; i < size; ++i) n += (data[i] & 0x80) == 0;
  if (size > 0 && (data[size - 1] & 0x80) != 0) {
    throw WireError("truncated varint in packed field", base + size);
  }
  return n;
}

}  // namespace vc::dnn::pb
