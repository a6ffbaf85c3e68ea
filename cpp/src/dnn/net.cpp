// vc::dnn::Net: graph building from the decoded ONNX model, load-time
// validation and shape inference, planning (shapes, plan-time folding,
// memory plan) and the executor.
#include "visioncore/dnn/net.hpp"

#include <algorithm>
#include <chrono>
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
  int32_t dtype = onnx::kFloat;  // kFloat or kInt64
  std::vector<NetDim> dims;
};

// One executed node of a plan.
struct Step {
  int node = -1;
  size_t ws = 0;
  std::vector<int> in, out;  // value ids (-1: no pointer)
  // An aliases_input() op moving int64 at run time: the executor copies
  // these bytes from input 0 to output 0 (when they are not one buffer)
  // instead of calling run(), which only knows float32.
  size_t copy_bytes = 0;
};

size_t elem_bytes(int32_t dtype) { return dtype == onnx::kInt64 ? 8 : 4; }

const char* type_name(int32_t dtype) {
  const char* n = onnx::data_type_name(dtype);
  return n ? n : "undefined";
}

// A value that may live in a run-time buffer.
bool runtime_type(int32_t dtype) { return dtype == onnx::kFloat || dtype == onnx::kInt64; }

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

  bool has_int64_inputs = false;

  // current plan; its key is the input shapes, the contents of the int64
  // inputs (plan_values of those inputs), the thread count and the ISA
  bool planned = false;
  size_t plan_count = 0;  // plans made after load
  int plan_threads = 0;
  Isa plan_isa = Isa::Scalar;
  std::vector<Shape> plan_in_shapes;
  std::vector<TensorSpec> out_specs;     // per graph output
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
  std::vector<OutputBuffer> float_outs;  // run_into(float*) without allocating

  // profiling: per recorded run, one time per step (microseconds)
  bool profiling = false;
  std::vector<float> prof_us;
  size_t prof_runs = 0;

  void build(const onnx::Model& m);
  void infer_io();
  // in: shapes for all inputs, contents for the int64 ones.
  void do_plan(const std::vector<TensorView>& in, int threads);
  bool plan_matches(const std::vector<TensorView>& in, int threads) const;
  void execute(const std::vector<TensorView>& in, const std::vector<OutputBuffer>& out);
  void run_step(const Step& st);
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
    if (by_name.count(t.name)) throw ModelError("initializer " + quoted(t.name) + ": defined twice");
    const int id = g.add_const(t.name, host_tensor(t));
    by_name[t.name] = id;
  }
  std::set<std::string> input_names;
  for (const auto& vi : mg.inputs) {
    if (!input_names.insert(vi.name).second) {
      throw ModelError("graph input " + quoted(vi.name) + ": declared twice");
    }
    if (by_name.count(vi.name)) continue;  // an initializer with a default: constant
    if (!vi.has_type || vi.type.kind != onnx::TypeInfo::kTensor) {
      throw ModelError("graph input " + quoted(vi.name) + ": must be a tensor");
    }
    const int32_t et = vi.type.elem_type;
    if (et != onnx::kFloat && et != onnx::kInt64) {
      throw ModelError("graph input " + quoted(vi.name) + ": element type " + type_name(et) +
                       " is not supported (float32, int64)");
    }
    if (!vi.type.has_shape) throw ModelError("graph input " + quoted(vi.name) + ": rank unknown");
    GraphValue v;
    v.name = vi.name;
    v.dtype = et;
    v.is_input = true;
    g.values.push_back(v);
    const int id = static_cast<int>(g.values.size()) - 1;
    by_name[vi.name] = id;
    g.inputs.push_back(id);
    has_int64_inputs = has_int64_inputs || et == onnx::kInt64;
    InputSpec spec;
    spec.value = id;
    spec.dtype = et;
    // int64 inputs may be empty (an empty 'axes' list); image-like float
    // inputs may not
    const int64_t min_dim = et == onnx::kInt64 ? 0 : 1;
    for (const auto& d : vi.type.shape) {
      NetDim nd;
      if (d.has_value) {
        if (d.value < min_dim) {
          throw ModelError("graph input " + quoted(vi.name) + ": dim < " + std::to_string(min_dim));
        }
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
    if (pn.op_type.empty()) node_error(n, "op_type is empty");
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
    if (g.values[v].is_const && !runtime_type(g.values[v].dtype)) {
      throw ModelError("graph output " + quoted(g.values[v].name) + ": element type " +
                       type_name(g.values[v].dtype) + " is not supported (float32, int64)");
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
// model's declared output types and errors surface at run. The same holds
// for models with int64 inputs: their contents (Reshape shapes, Slice
// bounds) decide the output shapes, and no probe value is meaningful.
void Net::Impl::infer_io() {
  for (size_t i = 0; i < in_specs.size(); ++i) {
    inputs.push_back(NetValueInfo{g.values[in_specs[i].value].name, in_specs[i].dims,
                                  type_name(in_specs[i].dtype)});
  }
  bool open_inner = false;
  for (const auto& s : in_specs) {
    for (size_t d = 1; d < s.dims.size(); ++d) open_inner = open_inner || s.dims[d].value < 0;
  }
  std::vector<std::vector<Shape>> outs;
  std::vector<int32_t> out_types;
  std::vector<std::pair<std::string, int64_t>> sym[2];
  for (int pass = 0; pass < 2 && !has_int64_inputs; ++pass) {
    std::vector<TensorView> probe;
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
      probe.push_back(TensorView{static_cast<const float*>(nullptr), sh});
    }
    for (const auto& [k, v] : assigned) sym[pass].emplace_back(k, v);
    try {
      do_plan(probe, 1);
    } catch (const InvalidArgument& e) {
      if (!open_inner) throw ModelError(e.what());
      outs.clear();
      break;
    }
    std::vector<Shape> o;
    out_types.clear();
    for (int v : g.outputs) {
      o.push_back(shapes[v]);
      out_types.push_back(dtypes[v]);
    }
    outs.push_back(o);
  }
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    NetValueInfo info{g.values[g.outputs[k]].name, {}, ""};
    if (outs.empty()) {  // from the declared type
      const onnx::ValueInfo& vi = declared_outputs[k];
      if (vi.has_type && runtime_type(vi.type.elem_type)) info.dtype = type_name(vi.type.elem_type);
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
    info.dtype = type_name(out_types[k]);
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

void Net::Impl::do_plan(const std::vector<TensorView>& in_views, int threads) {
  const size_t nv = g.values.size();
  shapes.assign(nv, Shape{});
  dtypes.assign(nv, onnx::kFloat);
  plan_values.assign(nv, HostTensor{});
  known.assign(nv, nullptr);
  steps.clear();
  planned = false;
  for (size_t v = 0; v < nv; ++v) {
    if (g.values[v].is_const) {
      known[v] = &g.values[v].data;
      shapes[v] = g.values[v].data.shape;
      dtypes[v] = g.values[v].data.dtype;
    }
  }
  // graph inputs: shapes; int64 inputs are plan-time values
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    const int v = g.inputs[i];
    shapes[v] = in_views[i].shape;
    dtypes[v] = g.values[v].dtype;
    if (dtypes[v] != onnx::kInt64) continue;
    HostTensor& t = plan_values[v];
    t.dtype = onnx::kInt64;
    t.shape = in_views[i].shape;
    const int64_t* p = in_views[i].i64();
    t.i.assign(p, p + element_count(t.shape));
    known[v] = &t;
  }
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
    const Op& op = *n.op;
    // int64 at run time only for ops that handle it (or whose output is
    // their input's bytes, which the executor then copies itself)
    const bool int64_ok = op.runs_int64() || op.aliases_input();
    std::vector<PlanIn> in(n.inputs.size());
    Step st;
    st.node = static_cast<int>(ni);
    for (size_t k = 0; k < n.inputs.size(); ++k) {
      const int v = n.inputs[k];
      st.in.push_back(-1);
      if (v < 0) continue;
      in[k] = PlanIn{dtypes[v], &shapes[v], known[v]};
      if (runtime_type(dtypes[v])) st.in[k] = v;
      if (!known[v] && dtypes[v] == onnx::kInt64 && !int64_ok) {
        op_error(op.func, "input " + std::to_string(k) + " " + quoted(g.values[v].name) +
                              " is int64 computed at run time; this operator runs on float32 "
                              "only (int64 only when known at plan time)");
      }
    }
    std::vector<PlanOut> out(n.outputs.size());
    st.ws = n.op->plan(in, out, threads);
    bool int64_out = false;
    for (size_t k = 0; k < n.outputs.size(); ++k) {
      const int v = n.outputs[k];
      st.out.push_back(v);
      if (v < 0) continue;
      const int32_t dt = out[k].dtype;
      if (!runtime_type(dt)) {
        op_error(op.func, std::string("output element type ") + type_name(dt) +
                              " is not supported at run time (float32, int64)");
      }
      if (dt == onnx::kInt64 && !int64_ok) {
        op_error(op.func, "computes an int64 output at run time; this operator runs on float32 only");
      }
      int64_out = int64_out || dt == onnx::kInt64;
      checked_count(op.func, out[k].shape, static_cast<int64_t>(elem_bytes(dt)));
      shapes[v] = out[k].shape;
      dtypes[v] = dt;
    }
    if (int64_out && !op.runs_int64()) {  // an aliasing op moving int64 bytes
      st.copy_bytes = static_cast<size_t>(element_count(shapes[n.outputs[0]])) * 8;
    }
    max_ws = std::max(max_ws, st.ws);
    steps.push_back(std::move(st));
  }
  out_specs.clear();
  for (int v : g.outputs) {
    if (!runtime_type(dtypes[v])) {
      throw ModelError("graph output " + quoted(g.values[v].name) + ": element type " +
                       type_name(dtypes[v]) + " is not supported (float32, int64)");
    }
    out_specs.push_back(TensorSpec{shapes[v], dtypes[v] == onnx::kInt64 ? DType::Int64 : DType::Float32});
  }
  // memory plan: values produced by steps that are not graph outputs; an
  // int64 value takes 2 floats per element
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
      const size_t floats = static_cast<size_t>(element_count(shapes[v])) * (elem_bytes(dtypes[v]) / 4);
      lts.push_back(Lifetime{floats, static_cast<int>(s), static_cast<int>(s)});
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
  plan_in_shapes.clear();
  for (const auto& t : in_views) plan_in_shapes.push_back(t.shape);
  plan_threads = threads;
  plan_isa = active_isa();
  planned = true;
  ++plan_count;
  prof_us.clear();  // times of another plan's steps
  prof_runs = 0;
}

bool Net::Impl::plan_matches(const std::vector<TensorView>& in, int threads) const {
  if (!planned || in.size() != plan_in_shapes.size() || plan_threads != threads ||
      plan_isa != active_isa()) {
    return false;
  }
  for (size_t i = 0; i < in.size(); ++i) {
    const bool int64 = in_specs[i].dtype == onnx::kInt64;
    if (in[i].shape != plan_in_shapes[i] || (in[i].dtype == DType::Int64) != int64) return false;
    if (!int64) continue;
    const std::vector<int64_t>& planned_ints = plan_values[g.inputs[i]].i;
    if (!planned_ints.empty() &&
        std::memcmp(in[i].data, planned_ints.data(), planned_ints.size() * 8) != 0) {
      return false;
    }
  }
  return true;
}

void Net::Impl::execute(const std::vector<TensorView>& in, const std::vector<OutputBuffer>& out) {
  const size_t nv = g.values.size();
  for (size_t v = 0; v < nv; ++v) {
    if (arena_offset[v] >= 0) {
      home[v] = arena.data() + arena_offset[v];
    } else if (known[v] && known[v]->dtype == onnx::kFloat) {
      home[v] = const_cast<float*>(known[v]->f.data());
    } else if (known[v] && known[v]->dtype == onnx::kInt64) {
      home[v] = reinterpret_cast<float*>(const_cast<int64_t*>(known[v]->i.data()));
    } else {
      home[v] = nullptr;
    }
  }
  // float inputs are read in place; int64 inputs are the plan's copies
  for (size_t i = 0; i < g.inputs.size(); ++i) {
    if (in_specs[i].dtype == onnx::kFloat) home[g.inputs[i]] = const_cast<float*>(in[i].f32());
  }
  // a graph output produced by a step is written straight into its buffer
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    const int v = g.outputs[k];
    if (!g.values[v].is_input && !known[v] && home[v] == nullptr) {
      home[v] = static_cast<float*>(out[k].data);
    }
  }
  // the steps are parallel_for calls back to back: keep the pool's workers
  // polling between them instead of sleeping and waking per step
  const ParallelHotScope hot;
  if (!profiling) {
    for (const Step& st : steps) run_step(st);
  } else {
    using Clock = std::chrono::steady_clock;
    prof_us.resize((prof_runs + 1) * steps.size());  // a run that threw left no record
    float* t = prof_us.data() + prof_runs * steps.size();
    for (const Step& st : steps) {
      const auto t0 = Clock::now();
      run_step(st);
      *t++ = std::chrono::duration<float, std::micro>(Clock::now() - t0).count();
    }
    ++prof_runs;
  }
  for (size_t k = 0; k < g.outputs.size(); ++k) {
    const int v = g.outputs[k];
    const size_t bytes = static_cast<size_t>(element_count(shapes[v])) * elem_bytes(dtypes[v]);
    if (home[v] != out[k].data && bytes) std::memcpy(out[k].data, home[v], bytes);
  }
}

void Net::Impl::run_step(const Step& st) {
  if (st.copy_bytes) {
    const float* src = home[st.in[0]];
    float* dst = home[st.out[0]];
    if (src != dst) std::memcpy(dst, src, st.copy_bytes);
    return;
  }
  in_ptrs.clear();
  out_ptrs.clear();
  for (int v : st.in) in_ptrs.push_back(v < 0 ? nullptr : home[v]);
  for (int v : st.out) out_ptrs.push_back(v < 0 ? nullptr : home[v]);
  g.nodes[st.node].op->run(in_ptrs.data(), out_ptrs.data(), ws.data(), ws_floats);
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
  im.plan_count = 0;  // the load-time probes do not count
}

int run_threads(const Net::Impl& im) { return im.num_threads > 0 ? im.num_threads : get_num_threads(); }

// Checks the inputs against the model (count, dtype, shape) and plans
// unless they match the current plan's key.
void plan_locked(Net::Impl& im, const std::vector<TensorView>& in) {
  if (in.size() != im.in_specs.size()) {
    throw_invalid(kFunc, "inputs", std::to_string(im.in_specs.size()) + " inputs",
                  std::to_string(in.size()));
  }
  for (size_t i = 0; i < in.size(); ++i) {
    const auto& spec = im.in_specs[i];
    const std::string param = "input '" + im.inputs[i].name + "'";
    const DType want_type = spec.dtype == onnx::kInt64 ? DType::Int64 : DType::Float32;
    if (in[i].dtype != want_type) {
      throw TypeMismatch(std::string(kFunc) + ": " + param + ": expected " + dtype_name(want_type) +
                         "; got " + dtype_name(in[i].dtype));
    }
    const int64_t min_dim = spec.dtype == onnx::kInt64 ? 0 : 1;
    std::string want = "[";
    for (size_t d = 0; d < spec.dims.size(); ++d) {
      want += (d ? ", " : "") +
              (spec.dims[d].value >= 0 ? std::to_string(spec.dims[d].value)
                                       : (spec.dims[d].param.empty() ? "?" : spec.dims[d].param));
    }
    want += "]";
    const Shape& s = in[i].shape;
    bool ok = s.size() == spec.dims.size();
    for (size_t d = 0; ok && d < spec.dims.size(); ++d) {
      ok = s[d] >= min_dim && (spec.dims[d].value < 0 || spec.dims[d].value == s[d]);
    }
    if (!ok) {
      throw InvalidArgument(std::string(kFunc) + ": " + param + ": expected shape " + want +
                            " (dims >= " + std::to_string(min_dim) + "); got " + shape_str(s));
    }
    if (spec.dtype == onnx::kInt64) {
      checked_count(kFunc, s, 8);
      if (!in[i].data && element_count(s) > 0) {
        throw InvalidArgument(std::string(kFunc) + ": " + param + ": a null pointer for shape " +
                              shape_str(s));
      }
    }
  }
  const int threads = run_threads(im);
  if (!im.plan_matches(in, threads)) {
    ThreadScope ts(im.num_threads);
    im.do_plan(in, threads);
  }
}

// Runs with the current plan after checking the output buffers.
void run_locked(Net::Impl& im, const std::vector<TensorView>& in,
                const std::vector<OutputBuffer>& out) {
  if (!im.plan_matches(in, run_threads(im))) plan_locked(im, in);  // the steady state skips this
  for (size_t i = 0; i < in.size(); ++i) {
    if (!in[i].data && element_count(in[i].shape) > 0) {
      const std::string param = "input '" + im.inputs[i].name + "'";
      throw InvalidArgument(std::string(kFunc) + ": " + param + ": a null pointer for shape " +
                            shape_str(in[i].shape));
    }
  }
  if (out.size() != im.g.outputs.size()) {
    throw_invalid(kFunc, "outputs", std::to_string(im.g.outputs.size()) + " buffers",
                  std::to_string(out.size()));
  }
  for (size_t k = 0; k < out.size(); ++k) {
    const TensorSpec& spec = im.out_specs[k];
    if (out[k].dtype != spec.dtype) {
      const std::string param = "output '" + im.outputs[k].name + "'";
      throw TypeMismatch(std::string(kFunc) + ": " + param + ": expected a " + dtype_name(spec.dtype) +
                         " buffer; got " + dtype_name(out[k].dtype));
    }
    if (!out[k].data && element_count(spec.shape) > 0) {
      const std::string param = "output '" + im.outputs[k].name + "'";
      throw InvalidArgument(std::string(kFunc) + ": " + param + ": a null buffer for shape " +
                            shape_str(spec.shape));
    }
  }
  ThreadScope ts(im.num_threads);
  im.execute(in, out);
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
  std::vector<TensorView> in;
  for (size_t i = 0; i < shapes.size(); ++i) {
    if (i < impl_->in_specs.size() && impl_->in_specs[i].dtype == onnx::kInt64) {
      throw InvalidArgument(std::string(kFunc) + ": input '" + impl_->inputs[i].name +
                            "' is int64: its contents are part of the plan; plan with the inputs "
                            "(TensorView) instead of their shapes");
    }
    in.push_back(TensorView{static_cast<const float*>(nullptr), shapes[i]});
  }
  std::vector<std::vector<int64_t>> r;
  for (const TensorSpec& s : plan(in)) r.push_back(s.shape);
  return r;
}

std::vector<TensorSpec> Net::plan(const std::vector<TensorView>& inputs) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  plan_locked(*impl_, inputs);
  return impl_->out_specs;
}

void Net::run_into(const std::vector<TensorView>& inputs, const std::vector<OutputBuffer>& outputs) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  run_locked(*impl_, inputs, outputs);
}

void Net::run_into(const std::vector<TensorView>& inputs, const std::vector<float*>& outputs) {
  Impl& im = *impl_;
  std::lock_guard<std::mutex> lock(im.mu);
  im.float_outs.clear();  // keeps its capacity: no allocation in the steady state
  for (float* p : outputs) im.float_outs.push_back(OutputBuffer(p));
  run_locked(im, inputs, im.float_outs);
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
  const std::vector<TensorSpec> specs = plan(in);
  std::vector<Tensor> outs(specs.size());
  std::vector<OutputBuffer> bufs;
  for (size_t k = 0; k < outs.size(); ++k) {
    outs[k].shape = specs[k].shape;
    outs[k].dtype = specs[k].dtype;
    const size_t n = static_cast<size_t>(element_count(specs[k].shape));
    if (specs[k].dtype == DType::Int64) {
      outs[k].int64_data.resize(n);
      bufs.emplace_back(outs[k].int64_data.data());
    } else {
      outs[k].data.resize(n);
      bufs.emplace_back(outs[k].data.data());
    }
  }
  run_into(in, bufs);
  std::map<std::string, Tensor> r;
  for (size_t k = 0; k < outs.size(); ++k) r[impl_->outputs[k].name] = std::move(outs[k]);
  return r;
}

std::vector<std::string> Net::supported_ops() { return op_names(); }

size_t Net::arena_bytes() const { return impl_->planned ? impl_->arena_floats * 4 : 0; }
size_t Net::unshared_bytes() const { return impl_->planned ? impl_->unshared * 4 : 0; }
size_t Net::plan_count() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->plan_count;
}

std::vector<std::string> Net::planned_ops() const {
  std::vector<std::string> r;
  if (!impl_->planned) return r;
  for (const auto& st : impl_->steps) r.push_back(impl_->g.nodes[st.node].op_type);
  return r;
}

void Net::set_profiling(bool on) {
  std::lock_guard<std::mutex> lock(impl_->mu);
  impl_->profiling = on;
  if (on) {
    impl_->prof_us.clear();
    impl_->prof_runs = 0;
  }
}

bool Net::profiling() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->profiling;
}

std::vector<NodeProfile> Net::profile() const {
  const Impl& im = *impl_;
  std::lock_guard<std::mutex> lock(impl_->mu);
  std::vector<NodeProfile> r;
  if (!im.planned) return r;
  const size_t ns = im.steps.size();
  std::vector<float> t(im.prof_runs);
  for (size_t s = 0; s < ns; ++s) {
    const Step& st = im.steps[s];
    const GraphNode& n = im.g.nodes[st.node];
    NodeProfile p;
    p.node = st.node;
    p.name = n.name;
    p.op_type = n.op_type;
    if (!n.outputs.empty() && n.outputs[0] >= 0) p.output_shape = im.shapes[n.outputs[0]];
    p.runs = im.prof_runs;
    if (!t.empty()) {
      for (size_t k = 0; k < t.size(); ++k) t[k] = im.prof_us[k * ns + s];
      const size_t mid = t.size() / 2;
      std::nth_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(mid), t.end());
      double med = t[mid];
      if (t.size() % 2 == 0) {  // the mean of the two middle values
        med = (med + *std::max_element(t.begin(), t.begin() + static_cast<std::ptrdiff_t>(mid))) / 2;
      }
      p.median_us = med;
    }
    r.push_back(std::move(p));
  }
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
