// Memory plan for intermediate tensors (internal API, vc::dnn).
//
// Each intermediate has a size in floats (an int64 tensor counts 2 per
// element) and a lifetime [first, last] in execution
// steps (produced at `first`, last read at `last`). Tensors whose lifetimes
// overlap get disjoint ranges of one arena; the others may share. Placement
// is greedy, largest first, each at the lowest offset that does not collide
// with an already placed, time-overlapping tensor. Offsets are multiples of
// kArenaAlign floats (64 bytes).
#pragma once

#include <cstddef>
#include <vector>

namespace vc::dnn {

constexpr size_t kArenaAlign = 16;

struct Lifetime {
  size_t floats = 0;
  int first = 0;
  int last = 0;
};

struct MemoryPlan {
  std::vector<size_t> offsets;  // per lifetime, in floats
  size_t total = 0;             // arena floats
  size_t unshared = 0;          // sum of the (aligned) sizes
};

MemoryPlan plan_memory(const std::vector<Lifetime>& lifetimes);

}  // namespace vc::dnn
