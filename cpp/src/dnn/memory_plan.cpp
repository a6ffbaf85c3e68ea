// Greedy liveness-based arena placement (see memory_plan.hpp).
#include "dnn/memory_plan.hpp"

#include <algorithm>
#include <numeric>

namespace vc::dnn {

MemoryPlan plan_memory(const std::vector<Lifetime>& lt) {
  MemoryPlan p;
  const size_t n = lt.size();
  p.offsets.assign(n, 0);
  std::vector<size_t> size(n);
  for (size_t i = 0; i < n; ++i) {
    size[i] = (lt[i].floats + kArenaAlign - 1) / kArenaAlign * kArenaAlign;
    p.unshared += size[i];
  }
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return size[a] > size[b]; });
  std::vector<size_t> placed;
  for (size_t i : order) {
    // ranges of placed tensors alive at the same time, by offset
    std::vector<std::pair<size_t, size_t>> busy;
    for (size_t j : placed) {
      if (lt[j].first <= lt[i].last && lt[i].first <= lt[j].last) {
        busy.emplace_back(p.offsets[j], p.offsets[j] + size[j]);
      }
    }
    std::sort(busy.begin(), busy.end());
    size_t at = 0;
    for (const auto& r : busy) {
      if (at + size[i] <= r.first) break;
      at = std::max(at, r.second);
    }
    p.offsets[i] = at;
    p.total = std::max(p.total, at + size[i]);
    placed.push_back(i);
  }
  return p;
}

}  // namespace vc::dnn
