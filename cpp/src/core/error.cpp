#include "visioncore/error.hpp"

namespace vc {

std::string format_arg_error(const char* func, const char* param, const std::string& allowed,
                             const std::string& given) {
  std::string msg = func;
  msg += ": parameter '";
  msg += param;
  msg += "': expected ";
  msg += allowed;
  msg += "; got ";
  msg += given;
  return msg;
}

void throw_invalid(const char* func, const char* param, const std::string& allowed,
                   const std::string& given) {
  throw InvalidArgument(format_arg_error(func, param, allowed, given));
}

void throw_type(const char* func, const char* param, const std::string& allowed,
                const std::string& given) {
  throw TypeMismatch(format_arg_error(func, param, allowed, given));
}

}  // namespace vc
