// Feature extraction bindings: shapes (connected components, distance
// transform, contours, shape measures, moments).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/shapes.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

std::string shape_str(const py::array& a) {
  std::string s = "(";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

// An int32 (H, W) output: a new array, or the caller's checked `out`.
struct LabelsOut {
  py::array array;
  int32_t* data = nullptr;
  ptrdiff_t stride = 0;
};

LabelsOut labels_out(const char* func, const py::object& out, const InputImage& src) {
  const int h = src.view.height, w = src.view.width;
  LabelsOut r;
  const std::string expected =
      "an int32 array of shape (" + std::to_string(h) + ", " + std::to_string(w) + ")";
  if (out.is_none()) {
    py::array_t<int32_t> a({static_cast<py::ssize_t>(h), static_cast<py::ssize_t>(w)});
    r.data = a.mutable_data();
    r.stride = static_cast<ptrdiff_t>(w) * 4;
    r.array = a;
    return r;
  }
  if (!py::isinstance<py::array>(out)) throw_type(func, "out", "None or " + expected, type_name_of(out));
  py::array a = py::reinterpret_borrow<py::array>(out);
  const py::dtype i32 = py::dtype::of<int32_t>();
  if (!a.dtype().is(i32) && !a.dtype().equal(i32)) {
    throw_type(func, "out", expected, py::str(a.dtype()).cast<std::string>() + " " + shape_str(a));
  }
  if (a.dtype().byteorder() == '>') throw_type(func, "out", expected, "a big-endian int32 array");
  if (a.ndim() != 2 || a.shape(0) != h || a.shape(1) != w) {
    throw_invalid(func, "out", expected, "int32 " + shape_str(a));
  }
  if (!a.writeable()) throw_invalid(func, "out", "a writeable array", "a read-only array");
  const py::ssize_t* st = a.strides();
  const int64_t row_stride = h == 1 ? int64_t{w} * 4 : st[0];
  if (st[1] != 4 || row_stride < int64_t{w} * 4 || row_stride % 4 != 0 ||
      reinterpret_cast<uintptr_t>(a.data()) % 4 != 0) {
    throw_invalid(func, "out", "a C-contiguous (or row-strided, aligned) array",
                  "strides (" + std::to_string(st[0]) + ", " + std::to_string(st[1]) + ")");
  }
  r.data = static_cast<int32_t*>(a.mutable_data());
  r.stride = static_cast<ptrdiff_t>(row_stride);
  const ConstImageView lv{r.data, w, h, 1, r.stride, PixelType::F32};
  if (views_overlap(src.view, lv)) {
    throw_invalid(func, "out", "an array that does not share memory with the input",
                  "an array overlapping the input");
  }
  r.array = a;
  return r;
}

}  // namespace

void bind_shapes(py::module_& m) {
  m.def(
      "connected_components",
      [](const py::object& binary, int connectivity, bool stats, const py::object& out) {
        const char* func = "connected_components";
        InputImage src = image_arg(func, "binary", binary, kU8, kGrayOnly);
        if (connectivity != 4 && connectivity != 8) {
          throw_invalid(func, "connectivity", "4 or 8", std::to_string(connectivity));
        }
        LabelsOut lab = labels_out(func, out, src);
        std::vector<ComponentStats> st;
        std::vector<double> cen;
        int count = 0;
        run_nogil([&] {
          count = vc::connected_components(src.view, lab.data, lab.stride, connectivity,
                                           stats ? &st : nullptr, stats ? &cen : nullptr);
        });
        if (!stats) return py::tuple(py::make_tuple(count, lab.array));
        py::array_t<int32_t> sa({static_cast<py::ssize_t>(count), py::ssize_t{5}});
        py::array_t<double> ca({static_cast<py::ssize_t>(count), py::ssize_t{2}});
        if (count > 0) {
          std::memcpy(sa.mutable_data(), st.data(), st.size() * sizeof(ComponentStats));
          std::memcpy(ca.mutable_data(), cen.data(), cen.size() * sizeof(double));
        }
        return py::tuple(py::make_tuple(count, lab.array, sa, ca));
      },
      "binary"_a, "connectivity"_a = 8, "stats"_a = true, py::kw_only(), "out"_a = py::none(),
      R"doc(Label the connected components of a binary image (cv2.connectedComponentsWithStats).

Labels are identical to OpenCV's: background 0, components 1..count-1
numbered as OpenCV numbers them (8-connectivity: raster order of each
component's first 2x2 block, i.e. of pixel-row pairs then column pairs;
4-connectivity: raster order of the first pixel). A two-pass block scan with
union-find, threaded by row bands; identical for every thread count.

Args:
    binary: (H, W) uint8 array, nonzero = foreground (pass a bool mask as
        ``mask.view(np.uint8)``).
    connectivity: 8 (default) or 4.
    stats: also return the per-label statistics and centroids.
    out: optional (H, W) int32 array for the labels (must not overlap
        ``binary``).

Returns:
    (count, labels) with ``stats=False``; otherwise (count, labels, stats,
    centroids): count includes the background; labels (H, W) int32; stats
    (count, 5) int32 with columns x, y, width, height, area (row 0 is the
    background); centroids (count, 2) float64 (x, y) means.

Raises:
    TypeError: binary not a uint8 array, bad ``out`` dtype.
    ValueError: empty or non-2-D image, connectivity not 4 or 8, bad ``out``.

Example:
    >>> n, labels, stats, centroids = vc.connected_components(mask > 0)
)doc");

  m.def(
      "distance_transform",
      [](const py::object& binary, const std::string& metric, const py::object& out) {
        const char* func = "distance_transform";
        InputImage src = image_arg(func, "binary", binary, kU8, kGrayOnly);
        static const DistanceMetric metrics[] = {DistanceMetric::L2, DistanceMetric::L1,
                                                 DistanceMetric::Chessboard};
        const DistanceMetric mt = metrics[choice_arg(func, "metric", metric,
                                                     {"l2", "l1", "chessboard"})];
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width, 1, false,
                                     PixelType::F32);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::distance_transform(src.view, dst.view, mt); });
        return dst.array;
      },
      "binary"_a, "metric"_a = "l2", py::kw_only(), "out"_a = py::none(),
      R"doc(Distance from every pixel to the nearest zero pixel (cv2.distanceTransform).

All metrics are exact: "l2" the Euclidean distance (as cv2.DIST_L2 with
DIST_MASK_PRECISE; Felzenszwalb-Huttenlocher lower envelope on integer
squared distances), "l1" |dx| + |dy| (cv2.DIST_L1, mask 3) and "chessboard"
max(|dx|, |dy|) (cv2.DIST_C, mask 3). Zero pixels get 0. An image without
any zero pixel gets FLT_MAX (3.4028235e38) everywhere (OpenCV: FLT_MAX for
l1 / chessboard, 2**64 for l2).

Args:
    binary: (H, W) uint8 array; zero pixels are the targets.
    metric: "l2" (default), "l1" or "chessboard".
    out: optional (H, W) float32 array to write into (must not overlap
        ``binary``).

Returns:
    (H, W) float32 array of distances (``out`` if given).

Raises:
    TypeError: binary not a uint8 array, bad ``out`` dtype.
    ValueError: empty or non-2-D image, unknown metric, bad ``out``.

Example:
    >>> dist = vc.distance_transform(mask, "l2")
)doc");

  m.def(
      "find_contours",
      [](const py::object& binary, const std::string& mode, const std::string& approx) {
        const char* func = "find_contours";
        InputImage src = image_arg(func, "binary", binary, kU8, kGrayOnly);
        static const ContourMode modes[] = {ContourMode::External, ContourMode::List,
                                            ContourMode::Tree};
        static const ContourApprox approxes[] = {ContourApprox::None, ContourApprox::Simple};
        const ContourMode md = modes[choice_arg(func, "mode", mode, {"external", "list", "tree"})];
        const ContourApprox ap = approxes[choice_arg(func, "approx", approx, {"none", "simple"})];
        Contours c;
        run_nogil([&] { c = vc::find_contours(src.view, md, ap); });
        const size_t n = c.size();
        py::list contours;
        for (size_t i = 0; i < n; ++i) {
          const int64_t b = c.offsets[i], e = c.offsets[i + 1];
          py::array_t<int32_t> a({static_cast<py::ssize_t>(e - b), py::ssize_t{2}});
          if (e > b) {
            std::memcpy(a.mutable_data(), c.points.data() + 2 * b,
                        static_cast<size_t>(e - b) * 2 * sizeof(int32_t));
          }
          contours.append(a);
        }
        py::array_t<int32_t> hier({static_cast<py::ssize_t>(n), py::ssize_t{4}});
        if (n) std::memcpy(hier.mutable_data(), c.hierarchy.data(), n * 4 * sizeof(int32_t));
        return py::make_tuple(contours, hier);
      },
      "binary"_a, "mode"_a = "list", "approx"_a = "simple",
      R"doc(Borders of the foreground regions (cv2.findContours).

Suzuki-Abe border following, iterative, with OpenCV's conventions: the
image is framed by one zero pixel (shapes touching the border are closed),
outer borders and hole borders, the same points in the same order, the
same contour order and the same hierarchy as cv2.findContours.

Args:
    binary: (H, W) uint8 array, nonzero = foreground.
    mode: "external" (outermost borders only), "list" (every border, no
        nesting; default) or "tree" (every border with the full nesting).
    approx: "none" (every border pixel) or "simple" (default: only the
        points where the chain direction changes, as CHAIN_APPROX_SIMPLE).

Returns:
    (contours, hierarchy): a list of (N, 2) int32 arrays of (x, y) points,
    and an (M, 4) int32 array [next, prev, first_child, parent] per contour
    (-1 for none; in "list" / "external" mode children and parents are -1).

Raises:
    TypeError: binary not a uint8 array.
    ValueError: empty or non-2-D image, unknown mode or approx.

Example:
    >>> contours, hierarchy = vc.find_contours(mask, "tree")
)doc");
}

}  // namespace vc::bind
