// vc::dnn::Net: graph building from the decoded ONNX model, load-time
// validation and shape inference, planning (shapes, plan-time folding,
// memory plan) and the executor.
#include "visioncore/dnn/net.hpp"

#include <algorithm>
#include <cstring>
#include <mutex>
#include <set>
#include <unordered_map>

#include "dnn/graph.hpp"
#include "dnn/memory_plan.hpp"
#include "dnn/pack.hpp"
#include "dnn/passes.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/dnn/onnx.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

constexpr const char* kFunc = "Net.run";

struct InputSpec {
  int value = -1;
  std::vector<NetDim> dims;
};

// One executed node of a plan.
struct Step {
  int node = -1;
  size_t ws = 0;
  std::vector<int> in, out;  // value ids (-1: no pointer)
};

// Sets the library thread count for the duration of a run.
class ThreadScope {
 public:
  explicit ThreadScope(int n) : prev_(get_num_threads()), set_(n > 0 && n != prev_) {
    if (set_) set_num_threads(n);
  }
  ~ThreadScope() {
    if (set_) set_num_threads(prev_);
  }

 private:
  int prev_;
  bool set_;
};

std::string quoted(const std::string& s) { return "'" + s + "'"; }

}  // namespace

struct Net::Impl {
  Graph g;
  int num_threads = 0;
  std::vector<InputSpec> in_specs;
  std::vector<NetValueInfo> inputs, outputs;
  std::vector<onnx::ValueInfo> declared_outputs;
  std::mutex mu;

  // current plan
  bool planned = false;
  int plan_threads = 0;
  Isa plan_isa = Isa::Scalar;
  std::vector<Shape> plan_in_shapes;
  std::vector<Shape> shapes;             // per value
  std::vector<int32_t> dtypes;           // per value
  std::vector<HostTensor> plan_values;   // per value, computed at plan time
  std::vector<const HostTensor*> known;  // per value
  std::vector<Step> steps;
  std::vector<int64_t> arena_offset;     // per value (floats), -1 when not in the arena
  AlignedFloats arena, ws;
  size_t ws_floats = 0, unshared = 0, arena_floats = 0;
  std::vector<float*> home;              // per value during a run
  std::vector<const float*> in_ptrs;
  std::vector<float*> out_ptrs;

  void build(const onnx::Model& m);
  void infer_io();
  void do_plan(const std::vector<Shape>& in_shapes, int threads);
  void execute(const std::vector<TensorView>& in, const std::vector<float*>& out);
};

void Net::Impl::build(const onnx::Model& m) {
  if (!m.has_graph) throw ModelError("model: no graph");
  g.opset = 0;
  for (const auto& o : m.opset_import) {
    if (o.domain.empty() || o.domain == "ai.onnx") g.opset = o.version;
  }
  if (g.opset == 0) g.opset = 13;
  const onnx::Graph& mg = m.graph;
  std::unordered_map<std::string, int> by_name;
  for (const auto& t : mg.initializers) {
    const int id = g.add_const(t.name, host_tensor(t));
    by_name[t.name] = id;
  }
  for (const auto& vi : mg.inputs) {
    if (by_name.count(vi.name)) continue;  // an initializer with a default: constant
    if (!vi.has_type || vi.type.kind != onnx::TypeInfo::kTensor) {
      throw ModelError("graph input " + quoted(vi.name) + ": must be a tensor");
    }
    if (vi.type.elem_type != onnx::kFloat) {
      const char* tn = onnx::data_type_name(vi.type.elem_type);
      throw ModelError("graph input " + quoted(vi.name) + ": element type " +
                       (tn ? tn : "?") + " is not supported (float32 only)");
    }
    if (!vi.type.has_shape) throw ModelError("graph input " + quoted(vi.name) + ": rank unknown");
    GraphValue v;
    v.name = vi.name;
    v.is_input = true;
    g.values.push_back(v);
    const int id = static_cast<int>(g.values.size()) - 1;
    by_name[vi.name] = id;
    g.inputs.push_back(id);
    InputSpec spec;
    spec.value = id;
    for (const auto& d : vi.type.shape) {
      NetDim nd;
      if (d.has_value) {
        if (d.value < 1) throw ModelError("graph input " + quoted(vi.name) + ": dim < 1");
        nd.value = d.value;
      } else {
        nd.param = d.param;
      }
      spec.dims.push_back(nd);
    }
    in_specs.push_back(spec);
  }
  // nodes: resolve names, collect unsupported operators
  std::map<std::string, int> unsupported;
  g.nodes.reserve(mg.nodes.size());
  for (size_t i = 0; i < mg.nodes.size(); ++i) {
    const onnx::Node& pn = mg.nodes[i];
    GraphNode n;
    n.name = pn.name;
    n.op_type = pn.op_type;
    n.proto = &pn;
    n.desc = "node " + std::to_string(i) + " " + quoted(pn.name) + " (" + pn.op_type + ")";
    const bool std_domain = pn.domain.empty() || pn.domain == "ai.onnx";
    if (!std_domain || !find_op(pn.op_type)) {
      ++unsupported[std_domain ? pn.op_type : pn.domain + "." + pn.op_type];
    }
    for (const auto& s : pn.inputs) {
      if (s.empty()) {
        n.inputs.push_back(-1);
        continue;
      }
      auto it = by_name.find(s);
      if (it == by_name.end()) {
        node_error(n, "input " + quoted(s) + " is not defined before this node");
      }
      n.inputs.push_back(it->second);
    }
    for (const auto& s : pn.outputs) {
      if (s.empty()) {
        n.outputs.push_back(-1);
        continue;
      }
      if (by_name.count(s)) node_error(n, "output " + quoted(s) + " is defined twice");
      GraphValue v;
      v.name = s;
      v.producer = static_cast<int>(g.nodes.size());
      g.values.push_back(v);
      by_name[s] = static_cast<int>(g.values.size()) - 1;
      n.outputs.push_back(by_name[s]);
    }
    g.nodes.push_back(std::move(n));
  }
  if (!unsupported.empty()) {
    std::string msg = "unsupported operators (" + std::to_string(unsupported.size()) + "): ";
    bool first = true;
    for (const auto& [op, count] : unsupported) {
      msg += (first ? "" : ", ") + op + " (" + std::to_string(count) + " node" +
             (count > 1 ? "s" : "") + ")";
      first = false;
    }
    throw ModelError(msg);
  }
  if (mg.outputs.empty()) throw ModelError("graph: no outputs");
  for (const auto& vo : mg.outputs) {
    auto it = by_name.find(vo.name);
    if (it == by_name.end()) throw ModelError("graph output " + quoted(vo.name) + ": not produced");
    g.values[it->second].is_output = true;
    g.outputs.push_back(it->second);
    declared_outputs.push_back(vo);
  }
  // Dropout's 'mask' is not computed: allowed only when nothing reads it
  for (auto& n : g.nodes) {
    if (n.op_type == "Dropout" && n.outputs.size() > 1 && n.outputs[1] >= 0) {
      if (g.uses(n.outputs[1]) > 0) node_error(n, "output 'mask' is not supported");
      n.outputs[1] = -1;
    }
  }
  // create the ops (attribute and weight validation), folding constant
  // subgraphs on the way so that computed weights are constants too
  for (size_t i = 0; i < g.nodes.size(); ++i) {
    GraphNode& n = g.nodes[i];
    const OpEntry* e = find_op(n.op_type);
    const int nin = static_cast<int>(n.inputs.size());
    const int nout = static_cast<int>(n.outputs.size());
    if (nin < e->min_inputs || nin > e->max_inputs) {
      node_error(n, "has " + std::to_string(nin) + " inputs; expected " +
                        std::to_string(e->min_inputs) +
                        (e->max_inputs == e->min_inputs
                             ? std::string()
                             : " to " + (e->max_inputs == kManyInputs
                                             ? std::string("any number")
                                             : std::to_string(e->max_inputs))));
    }
    for (int k = 0; k < e->min_inputs; ++k) {
      if (n.inputs[k] < 0) node_error(n, "required input " + std::to_string(k) + " is empty");
    }
    if (nout < 1 || nout > e->max_outputs || n.outputs[0] < 0) {
      node_error(n, "has " + std::to_string(nout) + " outputs; expected 1 to " +
                        std::to_string(e->max_outputs) + " with the first present");
    }
    n.op = e->make(g, n);
    n.op->set_desc(n.desc);
    fold_node(g, i);
  }
  fold_batch_norm(g);
  fuse_activations(g);
  remove_dead_nodes(g);
  for (auto& n : g.nodes) {
    if (!n.dead) n.op->finalize(g, n);
    n.proto = nullptr;
  }
  for (int v : g.outputs) {
    if (g.values[v].is_const && g.values[v].dtype != onnx::kFloat) {
      throw ModelError("graph output " + quoted(g.values[v].name) + ": not float32");
    }
  }
}

// Output shapes with symbolic dims: plan twice with the open input dims set
// to two different sizes (batch-like leading dims small, the others image
// sized); dims that agree are fixed, dims that follow an input's symbolic
// dim take its name, the rest are unknown. The probes also validate the
// graph against the fixed dims (e.g. Conv weight channels), so a model that
// fails them is rejected at load, unless it has open non-leading dims the
// probe values may simply not fit: then the outputs are described by the
// model's declared output types and errors surface at run.
void Net::Impl::infer_io() {
  for (size_t i = 0; i < in_specs.size(); ++i) {
    inputs.push_back(NetValueInfo{g.values[in_specs[i].value].name, in_specs[i].dims, "float32"});
  }
  bool open_inner = false;
  for (const auto& s : in_specs) {
    for (size_t d = 1; d < s.dims.size(); ++d) open_inner = open_inner || s.dims[d].value < 0;
  }
  std::vector<std::vector<Shape>> outs;
  std::vector<std::pair<std::string, int64_t>> sym[2];
  for (int pass = 0; pass < 2; ++pass) {
    std::vector<Shape> shapes_in;
    int64_t lead = pass == 0 ? 2 : 3, inner = pass == 0 ? 64 : 96;
    std::map<std::string, int64_t> assigned;
    for (const auto& s : in_specs) {
      Shape sh;
      for (size_t d = 0; d < s.dims.size(); ++d) {
        const NetDim& nd = s.dims[d];
        if (nd.value >= 0) {
          sh.push_back(nd.value);
          continue;
        }
        int64_t& next = d == 0 ? lead : inner;
        if (nd.param.empty()) {
          sh.push_back(next);
          continue;
        }
        auto it = assigned.find(nd.param);
        if (it == assigned.end()) {
          it = assigned.emplace(nd.param, next).first;
          next += pass == 0 ? 2 : 3;
        }
        sh.push_back(it->second);
      }
      shapes_in.push_back(sh);
    }
    for (const auto& [k, v] : assigned) sym[pass].emplace_back(k, v);
    try {
      do_plan(shapes_in, 1);
    } catch (const InvalidArgument& e) {
      if (!open_inner) throw ModelError(e.what());
      outs.clear();
      break;
    }
    std::vector<Shape> o;
    for (int v : g.outputs) o.push_back(shapes[v]);
    outs.push_back(o);
  }
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    NetValueInfo info{g.values[g.outputs[k]].name, {}, "float32"};
    if (outs.empty()) {  // from the declared type
      const onnx::ValueInfo& vi = declared_outputs[k];
      info.has_shape = vi.has_type && vi.type.has_shape;
      if (info.has_shape) {
        for (const auto& d : vi.type.shape) {
          NetDim nd;
          if (d.has_value) nd.value = d.value;
          else nd.param = d.param;
          info.shape.push_back(nd);
        }
      }
      outputs.push_back(info);
      continue;
    }
    const Shape& a = outs[0][k];
    const Shape& b = outs[1][k];
    if (a.size() != b.size()) {
      throw ModelError("graph output " + quoted(info.name) + ": rank depends on the input shape");
    }
    for (size_t d = 0; d < a.size(); ++d) {
      NetDim nd;
      if (a[d] == b[d]) {
        nd.value = a[d];
      } else {
        for (size_t s = 0; s < sym[0].size(); ++s) {
          if (sym[0][s].second == a[d] && sym[1][s].second == b[d]) nd.param = sym[0][s].first;
        }
      }
      info.shape.push_back(nd);
    }
    outputs.push_back(info);
  }
  // the probe plans' buffers are not kept
  planned = false;
  arena = AlignedFloats();
  ws = AlignedFloats();
}

void Net::Impl::do_plan(const std::vector<Shape>& in_shapes, int threads) {
  const size_t nv = g.values.size();
  shapes.assign(nv, Shape{});
  dtypes.assign(nv, onnx::kFloat);
  plan_values.assign(nv, HostTensor{});
  known.assign(nv, nullptr);
  steps.clear();
  for (size_t v = 0; v < nv; ++v) {
    if (g.values[v].is_const) {
      known[v] = &g.values[v].data;
      shapes[v] = g.values[v].data.shape;
      dtypes[v] = g.values[v].data.dtype;
    }
  }
  for (size_t i = 0; i < g.inputs.size(); ++i) shapes[g.inputs[i]] = in_shapes[i];
  size_t max_ws = 0;
  for (size_t ni = 0; ni < g.nodes.size(); ++ni) {
    GraphNode& n = g.nodes[ni];
    if (n.dead) continue;
    bool all_known = true;
    for (int v : n.inputs) all_known = all_known && (v < 0 || known[v]);
    if (all_known || n.op->shape_only()) {
      std::vector<const HostTensor*> in;
      std::vector<HostTensor> shape_holders(n.inputs.size());
      for (size_t k = 0; k < n.inputs.size(); ++k) {
        const int v = n.inputs[k];
        if (v < 0) {
          in.push_back(nullptr);
        } else if (known[v]) {
          in.push_back(known[v]);
        } else {  // shape-only: a shape without data
          shape_holders[k].dtype = dtypes[v];
          shape_holders[k].shape = shapes[v];
          in.push_back(&shape_holders[k]);
        }
      }
      std::vector<HostTensor> out(n.outputs.size());
      n.op->eval(in, out);
      for (size_t k = 0; k < n.outputs.size(); ++k) {
        const int v = n.outputs[k];
        if (v < 0) continue;
        plan_values[v] = std::move(out[k]);
        known[v] = &plan_values[v];
        shapes[v] = plan_values[v].shape;
        dtypes[v] = plan_values[v].dtype;
      }
      continue;
    }
    std::vector<PlanIn> in(n.inputs.size());
    Step st;
    st.node = static_cast<int>(ni);
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      const int v = n.inputs[k];
      st.in.push_back(-1);
      if (v < 0) continue;
      in[k] = PlanIn{dtypes[v], &shapes[v], known[v]};
      if (dtypes[v] == onnx::kFloat) st.in[k] = v;
      else if (!known[v]) op_error(n.op->func, "int64 values computed at run time are not supported");
    }
    std::vector<PlanOut> out(n.outputs.size());
    st.ws = n.op->plan(in, out, threads);
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      const int v = n.outputs[k];
      st.out.push_back(v);
      if (v < 0) continue;
      if (out[k].dtype != onnx::kFloat) {
        op_error(n.op->func, "int64 values computed at run time are not supported");
      }
      checked_count(n.op->func, out[k].shape);
      shapes[v] = out[k].shape;
      dtypes[v] = onnx::kFloat;
    }
    max_ws = std::max(max_ws, st.ws);
    steps.push_back(std::move(st));
  }
  for (int v : g.outputs) {
    if (dtypes[v] != onnx::kFloat) {
      throw ModelError("graph output " + quoted(g.values[v].name) + ": not float32");
    }
  }
  // memory plan: values produced by steps that are not graph outputs
  std::vector<Lifetime> lts;
  std::vector<int> index(nv, -1);
  for (size_t s = 0; s < steps.size(); ++s) {
    const bool alias = g.nodes[steps[s].node].op->aliases_input() && !steps[s].in.empty() &&
                       steps[s].in[0] >= 0 && index[steps[s].in[0]] >= 0;
    for (int v : steps[s].out) {
      if (v < 0 || g.values[v].is_output) continue;
      if (alias && v == steps[s].out[0]) {  // shares its input's buffer and lifetime
        index[v] = index[steps[s].in[0]];
        continue;
      }
      index[v] = static_cast<int>(lts.size());
      lts.push_back(Lifetime{static_cast<size_t>(element_count(shapes[v])), static_cast<int>(s),
                             static_cast<int>(s)});
    }
    for (int v : steps[s].in) {
      if (v >= 0 && index[v] >= 0) lts[index[v]].last = static_cast<int>(s);
    }
  }
  const MemoryPlan mp = plan_memory(lts);
  arena_offset.assign(nv, -1);
  for (size_t v = 0; v < nv; ++v) {
    if (index[v] >= 0) arena_offset[v] = static_cast<int64_t>(mp.offsets[index[v]]);
  }
  if (arena.size() < mp.total) arena = AlignedFloats(mp.total);
  if (ws.size() < max_ws) ws = AlignedFloats(max_ws);
  ws_floats = max_ws;
  unshared = mp.unshared;
  arena_floats = mp.total;
  home.assign(nv, nullptr);
  plan_in_shapes = in_shapes;
  plan_threads = threads;
  plan_isa = active_isa();
  planned = true;
}

void Net::Impl::execute(const std::vector<TensorView>& in, const std::vector<float*>& out) {
  const size_t nv = g.values.size();
  for (size_t v = 0; v < nv; ++v) {
    if (arena_offset[v] >= 0) {
      home[v] = arena.data() + arena_offset[v];
    } else if (known[v] && known[v]->dtype == onnx::kFloat) {
      home[v] = const_cast<float*>(known[v]->f.data());
    } else {
      home[v] = nullptr;
    }
  }
  for (size_t i = 0; i < g.inputs.size(); ++i) home[g.inputs[i]] = const_cast<float*>(in[i].data);
  // a graph output produced by a step is written straight into its buffer
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    const int v = g.outputs[k];
    if (!g.values[v].is_input && !known[v] && home[v] == nullptr) home[v] = out[k];
  }
  for (const Step& st : steps) {
    in_ptrs.clear();
    out_ptrs.clear();
    for (int v : st.in) in_ptrs.push_back(v < 0 ? nullptr : home[v]);
    for (int v : st.out) out_ptrs.push_back(v < 0 ? nullptr : home[v]);
    g.nodes[st.node].op->run(in_ptrs.data(), out_ptrs.data(), ws.data(), ws_floats);
  }
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    const int v = g.outputs[k];
    const size_t n = static_cast<size_t>(element_count(shapes[v]));
    if (home[v] != out[k] && n) std::memcpy(out[k], home[v], n * sizeof(float));
  }
}

Net::Net() : impl_(std::make_unique<Impl>()) {}
Net::~Net() = default;
Net::Net(Net&&) noexcept = default;
Net& Net::operator=(Net&&) noexcept = default;

namespace {

void init_net(Net::Impl& im, const onnx::Model& m, int num_threads) {
  im.num_threads = num_threads;
  im.build(m);
  im.infer_io();
}

std::vector<Shape> plan_locked(Net::Impl& im, const std::vector<Shape>& shapes) {
  if (shapes.size() != im.in_specs.size()) {
    throw_invalid(kFunc, "inputs", std::to_string(im.in_specs.size()) + " inputs",
                  std::to_string(shapes.size()));
  }
  for (size_t i = 0; i < shapes.size(); ++i) {
    const auto& spec = im.in_specs[i];
    const std::string& name = im.inputs[i].name;
    std::string want = "[";
    for (size_t d = 0; d < spec.dims.size(); ++d) {
      want += (d ? ", " : "") +
              (spec.dims[d].value >= 0 ? std::to_string(spec.dims[d].value)
                                       : (spec.dims[d].param.empty() ? "?" : spec.dims[d].param));
    }
    want += "]";
    bool ok = shapes[i].size() == spec.dims.size();
    for (size_t d = 0; ok && d < spec.dims.size(); ++d) {
      ok = shapes[i][d] >= 1 && (spec.dims[d].value < 0 || spec.dims[d].value == shapes[i][d]);
    }
    if (!ok) {
      throw InvalidArgument(std::string(kFunc) + ": input '" + name + "': expected shape " + want +
                            " (dims >= 1); got " + shape_str(shapes[i]));
    }
  }
  const int threads = im.num_threads > 0 ? im.num_threads : get_num_threads();
  if (!im.planned || im.plan_in_shapes != shapes || im.plan_threads != threads ||
      im.plan_isa != active_isa()) {
    ThreadScope ts(im.num_threads);
    im.do_plan(shapes, threads);
  }
  std::vector<Shape> out;
  for (int v : im.g.outputs) out.push_back(im.shapes[v]);
  return out;
}

}  // namespace

Net Net::load_file(const std::string& path, int num_threads) {
  Net net;
  init_net(*net.impl_, onnx::read_onnx_file(path), num_threads);
  return net;
}

Net Net::load_bytes(const void* data, size_t size, int num_threads) {
  Net net;
  init_net(*net.impl_, onnx::read_onnx_bytes(data, size), num_threads);
  return net;
}

const std::vector<NetValueInfo>& Net::inputs() const { return impl_->inputs; }
const std::vector<NetValueInfo>& Net::outputs() const { return impl_->outputs; }

std::vector<std::vector<int64_t>> Net::plan(const std::vector<std::vector<int64_t>>& shapes) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return plan_locked(*impl_, shapes);
}

void Net::run_into(const std::vector<TensorView>& inputs, const std::vector<float*>& outputs) {
  Impl& im = *impl_;
  std::lock_guard<std::mutex> lock(im.mu);
  bool same = im.planned && inputs.size() == im.plan_in_shapes.size() &&
              im.plan_threads == (im.num_threads > 0 ? im.num_threads : get_num_threads()) &&
              im.plan_isa == active_isa();
  for (size_t i = 0; same && i < inputs.size(); ++i) same = inputs[i].shape == im.plan_in_shapes[i];
  if (!same) {  // (re)plan; the steady state skips this and allocates nothing
    std::vector<Shape> shapes;
    for (const auto& t : inputs) shapes.push_back(t.shape);
    plan_locked(im, shapes);
  }
  if (outputs.size() != im.g.outputs.size()) {
    throw_invalid(kFunc, "outputs", std::to_string(im.g.outputs.size()) + " buffers",
                  std::to_string(outputs.size()));
  }
  ThreadScope ts(im.num_threads);
  im.execute(inputs, outputs);
}

std::map<std::string, Tensor> Net::run(const std::map<std::string, TensorView>& feeds) {
  std::vector<TensorView> in;
  for (const auto& info : impl_->inputs) {
    auto it = feeds.find(info.name);
    if (it == feeds.end()) throw InvalidArgument(std::string(kFunc) + ": input '" + info.name + "' is missing");
    in.push_back(it->second);
  }
  for (const auto& [name, t] : feeds) {
    bool found = false;
    for (const auto& info : impl_->inputs) found = found || info.name == name;
    if (!found) throw InvalidArgument(std::string(kFunc) + ": unknown input '" + name + "'");
  }
  std::vector<std::vector<int64_t>> shapes;
  for (const auto& t : in) shapes.push_back(t.shape);
  const auto out_shapes = plan(shapes);
  std::vector<Tensor> outs(out_shapes.size());
  std::vector<float*> ptrs;
  for (size_t k = 0; k < outs.size(); ++k) {
    outs[k].shape = out_shapes[k];
    outs[k].data.resize(static_cast<size_t>(element_count(out_shapes[k])));
    ptrs.push_back(outs[k].data.data());
  }
  run_into(in, ptrs);
  std::map<std::string, Tensor> r;
  for (size_t k = 0; k < outs.size(); ++k) r[impl_->outputs[k].name] = std::move(outs[k]);
  return r;
}

std::vector<std::string> Net::supported_ops() { return op_names(); }

size_t Net::arena_bytes() const { return impl_->planned ? impl_->arena_floats * 4 : 0; }
size_t Net::unshared_bytes() const { return impl_->planned ? impl_->unshared * 4 : 0; }

std::vector<std::string> Net::planned_ops() const {
  std::vector<std::string> r;
  if (!impl_->planned) return r;
  for (const auto& st : impl_->steps) r.push_back(impl_->g.nodes[st.node].op_type);
  return r;
}

std::vector<std::string> Net::node_ops() const {
  std::vector<std::string> r;
  for (const auto& n : impl_->g.nodes) {
    if (!n.dead) r.push_back(n.op_type);
  }
  return r;
}

}  // namespace vc::dnn
