// The extension module visioncore._core: creates submodules, maps C++ errors
// to Python exceptions and calls each area's binder.
#include <pybind11/pybind11.h>

#include "binders.hpp"
#include "visioncore/error.hpp"

namespace py = pybind11;

PYBIND11_MODULE(_core, m) {
  m.doc() = "visioncore C++ core (use the `visioncore` package, not this module directly)";

  // LimitExceeded is a ValueError, catchable on its own.
  // Leaked on purpose (no release after interpreter finalization).
  static auto* limit_exc = new py::exception<vc::LimitExceeded>(m, "LimitExceeded", PyExc_ValueError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const vc::LimitExceeded& e) {
      py::set_error(*limit_exc, e.what());
    } catch (const vc::InvalidArgument& e) {
      py::set_error(PyExc_ValueError, e.what());
    } catch (const vc::TypeMismatch& e) {
      py::set_error(PyExc_TypeError, e.what());
    } catch (const vc::Unsupported& e) {
      py::set_error(PyExc_ValueError, e.what());
    } catch (const vc::Cancelled& e) {
      py::set_error(PyExc_KeyboardInterrupt, e.what());
    }
  });

  vc::bind::bind_core(m);
  vc::bind::bind_imgproc(m);
  vc::bind::bind_features(m);
  vc::bind::bind_dnn_module(m);
}
