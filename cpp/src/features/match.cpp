// Brute-force descriptor matching: the skeleton around the distance kernels.
//
// stage 1: queries split into chunks on the pool; per query one kernel call
//          gives its distances to every train row (a per-chunk buffer);
// stage 2: per query, the nearest (or k nearest) by (distance, train index);
//          with cross_check, per train row the nearest query by (distance,
//          query index), merged over chunks with that same lexicographic
//          minimum (order-independent, so thread counts never matter);
// stage 3: matches collected in query order.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <mutex>
#include <string>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/matching.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

void check_sets(const char* func, const DescriptorSet& q, const DescriptorSet& t) {
  if (q.count < 0 || t.count < 0) throw_invalid(func, "descriptors", "count >= 0", "negative");
  if (q.length < 1) {
    throw_invalid(func, "query", "descriptors of length >= 1", std::to_string(q.length));
  }
  if (q.length != t.length) {
    throw_invalid(func, "train", "descriptors of the query's length " + std::to_string(q.length),
                  std::to_string(t.length));
  }
  if (q.count > std::numeric_limits<int32_t>::max() ||
      t.count > std::numeric_limits<int32_t>::max()) {
    throw_invalid(func, "descriptors", "at most 2^31 - 1 rows", "more");
  }
}

// Distances (as float: Hamming counts are exact in float) from query row i
// to every train row.
struct Distancer {
  const DescriptorSet& q;
  const DescriptorSet& t;
  MatchMetric metric;
  const kernels::KernelTable& k = kernels::active_kernels();
  std::vector<uint32_t> ubuf;

  void operator()(int64_t i, float* out) {
    const size_t n = static_cast<size_t>(t.count);
    if (metric == MatchMetric::Hamming) {
      ubuf.resize(n);
      k.u8_hamming_distances(static_cast<const uint8_t*>(q.data) + i * q.stride,
                             static_cast<const uint8_t*>(t.data), static_cast<size_t>(t.stride),
                             n, static_cast<size_t>(q.length), ubuf.data());
      for (size_t j = 0; j < n; ++j) out[j] = static_cast<float>(ubuf[j]);
    } else {
      const auto* qrow = reinterpret_cast<const float*>(static_cast<const uint8_t*>(q.data) +
                                                        i * q.stride);
      k.f32_l2sqr_distances(qrow, static_cast<const float*>(t.data),
                            static_cast<size_t>(t.stride) / sizeof(float), n,
                            static_cast<size_t>(q.length), out);
    }
  }
};

float finish(MatchMetric m, float d) { return m == MatchMetric::L2 ? std::sqrt(d) : d; }

int64_t query_grain(const DescriptorSet& q, const DescriptorSet& t) {
  const int64_t per_query = std::max<int64_t>(1, t.count * q.length);
  return std::max<int64_t>(1, (int64_t{1} << 18) / per_query);
}

}  // namespace

void match(const DescriptorSet& query, const DescriptorSet& train, MatchMetric metric,
           bool cross_check, std::vector<Match>& matches) {
  check_sets("match", query, train);
  matches.clear();
  if (query.count == 0 || train.count == 0) return;
  const size_t nq = static_cast<size_t>(query.count), nt = static_cast<size_t>(train.count);
  std::vector<int32_t> best_t(nq);
  std::vector<float> best_d(nq);
  // per train row: nearest query (for cross_check)
  std::vector<float> col_d(cross_check ? nt : 0, std::numeric_limits<float>::infinity());
  std::vector<int32_t> col_q(cross_check ? nt : 0, std::numeric_limits<int32_t>::max());
  std::mutex merge;
  parallel_for(0, query.count, query_grain(query, train), [&](int64_t i0, int64_t i1) {
    Distancer dist{query, train, metric, kernels::active_kernels(), {}};
    std::vector<float> d(nt);
    std::vector<float> cd(cross_check ? nt : 0, std::numeric_limits<float>::infinity());
    std::vector<int32_t> cq(cross_check ? nt : 0, std::numeric_limits<int32_t>::max());
    for (int64_t i = i0; i < i1; ++i) {
      dist(i, d.data());
      size_t bj = 0;
      float bd = d[0];
      for (size_t j = 1; j < nt; ++j) {
        if (d[j] < bd) {
          bd = d[j];
          bj = j;
        }
      }
      best_t[static_cast<size_t>(i)] = static_cast<int32_t>(bj);
      best_d[static_cast<size_t>(i)] = bd;
      if (cross_check) {
        for (size_t j = 0; j < nt; ++j) {
          if (d[j] < cd[j]) {  // queries ascend inside the chunk: ties keep the first
            cd[j] = d[j];
            cq[j] = static_cast<int32_t>(i);
          }
        }
      }
    }
    if (cross_check) {
      std::lock_guard<std::mutex> lock(merge);
      for (size_t j = 0; j < nt; ++j) {
        if (cd[j] < col_d[j] || (cd[j] == col_d[j] && cq[j] < col_q[j])) {
          col_d[j] = cd[j];
          col_q[j] = cq[j];
        }
      }
    }
  });
  for (size_t i = 0; i < nq; ++i) {
    const int32_t j = best_t[i];
    if (cross_check && col_q[static_cast<size_t>(j)] != static_cast<int32_t>(i)) continue;
    matches.push_back({static_cast<int32_t>(i), j, finish(metric, best_d[i])});
  }
}

void knn_match(const DescriptorSet& query, const DescriptorSet& train, MatchMetric metric, int k,
               int32_t* idx, float* dist_out) {
  check_sets("knn_match", query, train);
  if (k < 1 || k > 1024) throw_invalid("knn_match", "k", "an int in 1..1024", std::to_string(k));
  const size_t nt = static_cast<size_t>(train.count);
  const size_t kk = static_cast<size_t>(k);
  parallel_for(0, query.count, query_grain(query, train), [&](int64_t i0, int64_t i1) {
    Distancer dist{query, train, metric, kernels::active_kernels(), {}};
    std::vector<float> d(nt);
    std::vector<float> kd(kk);
    std::vector<int32_t> ki(kk);
    for (int64_t i = i0; i < i1; ++i) {
      size_t filled = 0;
      if (nt) dist(i, d.data());
      for (size_t j = 0; j < nt; ++j) {
        const float v = d[j];
        if (filled == kk && !(v < kd[kk - 1])) continue;
        // insert after every entry <= v (ties: lower train index first)
        size_t pos = filled < kk ? filled : kk - 1;
        while (pos > 0 && kd[pos - 1] > v) {
          if (pos < kk) {
            kd[pos] = kd[pos - 1];
            ki[pos] = ki[pos - 1];
          }
          --pos;
        }
        kd[pos] = v;
        ki[pos] = static_cast<int32_t>(j);
        if (filled < kk) ++filled;
      }
      int32_t* oi = idx + static_cast<size_t>(i) * kk;
      float* od = dist_out + static_cast<size_t>(i) * kk;
      for (size_t s = 0; s < kk; ++s) {
        oi[s] = s < filled ? ki[s] : -1;
        od[s] = s < filled ? finish(metric, kd[s]) : std::numeric_limits<float>::infinity();
      }
    }
  });
}

}  // namespace vc
