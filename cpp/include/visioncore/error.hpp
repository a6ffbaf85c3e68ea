// Typed errors. Every public function reports bad input by throwing one of
// these; none of them crashes or writes out of bounds. The Python layer maps
// InvalidArgument and LimitExceeded to ValueError, TypeMismatch to TypeError.
#pragma once

#include <stdexcept>
#include <string>

namespace vc {

class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A value, shape or option outside what the function allows.
class InvalidArgument : public Error {
 public:
  using Error::Error;
};

// A pixel type or element type the function does not handle.
class TypeMismatch : public Error {
 public:
  using Error::Error;
};

// A size above a documented limit (see limits.hpp), or a size computation that
// would overflow. Thrown before anything is allocated.
class LimitExceeded : public InvalidArgument {
 public:
  using InvalidArgument::InvalidArgument;
};

// The call was cancelled (Ctrl-C in Python, or vc::request_cancel()).
class Cancelled : public Error {
 public:
  using Error::Error;
};

// The request is valid but this build or CPU cannot serve it (e.g. forcing an
// ISA level the CPU lacks).
class Unsupported : public Error {
 public:
  using Error::Error;
};

// Builds "func: parameter 'param': expected ALLOWED; got GIVEN".
std::string format_arg_error(const char* func, const char* param, const std::string& allowed,
                             const std::string& given);

[[noreturn]] void throw_invalid(const char* func, const char* param, const std::string& allowed,
                                const std::string& given);
[[noreturn]] void throw_type(const char* func, const char* param, const std::string& allowed,
                             const std::string& given);

}  // namespace vc
