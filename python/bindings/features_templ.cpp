// Feature-extraction bindings: template matching, min_max_loc, Hough
// transforms, HOG and LBP.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "binders.hpp"
#include "ndarray.hpp"
#include "nogil.hpp"
#include "visioncore/error.hpp"
#include "visioncore/descriptors.hpp"
#include "visioncore/hough.hpp"
#include "visioncore/template.hpp"

namespace py = pybind11;
using namespace pybind11::literals;

namespace vc::bind {
namespace {

[[maybe_unused]] std::string py_type_name(const py::handle& obj) {
  return py::str(py::type::handle_of(obj).attr("__name__")).cast<std::string>();
}

[[maybe_unused]] double number_arg(const char* func, const char* param, const py::handle& obj) {
  if (py::isinstance<py::bool_>(obj) ||
      (!py::isinstance<py::int_>(obj) && !py::isinstance<py::float_>(obj) &&
       !py::isinstance(obj, py::module_::import("numpy").attr("number")))) {
    throw_type(func, param, "a number", py_type_name(obj));
  }
  const double v = py::cast<double>(obj);
  if (!std::isfinite(v)) throw_invalid(func, param, "a finite number", py::str(obj).cast<std::string>());
  return v;
}

[[maybe_unused]] int64_t integer_arg(const char* func, const char* param, const py::handle& obj, int64_t lo,
                    int64_t hi, const std::string& allowed) {
  if (py::isinstance<py::bool_>(obj) ||
      (!py::isinstance<py::int_>(obj) &&
       !py::isinstance(obj, py::module_::import("numpy").attr("integer")))) {
    throw_type(func, param, allowed, py_type_name(obj));
  }
  const py::int_ v = py::reinterpret_borrow<py::object>(obj);
  if (v < py::int_(lo) || v > py::int_(hi)) {
    throw_invalid(func, param, allowed, py::str(obj).cast<std::string>());
  }
  return v.cast<int64_t>();
}

// An int pair: k (k, k) or a (first, second) sequence.
void pair_arg(const char* func, const char* param, const py::handle& obj, int* a, int* b) {
  const std::string allowed = "an int or a pair of ints in 1..65536";
  if (py::isinstance<py::tuple>(obj) || py::isinstance<py::list>(obj)) {
    const py::sequence seq = py::reinterpret_borrow<py::sequence>(obj);
    if (seq.size() != 2) {
      throw_invalid(func, param, allowed, "a sequence of length " + std::to_string(seq.size()));
    }
    *a = static_cast<int>(integer_arg(func, param, seq[0], 1, 65536, allowed));
    *b = static_cast<int>(integer_arg(func, param, seq[1], 1, 65536, allowed));
    return;
  }
  *a = *b = static_cast<int>(integer_arg(func, param, obj, 1, 65536, allowed));
}

}  // namespace

void bind_templ(py::module_& m) {
  m.def(
      "match_template",
      [](const py::object& img, const py::object& templ, const std::string& method,
         const py::object& mask, const py::object& out) {
        const char* func = "match_template";
        static const TemplMethod methods[] = {TemplMethod::SqDiff,       TemplMethod::SqDiffNormed,
                                              TemplMethod::CCorr,        TemplMethod::CCorrNormed,
                                              TemplMethod::CCoeff,       TemplMethod::CCoeffNormed};
        const TemplMethod mt = methods[choice_arg(
            func, "method", method,
            {"sqdiff", "sqdiff_normed", "ccorr", "ccorr_normed", "ccoeff", "ccoeff_normed"})];
        InputImage src = image_arg(func, "img", img, kU8 | kF32);
        InputImage tp = image_arg(func, "templ", templ, kU8 | kF32);
        InputImage mk;
        if (!mask.is_none()) mk = image_arg(func, "mask", mask, kU8 | kF32);
        if (tp.view.width > src.view.width || tp.view.height > src.view.height) {
          throw_invalid(func, "templ", "a template no larger than the image " + describe(src.view),
                        describe(tp.view));
        }
        if (tp.view.type != src.view.type) {
          throw_type(func, "templ", std::string("the image's dtype ") + pixel_type_name(src.view.type),
                     pixel_type_name(tp.view.type));
        }
        if (tp.view.channels != src.view.channels) {
          throw_invalid(func, "templ", std::to_string(src.view.channels) + " channel(s) like the image",
                        std::to_string(tp.view.channels));
        }
        OutputImage dst = output_arg(func, out, src.view.height - tp.view.height + 1,
                                     src.view.width - tp.view.width + 1, 1, false, PixelType::F32);
        check_no_overlap(func, dst, {&src, &tp});
        if (!mask.is_none()) check_no_overlap(func, dst, {&mk});
        run_nogil([&] { vc::match_template(src.view, tp.view, dst.view, mt, mk.view); });
        return dst.array;
      },
      "img"_a, "templ"_a, "method"_a = "ccoeff_normed", "mask"_a = py::none(), py::kw_only(),
      "out"_a = py::none(),
      R"doc(Compare a template against every placement in an image (cv2.matchTemplate).

For each top-left position (x, y) of the h x w template T over the H x W
image I (sums over the template and the channels):

- "sqdiff": sum (T - I)^2; "sqdiff_normed" divides by sqrt(sum T^2 * sum I^2)
- "ccorr": sum T * I; "ccorr_normed" divides by the same
- "ccoeff": sum T' * I' with T' = T - mean(T), I' = I - mean of the window
  (per channel); "ccoeff_normed" divides by sqrt(sum T'^2 * sum I'^2)

Normalized results follow OpenCV's guards (a flat window gives 0, 1 for
"sqdiff_normed"; a constant template gives 1 everywhere for
"ccoeff_normed"). Small templates are correlated directly (SIMD), large
ones by FFT tiles; window sums are exact running sums in double. Results
are within float rounding (about 1e-6 of the response scale) of OpenCV and
identical for every ISA level and thread count.

Args:
    img: (H, W) or (H, W, C) uint8 or float32, C in 1..4.
    templ: (h, w[, C]) of the same dtype and channels, h <= H, w <= W.
    method: "sqdiff", "sqdiff_normed", "ccorr", "ccorr_normed", "ccoeff"
        or "ccoeff_normed" (default).
    mask: None, or (h, w) / (h, w, C) uint8 (nonzero = used, as weight 1)
        or float32 (weights); OpenCV's masked formulas, every term weighed
        by mask^2 and means mask-weighted.
    out: optional float32 (H - h + 1, W - w + 1) array to write into.

Returns:
    float32 array of shape (H - h + 1, W - w + 1).

Raises:
    TypeError: non-array inputs, unsupported or mismatched dtypes.
    ValueError: empty inputs, a template larger than the image, channel or
        mask size mismatch, an unknown method, a bad ``out``.

Example:
    >>> r = vc.match_template(img, img[10:26, 20:36], "sqdiff")
    >>> vc.min_max_loc(r)[2]
    (20, 10)
)doc");

  m.def(
      "min_max_loc",
      [](const py::object& img, const py::object& mask) {
        const char* func = "min_max_loc";
        InputImage src = image_arg(func, "img", img, kU8 | kU16 | kS16 | kF32, kGrayOnly);
        InputImage mk;
        if (!mask.is_none()) mk = image_arg(func, "mask", mask, kU8, kGrayOnly);
        MinMaxLoc r;
        run_nogil([&] { r = vc::min_max_loc(src.view, mk.view); });
        return py::make_tuple(r.min_val, r.max_val, py::make_tuple(r.min_x, r.min_y),
                              py::make_tuple(r.max_x, r.max_y));
      },
      "img"_a, "mask"_a = py::none(),
      R"doc(Smallest and largest value of a 1-channel image and where they first occur (cv2.minMaxLoc).

Positions are the first in raster order. NaNs are skipped (all NaN: both
values NaN and positions (-1, -1)). With a mask only nonzero mask pixels
count; if none does, both values are 0.0 and positions (-1, -1).

Args:
    img: (H, W) or (H, W, 1) uint8, uint16, int16 or float32.
    mask: None or a uint8 array of the same size.

Returns:
    (min_val, max_val, (min_x, min_y), (max_x, max_y)) with float values.

Raises:
    TypeError: non-array input or unsupported dtype.
    ValueError: empty or multi-channel image, mask of another size.

Example:
    >>> vc.min_max_loc(np.array([[3, 1], [7, 7]], np.uint8))
    (1.0, 7.0, (1, 0), (0, 1))
)doc");
  m.def(
      "hough_lines",
      [](const py::object& edges, const py::object& rho, const py::object& theta,
         const py::object& threshold, const py::object& min_theta, const py::object& max_theta) {
        const char* func = "hough_lines";
        InputImage src = image_arg(func, "edges", edges, kU8, kGrayOnly);
        const double r = number_arg(func, "rho", rho), t = number_arg(func, "theta", theta);
        const int th = static_cast<int>(integer_arg(func, "threshold", threshold, 1,
                                                    std::numeric_limits<int>::max(), "an int > 0"));
        const double t0 = number_arg(func, "min_theta", min_theta);
        const double t1 = number_arg(func, "max_theta", max_theta);
        std::vector<HoughLine> lines;
        run_nogil([&] { lines = vc::hough_lines(src.view, r, t, th, t0, t1); });
        py::array_t<float> res({static_cast<py::ssize_t>(lines.size()), py::ssize_t{2}});
        float* d = res.mutable_data();
        for (size_t i = 0; i < lines.size(); ++i) d[2 * i] = lines[i].rho, d[2 * i + 1] = lines[i].theta;
        return res;
      },
      "edges"_a, "rho"_a, "theta"_a, "threshold"_a, "min_theta"_a = 0.0,
      "max_theta"_a = 3.14159265358979323846,
      R"doc(Straight lines by the standard Hough transform (cv2.HoughLines).

Each nonzero pixel (x, y) votes for every angle min_theta + n * theta
(n >= 0, up to max_theta; a last angle repeating 0 at pi is dropped) at
rho = round_half_even(x cos + y sin) in steps of ``rho``; lines are the
accumulator cells with more than ``threshold`` votes that are local
maxima, strongest first (ties in (angle, rho) order) -- the same lines,
in the same order, as OpenCV.

Args:
    edges: (H, W) uint8 edge map, nonzero = edge (e.g. from Canny).
    rho: distance resolution in pixels, > 0.
    theta: angle resolution in radians, > 0.
    threshold: votes a line needs (strictly more), > 0.
    min_theta: smallest angle, in [0, pi].
    max_theta: largest angle, in [min_theta, pi].

Returns:
    (N, 2) float32 array of (rho, theta), x cos(theta) + y sin(theta) = rho.

Raises:
    TypeError: non-array or non-uint8 edges, non-numeric parameters.
    ValueError: empty or multi-channel edges, rho/theta/threshold <= 0,
        angles out of range, an accumulator over 2^30 cells.

Example:
    >>> lines = vc.hough_lines(vc_edges, 1, np.pi / 180, 100)
)doc");

  m.def(
      "hough_lines_p",
      [](const py::object& edges, const py::object& rho, const py::object& theta,
         const py::object& threshold, const py::object& min_len, const py::object& max_gap,
         const py::object& seed) {
        const char* func = "hough_lines_p";
        InputImage src = image_arg(func, "edges", edges, kU8, kGrayOnly);
        const double r = number_arg(func, "rho", rho), t = number_arg(func, "theta", theta);
        const int th = static_cast<int>(integer_arg(func, "threshold", threshold, 1,
                                                    std::numeric_limits<int>::max(), "an int > 0"));
        const double ml = number_arg(func, "min_line_length", min_len);
        const double mg = number_arg(func, "max_line_gap", max_gap);
        uint64_t s = 0;
        if (seed.is_none()) {
          std::random_device rd;
          s = (uint64_t{rd()} << 32) ^ rd();
        } else {
          s = static_cast<uint64_t>(integer_arg(func, "seed", seed, 0,
                                                std::numeric_limits<int64_t>::max(),
                                                "None or an int >= 0"));
        }
        std::vector<HoughSegment> segs;
        run_nogil([&] { segs = vc::hough_lines_p(src.view, r, t, th, ml, mg, s); });
        py::array_t<int32_t> res({static_cast<py::ssize_t>(segs.size()), py::ssize_t{4}});
        int32_t* d = res.mutable_data();
        for (size_t i = 0; i < segs.size(); ++i) {
          d[4 * i] = segs[i].x1, d[4 * i + 1] = segs[i].y1;
          d[4 * i + 2] = segs[i].x2, d[4 * i + 3] = segs[i].y2;
        }
        return res;
      },
      "edges"_a, "rho"_a, "theta"_a, "threshold"_a, "min_line_length"_a = 0.0,
      "max_line_gap"_a = 0.0, "seed"_a = py::none(),
      R"doc(Line segments by the progressive probabilistic Hough transform (cv2.HoughLinesP).

OpenCV's algorithm: edge points are taken in random order and vote; when
a cell reaches ``threshold`` the line is followed from the point both
ways across gaps of at most ``max_line_gap`` pixels, kept when it spans
at least ``min_line_length`` pixels in x or y, and its points (and their
votes) are removed. The random order comes from ``seed``: the same seed
gives the same segments; like OpenCV's, results are not unique.

Args:
    edges: (H, W) uint8 edge map, nonzero = edge.
    rho: distance resolution in pixels, > 0.
    theta: angle resolution in radians, > 0.
    threshold: votes a line needs, > 0.
    min_line_length: shortest segment kept (x or y extent), >= 0.
    max_line_gap: largest gap bridged on a line, >= 0.
    seed: None (a fresh random order) or an int >= 0.

Returns:
    (N, 4) int32 array of segments (x1, y1, x2, y2).

Raises:
    TypeError: non-array or non-uint8 edges, non-numeric parameters.
    ValueError: empty or multi-channel edges, rho/theta/threshold <= 0,
        negative length or gap.

Example:
    >>> segs = vc.hough_lines_p(edges, 1, np.pi / 180, 50, 30, 5, seed=0)
)doc");

  m.def(
      "hough_circles",
      [](const py::object& img, const py::object& dp, const py::object& min_dist,
         const py::object& param1, const py::object& param2, const py::object& min_radius,
         const py::object& max_radius) {
        const char* func = "hough_circles";
        InputImage src = image_arg(func, "img", img, kU8, kGrayOnly);
        const double d = number_arg(func, "dp", dp), md = number_arg(func, "min_dist", min_dist);
        const double p1 = number_arg(func, "param1", param1), p2 = number_arg(func, "param2", param2);
        const int r0 = static_cast<int>(integer_arg(func, "min_radius", min_radius, 0, 1 << 20,
                                                    "an int in 0..2^20"));
        const int r1 = static_cast<int>(integer_arg(func, "max_radius", max_radius, -1, 1 << 20,
                                                    "an int in -1..2^20"));
        std::vector<HoughCircle> cs;
        run_nogil([&] { cs = vc::hough_circles(src.view, d, md, p1, p2, r0, r1); });
        py::array_t<float> res({static_cast<py::ssize_t>(cs.size()), py::ssize_t{3}});
        float* o = res.mutable_data();
        for (size_t i = 0; i < cs.size(); ++i) o[3 * i] = cs[i].x, o[3 * i + 1] = cs[i].y, o[3 * i + 2] = cs[i].r;
        return res;
      },
      "img"_a, "dp"_a, "min_dist"_a, "param1"_a = 100.0, "param2"_a = 100.0, "min_radius"_a = 0,
      "max_radius"_a = 0,
      R"doc(Circles by the Hough gradient method (cv2.HoughCircles with HOUGH_GRADIENT).

Canny edges (thresholds param1 / 2 and param1) vote along their Sobel
gradient, both ways, for radii min_radius..max_radius in an accumulator
of 1/dp resolution; centers are local maxima with more than ``param2``
votes; each center takes the radius supported by the most edge pixels
(relative to the radius); circles closer than ``min_dist`` to a stronger
one are dropped. Strongest first.

Args:
    img: (H, W) uint8 grayscale image (smooth it first for noisy input).
    dp: inverse accumulator resolution, in [1, 1024].
    min_dist: smallest distance between centers, > 0.
    param1: the upper Canny threshold, > 0.
    param2: the accumulator threshold for centers, > 0.
    min_radius: smallest radius, >= 0.
    max_radius: largest radius; 0 = the larger image side; -1 = centers
        only (radius 0).

Returns:
    (N, 3) float32 array of (x, y, radius).

Raises:
    TypeError: non-array or non-uint8 image, non-numeric parameters.
    ValueError: empty or multi-channel image, parameters out of range.

Example:
    >>> circles = vc.hough_circles(gray, 1.5, 20, 100, 30, 10, 60)
)doc");

  m.def(
      "hog",
      [](const py::object& img, const py::object& cell, const py::object& block,
         const py::object& bins, const std::string& block_norm) {
        const char* func = "hog";
        InputImage src = image_arg(func, "img", img, kU8 | kF32);
        HogParams p;
        pair_arg(func, "cell", cell, &p.cell_h, &p.cell_w);
        pair_arg(func, "block", block, &p.block_h, &p.block_w);
        p.bins = static_cast<int>(integer_arg(func, "bins", bins, 1, 180, "an int in 1..180"));
        static const HogNorm norms[] = {HogNorm::L1, HogNorm::L1Sqrt, HogNorm::L2, HogNorm::L2Hys};
        p.norm = norms[choice_arg(func, "block_norm", block_norm, {"L1", "L1-sqrt", "L2", "L2-Hys"})];
        const size_t n = vc::hog_size(src.view.width, src.view.height, p);
        py::array_t<float> res(static_cast<py::ssize_t>(n));
        float* o = res.mutable_data();
        run_nogil([&] { vc::hog(src.view, p, o); });
        return res;
      },
      "img"_a, "cell"_a = py::make_tuple(8, 8), "block"_a = py::make_tuple(2, 2), "bins"_a = 9,
      "block_norm"_a = "L2-Hys",
      R"doc(Histogram of oriented gradients (Dalal-Triggs), as skimage.feature.hog.

Central-difference gradients (zero on the outer rows/columns), for color
images the channel of largest magnitude per pixel; each pixel adds its
magnitude to the bin of its unsigned orientation (0..180 degrees, no
interpolation), per cell, divided by the cell area; blocks of cells slide
one cell at a time and are normalized (eps = 1e-5). Matches
skimage.feature.hog(img, bins, cell, block, block_norm, channel_axis=-1
for color) within float32 rounding (skimage returns float64).

Args:
    img: (H, W) or (H, W, C) uint8 or float32, C in 1..4.
    cell: pixels per cell, k or (rows, cols).
    block: cells per block, k or (rows, cols).
    bins: orientation bins over 180 degrees, 1..180.
    block_norm: "L1", "L1-sqrt", "L2" or "L2-Hys" (L2, clip at 0.2, L2).

Returns:
    float32 vector laid out [block_row][block_col][cell_row][cell_col][bin]
    with (H // cell_rows - block_rows + 1) x (W // cell_cols - block_cols + 1)
    blocks.

Raises:
    TypeError: non-array input, unsupported dtype, non-int sizes.
    ValueError: empty image, non-positive sizes, no block fitting the image,
        an unknown block_norm.

Example:
    >>> f = vc.hog(gray, cell=(8, 8), block=(2, 2))
)doc");

  m.def(
      "lbp",
      [](const py::object& img, const py::object& radius, const py::object& points,
         const std::string& method, const py::object& out) {
        const char* func = "lbp";
        InputImage src = image_arg(func, "img", img, kU8 | kF32, kGrayOnly);
        const double r = number_arg(func, "radius", radius);
        const int p = static_cast<int>(integer_arg(func, "points", points, 1, 16, "an int in 1..16"));
        static const LbpMethod methods[] = {LbpMethod::Default, LbpMethod::Ror, LbpMethod::Uniform};
        const LbpMethod mt = methods[choice_arg(func, "method", method, {"default", "ror", "uniform"})];
        OutputImage dst = output_arg(func, out, src.view.height, src.view.width, 1, false,
                                     p <= 8 ? PixelType::U8 : PixelType::U16);
        check_no_overlap(func, dst, {&src});
        run_nogil([&] { vc::lbp(src.view, dst.view, r, p, mt); });
        return dst.array;
      },
      "img"_a, "radius"_a = 1.0, "points"_a = 8, "method"_a = "default", py::kw_only(),
      "out"_a = py::none(),
      R"doc(Local binary pattern codes, as skimage.feature.local_binary_pattern.

Neighbour i of ``points`` lies on the circle of ``radius`` at angle
2 pi i / points (row offset -r sin, column offset r cos), bilinearly
interpolated (zeros outside the image); bit i is set when it is >= the
center. "default": sum of bit_i 2^i; "ror": the smallest value over bit
rotations; "uniform": the number of set bits when the chain of bits
changes at most twice, else points + 1. The same codes as skimage
(which returns them as float64).

Args:
    img: (H, W) uint8 or float32.
    radius: circle radius in pixels, in (0, 1024].
    points: neighbours, 1..16.
    method: "default", "ror" or "uniform".
    out: optional (H, W) array of the result dtype.

Returns:
    (H, W) uint8 codes for points <= 8, uint16 for more.

Raises:
    TypeError: non-array input or unsupported dtype.
    ValueError: empty or multi-channel image, radius or points out of
        range, an unknown method, a bad ``out``.

Example:
    >>> codes = vc.lbp(gray, 1, 8, "uniform")
)doc");

  m.def(
      "lbp_histogram",
      [](const py::object& codes, const py::object& bins, bool normalize) {
        const char* func = "lbp_histogram";
        InputImage src = image_arg(func, "codes", codes, kU8 | kU16, kGrayOnly);
        const int nb = static_cast<int>(integer_arg(func, "bins", bins, 1, 65536, "an int in 1..65536"));
        std::vector<int64_t> counts(65536, 0);
        run_nogil([&] {
          for (int y = 0; y < src.view.height; ++y) {
            if (src.view.type == PixelType::U8) {
              const uint8_t* r = src.view.row<uint8_t>(y);
              for (int x = 0; x < src.view.width; ++x) counts[r[x]]++;
            } else {
              const uint16_t* r = src.view.row<uint16_t>(y);
              for (int x = 0; x < src.view.width; ++x) counts[r[x]]++;
            }
          }
        });
        for (int v = nb; v < 65536; ++v) {
          if (counts[v]) {
            throw_invalid(func, "bins", "more than the largest code " , std::to_string(nb));
          }
        }
        py::array_t<float> res(nb);
        float* o = res.mutable_data();
        const double total = double(src.view.width) * src.view.height;
        for (int v = 0; v < nb; ++v) o[v] = static_cast<float>(normalize ? counts[v] / total : double(counts[v]));
        return res;
      },
      "codes"_a, "bins"_a, "normalize"_a = true,
      R"doc(Histogram of LBP codes (the usual texture descriptor built on lbp).

Args:
    codes: (H, W) uint8 or uint16 codes from ``lbp``.
    bins: number of bins, larger than every code: 2**points for "default"
        and "ror", points + 2 for "uniform".
    normalize: divide by the pixel count (bins sum to 1).

Returns:
    (bins,) float32 array.

Raises:
    TypeError: non-array codes or unsupported dtype.
    ValueError: empty codes, bins out of range or not above every code.

Example:
    >>> h = vc.lbp_histogram(vc.lbp(gray, 1, 8, "uniform"), 10)
)doc");
}

}  // namespace vc::bind
