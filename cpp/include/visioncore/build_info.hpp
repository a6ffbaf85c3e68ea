// What this build is and what it runs on: for bug reports and `visioncore info`.
#pragma once

#include <string>
#include <vector>

namespace vc {

struct BuildInfo {
  std::string version;
  std::string compiler;
  std::vector<std::string> compiled_isas;
  std::vector<std::string> available_isas;
  std::string active_isa;
  int num_threads = 1;
  bool cuda_compiled = false;
  bool cuda_available = false;
};

BuildInfo build_info();

}  // namespace vc
