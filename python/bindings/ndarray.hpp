// The one numpy <-> image-view converter every binding uses.
//
// Inputs: C-contiguous and row-strided arrays (img[10:200, 30:400]) become
// views without a copy; any other layout (pixel-strided, negative strides,
// Fortran order, broadcast rows, misaligned data) is copied into a C-contiguous
// array first, after the size limits are checked, so nothing is misread and no
// huge copy is attempted. Outputs: a fresh C-contiguous array, or the caller's
// `out=` after checking dtype, shape, writeability, layout and overlap.
#pragma once

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <initializer_list>
#include <string>

#include "visioncore/border.hpp"
#include "visioncore/image.hpp"

namespace vc::bind {

namespace py = pybind11;

// Bit set of accepted dtypes.
enum DtypeSet : unsigned {
  kU8 = 1u << 0,
  kU16 = 1u << 1,
  kS16 = 1u << 2,
  kF32 = 1u << 3,
};

// "uint8, uint16 or float32"
std::string dtype_set_names(unsigned dtypes);
py::dtype dtype_of(PixelType t);

// Shape requirement for an image argument.
struct ChannelSpec {
  int min_ch = 1;      // accepted channel counts (HxW counts as 1)
  int max_ch = 4;
  bool allow_2d = true;  // HxW accepted (only when 1 is in range)
};
constexpr ChannelSpec kAnyChannels{1, 4, true};
constexpr ChannelSpec kGrayOnly{1, 1, true};
constexpr ChannelSpec kColor34{3, 4, false};
constexpr ChannelSpec kColor3{3, 3, false};
constexpr ChannelSpec kColor4{4, 4, false};

// An image argument: the view and the array that owns its memory (either the
// caller's array or our contiguous copy). Keep it alive while using the view.
struct InputImage {
  ConstImageView view;
  py::object owner;
  bool is_3d = false;  // given as HxWxC (vs HxW)
};

InputImage image_arg(const char* func, const char* param, const py::handle& obj, unsigned dtypes,
                     ChannelSpec spec = kAnyChannels);

// A 1-D or N-D byte buffer argument (raw camera buffers): any C-contiguous
// uint8 array, copied if needed. Returns pointer + size in `owner`'s memory.
struct InputBuffer {
  const uint8_t* data = nullptr;
  size_t size = 0;
  py::object owner;
};
InputBuffer buffer_arg(const char* func, const char* param, const py::handle& obj);

// The output: either a new array of shape (h, w) / (h, w, c), or the checked
// `out`. `with_channel_dim` selects the 3-D shape (always when c > 1).
struct OutputImage {
  ImageView view;
  py::object array;
};
OutputImage output_arg(const char* func, const py::object& out, int height, int width,
                       int channels, bool with_channel_dim, PixelType type);

// ValueError naming 'out' if it shares memory with any of the inputs.
void check_no_overlap(const char* func, const OutputImage& out,
                      std::initializer_list<const InputImage*> inputs);

// Parses a string option against the allowed names; ValueError otherwise.
int choice_arg(const char* func, const char* param, const std::string& value,
               std::initializer_list<const char*> allowed);

// Border mode from its Python name: "reflect101" (default), "replicate",
// "reflect", "wrap", "constant". ValueError otherwise.
BorderMode border_arg(const char* func, const std::string& name, const char* param = "border");

// A scalar or a per-channel sequence (1..4 numbers) as 4 doubles; a scalar
// is broadcast to every channel. Non-finite values are refused (ValueError).
struct Scalar4 {
  double v[4] = {0, 0, 0, 0};
};
Scalar4 scalar_arg(const char* func, const char* param, const py::handle& obj, int channels);

}  // namespace vc::bind
