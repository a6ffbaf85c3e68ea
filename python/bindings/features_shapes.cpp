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

// A point list argument: an (N, 2) or (N, 1, 2) int32 or float32 array of
// (x, y), copied into doubles (exact for both types).
struct Points {
  std::vector<double> x, y;
  bool is_int = false;
  PointList list() const { return {x.data(), y.data(), x.size(), is_int}; }
};

Points points_arg(const char* func, const py::handle& obj, const char* param = "points") {
  const std::string allowed = "an (N, 2) int32 or float32 array of (x, y) points";
  if (!py::isinstance<py::array>(obj)) throw_type(func, param, allowed, type_name_of(obj));
  py::array a = py::reinterpret_borrow<py::array>(obj);
  const char kind = a.dtype().kind();
  const bool is_i32 = kind == 'i' && a.itemsize() == 4;
  const bool is_f32 = kind == 'f' && a.itemsize() == 4;
  if ((!is_i32 && !is_f32) || a.dtype().byteorder() == '>') {
    throw_type(func, param, allowed, py::str(a.dtype()).cast<std::string>());
  }
  const bool shape_ok = (a.ndim() == 2 && a.shape(1) == 2) ||
                        (a.ndim() == 3 && a.shape(1) == 1 && a.shape(2) == 2);
  if (!shape_ok) throw_invalid(func, param, allowed, "shape " + shape_str(a));
  const py::ssize_t n = a.shape(0);
  if (n == 0) throw_invalid(func, param, "at least 1 point", "0 points");
  if (n > (py::ssize_t{1} << 30)) {
    throw LimitExceeded(std::string(func) + ": parameter '" + param + "': too many points");
  }
  Points p;
  p.is_int = is_i32;
  p.x.resize(static_cast<size_t>(n));
  p.y.resize(static_cast<size_t>(n));
  const py::ssize_t s0 = a.strides(0), s1 = a.strides(a.ndim() - 1);
  const auto* base = static_cast<const uint8_t*>(a.data());
  for (py::ssize_t i = 0; i < n; ++i) {
    const uint8_t* r = base + i * s0;
    if (is_i32) {
      int32_t vx, vy;
      std::memcpy(&vx, r, 4);
      std::memcpy(&vy, r + s1, 4);
      p.x[i] = vx;
      p.y[i] = vy;
    } else {
      float vx, vy;
      std::memcpy(&vx, r, 4);
      std::memcpy(&vy, r + s1, 4);
      if (!std::isfinite(vx) || !std::isfinite(vy)) {
        throw_invalid(func, param, "finite coordinates", "NaN or Inf");
      }
      p.x[i] = vx;
      p.y[i] = vy;
    }
  }
  return p;
}

// The selected points of `p` as an (M, 2) array of the input's dtype.
py::array gather_points(const Points& p, const std::vector<int>& idx) {
  const py::ssize_t m = static_cast<py::ssize_t>(idx.size());
  if (p.is_int) {
    py::array_t<int32_t> r({m, py::ssize_t{2}});
    int32_t* d = r.mutable_data();
    for (py::ssize_t i = 0; i < m; ++i) {
      d[2 * i] = static_cast<int32_t>(p.x[idx[i]]);
      d[2 * i + 1] = static_cast<int32_t>(p.y[idx[i]]);
    }
    return r;
  }
  py::array_t<float> r({m, py::ssize_t{2}});
  float* d = r.mutable_data();
  for (py::ssize_t i = 0; i < m; ++i) {
    d[2 * i] = static_cast<float>(p.x[idx[i]]);
    d[2 * i + 1] = static_cast<float>(p.y[idx[i]]);
  }
  return r;
}

const char* const kMomentNames[24] = {"m00",  "m10",  "m01",  "m20",  "m11",  "m02",
                                      "m30",  "m21",  "m12",  "m03",  "mu20", "mu11",
                                      "mu02", "mu30", "mu21", "mu12", "mu03", "nu20",
                                      "nu11", "nu02", "nu30", "nu21", "nu12", "nu03"};

py::dict moments_dict(const Moments& m) {
  py::dict d;
  for (int i = 0; i < 10; ++i) d[kMomentNames[i]] = m.m[i];
  for (int i = 0; i < 7; ++i) d[kMomentNames[10 + i]] = m.mu[i];
  for (int i = 0; i < 7; ++i) d[kMomentNames[17 + i]] = m.nu[i];
  return d;
}

const char* kPointsDoc = R"doc(    points: (N, 2) (or OpenCV's (N, 1, 2)) int32 or float32 array of (x, y),
        N >= 1.
)doc";

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

  m.def(
      "contour_area",
      [](const py::object& points, bool oriented) {
        const Points p = points_arg("contour_area", points);
        double r = 0;
        run_nogil([&] { r = vc::contour_area(p.list(), oriented); });
        return r;
      },
      "points"_a, "oriented"_a = false,
      (std::string(R"doc(Area of a polygon (cv2.contourArea), by the shoelace formula.

Args:
)doc") + kPointsDoc + R"doc(    oriented: return the signed area: positive when the points run
        counter-clockwise in x-right / y-up terms (clockwise on screen).

Returns:
    float area (absolute unless ``oriented``).

Raises:
    TypeError: points not an int32 / float32 array.
    ValueError: bad shape, no points, NaN or Inf.

Example:
    >>> vc.contour_area(contours[0])
)doc").c_str());
  m.def(
      "arc_length",
      [](const py::object& points, bool closed) {
        const Points p = points_arg("arc_length", points);
        double r = 0;
        run_nogil([&] { r = vc::arc_length(p.list(), closed); });
        return r;
      },
      "points"_a, "closed"_a = true,
      (std::string(R"doc(Perimeter of a closed polygon or length of an open curve (cv2.arcLength).

Args:
)doc") + kPointsDoc + R"doc(    closed: include the segment from the last point back to the first.

Returns:
    float length.

Raises:
    TypeError: points not an int32 / float32 array.
    ValueError: bad shape, no points, NaN or Inf.

Example:
    >>> vc.arc_length(contours[0], closed=True)
)doc").c_str());
  m.def(
      "bounding_rect",
      [](const py::object& points) {
        const Points p = points_arg("bounding_rect", points);
        int32_t r[4];
        run_nogil([&] { vc::bounding_rect(p.list(), r); });
        return py::make_tuple(r[0], r[1], r[2], r[3]);
      },
      "points"_a,
      (std::string(R"doc(Upright bounding box of a point set (cv2.boundingRect).

Args:
)doc") + kPointsDoc + R"doc(
Returns:
    (x, y, w, h) ints: x, y the floor of the minimum coordinates, w, h such
    that the floors of every coordinate lie in [x, x + w) x [y, y + h).

Raises:
    TypeError: points not an int32 / float32 array.
    ValueError: bad shape, no points, NaN or Inf.

Example:
    >>> x, y, w, h = vc.bounding_rect(contours[0])
)doc").c_str());
  m.def(
      "convex_hull",
      [](const py::object& points, bool clockwise) {
        const Points p = points_arg("convex_hull", points);
        std::vector<int> idx;
        run_nogil([&] { idx = vc::convex_hull(p.list(), clockwise); });
        return gather_points(p, idx);
      },
      "points"_a, "clockwise"_a = false,
      (std::string(R"doc(Convex hull of a point set (cv2.convexHull with returnPoints=True).

Andrew's monotone chain: hull vertices only (collinear and repeated points
dropped), in OpenCV's order: counter-clockwise in x-right / y-up terms
(clockwise=False) from the rightmost point, and a hull of a contour starts
where its indices run in contour order, as OpenCV does.

Args:
)doc") + kPointsDoc + R"doc(    clockwise: orientation of the output (OpenCV's meaning).

Returns:
    (M, 2) array of hull points, the input's dtype.

Raises:
    TypeError: points not an int32 / float32 array.
    ValueError: bad shape, no points, NaN or Inf.

Example:
    >>> hull = vc.convex_hull(contours[0])
)doc").c_str());
  m.def(
      "min_area_rect",
      [](const py::object& points) {
        const Points p = points_arg("min_area_rect", points);
        double r[5];
        run_nogil([&] { vc::min_area_rect(p.list(), r); });
        return py::make_tuple(py::make_tuple(r[0], r[1]), py::make_tuple(r[2], r[3]), r[4]);
      },
      "points"_a,
      (std::string(R"doc(Rotated rectangle of least area around a point set (cv2.minAreaRect).

Rotating calipers over the convex hull, computed in float64. The result
uses OpenCV's convention: angle in [-90, 0) degrees, (w, h) the sides
along that angle and its normal.

Args:
)doc") + kPointsDoc + R"doc(
Returns:
    ((cx, cy), (w, h), angle) floats.

Raises:
    TypeError: points not an int32 / float32 array.
    ValueError: bad shape, no points, NaN or Inf.

Example:
    >>> (cx, cy), (w, h), angle = vc.min_area_rect(contours[0])
)doc").c_str());
  m.def(
      "approx_poly",
      [](const py::object& points, double epsilon, bool closed) {
        const Points p = points_arg("approx_poly", points);
        std::vector<int> idx;
        run_nogil([&] { idx = vc::approx_poly(p.list(), epsilon, closed); });
        return gather_points(p, idx);
      },
      "points"_a, "epsilon"_a, "closed"_a = true,
      (std::string(R"doc(Simplify a curve with the Douglas-Peucker algorithm (cv2.approxPolyDP).

Iterative (an explicit stack), with OpenCV's choices: a closed curve is
split at two roughly farthest points, and points left on almost straight
runs are removed at the end, so the output matches OpenCV's.

Args:
)doc") + kPointsDoc + R"doc(    epsilon: largest distance from the curve to its simplification (>= 0).
    closed: treat the curve as closed.

Returns:
    (K, 2) array of kept points, the input's dtype.

Raises:
    TypeError: points not an int32 / float32 array.
    ValueError: bad shape, no points, NaN or Inf, epsilon < 0 or not finite.

Example:
    >>> poly = vc.approx_poly(contours[0], 0.01 * vc.arc_length(contours[0]))
)doc").c_str());
  m.def(
      "moments",
      [](const py::object& img_or_points, bool binary) {
        const char* func = "moments";
        bool is_points = false;
        if (py::isinstance<py::array>(img_or_points)) {
          const py::array a = py::reinterpret_borrow<py::array>(img_or_points);
          const char kind = a.dtype().kind();
          const bool i32 = kind == 'i' && a.itemsize() == 4;
          const bool f32 = kind == 'f' && a.itemsize() == 4;
          const bool pts_shape = (a.ndim() == 2 && a.shape(1) == 2) ||
                                 (a.ndim() == 3 && a.shape(1) == 1 && a.shape(2) == 2);
          is_points = i32 || (f32 && pts_shape);
        }
        Moments r{};
        if (is_points) {
          const Points p = points_arg(func, img_or_points, "img");
          run_nogil([&] { r = vc::contour_moments(p.list()); });
        } else {
          InputImage src = image_arg(func, "img", img_or_points, kU8 | kU16 | kS16 | kF32,
                                     kGrayOnly);
          run_nogil([&] { r = vc::image_moments(src.view, binary); });
        }
        return moments_dict(r);
      },
      "img"_a, "binary"_a = false,
      R"doc(Spatial, central and normalised moments up to order 3 (cv2.moments).

For an image, m_pq = sum x^p y^q img(x, y) (``binary``: nonzero counts as
1); uint8 sums are exact integers per row, combined in row order, so the
result is the same for every thread count and ISA level. For a point list
(int32 points, or float32 of shape (N, 2) / (N, 1, 2)) the moments of the
polygon by Green's theorem, as OpenCV.

Args:
    img: (H, W) uint8, uint16, int16 or float32 image, or an (N, 2) point
        array (int32 or float32).
    binary: images only: treat every nonzero pixel as 1.

Returns:
    dict with m00, m10, m01, m20, m11, m02, m30, m21, m12, m03, mu20, mu11,
    mu02, mu30, mu21, mu12, mu03, nu20, nu11, nu02, nu30, nu21, nu12, nu03
    (floats; central / normalised ones 0 when m00 is 0).

Raises:
    TypeError: unsupported dtype or a non-array.
    ValueError: empty image or point list, NaN / Inf points, bad shape.

Example:
    >>> m = vc.moments(mask, binary=True); cx = m["m10"] / m["m00"]
)doc");
  m.def(
      "hu_moments",
      [](const py::object& m) {
        const char* func = "hu_moments";
        if (!py::isinstance<py::dict>(m)) {
          throw_type(func, "m", "a dict of moments (from moments())", type_name_of(m));
        }
        const py::dict d = py::reinterpret_borrow<py::dict>(m);
        Moments mo{};
        for (int i = 0; i < 7; ++i) {
          const char* key = kMomentNames[17 + i];
          if (!d.contains(key)) throw_invalid(func, "m", "a dict with the nu moments", std::string("no '") + key + "'");
          mo.nu[i] = py::float_(d[key]).cast<double>();
        }
        double hu[7];
        vc::hu_moments(mo, hu);
        py::array_t<double> r(7);
        std::memcpy(r.mutable_data(), hu, sizeof(hu));
        return r;
      },
      "m"_a,
      R"doc(The seven Hu invariants of a moments dict (cv2.HuMoments).

Args:
    m: a dict from ``moments`` (or cv2.moments): nu20 ... nu03 are used.

Returns:
    (7,) float64 array.

Raises:
    TypeError: m not a dict.
    ValueError: a normalised moment missing.

Example:
    >>> hu = vc.hu_moments(vc.moments(contours[0]))
)doc");
}

}  // namespace vc::bind
