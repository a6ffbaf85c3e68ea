// Keypoint bindings: fast, orb, match, knn_match, ratio_test,
// find_homography, estimate_affine_2d.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/keypoints.hpp"
#include "visioncore/matching.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

static_assert(sizeof(KeyPoint) == 24, "KeyPoint must match the numpy dtype");
static_assert(sizeof(Match) == 12, "Match must match the numpy dtype");

py::module_ numpy() { return py::module_::import("numpy"); }

py::dtype keypoint_dtype() {
  py::list fields;
  for (const char* f : {"x", "y", "size", "angle", "response"}) fields.append(py::make_tuple(f, "<f4"));
  fields.append(py::make_tuple("octave", "<i4"));
  return py::dtype::from_args(fields);
}

py::dtype match_dtype() {
  py::list fields;
  fields.append(py::make_tuple("query_idx", "<i4"));
  fields.append(py::make_tuple("train_idx", "<i4"));
  fields.append(py::make_tuple("distance", "<f4"));
  return py::dtype::from_args(fields);
}

py::array keypoints_array(const std::vector<KeyPoint>& kps) {
  py::array a(keypoint_dtype(), std::vector<py::ssize_t>{static_cast<py::ssize_t>(kps.size())});
  if (!kps.empty()) std::memcpy(a.mutable_data(), kps.data(), kps.size() * sizeof(KeyPoint));
  return a;
}

py::array matches_array(const std::vector<Match>& m) {
  py::array a(match_dtype(), std::vector<py::ssize_t>{static_cast<py::ssize_t>(m.size())});
  if (!m.empty()) std::memcpy(a.mutable_data(), m.data(), m.size() * sizeof(Match));
  return a;
}

std::string type_name_of(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

std::string shape_str(const py::array& a) {
  std::string s = "shape (";
  for (py::ssize_t i = 0; i < a.ndim(); ++i) s += (i ? ", " : "") + std::to_string(a.shape(i));
  return s + (a.ndim() == 1 ? ",)" : ")");
}

// A (N, D) descriptor array of the metric's dtype, C-contiguous.
struct Desc {
  py::array arr;
  DescriptorSet set;
};

Desc descriptors_arg(const char* func, const char* param, const py::handle& obj, MatchMetric metric) {
  const char* want = metric == MatchMetric::Hamming ? "uint8" : "float32";
  const std::string allowed = std::string("a 2-D ") + want + " array (N, D)";
  if (!py::isinstance<py::array>(obj)) throw_type(func, param, allowed, type_name_of(obj));
  py::array a = py::reinterpret_borrow<py::array>(obj);
  const bool ok = metric == MatchMetric::Hamming ? a.dtype().is(py::dtype::of<uint8_t>())
                                                 : a.dtype().is(py::dtype::of<float>());
  if (!ok) {
    throw_type(func, param, std::string(want) + " (metric \"" +
                                (metric == MatchMetric::Hamming ? "hamming" : "l2") + "\")",
               py::str(a.dtype()).cast<std::string>());
  }
  if (a.ndim() != 2 || a.shape(1) < 1) throw_invalid(func, param, allowed + " with D >= 1", shape_str(a));
  if (a.shape(0) > (int64_t{1} << 31) - 1 || a.shape(1) > (int64_t{1} << 24)) {
    throw LimitExceeded(format_arg_error(func, param, "at most 2^31 - 1 rows of at most 2^24 values",
                                         shape_str(a)));
  }
  a = numpy().attr("ascontiguousarray")(a);
  Desc d;
  d.arr = a;
  d.set.data = a.data();
  d.set.count = a.shape(0);
  d.set.length = a.shape(1);
  d.set.stride = static_cast<ptrdiff_t>(a.shape(1) * a.itemsize());
  return d;
}

MatchMetric metric_arg(const char* func, const std::string& metric) {
  return choice_arg(func, "metric", metric, {"hamming", "l2"}) == 0 ? MatchMetric::Hamming
                                                                    : MatchMetric::L2;
}

// An (N, 2) or (N, 1, 2) array of real numbers as N (x, y) doubles.
std::vector<double> points_arg(const char* func, const char* param, const py::handle& obj) {
  const std::string allowed = "an (N, 2) or (N, 1, 2) float32 / float64 / integer array";
  if (!py::isinstance<py::array>(obj)) throw_type(func, param, allowed, type_name_of(obj));
  const py::array a = py::reinterpret_borrow<py::array>(obj);
  const char kind = a.dtype().kind();
  if (kind != 'f' && kind != 'i' && kind != 'u') {
    throw_type(func, param, allowed, py::str(a.dtype()).cast<std::string>());
  }
  const bool ok = (a.ndim() == 2 && a.shape(1) == 2) ||
                  (a.ndim() == 3 && a.shape(1) == 1 && a.shape(2) == 2);
  if (!ok) throw_invalid(func, param, allowed, shape_str(a));
  if (a.shape(0) > (int64_t{1} << 28)) {
    throw LimitExceeded(format_arg_error(func, param, "at most 2^28 points", shape_str(a)));
  }
  const py::array_t<double, py::array::c_style> c =
      numpy().attr("ascontiguousarray")(a, "dtype"_a = "float64");
  return std::vector<double>(c.data(), c.data() + 2 * a.shape(0));
}

RobustParams robust_args(const char* func, const std::string& method, double thr, int max_iters,
                         double confidence, const py::object& seed) {
  RobustParams p;
  const int m = choice_arg(func, "method", method, {"ransac", "lmeds", "none"});
  p.method = m == 0 ? RobustMethod::Ransac : (m == 1 ? RobustMethod::Lmeds : RobustMethod::LeastSquares);
  p.reproj_threshold = thr;
  p.max_iters = max_iters;
  p.confidence = confidence;
  if (!seed.is_none()) {
    if (py::isinstance<py::bool_>(seed) || (!py::isinstance<py::int_>(seed) &&
                                            !py::isinstance(seed, numpy().attr("integer")))) {
      throw_type(func, "seed", "None or an int in 0..2^64-1", type_name_of(seed));
    }
    const py::int_ v = py::reinterpret_borrow<py::object>(seed);
    if (v < py::int_(0) || v > py::int_(std::numeric_limits<uint64_t>::max())) {
      throw_invalid(func, "seed", "None or an int in 0..2^64-1", py::str(seed).cast<std::string>());
    }
    p.seed = v.cast<uint64_t>();
  }
  return p;
}

py::tuple robust_call(const char* func, bool affine, const py::object& src, const py::object& dst,
                      const std::string& method, double thr, int max_iters, double confidence,
                      const py::object& seed) {
  const std::vector<double> s = points_arg(func, "src", src);
  const std::vector<double> d = points_arg(func, "dst", dst);
  if (s.size() != d.size()) {
    throw_invalid(func, "dst", "as many points as src (" + std::to_string(s.size() / 2) + ")",
                  std::to_string(d.size() / 2));
  }
  const RobustParams p = robust_args(func, method, thr, max_iters, confidence, seed);
  const int64_t n = static_cast<int64_t>(s.size() / 2);
  std::vector<uint8_t> mask(static_cast<size_t>(n));
  double model[9] = {};
  bool ok = false;
  run_nogil([&] {
    ok = affine ? estimate_affine_2d(s.data(), d.data(), n, p, model, mask.data())
                : find_homography(s.data(), d.data(), n, p, model, mask.data());
  });
  if (!ok) {
    throw InvalidArgument(std::string(func) +
                          ": no model found (every drawn minimal set was degenerate)");
  }
  py::array_t<double> m(affine ? std::vector<py::ssize_t>{2, 3} : std::vector<py::ssize_t>{3, 3});
  std::memcpy(m.mutable_data(), model, sizeof(double) * (affine ? 6 : 9));
  py::array_t<bool> msk(static_cast<py::ssize_t>(n));
  for (int64_t i = 0; i < n; ++i) msk.mutable_data()[i] = mask[static_cast<size_t>(i)] != 0;
  return py::make_tuple(m, msk);
}

}  // namespace

void bind_keypoints(py::module_& m) {
  m.attr("KEYPOINT_DTYPE") = keypoint_dtype();
  m.attr("MATCH_DTYPE") = match_dtype();

  m.def(
      "fast",
      [](const py::object& img, int threshold, bool nonmax) {
        const char* func = "fast";
        const InputImage in = image_arg(func, "img", img, kU8, kGrayOnly);
        if (threshold < 0 || threshold > 255) {
          throw_invalid(func, "threshold", "an int in 0..255", std::to_string(threshold));
        }
        std::vector<KeyPoint> kps;
        run_nogil([&] { vc::fast(in.view, kps, threshold, nonmax); });
        return keypoints_array(kps);
      },
      "img"_a, "threshold"_a = 10, "nonmax"_a = true,
      R"doc(FAST-9/16 corners, the same keypoints as cv2.FastFeatureDetector (TYPE_9_16).

A pixel p is a corner when 9 contiguous pixels of the 16 on the radius-3
circle are all brighter than p + threshold or all darker than p - threshold.
The response is OpenCV's score: the largest threshold at which p is still a
corner (max over the 9-arcs of the smallest difference, minus 1). With
nonmax, a corner is kept only if its score is strictly greater than its 8
neighbours' (non-corners count 0). Corners lie at least 3 pixels inside.

Args:
    img: (H, W) or (H, W, 1) uint8 image (any strides).
    threshold: int in 0..255.
    nonmax: non-maximum suppression over 3x3 neighbourhoods.

Returns:
    Keypoints, a structured array (vc.KEYPOINT_DTYPE) with fields x, y,
    size, angle, response (float32) and octave (int32), row-major order;
    size 7, angle -1, octave 0, response = score (0 without nonmax).

Raises:
    TypeError: img not a uint8 array.
    ValueError: wrong shape, empty image, threshold outside 0..255.
)doc");

  m.def(
      "orb",
      [](const py::object& img, int n_features, double scale_factor, int n_levels,
         int fast_threshold, const py::object& mask, int edge_threshold, int patch_size) {
        const char* func = "orb";
        const InputImage in = image_arg(func, "img", img, kU8, kGrayOnly);
        InputImage mk;
        if (!mask.is_none()) {
          mk = image_arg(func, "mask", mask, kU8, kGrayOnly);
        }
        OrbParams p;
        p.n_features = n_features;
        p.scale_factor = scale_factor;
        p.n_levels = n_levels;
        p.fast_threshold = fast_threshold;
        p.edge_threshold = edge_threshold;
        p.patch_size = patch_size;
        std::vector<KeyPoint> kps;
        std::vector<uint8_t> desc;
        run_nogil([&] { vc::orb(in.view, mk.view, p, kps, desc); });
        py::array_t<uint8_t> d({static_cast<py::ssize_t>(kps.size()),
                                static_cast<py::ssize_t>(kOrbDescriptorBytes)});
        if (!desc.empty()) std::memcpy(d.mutable_data(), desc.data(), desc.size());
        return py::make_tuple(keypoints_array(kps), d);
      },
      "img"_a, "n_features"_a = 500, "scale_factor"_a = 1.2, "n_levels"_a = 8,
      "fast_threshold"_a = 20, "mask"_a = py::none(), "edge_threshold"_a = 31,
      "patch_size"_a = 31,
      R"doc(ORB keypoints and 256-bit binary descriptors (oriented FAST, rotated BRIEF).

A scale pyramid (bilinear resize by 1 / scale_factor per level); FAST with
fast_threshold on every level, at least max(edge_threshold,
ceil(patch_size / 2 * sqrt 2) + 1) pixels inside; the feature budget split over
the levels as a geometric series; per level the best by FAST score (2x the
budget) then by Harris response (7x7 block, k = 0.04); the angle of the
intensity centroid over a disc of radius patch_size / 2; 256 tests of our own
Gaussian sampling pattern (tools/make_orb_pattern.py), rotated by the angle, on
the level blurred by a 7x7 Gaussian with sigma 2. The same image gives the same
result at every thread count and ISA level.

Args:
    img: (H, W) uint8 image.
    n_features: maximum number of keypoints, 1..1000000.
    scale_factor: pyramid ratio in (1, 4].
    n_levels: pyramid levels, 1..32.
    fast_threshold: FAST threshold, 0..255.
    mask: None or an (H, W) uint8 array; keypoints only where nonzero.
    edge_threshold: border (pixels) without keypoints, 0..1024.
    patch_size: described patch side, 5..255.

Returns:
    (keypoints, descriptors): a vc.KEYPOINT_DTYPE structured array of N
    keypoints (x, y, size in input pixels: a level-l pixel x_l maps to
    (x_l + 0.5) * W / w_l - 0.5; angle in degrees [0, 360); response =
    Harris response; octave = level), level by level, each by
    decreasing response; and an (N, 32) uint8 array (bit i of byte j = test
    8 j + i).

Raises:
    TypeError: img or mask not uint8 arrays.
    ValueError: wrong shapes, a mask of another size, parameters out of range.
)doc");

  m.def(
      "match",
      [](const py::object& d1, const py::object& d2, const std::string& metric, bool cross_check) {
        const char* func = "match";
        const MatchMetric mt = metric_arg(func, metric);
        const Desc q = descriptors_arg(func, "d1", d1, mt);
        const Desc t = descriptors_arg(func, "d2", d2, mt);
        if (q.set.length != t.set.length) {
          throw_invalid(func, "d2", "descriptors of d1's length " + std::to_string(q.set.length),
                        std::to_string(t.set.length));
        }
        std::vector<Match> out;
        run_nogil([&] { vc::match(q.set, t.set, mt, cross_check, out); });
        return matches_array(out);
      },
      "d1"_a, "d2"_a, "metric"_a = "hamming", "cross_check"_a = false,
      R"doc(Brute-force nearest-neighbour matching, as cv2.BFMatcher.match.

For every row of d1 (query) the nearest row of d2 (train); ties go to the
lowest train index. With cross_check, a match (i, j) is kept only if i is
also the nearest d1 row of j (ties: lowest query index), as BFMatcher's
crossCheck=True.

Args:
    d1: (N, D) query descriptors: uint8 for "hamming", float32 for "l2".
    d2: (M, D) train descriptors, same dtype and D.
    metric: "hamming" (differing bits) or "l2" (Euclidean distance).
    cross_check: keep only mutual nearest neighbours.

Returns:
    Structured array (vc.MATCH_DTYPE) with fields query_idx, train_idx
    (int32) and distance (float32), in query order.

Raises:
    TypeError: non-arrays or the wrong dtype for the metric.
    ValueError: not 2-D, different descriptor lengths, unknown metric.
)doc");

  m.def(
      "knn_match",
      [](const py::object& d1, const py::object& d2, int k, const std::string& metric) {
        const char* func = "knn_match";
        const MatchMetric mt = metric_arg(func, metric);
        const Desc q = descriptors_arg(func, "d1", d1, mt);
        const Desc t = descriptors_arg(func, "d2", d2, mt);
        if (k < 1 || k > 1024) throw_invalid(func, "k", "an int in 1..1024", std::to_string(k));
        if (q.set.length != t.set.length) {
          throw_invalid(func, "d2", "descriptors of d1's length " + std::to_string(q.set.length),
                        std::to_string(t.set.length));
        }
        const py::ssize_t n = static_cast<py::ssize_t>(q.set.count);
        py::array_t<int32_t> idx({n, static_cast<py::ssize_t>(k)});
        py::array_t<float> dist({n, static_cast<py::ssize_t>(k)});
        int32_t* ip = idx.mutable_data();
        float* dp = dist.mutable_data();
        run_nogil([&] { vc::knn_match(q.set, t.set, mt, k, ip, dp); });
        return py::make_tuple(idx, dist);
      },
      "d1"_a, "d2"_a, "k"_a = 2, "metric"_a = "hamming",
      R"doc(The k nearest d2 rows of every d1 row, as cv2.BFMatcher.knnMatch.

Args:
    d1: (N, D) query descriptors: uint8 for "hamming", float32 for "l2".
    d2: (M, D) train descriptors, same dtype and D.
    k: neighbours per query, 1..1024.
    metric: "hamming" or "l2".

Returns:
    (indices, distances): (N, k) int32 train indices and (N, k) float32
    distances, nearest first (ties: lower train index first). When M < k the
    missing slots hold index -1 and distance inf.

Raises:
    TypeError: non-arrays or the wrong dtype for the metric.
    ValueError: not 2-D, different descriptor lengths, k out of range.
)doc");

  m.def(
      "ratio_test",
      [](const py::object& knn, double ratio) {
        const char* func = "ratio_test";
        const std::string allowed = "the (indices, distances) pair from knn_match with k >= 2";
        if (!py::isinstance<py::tuple>(knn) || py::len(knn) != 2) {
          throw_type(func, "knn", allowed, type_name_of(knn));
        }
        const py::tuple t = py::reinterpret_borrow<py::tuple>(knn);
        if (!py::isinstance<py::array_t<int32_t>>(t[0]) || !py::isinstance<py::array_t<float>>(t[1])) {
          throw_type(func, "knn", allowed, "other arrays");
        }
        const py::array_t<int32_t, py::array::c_style | py::array::forcecast> idx(t[0]);
        const py::array_t<float, py::array::c_style | py::array::forcecast> dist(t[1]);
        if (idx.ndim() != 2 || dist.ndim() != 2 || idx.shape(1) < 2 ||
            idx.shape(0) != dist.shape(0) || idx.shape(1) != dist.shape(1)) {
          throw_invalid(func, "knn", allowed, shape_str(idx) + " and " + shape_str(dist));
        }
        if (!(ratio > 0 && ratio <= 1)) {
          throw_invalid(func, "ratio", "a number in (0, 1]", std::to_string(ratio));
        }
        std::vector<Match> out;
        const py::ssize_t n = idx.shape(0), k = idx.shape(1);
        for (py::ssize_t i = 0; i < n; ++i) {
          const int32_t j = idx.data()[i * k];
          const float d0 = dist.data()[i * k], d1 = dist.data()[i * k + 1];
          if (j < 0) continue;
          if (d0 < static_cast<float>(ratio) * d1) out.push_back({static_cast<int32_t>(i), j, d0});
        }
        return matches_array(out);
      },
      "knn"_a, "ratio"_a = 0.75,
      R"doc(Lowe's ratio test on knn_match output.

Keeps query i with its nearest neighbour when distance[i, 0] < ratio *
distance[i, 1] (a missing second neighbour, distance inf, always passes).

Args:
    knn: the (indices, distances) pair returned by knn_match (k >= 2).
    ratio: in (0, 1].

Returns:
    Structured array (vc.MATCH_DTYPE): query_idx, train_idx, distance, in
    query order.

Raises:
    TypeError: knn not a pair of int32 / float32 arrays.
    ValueError: shapes that do not match or k < 2, ratio out of range.
)doc");

  m.def(
      "find_homography",
      [](const py::object& src, const py::object& dst, const std::string& method,
         double reproj_threshold, int max_iters, double confidence, const py::object& seed) {
        return robust_call("find_homography", false, src, dst, method, reproj_threshold,
                           max_iters, confidence, seed);
      },
      "src"_a, "dst"_a, "method"_a = "ransac", "reproj_threshold"_a = 3.0,
      "max_iters"_a = 2000, "confidence"_a = 0.995, "seed"_a = py::none(),
      R"doc(Homography H with dst ~ H @ [x, y, 1], robust to outliers.

"ransac": 4-pair minimal sets (normalized DLT), inliers within
reproj_threshold pixels (forward error), the model with most inliers, the
iteration count adapted to the inlier ratio and confidence; "lmeds": the
model with the least median error; "none": least squares on every pair.
The winner is refitted on its inliers (normalized least squares, then
Levenberg-Marquardt on the reprojection error) and the mask recomputed.
Deterministic: seed None means seed 0.

Args:
    src: (N, 2) or (N, 1, 2) points, N >= 4, float or integer.
    dst: the matching points, same count.
    method: "ransac", "lmeds" or "none".
    reproj_threshold: inlier distance in pixels, > 0.
    max_iters: 1..1000000 minimal sets at most.
    confidence: in (0, 1).
    seed: None or an int in 0..2^64-1.

Returns:
    (H, inlier_mask): (3, 3) float64 with H[2, 2] = 1, (N,) bool.

Raises:
    TypeError: non-arrays, non-numeric dtypes, a non-int seed.
    ValueError: fewer than 4 pairs, different counts, NaN / inf, all points
        collinear, bad options, or no model found (every minimal set
        degenerate).
)doc");

  m.def(
      "estimate_affine_2d",
      [](const py::object& src, const py::object& dst, const std::string& method,
         double reproj_threshold, int max_iters, double confidence, const py::object& seed) {
        return robust_call("estimate_affine_2d", true, src, dst, method, reproj_threshold,
                           max_iters, confidence, seed);
      },
      "src"_a, "dst"_a, "method"_a = "ransac", "reproj_threshold"_a = 3.0,
      "max_iters"_a = 2000, "confidence"_a = 0.995, "seed"_a = py::none(),
      R"doc(2-D affine map A (2x3) with dst ~ A @ [x, y, 1], robust to outliers.

As find_homography with 3-pair minimal sets; the refit is linear least
squares on the inliers.

Args:
    src: (N, 2) or (N, 1, 2) points, N >= 3, float or integer.
    dst: the matching points, same count.
    method: "ransac", "lmeds" or "none".
    reproj_threshold: inlier distance in pixels, > 0.
    max_iters: 1..1000000 minimal sets at most.
    confidence: in (0, 1).
    seed: None or an int in 0..2^64-1.

Returns:
    (A, inlier_mask): (2, 3) float64 and (N,) bool.

Raises:
    TypeError: non-arrays, non-numeric dtypes, a non-int seed.
    ValueError: fewer than 3 pairs, different counts, NaN / inf, all points
        collinear, bad options, or no model found.
)doc");
}

}  // namespace vc::bind
