// ONNX model loading bindings: vc.dnn.ModelError and the reader behind
// vc.dnn.read_model (python/visioncore/dnn.py builds the summary classes).
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <cstring>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "binders.hpp"
#include "nogil.hpp"
#include "visioncore/dnn/model_error.hpp"
#include "visioncore/dnn/net.hpp"
#include "visioncore/dnn/onnx.hpp"
#include "visioncore/parallel.hpp"

namespace py = pybind11;

namespace vc::bind {

namespace {

namespace ox = vc::dnn::onnx;

// Strings the model stores are UTF-8 by the ONNX spec; anything else comes
// back as bytes rather than being altered.
py::object text(const std::string& s) {
  PyObject* u = PyUnicode_DecodeUTF8(s.data(), static_cast<Py_ssize_t>(s.size()), "strict");
  if (u) return py::reinterpret_steal<py::object>(u);
  PyErr_Clear();
  return py::bytes(s);
}

py::object dtype_name(int32_t type) {
  const char* n = ox::data_type_name(type);
  if (!n || type == ox::kUndefined) return py::none();
  return py::str(n);
}

// numpy dtype holding the elements of `type` as stored: native for the numpy
// types, the bit pattern (uint16 / uint8) for bfloat16 and 8-bit floats, and
// nullptr for the packed sub-byte types.
const char* numpy_format(int32_t type) {
  switch (type) {
    case ox::kFloat: return "float32";
    case ox::kUint8: return "uint8";
    case ox::kInt8: return "int8";
    case ox::kUint16: return "uint16";
    case ox::kInt16: return "int16";
    case ox::kInt32: return "int32";
    case ox::kInt64: return "int64";
    case ox::kBool: return "bool";
    case ox::kFloat16: return "float16";
    case ox::kDouble: return "float64";
    case ox::kUint32: return "uint32";
    case ox::kUint64: return "uint64";
    case ox::kComplex64: return "complex64";
    case ox::kComplex128: return "complex128";
    case ox::kBfloat16: return "uint16";
    case ox::kFloat8E4M3FN:
    case ox::kFloat8E4M3FNUZ:
    case ox::kFloat8E5M2:
    case ox::kFloat8E5M2FNUZ:
    case ox::kFloat8E8M0: return "uint8";
    default: return nullptr;
  }
}

py::tuple dims_tuple(const std::vector<int64_t>& dims) {
  py::tuple t(dims.size());
  for (size_t i = 0; i < dims.size(); ++i) t[i] = py::int_(dims[i]);
  return t;
}

py::array tensor_array(const ox::Tensor& t) {
  std::vector<py::ssize_t> shape(t.dims.begin(), t.dims.end());
  if (t.data_type == ox::kString) {
    py::list flat;
    for (const auto& s : t.strings) flat.append(py::bytes(s));
    py::module_ np = py::module_::import("numpy");
    return np.attr("array")(flat, py::arg("dtype") = "O").attr("reshape")(dims_tuple(t.dims));
  }
  const char* fmt = numpy_format(t.data_type);
  if (!fmt) {
    // Packed sub-byte types: the packed bytes, 1-D.
    py::array_t<uint8_t> a(static_cast<py::ssize_t>(t.data.size()));
    if (!t.data.empty()) std::memcpy(a.mutable_data(), t.data.data(), t.data.size());
    return std::move(a);
  }
  py::array a(py::dtype(fmt), shape);
  if (static_cast<size_t>(a.nbytes()) != t.data.size()) {
    throw vc::dnn::ModelError("read_model: tensor '" + t.name + "' has " +
                              std::to_string(t.data.size()) + " bytes of data; its shape needs " +
                              std::to_string(a.nbytes()));
  }
  if (!t.data.empty()) std::memcpy(a.mutable_data(), t.data.data(), t.data.size());
  return a;
}

py::dict tensor_info(const ox::Tensor& t) {
  py::dict d;
  d["name"] = text(t.name);
  d["dtype"] = dtype_name(t.data_type);
  d["shape"] = dims_tuple(t.dims);
  return d;
}

py::dict type_info(const ox::TypeInfo& t) {
  static const char* kKinds[] = {"none", "tensor", "sequence", "map", "optional", "sparse_tensor", "opaque"};
  py::dict d;
  d["kind"] = kKinds[t.kind];
  d["dtype"] = dtype_name(t.elem_type);
  if (t.has_shape) {
    py::tuple shape(t.shape.size());
    for (size_t i = 0; i < t.shape.size(); ++i) {
      const ox::Dim& dim = t.shape[i];
      if (dim.has_value) shape[i] = py::int_(dim.value);
      else if (!dim.param.empty()) shape[i] = text(dim.param);
      else shape[i] = py::none();
    }
    d["shape"] = shape;
  } else {
    d["shape"] = py::none();
  }
  return d;
}

py::dict value_info(const ox::ValueInfo& v) {
  py::dict d = v.has_type ? type_info(v.type) : type_info(ox::TypeInfo());
  d["name"] = text(v.name);
  return d;
}

py::list value_infos(const std::vector<ox::ValueInfo>& vs) {
  py::list l;
  for (const auto& v : vs) l.append(value_info(v));
  return l;
}

py::list texts(const std::vector<std::string>& ss) {
  py::list l;
  for (const auto& s : ss) l.append(text(s));
  return l;
}

py::dict graph_summary(const ox::Graph& g, bool with_arrays);

py::object attribute_value(const ox::Attribute& a) {
  switch (a.type) {
    case ox::kAttrFloat: return py::float_(a.f);
    case ox::kAttrInt: return py::int_(a.i);
    case ox::kAttrString: return text(a.s);
    case ox::kAttrTensor: return tensor_array(a.tensors.at(0));
    case ox::kAttrGraph: return graph_summary(a.graphs.at(0), true);
    case ox::kAttrTypeProto: return type_info(a.types.at(0));
    case ox::kAttrFloats: {
      py::list l;
      for (float f : a.floats) l.append(py::float_(f));
      return std::move(l);
    }
    case ox::kAttrInts: {
      py::list l;
      for (int64_t i : a.ints) l.append(py::int_(i));
      return std::move(l);
    }
    case ox::kAttrStrings: return texts(a.strings);
    case ox::kAttrTensors: {
      py::list l;
      for (const auto& t : a.tensors) l.append(tensor_array(t));
      return std::move(l);
    }
    case ox::kAttrGraphs: {
      py::list l;
      for (const auto& g : a.graphs) l.append(graph_summary(g, true));
      return std::move(l);
    }
    case ox::kAttrTypeProtos: {
      py::list l;
      for (const auto& t : a.types) l.append(type_info(t));
      return std::move(l);
    }
    default: return py::none();
  }
}

py::list nodes_summary(const std::vector<ox::Node>& nodes) {
  py::list l;
  for (const ox::Node& n : nodes) {
    py::dict d;
    d["name"] = text(n.name);
    d["op_type"] = text(n.op_type);
    d["domain"] = text(n.domain);
    d["inputs"] = texts(n.inputs);
    d["outputs"] = texts(n.outputs);
    py::dict attrs;
    for (const ox::Attribute& a : n.attributes) attrs[text(a.name)] = attribute_value(a);
    d["attributes"] = attrs;
    l.append(d);
  }
  return l;
}

py::dict graph_summary(const ox::Graph& g, bool with_arrays) {
  py::dict d;
  d["name"] = text(g.name);
  d["doc_string"] = text(g.doc_string);
  d["inputs"] = value_infos(g.inputs);
  d["outputs"] = value_infos(g.outputs);
  d["value_info"] = value_infos(g.value_info);
  py::list inits;
  py::dict arrays;
  for (const auto& t : g.initializers) {
    inits.append(tensor_info(t));
    if (with_arrays) arrays[text(t.name)] = tensor_array(t);
  }
  d["initializers"] = inits;
  if (with_arrays) d["arrays"] = arrays;
  d["nodes"] = nodes_summary(g.nodes);
  return d;
}

py::dict opsets(const std::vector<ox::OpsetId>& ops) {
  py::dict d;
  for (const auto& o : ops) d[text(o.domain)] = py::int_(o.version);
  return d;
}

py::dict model_summary(const ox::Model& m) {
  py::dict d;
  d["ir_version"] = m.ir_version;
  d["opsets"] = opsets(m.opset_import);
  d["producer_name"] = text(m.producer_name);
  d["producer_version"] = text(m.producer_version);
  d["domain"] = text(m.domain);
  d["model_version"] = m.model_version;
  d["doc_string"] = text(m.doc_string);
  py::dict meta;
  for (const auto& kv : m.metadata_props) meta[text(kv.first)] = text(kv.second);
  d["metadata"] = meta;
  d["graph"] = graph_summary(m.graph, false);
  py::list fns;
  for (const ox::Function& f : m.functions) {
    py::dict fd;
    fd["name"] = text(f.name);
    fd["domain"] = text(f.domain);
    fd["inputs"] = texts(f.inputs);
    fd["outputs"] = texts(f.outputs);
    fd["attributes"] = texts(f.attribute_names);
    fd["opsets"] = opsets(f.opset_import);
    fd["nodes"] = nodes_summary(f.nodes);
    fns.append(fd);
  }
  d["functions"] = fns;
  return d;
}

using ModelPtr = std::shared_ptr<const ox::Model>;

py::list value_infos(const std::vector<vc::dnn::NetValueInfo>& vs) {
  py::list r;
  for (const auto& v : vs) {
    py::tuple shape(v.shape.size());
    for (size_t i = 0; i < v.shape.size(); ++i) {
      const auto& d = v.shape[i];
      if (d.value >= 0) {
        shape[i] = py::int_(d.value);
      } else if (!d.param.empty()) {
        shape[i] = text(d.param);
      } else {
        shape[i] = py::none();
      }
    }
    r.append(py::make_tuple(text(v.name), v.has_shape ? py::object(shape) : py::object(py::none()),
                            v.dtype.empty() ? py::object(py::none()) : py::object(py::str(v.dtype))));
  }
  return r;
}

// The engine behind vc.dnn.Net; python/visioncore/dnn.py maps names and
// checks argument kinds, this checks dtypes and layouts.
struct PyNet {
  std::shared_ptr<vc::dnn::Net> net;

  // Inputs in graph input order: float32 arrays for float32 inputs, int64
  // arrays for int64 inputs (C-contiguous views, or contiguous copies of
  // strided ones). Returns new arrays of the planned output dtypes.
  py::list run(const py::list& arrays) {
    const char* func = "Net.run";
    const auto& infos = net->inputs();
    if (arrays.size() != infos.size()) {
      throw_invalid(func, "inputs", std::to_string(infos.size()) + " arrays",
                    std::to_string(arrays.size()));
    }
    std::vector<py::array> keep;
    std::vector<vc::dnn::TensorView> views;
    for (size_t i = 0; i < infos.size(); ++i) {
      py::handle h = arrays[i];
      const std::string pname = "inputs['" + infos[i].name + "']";
      const bool int64 = infos[i].dtype == "int64";
      const char* want = int64 ? "int64" : "float32";
      if (!py::isinstance<py::array>(h)) {
        throw_type(func, pname.c_str(), std::string("numpy.ndarray of ") + want,
                   std::string(py::str(py::type::of(h).attr("__name__"))));
      }
      py::array a = py::reinterpret_borrow<py::array>(h);
      std::vector<int64_t> shape(a.shape(), a.shape() + a.ndim());
      if (int64) {
        if (!a.dtype().is(py::dtype::of<int64_t>())) {
          throw_type(func, pname.c_str(), want, std::string(py::str(a.dtype())));
        }
        auto c = py::array_t<int64_t, py::array::c_style>::ensure(a);
        if (!c) throw py::error_already_set();
        views.emplace_back(c.data(), shape);
        keep.push_back(std::move(c));
      } else {
        if (!a.dtype().is(py::dtype::of<float>())) {
          throw_type(func, pname.c_str(), want, std::string(py::str(a.dtype())));
        }
        auto c = py::array_t<float, py::array::c_style>::ensure(a);
        if (!c) throw py::error_already_set();
        views.emplace_back(c.data(), shape);
        keep.push_back(std::move(c));
      }
    }
    std::vector<vc::dnn::TensorSpec> specs;
    run_nogil([&] { specs = net->plan(views); });
    py::list r;
    std::vector<vc::dnn::OutputBuffer> bufs;
    for (const auto& s : specs) {
      std::vector<py::ssize_t> sh(s.shape.begin(), s.shape.end());
      if (s.dtype == vc::dnn::DType::Int64) {
        py::array_t<int64_t> o(sh);
        bufs.emplace_back(o.mutable_data());
        r.append(o);
      } else {
        py::array_t<float> o(sh);
        bufs.emplace_back(o.mutable_data());
        r.append(o);
      }
    }
    run_nogil([&] { net->run_into(views, bufs); });
    return r;
  }
};

}  // namespace

void bind_dnn(py::module_& dnn) {
  // ModelError: a ValueError, catchable on its own. Leaked on purpose (no
  // release after interpreter finalization).
  static auto* model_exc = new py::exception<vc::dnn::ModelError>(dnn, "ModelError", PyExc_ValueError);
  model_exc->doc() = py::str(
      "A model file that cannot be accepted: malformed, inconsistent, unsafe or over a limit.\n\n"
      "Subclass of ValueError; the message names the element and the problem.");
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const vc::dnn::ModelError& e) {
      py::set_error(*model_exc, e.what());
    }
  });

  py::class_<ox::Model, std::shared_ptr<ox::Model>>(
      dnn, "_OnnxModel", "A decoded ONNX model held by the C++ reader (see vc.dnn.read_model).")
      .def("summary", [](const ox::Model& m) { return model_summary(m); },
           "The model as nested dicts and lists (initializer arrays excluded).")
      .def("initializer", [](const ox::Model& m, const std::string& name) -> py::array {
             for (const auto& t : m.graph.initializers) {
               if (t.name == name) return tensor_array(t);
             }
             throw py::key_error("no initializer named '" + name + "' in the main graph");
           },
           py::arg("name"), "A copy of the main graph's initializer `name` as a numpy array.");

  py::class_<PyNet>(dnn, "_Net", "A loaded network (see vc.dnn.Net).")
      .def_static(
          "load_file",
          [](const std::string& path, int threads) {
            PyNet p;
            run_nogil([&] {
              p.net = std::make_shared<vc::dnn::Net>(vc::dnn::Net::load_file(path, threads));
            });
            return p;
          },
          py::arg("path"), py::arg("num_threads"),
          "Loads a model file.\n\nArgs:\n    path: model file.\n    num_threads: 0 for the "
          "library setting.\n\nReturns:\n    _Net.\n\nRaises:\n    ModelError: the model "
          "cannot be accepted.\n")
      .def_static(
          "load_bytes",
          [](const py::bytes& data, int threads) {
            char* ptr = nullptr;
            Py_ssize_t size = 0;
            if (PyBytes_AsStringAndSize(data.ptr(), &ptr, &size) != 0) throw py::error_already_set();
            PyNet p;
            run_nogil([&] {
              p.net = std::make_shared<vc::dnn::Net>(
                  vc::dnn::Net::load_bytes(ptr, static_cast<size_t>(size), threads));
            });
            return p;
          },
          py::arg("data"), py::arg("num_threads"),
          "Loads a serialized model.\n\nArgs:\n    data: model bytes.\n    num_threads: 0 for "
          "the library setting.\n\nReturns:\n    _Net.\n\nRaises:\n    ModelError: the model "
          "cannot be accepted.\n")
      .def("inputs", [](const PyNet& p) { return value_infos(p.net->inputs()); })
      .def("outputs", [](const PyNet& p) { return value_infos(p.net->outputs()); })
      .def("run", &PyNet::run, py::arg("arrays"),
           "Runs with arrays in graph input order; returns the outputs in graph output order.")
      .def("node_ops", [](const PyNet& p) { return p.net->node_ops(); },
           "Op types of the nodes left after the graph passes.")
      .def("planned_ops", [](const PyNet& p) { return p.net->planned_ops(); },
           "Op types the current plan runs (plan-time evaluated nodes excluded).")
      .def("plan_count", [](const PyNet& p) { return p.net->plan_count(); },
           "Plans made since load; unchanged by a run that reuses the current plan.")
      .def("set_profiling", [](const PyNet& p, bool on) { p.net->set_profiling(on); },
           py::arg("on"), "Switches per-node profiling on (clearing the record) or off.")
      .def("profiling", [](const PyNet& p) { return p.net->profiling(); },
           "Whether runs record per-node times.")
      .def("profile", [](const PyNet& p) {
        py::list r;
        for (const auto& n : p.net->profile()) {
          py::tuple shape(n.output_shape.size());
          for (size_t i = 0; i < n.output_shape.size(); ++i) shape[i] = py::int_(n.output_shape[i]);
          r.append(py::make_tuple(n.node, text(n.name), py::str(n.op_type), shape, n.median_us,
                                  n.runs));
        }
        return r;
      }, "(node index, name, op type, output shape, median microseconds, runs) per executed node.")
      .def("memory", [](const PyNet& p) {
        return py::make_tuple(p.net->arena_bytes(), p.net->unshared_bytes());
      }, "(arena bytes, bytes without buffer reuse) of the current plan.");

  dnn.def("_supported_ops", [] { return vc::dnn::Net::supported_ops(); },
          "Sorted ONNX operator names vc.dnn.Net accepts.");

  dnn.def(
      "_read_onnx_file",
      [](const std::string& path) {
        auto m = std::make_shared<ox::Model>();
        run_nogil([&] { *m = ox::read_onnx_file(path); });
        return m;
      },
      py::arg("path"),
      "Decodes the ONNX model file at `path` and its external data.\n\n"
      "Args:\n    path: model file (str).\n\n"
      "Returns:\n    _OnnxModel.\n\n"
      "Raises:\n    ModelError: malformed, unsafe or over a limit.\n");
  dnn.def(
      "_read_onnx_bytes",
      [](const py::bytes& data) {
        auto m = std::make_shared<ox::Model>();
        char* ptr = nullptr;
        Py_ssize_t size = 0;
        if (PyBytes_AsStringAndSize(data.ptr(), &ptr, &size) != 0) throw py::error_already_set();
        // bytes are immutable and `data` keeps them alive across the release.
        run_nogil([&] { *m = ox::read_onnx_bytes(ptr, static_cast<size_t>(size)); });
        return m;
      },
      py::arg("data"),
      "Decodes a serialized ONNX model; external data is not allowed.\n\n"
      "Args:\n    data: the model bytes.\n\n"
      "Returns:\n    _OnnxModel.\n\n"
      "Raises:\n    ModelError: malformed, over a limit, or referencing external data.\n");
}

}  // namespace vc::bind
