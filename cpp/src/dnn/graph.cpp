// Graph IR helpers, attribute access and the operator registry.
#include "dnn/graph.hpp"

#include <algorithm>

#include "dnn/ops_decl.hpp"

namespace vc::dnn {

int64_t HostTensor::count() const {
  int64_t n = 1;
  for (int64_t d : shape) n *= d;
  return n;
}

int Graph::add_const(const std::string& name, HostTensor t) {
  GraphValue v;
  v.name = name;
  v.dtype = t.dtype;
  v.is_const = true;
  v.data = std::move(t);
  values.push_back(std::move(v));
  return static_cast<int>(values.size()) - 1;
}

int Graph::uses(int v) const {
  int n = values[v].is_output ? 1 : 0;
  for (const auto& node : nodes) {
    if (node.dead) continue;
    for (int i : node.inputs) n += i == v;
  }
  return n;
}

void node_error(const GraphNode& n, const std::string& what) {
  throw ModelError(n.desc + ": " + what);
}

void op_error(const char* func, const std::string& what) {
  throw ModelError(std::string(func) + ": " + what);
}

std::string shape_str(const Shape& s) {
  std::string r = "[";
  for (size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
  return r + "]";
}

const onnx::Attribute* Attrs::find(const char* name) const {
  for (const auto& a : node.proto->attributes) {
    if (a.name == name) return &a;
  }
  return nullptr;
}

void Attrs::bad(const char* name, const std::string& what) const {
  node_error(node, std::string("attribute '") + name + "': " + what);
}

int64_t Attrs::get_int(const char* name, int64_t dflt) const {
  const auto* a = find(name);
  if (!a) return dflt;
  if (a->type != onnx::kAttrInt) bad(name, "expected INT");
  return a->i;
}

float Attrs::get_float(const char* name, float dflt) const {
  const auto* a = find(name);
  if (!a) return dflt;
  if (a->type != onnx::kAttrFloat) bad(name, "expected FLOAT");
  return a->f;
}

std::string Attrs::get_string(const char* name, const std::string& dflt) const {
  const auto* a = find(name);
  if (!a) return dflt;
  if (a->type != onnx::kAttrString) bad(name, "expected STRING");
  return a->s;
}

std::vector<int64_t> Attrs::get_ints(const char* name, bool* present) const {
  const auto* a = find(name);
  if (present) *present = a != nullptr;
  if (!a) return {};
  if (a->type != onnx::kAttrInts) bad(name, "expected INTS");
  return a->ints;
}

bool Attrs::get_bool(const char* name, bool dflt) const {
  const int64_t v = get_int(name, dflt ? 1 : 0);
  if (v != 0 && v != 1) bad(name, "expected 0 or 1; got " + std::to_string(v));
  return v != 0;
}

void Attrs::allow(std::initializer_list<const char*> names, int64_t opset) const {
  for (const auto& a : node.proto->attributes) {
    bool ok = false;
    for (const char* n : names) ok = ok || a.name == n;
    if (ok) continue;
    std::string list;
    for (const char* n : names) list += (list.empty() ? "" : ", ") + std::string(n);
    bad(a.name.c_str(), "is not an attribute of " + node.op_type +
                            (opset > 0 ? " at opset " + std::to_string(opset) : std::string()) +
                            (list.empty() ? " (it has none)" : " (allowed: " + list + ")"));
  }
}

const HostTensor* const_input(const Graph& g, const GraphNode& n, size_t k) {
  if (k >= n.inputs.size() || n.inputs[k] < 0) return nullptr;
  const auto& v = g.values[n.inputs[k]];
  return v.is_const ? &v.data : nullptr;
}

void Op::eval(const std::vector<const HostTensor*>& in, std::vector<HostTensor>& out) {
  std::vector<PlanIn> pin(in.size());
  for (size_t k = 0; k < in.size(); ++k) {
    if (!in[k]) continue;
    pin[k] = PlanIn{in[k]->dtype, &in[k]->shape, in[k]};
  }
  std::vector<PlanOut> pout(out.size());
  const size_t ws_n = plan(pin, pout, 1);
  std::vector<const float*> ip(in.size(), nullptr);
  for (size_t k = 0; k < in.size(); ++k) {
    if (!in[k]) continue;
    if (in[k]->dtype == onnx::kFloat) ip[k] = in[k]->f.data();
    if (in[k]->dtype == onnx::kInt64) ip[k] = reinterpret_cast<const float*>(in[k]->i.data());
  }
  std::vector<float*> op(out.size());
  for (size_t k = 0; k < out.size(); ++k) {
    out[k].dtype = pout[k].dtype;
    out[k].shape = pout[k].shape;
    const size_t n = static_cast<size_t>(out[k].count());
    if (pout[k].dtype == onnx::kFloat) {
      out[k].f.assign(n, 0.0f);
      op[k] = out[k].f.data();
    } else if (pout[k].dtype == onnx::kInt64 && runs_int64()) {
      out[k].i.assign(n, 0);
      op[k] = reinterpret_cast<float*>(out[k].i.data());
    } else {
      op_error(func, "cannot evaluate a non-float output");
    }
  }
  std::vector<float> ws(ws_n);
  run(ip.data(), op.data(), ws.data(), ws_n);
}

const OpEntry* find_op(const std::string& op_type) {
  static const OpEntry entries[] = {
#define VC_DNN_OP(name, factory, min_in, max_in, max_out) \
  {#name, &factory, min_in, max_in, max_out},
#include "dnn/ops.inc"
#undef VC_DNN_OP
  };
  for (const auto& e : entries) {
    if (op_type == e.name) return &e;
  }
  return nullptr;
}

std::vector<std::string> op_names() {
  std::vector<std::string> r;
#define VC_DNN_OP(name, factory, min_in, max_in, max_out) r.push_back(#name);
#include "dnn/ops.inc"
#undef VC_DNN_OP
  std::sort(r.begin(), r.end());
  return r;
}

int64_t checked_count(const char* func, const Shape& s, int64_t elem_bytes) {
  const int64_t limit = kMaxTensorBytes / elem_bytes;
  int64_t n = 1;
  for (int64_t d : s) {
    if (d < 0) op_error(func, "negative dim in shape " + shape_str(s));
    if (d != 0 && n > limit / d) {
      throw LimitExceeded(std::string(func) + ": shape " + shape_str(s) +
                          " is over the tensor size limit");
    }
    n *= d;
  }
  return n;
}

bool broadcast_shape(const Shape& a, const Shape& b, Shape* out) {
  const size_t r = std::max(a.size(), b.size());
  Shape s(r);
  for (size_t i = 0; i < r; ++i) {
    const int64_t da = i < r - a.size() ? 1 : a[i - (r - a.size())];
    const int64_t db = i < r - b.size() ? 1 : b[i - (r - b.size())];
    if (da != db && da != 1 && db != 1) return false;
    s[i] = da == 1 ? db : da;
  }
  *out = std::move(s);
  return true;
}

}  // namespace vc::dnn
