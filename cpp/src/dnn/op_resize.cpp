// Resize (opsets 10, 11, 13, 18, 19) and the deprecated Upsample (opsets 7,
// 9): attributes and their opset forms, output sizes from scales or sizes,
// and the per-axis tables (resize_plan.hpp) that run() executes.
//
// Parameter inputs (scales, sizes, roi) must be known when the node is
// planned: constants, or values folded from constants and shapes. A scales
// tensor fed at run time cannot size the output before the run, so it is
// rejected with a message saying so.
#include <cmath>
#include <cstring>
#include <limits>

#include "dnn/ops_decl.hpp"
#include "dnn/resize_plan.hpp"

namespace vc::dnn {

namespace {

constexpr int64_t kMaxAxis = std::numeric_limits<int32_t>::max();

// The schema version a default-domain opset selects.
int resize_version(int64_t opset) {
  if (opset >= 19) return 19;
  if (opset >= 18) return 18;
  if (opset >= 13) return 13;
  if (opset >= 11) return 11;
  return opset >= 10 ? 10 : 0;
}

std::string join(const std::vector<std::string>& v) {
  std::string r;
  for (size_t i = 0; i < v.size(); ++i) r += (i ? ", " : "") + v[i];
  return r;
}

// A string attribute restricted to `allowed` (first entry: the default).
std::string choice(const Attrs& a, const char* name, const std::vector<std::string>& allowed) {
  const std::string v = a.get_string(name, allowed[0]);
  for (const auto& s : allowed) {
    if (v == s) return v;
  }
  a.bad(name, "expected one of " + join(allowed) + "; got '" + v + "'");
}

bool flag(const Attrs& a, const char* name) {
  const int64_t v = a.get_int(name, 0);
  if (v != 0 && v != 1) a.bad(name, "expected 0 or 1; got " + std::to_string(v));
  return v != 0;
}

class ResizeOp : public Op {
 public:
  ResizeOp(const Graph& g, const GraphNode& n, bool upsample) : upsample_(upsample) {
    Attrs a{n};
    const int nin = static_cast<int>(n.inputs.size());
    std::vector<std::string> known_attrs;
    if (upsample_) {
      if (g.opset < 7) {
        node_error(n, "Upsample before opset 7 (height_scale / width_scale) is not supported; "
                      "opset " + std::to_string(g.opset));
      }
      version_ = g.opset >= 9 ? 9 : 7;
      known_attrs = {"mode"};
      if (version_ == 7) known_attrs.push_back("scales");
      if (version_ == 7 && nin != 1) node_error(n, "Upsample-7 takes one input (scales is an attribute)");
      if (version_ == 9 && (nin != 2 || n.inputs[1] < 0)) {
        node_error(n, "Upsample-9 takes inputs 'X' and 'scales'");
      }
    } else {
      version_ = resize_version(g.opset);
      if (version_ == 0) node_error(n, "Resize needs opset >= 10; got " + std::to_string(g.opset));
      known_attrs = {"mode"};
      if (version_ >= 11) {
        for (const char* s : {"coordinate_transformation_mode", "cubic_coeff_a", "exclude_outside",
                              "extrapolation_value", "nearest_mode"}) {
          known_attrs.push_back(s);
        }
      }
      if (version_ >= 18) {
        for (const char* s : {"antialias", "axes", "keep_aspect_ratio_policy"}) known_attrs.push_back(s);
      }
      if (version_ == 10 && (nin != 2 || n.inputs[1] < 0)) {
        node_error(n, "Resize-10 takes inputs 'X' and 'scales'");
      }
      if (version_ == 11 && nin < 3) {
        node_error(n, "Resize-11 takes inputs 'X', 'roi', 'scales' and optionally 'sizes'");
      }
    }
    const std::string op = std::string(upsample_ ? "Upsample-" : "Resize-") + std::to_string(version_);
    for (const auto& at : n.proto->attributes) {
      bool ok = false;
      for (const auto& k : known_attrs) ok = ok || at.name == k;
      if (!ok) a.bad(at.name.c_str(), "is not an attribute of " + op + " (it has " + join(known_attrs) + ")");
    }

    std::vector<std::string> modes = {"nearest", "linear"};
    if (!upsample_ && version_ >= 11) modes.push_back("cubic");
    const std::string mode = choice(a, "mode", modes);
    p_.mode = mode == "nearest" ? ResizeMode::Nearest
              : mode == "linear" ? ResizeMode::Linear
                                 : ResizeMode::Cubic;

    if (upsample_ || version_ == 10) {
      // the pre-11 forms: asymmetric coordinates, floor (ceil when shrinking)
      p_.coord = ResizeCoord::Asymmetric;
      p_.nearest = ResizeNearest::Opset10;
      if (version_ == 7) {
        bool present = false;
        const auto* at = a.find("scales");
        present = at != nullptr;
        if (!present) a.bad("scales", "required for Upsample-7");
        if (at->type != onnx::kAttrFloats) a.bad("scales", "expected FLOATS");
        scales_attr_ = at->floats;
      }
      return;
    }
    std::vector<std::string> coords = {"half_pixel", "pytorch_half_pixel", "align_corners",
                                       "asymmetric", "tf_crop_and_resize"};
    if (version_ == 11) coords.push_back("tf_half_pixel_for_nn");
    if (version_ >= 19) coords.push_back("half_pixel_symmetric");
    const std::string c = choice(a, "coordinate_transformation_mode", coords);
    p_.coord = c == "half_pixel"             ? ResizeCoord::HalfPixel
               : c == "pytorch_half_pixel"   ? ResizeCoord::PytorchHalfPixel
               : c == "align_corners"        ? ResizeCoord::AlignCorners
               : c == "asymmetric"           ? ResizeCoord::Asymmetric
               : c == "tf_crop_and_resize"   ? ResizeCoord::TfCropAndResize
               : c == "tf_half_pixel_for_nn" ? ResizeCoord::TfHalfPixelForNn
                                             : ResizeCoord::HalfPixelSymmetric;
    const std::string nm = choice(a, "nearest_mode", {"round_prefer_floor", "round_prefer_ceil", "floor", "ceil"});
    p_.nearest = nm == "round_prefer_floor"  ? ResizeNearest::RoundPreferFloor
                 : nm == "round_prefer_ceil" ? ResizeNearest::RoundPreferCeil
                 : nm == "floor"             ? ResizeNearest::Floor
                                             : ResizeNearest::Ceil;
    p_.cubic_a = a.get_float("cubic_coeff_a", -0.75f);
    if (!std::isfinite(p_.cubic_a)) a.bad("cubic_coeff_a", "must be finite");
    p_.exclude_outside = flag(a, "exclude_outside");
    p_.extrapolation = a.get_float("extrapolation_value", 0.0f);
    // antialias widens linear / cubic filters when shrinking; nearest has no
    // filter to widen, so the attribute does not change it (as the spec says)
    p_.antialias = flag(a, "antialias");
    axes_ = a.get_ints("axes", &has_axes_);
    if (has_axes_ && axes_.empty()) a.bad("axes", "must not be empty");
    const std::string keep = choice(a, "keep_aspect_ratio_policy", {"stretch", "not_larger", "not_smaller"});
    keep_ = keep == "stretch" ? 0 : keep == "not_larger" ? 1 : 2;
  }

  size_t plan(const std::vector<PlanIn>& in, std::vector<PlanOut>& out, int threads) override {
    if (in[0].dtype != onnx::kFloat) op_error(func, "input 'X' must be float32");
    const Shape& x = *in[0].shape;
    const int r = static_cast<int>(x.size());
    if (r < 1 || r > ResizePlan::kMaxRank) {
      op_error(func, "input 'X' must have rank 1 to " + std::to_string(ResizePlan::kMaxRank) +
                         "; got shape " + shape_str(x));
    }
    for (int64_t d : x) {
      if (d > kMaxAxis) op_error(func, "input 'X' has a dim over " + std::to_string(kMaxAxis));
    }
    // the resized axes
    std::vector<int> axes;
    if (has_axes_) {
      std::vector<bool> seen(static_cast<size_t>(r), false);
      for (int64_t v : axes_) {
        const int64_t ax = v < 0 ? v + r : v;
        if (ax < 0 || ax >= r) {
          op_error(func, "attribute 'axes': " + std::to_string(v) + " is out of range for rank " +
                             std::to_string(r));
        }
        if (seen[ax]) op_error(func, "attribute 'axes' repeats axis " + std::to_string(ax));
        seen[ax] = true;
        axes.push_back(static_cast<int>(ax));
      }
    } else {
      for (int d = 0; d < r; ++d) axes.push_back(d);
    }
    const size_t k = axes.size();

    // scales or sizes, by opset form
    std::vector<float> scales;
    std::vector<int64_t> sizes;
    bool have_scales = false, have_sizes = false;
    if (version_ == 7) {
      scales = scales_attr_;
      have_scales = true;
    } else {
      const size_t si = (upsample_ || version_ == 10) ? 1 : 2;
      if (si < in.size() && in[si].shape) {
        const HostTensor* s = in[si].value;
        if (!s) {
          op_error(func, "input 'scales' must be known before the run (a constant or computed from "
                         "constants and shapes); a graph input or run-time value cannot size the output");
        }
        if (s->dtype != onnx::kFloat || s->shape.size() > 1) {
          op_error(func, "input 'scales' must be a 1-D float32 tensor");
        }
        scales = s->f;
        have_scales = !scales.empty();  // empty: not given (opset 11 / 13 form)
      }
      if (si == 2 && in.size() > 3 && in[3].shape) {
        const HostTensor* s = in[3].value;
        if (!s) {
          op_error(func, "input 'sizes' must be known before the run (a constant or computed from "
                         "constants and shapes)");
        }
        if (s->dtype != onnx::kInt64 || s->shape.size() > 1) {
          op_error(func, "input 'sizes' must be a 1-D int64 tensor");
        }
        sizes = s->i;
        have_sizes = true;
      }
    }
    if (have_scales && have_sizes) op_error(func, "only one of 'scales' and 'sizes' may be given");
    if (!have_scales && !have_sizes) op_error(func, "one of 'scales' and 'sizes' is required");
    const char* what = have_scales ? (version_ == 7 ? "attribute 'scales'" : "input 'scales'")
                                   : "input 'sizes'";
    const size_t given = have_scales ? scales.size() : sizes.size();
    if (given != k) {
      op_error(func, std::string(what) + " has " + std::to_string(given) + " values; expected " +
                         std::to_string(k) + (has_axes_ ? " (one per entry of 'axes')" : " (the rank of 'X')"));
    }

    // output sizes and coordinate scales per dim
    std::vector<int64_t> osz(x.begin(), x.end());
    std::vector<float> scale(static_cast<size_t>(r), 1.0f);
    const double limit = static_cast<double>(kMaxTensorBytes / 4);
    if (have_scales) {
      for (size_t i = 0; i < k; ++i) {
        const float s = scales[i];
        if (!(std::isfinite(s) && s > 0.0f)) {
          op_error(func, std::string(what) + " values must be finite and > 0; got " + std::to_string(s));
        }
        if (upsample_ && s < 1.0f) {
          op_error(func, std::string(what) + " values must be >= 1 for Upsample; got " + std::to_string(s));
        }
        const int d = axes[i];
        const double o = std::floor(static_cast<double>(x[d]) * static_cast<double>(s));
        if (o > limit) op_error(func, "output dim " + std::to_string(d) + " is over the size limit");
        osz[d] = static_cast<int64_t>(o);
        scale[d] = s;
      }
    } else {
      for (size_t i = 0; i < k; ++i) {
        if (sizes[i] < 0 || sizes[i] > kMaxAxis) {
          op_error(func, "input 'sizes' values must be in [0, " + std::to_string(kMaxAxis) + "]; got " +
                             std::to_string(sizes[i]));
        }
        const int d = axes[i];
        if (x[d] == 0 && sizes[i] != 0) {
          op_error(func, "input 'X' dim " + std::to_string(d) + " is empty and cannot be resized to " +
                             std::to_string(sizes[i]));
        }
      }
      if (keep_ == 0) {
        for (size_t i = 0; i < k; ++i) {
          const int d = axes[i];
          osz[d] = sizes[i];
          if (x[d] > 0) scale[d] = static_cast<float>(sizes[i]) / static_cast<float>(x[d]);
        }
      } else {
        // one scale for every listed axis: the smallest (not_larger) or the
        // largest (not_smaller) of sizes / in; sizes round half up
        float s = keep_ == 1 ? std::numeric_limits<float>::infinity() : 0.0f;
        for (size_t i = 0; i < k; ++i) {
          const int d = axes[i];
          if (x[d] == 0) continue;
          const float v = static_cast<float>(sizes[i]) / static_cast<float>(x[d]);
          s = keep_ == 1 ? std::min(s, v) : std::max(s, v);
        }
        if (!(s > 0.0f) || !std::isfinite(s)) op_error(func, "input 'sizes' gives no usable scale");
        for (size_t i = 0; i < k; ++i) {
          const int d = axes[i];
          const double o = std::floor(static_cast<double>(s) * static_cast<double>(x[d]) + 0.5);
          if (o > static_cast<double>(kMaxAxis)) op_error(func, "output dim " + std::to_string(d) + " is over the size limit");
          osz[d] = static_cast<int64_t>(o);
          scale[d] = s;
        }
      }
    }
    for (int d = 0; d < r; ++d) {
      if (osz[d] > kMaxAxis) op_error(func, "output dim " + std::to_string(d) + " is over " + std::to_string(kMaxAxis));
    }
    checked_count(func, osz);

    // the crop box (tf_crop_and_resize only)
    std::vector<float> roi_start(static_cast<size_t>(r), 0.0f), roi_end(static_cast<size_t>(r), 1.0f);
    if (p_.coord == ResizeCoord::TfCropAndResize) {
      if (in.size() < 2 || !in[1].shape) {
        op_error(func, "input 'roi' is required with coordinate_transformation_mode tf_crop_and_resize");
      }
      const HostTensor* roi = in[1].value;
      if (!roi) op_error(func, "input 'roi' must be known before the run (a constant)");
      if (roi->dtype != onnx::kFloat || roi->f.size() != 2 * k) {
        op_error(func, "input 'roi' must be float32 with " + std::to_string(2 * k) +
                           " values [starts..., ends...]; got " + std::to_string(roi->count()));
      }
      for (size_t i = 0; i < k; ++i) {
        roi_start[axes[i]] = roi->f[i];
        roi_end[axes[i]] = roi->f[k + i];
      }
    }

    std::vector<ResizeAxis> tables;
    tables.reserve(static_cast<size_t>(r));
    for (int d = 0; d < r; ++d) {
      tables.push_back(make_resize_axis(p_, x[d], osz[d], scale[d], roi_start[d], roi_end[d]));
    }
    plan_.build(x, std::move(tables), p_);
    out[0] = PlanOut{onnx::kFloat, osz};
    return plan_.workspace_floats(threads);
  }

  void run(const float* const* in, float* const* out, float* ws, size_t ws_n) const override {
    plan_.run(in[0], out[0], ws, ws_n);
  }

 private:
  bool upsample_;
  int version_ = 13;  // Resize 10 / 11 / 13 / 18 / 19, Upsample 7 / 9
  ResizeParams p_;
  std::vector<int64_t> axes_;
  bool has_axes_ = false;
  int keep_ = 0;  // keep_aspect_ratio_policy: stretch, not_larger, not_smaller
  std::vector<float> scales_attr_;  // Upsample-7
  ResizePlan plan_;
};

}  // namespace

std::unique_ptr<Op> make_resize(const Graph& g, const GraphNode& n) {
  return std::make_unique<ResizeOp>(g, n, false);
}
std::unique_ptr<Op> make_upsample(const Graph& g, const GraphNode& n) {
  return std::make_unique<ResizeOp>(g, n, true);
}

}  // namespace vc::dnn
