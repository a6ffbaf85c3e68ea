#include "ndarray.hpp"

#include <cmath>
#include <cstdint>
#include <sstream>

#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace vc::bind {
namespace {

// numpy type numbers (NPY_TYPES): stable ABI values.
constexpr int kNpyUByte = 2;
constexpr int kNpyShort = 3;
constexpr int kNpyUShort = 4;
constexpr int kNpyFloat = 11;

std::string shape_str(const py::array& a) {
  std::ostringstream s;
  s << "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (i) s << ", ";
    s << a.shape(i);
  }
  if (a.ndim() == 1) s << ",";
  s << ")";
  return s.str();
}

std::string dtype_str(const py::array& a) { return py::str(a.dtype()).cast<std::string>(); }

std::string describe_array(const py::array& a) { return dtype_str(a) + " " + shape_str(a); }

std::string type_name(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

bool pixel_type_from(const py::array& a, PixelType* t) {
  const py::dtype dt = a.dtype();
  if (dt.byteorder() == '>') return false;  // non-native on little-endian hosts
  switch (dt.num()) {
    case kNpyUByte:
      *t = PixelType::U8;
      return true;
    case kNpyUShort:
      *t = PixelType::U16;
      return true;
    case kNpyShort:
      *t = PixelType::S16;
      return true;
    case kNpyFloat:
      *t = PixelType::F32;
      return true;
    default:
      return false;
  }
}

unsigned bit_of(PixelType t) {
  switch (t) {
    case PixelType::U8:
      return kU8;
    case PixelType::U16:
      return kU16;
    case PixelType::S16:
      return kS16;
    case PixelType::F32:
      return kF32;
  }
  return 0;
}

std::string shapes_allowed(ChannelSpec spec) {
  std::string r;
  if (spec.allow_2d && spec.min_ch <= 1) r = "(H, W)";
  for (int c = std::max(spec.min_ch, 1); c <= spec.max_ch; ++c) {
    if (!r.empty()) r += c == spec.max_ch ? " or " : ", ";
    r += "(H, W, " + std::to_string(c) + ")";
  }
  return "an array of shape " + r;
}

py::object ascontiguous(const py::array& a) {
  // Leaked on purpose: a static py::object would be released after the
  // interpreter has finalized.
  static py::object* fn = new py::object(py::module_::import("numpy").attr("ascontiguousarray"));
  return (*fn)(a);
}

}  // namespace

std::string dtype_set_names(unsigned dtypes) {
  const char* names[] = {"uint8", "uint16", "int16", "float32"};
  std::string r;
  int count = 0, total = __builtin_popcount(dtypes);
  for (int i = 0; i < 4; ++i) {
    if (!(dtypes & (1u << i))) continue;
    ++count;
    if (!r.empty()) r += count == total ? " or " : ", ";
    r += names[i];
  }
  return r;
}

py::dtype dtype_of(PixelType t) {
  switch (t) {
    case PixelType::U8:
      return py::dtype::of<uint8_t>();
    case PixelType::U16:
      return py::dtype::of<uint16_t>();
    case PixelType::S16:
      return py::dtype::of<int16_t>();
    case PixelType::F32:
      return py::dtype::of<float>();
  }
  return py::dtype::of<uint8_t>();
}

InputImage image_arg(const char* func, const char* param, const py::handle& obj, unsigned dtypes,
                     ChannelSpec spec) {
  if (!py::isinstance<py::array>(obj)) {
    throw_type(func, param, "a numpy array of " + dtype_set_names(dtypes), type_name(obj));
  }
  py::array a = py::reinterpret_borrow<py::array>(obj);
  PixelType type;
  if (!pixel_type_from(a, &type) || !(bit_of(type) & dtypes)) {
    throw_type(func, param, "a numpy array of " + dtype_set_names(dtypes) + " (native byte order)",
               describe_array(a));
  }
  const py::ssize_t ndim = a.ndim();
  int channels = 1;
  if (ndim == 3) {
    channels = static_cast<int>(std::min<py::ssize_t>(a.shape(2), 1 << 20));
  }
  const bool shape_ok = (ndim == 2 && spec.allow_2d && spec.min_ch <= 1) ||
                        (ndim == 3 && channels >= spec.min_ch && channels <= spec.max_ch);
  if (!shape_ok) throw_invalid(func, param, shapes_allowed(spec), "shape " + shape_str(a));
  const int64_t h = a.shape(0), w = a.shape(1);
  if (h <= 0 || w <= 0 || channels <= 0) {
    throw_invalid(func, param, "a non-empty image", "shape " + shape_str(a));
  }
  const int64_t esize = static_cast<int64_t>(elem_size(type));
  // Limits before any copy: a broadcast view may claim a huge size for free.
  checked_image_bytes(func, w, h, channels, esize);

  const int64_t pixel_bytes = esize * channels;
  const py::ssize_t* st = a.strides();
  bool packed_rows = (ndim == 2 ? st[1] == esize : (st[2] == esize && st[1] == pixel_bytes));
  const int64_t row_bytes = w * pixel_bytes;
  int64_t row_stride = h == 1 ? row_bytes : st[0];
  const auto addr = reinterpret_cast<uintptr_t>(a.data());
  const bool aligned = addr % static_cast<uintptr_t>(esize) == 0 && row_stride % esize == 0;
  InputImage r;
  r.is_3d = ndim == 3;
  if (!(packed_rows && row_stride >= row_bytes && aligned)) {
    a = py::reinterpret_steal<py::array>(ascontiguous(a).release());
    row_stride = row_bytes;
  }
  r.owner = a;
  r.view.data = a.data();
  r.view.width = static_cast<int>(w);
  r.view.height = static_cast<int>(h);
  r.view.channels = channels;
  r.view.stride = static_cast<ptrdiff_t>(row_stride);
  r.view.type = type;
  return r;
}

InputBuffer buffer_arg(const char* func, const char* param, const py::handle& obj) {
  if (!py::isinstance<py::array>(obj)) {
    throw_type(func, param, "a numpy uint8 array", type_name(obj));
  }
  py::array a = py::reinterpret_borrow<py::array>(obj);
  PixelType type;
  if (!pixel_type_from(a, &type) || type != PixelType::U8) {
    throw_type(func, param, "a numpy uint8 array", describe_array(a));
  }
  if (a.size() == 0) throw_invalid(func, param, "a non-empty buffer", describe_array(a));
  if (static_cast<int64_t>(a.size()) > kMaxImageBytes) {
    throw LimitExceeded(std::string(func) + ": parameter '" + param + "' is larger than " +
                        std::to_string(kMaxImageBytes) + " bytes");
  }
  if (!(a.flags() & py::array::c_style)) {
    a = py::reinterpret_steal<py::array>(ascontiguous(a).release());
  }
  InputBuffer r;
  r.owner = a;
  r.data = static_cast<const uint8_t*>(a.data());
  r.size = static_cast<size_t>(a.size());
  return r;
}

OutputImage output_arg(const char* func, const py::object& out, int height, int width,
                       int channels, bool with_channel_dim, PixelType type) {
  const bool three_d = with_channel_dim || channels > 1;
  OutputImage r;
  const int64_t esize = static_cast<int64_t>(elem_size(type));
  checked_image_bytes(func, width, height, channels, esize);
  if (out.is_none()) {
    std::vector<py::ssize_t> shape{height, width};
    if (three_d) shape.push_back(channels);
    py::array a(dtype_of(type), shape);
    r.view = {a.mutable_data(), width, height, channels,
              static_cast<ptrdiff_t>(static_cast<int64_t>(width) * channels * esize), type};
    r.array = std::move(a);
    return r;
  }
  const std::string expected_shape =
      "(" + std::to_string(height) + ", " + std::to_string(width) +
      (three_d ? ", " + std::to_string(channels) : std::string()) + ")";
  if (!py::isinstance<py::array>(out)) {
    throw_type(func, "out", std::string("None or a numpy ") + pixel_type_name(type) + " array",
               type_name(out));
  }
  py::array a = py::reinterpret_borrow<py::array>(out);
  PixelType t;
  if (!pixel_type_from(a, &t) || t != type) {
    throw_type(func, "out", std::string("a ") + pixel_type_name(type) + " array of shape " +
                                expected_shape, describe_array(a));
  }
  const bool shape_ok = a.ndim() == (three_d ? 3 : 2) && a.shape(0) == height &&
                        a.shape(1) == width && (!three_d || a.shape(2) == channels);
  if (!shape_ok) {
    throw_invalid(func, "out", std::string("a ") + pixel_type_name(type) + " array of shape " +
                                   expected_shape, describe_array(a));
  }
  if (!a.writeable()) throw_invalid(func, "out", "a writeable array", "a read-only array");
  const py::ssize_t* st = a.strides();
  const int64_t pixel_bytes = esize * channels;
  const int64_t row_bytes = pixel_bytes * width;
  const bool packed = three_d ? (st[2] == esize && st[1] == pixel_bytes) : st[1] == esize;
  const int64_t row_stride = height == 1 ? row_bytes : st[0];
  const auto addr = reinterpret_cast<uintptr_t>(a.data());
  if (!packed || row_stride < row_bytes || addr % static_cast<uintptr_t>(esize) != 0 ||
      row_stride % esize != 0) {
    throw_invalid(func, "out",
                  "a C-contiguous (or row-strided, aligned) array", "strides " + [&] {
                    std::string s = "(";
                    for (py::ssize_t i = 0; i < a.ndim(); ++i) {
                      if (i) s += ", ";
                      s += std::to_string(st[i]);
                    }
                    return s + ")";
                  }());
  }
  r.view = {a.mutable_data(), width, height, channels, static_cast<ptrdiff_t>(row_stride), type};
  r.array = out;
  return r;
}

void check_no_overlap(const char* func, const OutputImage& out,
                      std::initializer_list<const InputImage*> inputs) {
  for (const InputImage* in : inputs) {
    if (views_overlap(in->view, out.view)) {
      throw_invalid(func, "out", "an array that does not share memory with the input",
                    "an array overlapping the input");
    }
  }
}

int choice_arg(const char* func, const char* param, const std::string& value,
               std::initializer_list<const char*> allowed) {
  int i = 0;
  std::string names;
  for (const char* a : allowed) {
    if (value == a) return i;
    if (!names.empty()) names += ", ";
    names += std::string("'") + a + "'";
    ++i;
  }
  throw_invalid(func, param, "one of " + names, "'" + value + "'");
}

BorderMode border_arg(const char* func, const std::string& name, const char* param) {
  static const BorderMode modes[] = {BorderMode::Reflect101, BorderMode::Replicate,
                                     BorderMode::Reflect, BorderMode::Wrap, BorderMode::Constant};
  return modes[choice_arg(func, param, name,
                          {"reflect101", "replicate", "reflect", "wrap", "constant"})];
}

Scalar4 scalar_arg(const char* func, const char* param, const py::handle& obj, int channels) {
  Scalar4 r;
  auto as_double = [&](const py::handle& h) {
    if (!py::isinstance<py::int_>(h) && !py::isinstance<py::float_>(h) &&
        !py::isinstance(h, py::module_::import("numpy").attr("number"))) {
      throw_type(func, param, "a number or a sequence of 1..4 numbers", type_name(h));
    }
    const double d = py::cast<double>(h);
    if (!std::isfinite(d)) throw_invalid(func, param, "finite values", std::to_string(d));
    return d;
  };
  if (py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj)) {
    throw_type(func, param, "a number or a sequence of 1..4 numbers", type_name(obj));
  }
  if (py::isinstance<py::sequence>(obj)) {
    py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    const size_t n = seq.size();
    if (n == 0 || n > 4 || (n != 1 && static_cast<int>(n) < channels)) {
      throw_invalid(func, param,
                    "a number or a sequence of 1 or " + std::to_string(channels) + " numbers",
                    "a sequence of length " + std::to_string(n));
    }
    for (size_t i = 0; i < 4; ++i) r.v[i] = as_double(seq[n == 1 ? 0 : std::min(i, n - 1)]);
    return r;
  }
  const double d = as_double(obj);
  for (double& x : r.v) x = d;
  return r;
}

}  // namespace vc::bind
