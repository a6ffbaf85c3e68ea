// Documented size limits and overflow-checked size arithmetic. Every image
// size is checked against these before any allocation.
#pragma once

#include <cstddef>
#include <cstdint>

namespace vc {

// Largest width or height accepted by any operation.
constexpr int64_t kMaxSide = int64_t{1} << 20;  // 1,048,576
// Largest width * height accepted by any operation.
constexpr int64_t kMaxPixels = int64_t{1} << 30;  // ~1.07 Gpixel
// Largest buffer a single image may occupy.
constexpr int64_t kMaxImageBytes = int64_t{1} << 34;  // 16 GiB

// a * b, or throws LimitExceeded naming `what` if the product overflows
// int64 or either operand is negative.
int64_t checked_mul(int64_t a, int64_t b, const char* what);
int64_t checked_add(int64_t a, int64_t b, const char* what);

// Validates width/height/channels/element size against the limits above and
// returns the byte size of one tightly packed image. Throws InvalidArgument
// (empty image) or LimitExceeded, naming `func`.
int64_t checked_image_bytes(const char* func, int64_t width, int64_t height, int64_t channels,
                            int64_t elem_size);

}  // namespace vc
