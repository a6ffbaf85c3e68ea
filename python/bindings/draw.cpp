// Drawing bindings: the private entry points behind visioncore.draw
// (python/visioncore/draw.py holds the public functions and their docs).
// Each takes the public function's name first so that errors name it. The
// image is drawn on in place: it must be a writeable uint8, uint16 or
// float32 array whose rows are packed (C-contiguous or a row-strided view
// such as img[10:200, 30:400]); anything else would need a copy, which in
// place drawing cannot use, and is refused.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/draw.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

using F64Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

std::string shape_of(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) {
    if (i) s += ", ";
    s += std::to_string(a.shape(i));
  }
  return s + (a.ndim() == 1 ? ",)" : ")");
}

// The image drawn on, as a writeable view of the caller's memory.
struct Target {
  ImageView view;
  py::array array;
};

Target target_arg(const char* func, const py::handle& obj) {
  const char* allowed_types = "a numpy array of uint8, uint16 or float32 (native byte order)";
  if (!py::isinstance<py::array>(obj)) throw_type(func, "img", allowed_types, type_name_of(obj));
  py::array a = py::reinterpret_borrow<py::array>(obj);
  const py::dtype dt = a.dtype();
  PixelType type;
  // numpy type numbers (NPY_TYPES, stable ABI): ubyte 2, ushort 4, float 11
  const int num = dt.num();
  if (dt.byteorder() == '>' || (num != 2 && num != 4 && num != 11)) {
    throw_type(func, "img", allowed_types, py::str(dt).cast<std::string>());
  }
  type = num == 2 ? PixelType::U8 : (num == 4 ? PixelType::U16 : PixelType::F32);
  const int channels =
      a.ndim() == 3 ? static_cast<int>(std::min<py::ssize_t>(a.shape(2), 1 << 20)) : 1;
  if (!(a.ndim() == 2 || (a.ndim() == 3 && channels >= 1 && channels <= 4))) {
    throw_invalid(func, "img",
                  "an array of shape (H, W), (H, W, 1), (H, W, 2), (H, W, 3) or (H, W, 4)",
                  "shape " + shape_of(a));
  }
  const int64_t h = a.shape(0), w = a.shape(1);
  if (h <= 0 || w <= 0) throw_invalid(func, "img", "a non-empty image", "shape " + shape_of(a));
  const int64_t esize = static_cast<int64_t>(elem_size(type));
  checked_image_bytes(func, w, h, channels, esize);
  if (!a.writeable()) throw_invalid(func, "img", "a writeable array", "a read-only array");
  const py::ssize_t* st = a.strides();
  const int64_t pixel_bytes = esize * channels;
  const int64_t row_bytes = pixel_bytes * w;
  const bool packed = a.ndim() == 3 ? (st[2] == esize && st[1] == pixel_bytes) : st[1] == esize;
  const int64_t row_stride = h == 1 ? row_bytes : st[0];
  const auto addr = reinterpret_cast<uintptr_t>(a.data());
  if (!packed || row_stride < row_bytes || addr % static_cast<uintptr_t>(esize) != 0 ||
      row_stride % esize != 0) {
    std::string s = "strides (";
    for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(st[i]);
    throw_invalid(func, "img",
                  "a C-contiguous array or a row-strided view of one (drawing is in place)",
                  s + ")");
  }
  Target t;
  t.view = {a.mutable_data(), static_cast<int>(w), static_cast<int>(h), channels,
            static_cast<ptrdiff_t>(row_stride), type};
  t.array = a;
  return t;
}

// True for Python and numpy real numbers (not bool).
bool is_number(const py::handle& h) {
  // Leaked on purpose: released after interpreter finalization otherwise.
  static const py::handle np_number =
      py::object(py::module_::import("numpy").attr("number")).release();
  static const py::handle np_complex =
      py::object(py::module_::import("numpy").attr("complexfloating")).release();
  if (py::isinstance<py::bool_>(h)) return false;
  if (py::isinstance<py::int_>(h) || py::isinstance<py::float_>(h)) return true;
  return py::isinstance(h, np_number) && !py::isinstance(h, np_complex);
}

// A number (broadcast to every channel) or one number per channel.
void color_arg(const char* func, const py::handle& obj, int channels, double out[4]) {
  auto allowed = [&] {
    return "a number or a sequence of 1 or " + std::to_string(channels) + " numbers";
  };
  auto as_double = [&](const py::handle& h) {
    if (!is_number(h)) throw_type(func, "color", allowed(), type_name_of(h));
    const double d = py::cast<double>(h);
    if (!std::isfinite(d)) throw_invalid(func, "color", "finite values", std::to_string(d));
    return d;
  };
  if (py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj)) {
    throw_type(func, "color", allowed(), type_name_of(obj));
  }
  if (py::isinstance<py::sequence>(obj)) {
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    const size_t n = seq.size();
    if (n != 1 && n != static_cast<size_t>(channels)) {
      throw_invalid(func, "color", allowed() + " (the image has " + std::to_string(channels) +
                                       " channel" + (channels > 1 ? "s" : "") + ")",
                    "a sequence of length " + std::to_string(n));
    }
    for (int c = 0; c < 4; ++c) {
      out[c] = as_double(seq[n == 1 ? 0 : static_cast<size_t>(std::min(c, channels - 1))]);
    }
    return;
  }
  const double d = as_double(obj);
  for (int c = 0; c < 4; ++c) out[c] = d;
}

LineType line_type_arg(const char* func, const std::string& name) {
  static const LineType types[] = {LineType::Connected8, LineType::Connected4,
                                   LineType::AntiAliased};
  return types[choice_arg(func, "line_type", name, {"8", "4", "aa"})];
}

int thickness_arg(const char* func, int64_t t, bool allow_fill) {
  if ((t >= 1 && t <= kMaxDrawThickness) || (allow_fill && t == -1)) return static_cast<int>(t);
  throw_invalid(func, "thickness",
                "1.." + std::to_string(kMaxDrawThickness) + (allow_fill ? " or -1 (filled)" : ""),
                std::to_string(t));
}

// "8", "4", "aa", or the ints 8 and 4.
LineType line_type_obj(const char* func, const py::handle& obj) {
  if (py::isinstance<py::str>(obj)) return line_type_arg(func, obj.cast<std::string>());
  if (is_number(obj) && !py::isinstance<py::float_>(obj)) {
    const std::string v = py::str(obj).cast<std::string>();
    if (v == "8" || v == "4") return line_type_arg(func, v);
    throw_invalid(func, "line_type", "one of '8', '4', 'aa'", v);
  }
  throw_type(func, "line_type", "one of '8', '4', 'aa'", type_name_of(obj));
}

// An int (Python or numpy) within [lo, hi].
int64_t int_obj(const char* func, const char* param, const py::handle& obj, int64_t lo,
                int64_t hi, const std::string& allowed) {
  static const py::handle np_integer =
      py::object(py::module_::import("numpy").attr("integer")).release();
  if (py::isinstance<py::bool_>(obj) ||
      (!py::isinstance<py::int_>(obj) && !py::isinstance(obj, np_integer))) {
    throw_type(func, param, allowed, type_name_of(obj));
  }
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  if (v < py::int_(lo) || v > py::int_(hi)) {
    throw_invalid(func, param, allowed, py::str(obj).cast<std::string>());
  }
  return v.cast<int64_t>();
}

int thickness_obj(const char* func, const py::handle& obj, bool allow_fill) {
  const std::string allowed = "an int in 1.." + std::to_string(kMaxDrawThickness) +
                              (allow_fill ? " or -1 (filled)" : "");
  const int64_t t = int_obj(func, "thickness", obj, -(int64_t{1} << 62), int64_t{1} << 62, allowed);
  return thickness_arg(func, t, allow_fill);
}

double coord_checked(const char* func, const char* param, double x, double y) {
  if (!(std::fabs(x) <= kMaxDrawCoord) || !(std::fabs(y) <= kMaxDrawCoord)) {
    throw_invalid(func, param, "finite coordinates with |v| <= 1e15",
                  "(" + std::to_string(x) + ", " + std::to_string(y) + ")");
  }
  return x;
}

// An (x, y) pair of numbers: tuple, list or 1-D array.
DrawPoint point_obj(const char* func, const char* param, const py::handle& obj) {
  const char* allowed = "an (x, y) pair of numbers";
  if (py::isinstance<py::str>(obj) || py::isinstance<py::bytes>(obj) ||
      !py::isinstance<py::sequence>(obj)) {
    throw_type(func, param, allowed, type_name_of(obj));
  }
  const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
  const size_t n = seq.size();
  if (n != 2) throw_invalid(func, param, allowed, "a sequence of length " + std::to_string(n));
  double v[2];
  for (size_t i = 0; i < 2; ++i) {
    const py::object h = seq[i];
    if (!is_number(h)) throw_type(func, param, allowed, type_name_of(h));
    try {
      v[i] = h.cast<double>();
    } catch (const py::cast_error&) {
      throw_invalid(func, param, allowed, py::str(h).cast<std::string>());
    } catch (const py::error_already_set&) {
      throw_invalid(func, param, "finite coordinates with |v| <= 1e15",
                    py::str(h).cast<std::string>());
    }
  }
  coord_checked(func, param, v[0], v[1]);
  return {v[0], v[1]};
}


// Points from an (N, k) float64 array (k = 2 or 4, checked by the caller's
// shape), all finite and within kMaxDrawCoord.
std::vector<DrawPoint> points_arg(const char* func, const char* param, const F64Array& a) {
  const size_t n = static_cast<size_t>(a.size()) / 2;
  if (n > 2 * kMaxDrawPoints) {
    throw LimitExceeded(std::string(func) + ": parameter '" + param + "' has more than " +
                        std::to_string(kMaxDrawPoints) + " points");
  }
  std::vector<DrawPoint> pts(n);
  const double* d = a.data();
  for (size_t i = 0; i < n; ++i) {
    const double x = d[2 * i], y = d[2 * i + 1];
    if (!(std::fabs(x) <= kMaxDrawCoord) || !(std::fabs(y) <= kMaxDrawCoord)) {
      throw_invalid(func, param, "finite coordinates with |v| <= 1e15",
                    "(" + std::to_string(x) + ", " + std::to_string(y) + ")");
    }
    pts[i] = {x, y};
  }
  return pts;
}

// A list of (N_i, 2) float64 arrays (already converted by the Python layer).
std::vector<DrawPoint> contours_arg(const char* func, const py::list& contours,
                                    std::vector<size_t>* sizes) {
  std::vector<DrawPoint> all;
  for (const py::handle& h : contours) {
    const F64Array a = h.cast<F64Array>();
    if (a.ndim() != 2 || a.shape(1) != 2) {
      throw_invalid(func, "pts", "arrays of shape (N, 2)", "shape " + shape_of(a));
    }
    const std::vector<DrawPoint> p = points_arg(func, "pts", a);
    if (all.size() + p.size() > kMaxDrawPoints) {
      throw LimitExceeded(std::string(func) + ": more than " + std::to_string(kMaxDrawPoints) +
                          " points");
    }
    all.insert(all.end(), p.begin(), p.end());
    sizes->push_back(p.size());
  }
  return all;
}

}  // namespace

void bind_draw(py::module_& m) {
  m.def(
      "_draw_line",
      [](const std::string& func, const py::object& img, const py::object& pt1,
         const py::object& pt2, const py::object& color, const py::object& thickness,
         const py::object& line_type) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        const DrawPoint pts[2] = {point_obj(f, "pt1", pt1), point_obj(f, "pt2", pt2)};
        double c[4];
        color_arg(f, color, t.view.channels, c);
        const int th = thickness_obj(f, thickness, false);
        const LineType type = line_type_obj(f, line_type);
        run_nogil([&] { draw_lines(t.view, pts, 1, c, th, type); });
        return t.array;
      },
      "func"_a, "img"_a, "pt1"_a, "pt2"_a, "color"_a, "thickness"_a, "line_type"_a,
      "Draws one line in place; see visioncore.draw.line.");
  m.def(
      "_draw_circle",
      [](const std::string& func, const py::object& img, const py::object& center,
         const py::object& radius, const py::object& color, const py::object& thickness,
         const py::object& line_type) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        const DrawPoint ctr = point_obj(f, "center", center);
        if (!is_number(radius)) throw_type(f, "radius", "a number", type_name_of(radius));
        const double r = radius.cast<double>();
        if (!(r >= 0 && r <= kMaxDrawRadius)) {
          throw_invalid(f, "radius", "a number in 0..2**30", py::str(radius).cast<std::string>());
        }
        double c[4];
        color_arg(f, color, t.view.channels, c);
        const int th = thickness_obj(f, thickness, true);
        const LineType type = line_type_obj(f, line_type);
        run_nogil([&] { draw_circles(t.view, &ctr, &r, 1, c, th, type); });
        return t.array;
      },
      "func"_a, "img"_a, "center"_a, "radius"_a, "color"_a, "thickness"_a, "line_type"_a,
      "Draws one circle in place; see visioncore.draw.circle.");
  m.def(
      "_draw_lines",
      [](const std::string& func, const py::object& img, const F64Array& segments,
         const py::object& color, int64_t thickness, const std::string& line_type) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        double c[4];
        color_arg(f, color, t.view.channels, c);
        const LineType type = line_type_arg(f, line_type);
        const int th = thickness_arg(f, thickness, false);
        if (segments.ndim() != 2 || segments.shape(1) != 4) {
          throw_invalid(f, "segments", "an array of shape (N, 4)", "shape " + shape_of(segments));
        }
        const std::vector<DrawPoint> pts = points_arg(f, "pt1/pt2", segments);
        run_nogil([&] { draw_lines(t.view, pts.data(), pts.size() / 2, c, th, type); });
        return t.array;
      },
      "func"_a, "img"_a, "segments"_a, "color"_a, "thickness"_a, "line_type"_a,
      "Draws line segments (N, 4) = x1, y1, x2, y2 in place; see visioncore.draw.line.");
  m.def(
      "_draw_circles",
      [](const std::string& func, const py::object& img, const F64Array& centers,
         const F64Array& radii, const py::object& color, int64_t thickness,
         const std::string& line_type) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        double c[4];
        color_arg(f, color, t.view.channels, c);
        const LineType type = line_type_arg(f, line_type);
        const int th = thickness_arg(f, thickness, true);
        if (centers.ndim() != 2 || centers.shape(1) != 2) {
          throw_invalid(f, "center", "an array of shape (N, 2)", "shape " + shape_of(centers));
        }
        if (radii.ndim() != 1 || radii.shape(0) != centers.shape(0)) {
          throw_invalid(f, "radius", "one radius per center", "shape " + shape_of(radii));
        }
        const std::vector<DrawPoint> pts = points_arg(f, "center", centers);
        const double* r = radii.data();
        for (py::ssize_t i = 0; i < radii.shape(0); ++i) {
          if (!(r[i] >= 0 && r[i] <= kMaxDrawRadius)) {
            throw_invalid(f, "radius", "a number in 0..2**30", std::to_string(r[i]));
          }
        }
        run_nogil([&] { draw_circles(t.view, pts.data(), r, pts.size(), c, th, type); });
        return t.array;
      },
      "func"_a, "img"_a, "centers"_a, "radii"_a, "color"_a, "thickness"_a, "line_type"_a,
      "Draws circles in place; see visioncore.draw.circle.");
  m.def(
      "_draw_rectangle",
      [](const std::string& func, const py::object& img, const py::object& pt1,
         const py::object& pt2, const py::object& color, const py::object& thickness,
         const py::object& line_type) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        const DrawPoint p0 = point_obj(f, "pt1", pt1), p1 = point_obj(f, "pt2", pt2);
        double c[4];
        color_arg(f, color, t.view.channels, c);
        const int th = thickness_obj(f, thickness, true);
        const LineType type = line_type_obj(f, line_type);
        run_nogil([&] { draw_rectangle(t.view, p0, p1, c, th, type); });
        return t.array;
      },
      "func"_a, "img"_a, "pt1"_a, "pt2"_a, "color"_a, "thickness"_a, "line_type"_a,
      "Draws a rectangle in place; see visioncore.draw.rectangle.");
  m.def(
      "_draw_polylines",
      [](const std::string& func, const py::object& img, const py::list& contours, bool closed,
         const py::object& color, int64_t thickness, const std::string& line_type,
         const std::string& rule) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        double c[4];
        color_arg(f, color, t.view.channels, c);
        const LineType type = line_type_arg(f, line_type);
        const int th = thickness_arg(f, thickness, true);
        const FillRule fr =
            choice_arg(f, "rule", rule, {"evenodd", "nonzero"}) == 0 ? FillRule::EvenOdd
                                                                     : FillRule::NonZero;
        std::vector<size_t> sizes;
        const std::vector<DrawPoint> pts = contours_arg(f, contours, &sizes);
        run_nogil([&] {
          if (th < 0) {
            fill_polygons(t.view, pts.data(), sizes.data(), sizes.size(), c, fr, type);
          } else {
            draw_polylines(t.view, pts.data(), sizes.data(), sizes.size(), closed, c, th, type);
          }
        });
        return t.array;
      },
      "func"_a, "img"_a, "contours"_a, "closed"_a, "color"_a, "thickness"_a, "line_type"_a,
      "rule"_a, "Draws or fills polylines in place; see visioncore.draw.polylines.");
  m.def(
      "_draw_text",
      [](const std::string& func, const py::object& img, const std::string& text, double x,
         double y, int64_t scale, const py::object& color) {
        const char* f = func.c_str();
        Target t = target_arg(f, img);
        double c[4];
        color_arg(f, color, t.view.channels, c);
        if (scale < 1 || scale > kMaxTextScale) {
          throw_invalid(f, "scale", "1.." + std::to_string(kMaxTextScale), std::to_string(scale));
        }
        if (!(std::fabs(x) <= kMaxDrawCoord) || !(std::fabs(y) <= kMaxDrawCoord)) {
          throw_invalid(f, "org", "finite coordinates with |v| <= 1e15",
                        "(" + std::to_string(x) + ", " + std::to_string(y) + ")");
        }
        run_nogil([&] { draw_text(t.view, text, {x, y}, static_cast<int>(scale), c); });
        return t.array;
      },
      "func"_a, "img"_a, "text"_a, "x"_a, "y"_a, "scale"_a, "color"_a,
      "Draws ASCII text in place with the built-in 5x7 font; see visioncore.draw.text.");
  m.def(
      "_text_size",
      [](const std::string& text, int64_t scale) {
        if (scale < 1 || scale > kMaxTextScale) {
          throw_invalid("draw.text_size", "scale", "1.." + std::to_string(kMaxTextScale),
                        std::to_string(scale));
        }
        int w = 0, h = 0;
        text_size(text, static_cast<int>(scale), &w, &h);
        return py::make_tuple(w, h);
      },
      "text"_a, "scale"_a, "(width, height) of the box draw.text fills; see visioncore.draw.");
}

}  // namespace vc::bind
