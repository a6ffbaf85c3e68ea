// Image views and the owning Image.
//
// A view is non-owning: data pointer, width, height, channels (1..4), the row
// stride in bytes and the pixel element type. Pixels inside a row are packed
// (channel stride = element size, pixel stride = channels * element size);
// rows may be padded or be a window into a larger image (row stride >= packed
// row bytes). This is exactly the layout of a row-strided numpy slice.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

namespace vc {

enum class PixelType : uint8_t { U8, U16, S16, F32 };

constexpr size_t elem_size(PixelType t) {
  return t == PixelType::U8 ? 1 : (t == PixelType::F32 ? 4 : 2);
}
const char* pixel_type_name(PixelType t);

template <class T>
struct PixelTypeOf;
template <>
struct PixelTypeOf<uint8_t> {
  static constexpr PixelType value = PixelType::U8;
};
template <>
struct PixelTypeOf<uint16_t> {
  static constexpr PixelType value = PixelType::U16;
};
template <>
struct PixelTypeOf<int16_t> {
  static constexpr PixelType value = PixelType::S16;
};
template <>
struct PixelTypeOf<float> {
  static constexpr PixelType value = PixelType::F32;
};

// Read-only view.
struct ConstImageView {
  const void* data = nullptr;
  int width = 0;
  int height = 0;
  int channels = 1;
  ptrdiff_t stride = 0;  // bytes between the starts of two rows, > 0
  PixelType type = PixelType::U8;

  bool empty() const { return data == nullptr || width <= 0 || height <= 0; }
  size_t pixel_bytes() const { return elem_size(type) * static_cast<size_t>(channels); }
  size_t row_bytes() const { return pixel_bytes() * static_cast<size_t>(width); }
  template <class T = uint8_t>
  const T* row(int y) const {
    return reinterpret_cast<const T*>(static_cast<const uint8_t*>(data) + y * stride);
  }
  // Sub-rectangle; the caller guarantees it lies inside.
  ConstImageView roi(int x, int y, int w, int h) const;
  // One past the last byte the view can read.
  const uint8_t* end_byte() const {
    return static_cast<const uint8_t*>(data) + (height - 1) * stride + row_bytes();
  }
};

// Writable view.
struct ImageView {
  void* data = nullptr;
  int width = 0;
  int height = 0;
  int channels = 1;
  ptrdiff_t stride = 0;
  PixelType type = PixelType::U8;

  bool empty() const { return data == nullptr || width <= 0 || height <= 0; }
  size_t pixel_bytes() const { return elem_size(type) * static_cast<size_t>(channels); }
  size_t row_bytes() const { return pixel_bytes() * static_cast<size_t>(width); }
  template <class T = uint8_t>
  T* row(int y) const {
    return reinterpret_cast<T*>(static_cast<uint8_t*>(data) + y * stride);
  }
  ImageView roi(int x, int y, int w, int h) const;
  operator ConstImageView() const { return {data, width, height, channels, stride, type}; }
};

// Owning image: 64-byte aligned rows (stride rounded up to 64 bytes).
class Image {
 public:
  Image() = default;
  Image(int width, int height, int channels, PixelType type);

  ImageView view() { return {data_.get(), width_, height_, channels_, stride_, type_}; }
  ConstImageView view() const { return {data_.get(), width_, height_, channels_, stride_, type_}; }
  operator ImageView() { return view(); }
  operator ConstImageView() const { return view(); }

  int width() const { return width_; }
  int height() const { return height_; }
  int channels() const { return channels_; }
  ptrdiff_t stride() const { return stride_; }
  PixelType type() const { return type_; }
  bool empty() const { return !data_; }
  template <class T = uint8_t>
  T* row(int y) {
    return reinterpret_cast<T*>(data_.get() + y * stride_);
  }
  template <class T = uint8_t>
  const T* row(int y) const {
    return reinterpret_cast<const T*>(data_.get() + y * stride_);
  }

 private:
  struct Free {
    void operator()(uint8_t* p) const;
  };
  std::unique_ptr<uint8_t, Free> data_;
  int width_ = 0, height_ = 0, channels_ = 0;
  ptrdiff_t stride_ = 0;
  PixelType type_ = PixelType::U8;
};

// "uint8 640x480x3 (stride 1920)": for error messages.
std::string describe(const ConstImageView& v);

// Checks a view passed as parameter `param` of `func`: non-empty, channels
// within [min_ch, max_ch], stride large enough, sizes within limits.hpp.
void check_view(const char* func, const char* param, const ConstImageView& v, int min_ch = 1,
                int max_ch = 4);
// Checks that `out` has exactly the given geometry and type.
void check_output(const char* func, const char* param, const ImageView& out, int width,
                  int height, int channels, PixelType type);
// True if the byte ranges of the two views intersect.
bool views_overlap(const ConstImageView& a, const ConstImageView& b);

}  // namespace vc
