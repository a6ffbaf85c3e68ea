#include "visioncore/image.hpp"

#include <cstdlib>
#include <new>

#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace vc {

const char* pixel_type_name(PixelType t) {
  switch (t) {
    case PixelType::U8:
      return "uint8";
    case PixelType::U16:
      return "uint16";
    case PixelType::S16:
      return "int16";
    case PixelType::F32:
      return "float32";
  }
  return "?";
}

int64_t checked_mul(int64_t a, int64_t b, const char* what) {
  int64_t r = 0;
  if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &r)) {
    throw LimitExceeded(std::string("size of ") + what + " overflows 64-bit arithmetic");
  }
  return r;
}

int64_t checked_add(int64_t a, int64_t b, const char* what) {
  int64_t r = 0;
  if (__builtin_add_overflow(a, b, &r)) {
    throw LimitExceeded(std::string("size of ") + what + " overflows 64-bit arithmetic");
  }
  return r;
}

int64_t checked_image_bytes(const char* func, int64_t width, int64_t height, int64_t channels,
                            int64_t elem_size) {
  if (width <= 0 || height <= 0) {
    throw InvalidArgument(std::string(func) + ": image is empty (" + std::to_string(width) + "x" +
                          std::to_string(height) + ")");
  }
  if (width > kMaxSide || height > kMaxSide) {
    throw LimitExceeded(std::string(func) + ": image side exceeds the limit of " +
                        std::to_string(kMaxSide) + " pixels (got " + std::to_string(width) + "x" +
                        std::to_string(height) + ")");
  }
  const int64_t pixels = checked_mul(width, height, "image");
  if (pixels > kMaxPixels) {
    throw LimitExceeded(std::string(func) + ": image has " + std::to_string(pixels) +
                        " pixels, above the limit of " + std::to_string(kMaxPixels));
  }
  const int64_t bytes = checked_mul(checked_mul(pixels, channels, "image"), elem_size, "image");
  if (bytes > kMaxImageBytes) {
    throw LimitExceeded(std::string(func) + ": image needs " + std::to_string(bytes) +
                        " bytes, above the limit of " + std::to_string(kMaxImageBytes));
  }
  return bytes;
}

ConstImageView ConstImageView::roi(int x, int y, int w, int h) const {
  ConstImageView r = *this;
  r.data = static_cast<const uint8_t*>(data) + y * stride + x * pixel_bytes();
  r.width = w;
  r.height = h;
  return r;
}

ImageView ImageView::roi(int x, int y, int w, int h) const {
  ImageView r = *this;
  r.data = static_cast<uint8_t*>(data) + y * stride + x * pixel_bytes();
  r.width = w;
  r.height = h;
  return r;
}

void Image::Free::operator()(uint8_t* p) const { std::free(p); }

Image::Image(int width, int height, int channels, PixelType type) {
  if (channels < 1 || channels > 4) {
    throw_invalid("Image", "channels", "1..4", std::to_string(channels));
  }
  checked_image_bytes("Image", width, height, channels, static_cast<int64_t>(elem_size(type)));
  const int64_t row = static_cast<int64_t>(width) * channels * static_cast<int64_t>(elem_size(type));
  const int64_t stride = (row + 63) / 64 * 64;
  const int64_t total = checked_mul(stride, height, "Image");
  void* p = std::aligned_alloc(64, static_cast<size_t>(total));
  if (!p) throw std::bad_alloc();
  data_.reset(static_cast<uint8_t*>(p));
  width_ = width;
  height_ = height;
  channels_ = channels;
  stride_ = stride;
  type_ = type;
}

std::string describe(const ConstImageView& v) {
  return std::string(pixel_type_name(v.type)) + " " + std::to_string(v.width) + "x" +
         std::to_string(v.height) + "x" + std::to_string(v.channels) + " (stride " +
         std::to_string(v.stride) + ")";
}

void check_view(const char* func, const char* param, const ConstImageView& v, int min_ch,
                int max_ch) {
  if (v.data == nullptr || v.width <= 0 || v.height <= 0) {
    throw_invalid(func, param, "a non-empty image", describe(v));
  }
  if (v.channels < min_ch || v.channels > max_ch) {
    std::string allowed = min_ch == max_ch ? std::to_string(min_ch) + " channel(s)"
                                           : std::to_string(min_ch) + ".." + std::to_string(max_ch) +
                                                 " channels";
    throw_invalid(func, param, allowed, std::to_string(v.channels) + " channels");
  }
  checked_image_bytes(func, v.width, v.height, v.channels, static_cast<int64_t>(elem_size(v.type)));
  if (v.height > 1 && v.stride < static_cast<ptrdiff_t>(v.row_bytes())) {
    throw_invalid(func, param, "a row stride of at least " + std::to_string(v.row_bytes()) + " bytes",
                  std::to_string(v.stride));
  }
}

void check_output(const char* func, const char* param, const ImageView& out, int width, int height,
                  int channels, PixelType type) {
  if (out.type != type) {
    throw_type(func, param, pixel_type_name(type), pixel_type_name(out.type));
  }
  if (out.width != width || out.height != height || out.channels != channels) {
    throw_invalid(func, param,
                  std::to_string(width) + "x" + std::to_string(height) + "x" +
                      std::to_string(channels),
                  std::to_string(out.width) + "x" + std::to_string(out.height) + "x" +
                      std::to_string(out.channels));
  }
  check_view(func, param, out, channels, channels);
}

bool views_overlap(const ConstImageView& a, const ConstImageView& b) {
  if (a.empty() || b.empty()) return false;
  const uint8_t* a0 = static_cast<const uint8_t*>(a.data);
  const uint8_t* b0 = static_cast<const uint8_t*>(b.data);
  return a0 < b.end_byte() && b0 < a.end_byte();
}

}  // namespace vc
