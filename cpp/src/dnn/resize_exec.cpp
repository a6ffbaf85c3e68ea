// Resize execution: the copy, nearest, separable 2-D and N-D pass paths
// (see resize_plan.hpp). Nothing here allocates.
#include <algorithm>
#include <cstring>

#include "dnn/resize_plan.hpp"
#include "visioncore/parallel.hpp"

namespace vc::dnn {

namespace {

// Multiply-adds per parallel chunk (small resizes stay on one thread).
constexpr int64_t kWorkGrain = 1 << 15;

int64_t grain_for(int64_t work_per_item) {
  return std::max<int64_t>(1, kWorkGrain / std::max<int64_t>(1, work_per_item));
}

// dst[o] = sum_t w[o][t] * src[idx[o][t]] for one row.
void resample_row(const float* src, const ResizeAxis& ax, float* dst) {
  const int32_t* idx = ax.index.data();
  const float* w = ax.weight.data();
  const int64_t n = ax.out;
  if (ax.taps == 2) {
    for (int64_t o = 0; o < n; ++o) dst[o] = w[2 * o] * src[idx[2 * o]] + w[2 * o + 1] * src[idx[2 * o + 1]];
    return;
  }
  if (ax.taps == 4) {
    for (int64_t o = 0; o < n; ++o) {
      const int32_t* i = idx + 4 * o;
      const float* v = w + 4 * o;
      dst[o] = v[0] * src[i[0]] + v[1] * src[i[1]] + v[2] * src[i[2]] + v[3] * src[i[3]];
    }
    return;
  }
  const int taps = ax.taps;
  for (int64_t o = 0; o < n; ++o) {
    float s = 0.0f;
    for (int t = 0; t < taps; ++t) s += w[o * taps + t] * src[idx[o * taps + t]];
    dst[o] = s;
  }
}

// dst[i] = sum_t w[t] * rows[t][i]: the blend of whole rows (vectorised).
void blend_rows(const float* const* rows, const float* w, int taps, float* dst, int64_t n) {
  if (taps == 1) {
    const float w0 = w[0];
    const float* r0 = rows[0];
    for (int64_t i = 0; i < n; ++i) dst[i] = w0 * r0[i];
    return;
  }
  if (taps == 2) {
    const float w0 = w[0], w1 = w[1];
    const float* r0 = rows[0];
    const float* r1 = rows[1];
    for (int64_t i = 0; i < n; ++i) dst[i] = w0 * r0[i] + w1 * r1[i];
    return;
  }
  if (taps == 4) {
    const float w0 = w[0], w1 = w[1], w2 = w[2], w3 = w[3];
    const float *r0 = rows[0], *r1 = rows[1], *r2 = rows[2], *r3 = rows[3];
    for (int64_t i = 0; i < n; ++i) dst[i] = w0 * r0[i] + w1 * r1[i] + w2 * r2[i] + w3 * r3[i];
    return;
  }
  {
    const float w0 = w[0];
    const float* r0 = rows[0];
    for (int64_t i = 0; i < n; ++i) dst[i] = w0 * r0[i];
  }
  for (int t = 1; t < taps; ++t) {
    const float wt = w[t];
    const float* rt = rows[t];
    for (int64_t i = 0; i < n; ++i) dst[i] += wt * rt[i];
  }
}

void fill(float* dst, int64_t n, float v) { std::fill(dst, dst + n, v); }

// The columns of a row whose last-axis coordinate is outside the crop.
void mask_columns(const ResizeAxis& ax, float* row, float v) {
  if (ax.outside.empty()) return;
  for (int64_t o = 0; o < ax.out; ++o) {
    if (ax.outside[o]) row[o] = v;
  }
}

}  // namespace

void ResizePlan::run(const float* x, float* y, float* ws, size_t ws_n) const {
  if (total_out_ == 0) return;
  switch (path_) {
    case Path::Copy:
      std::memcpy(y, x, static_cast<size_t>(total_out_) * sizeof(float));
      break;
    case Path::Nearest:
      run_nearest(x, y);
      break;
    case Path::Separable2D:
      run_separable_2d(x, y, ws, ws_n);
      break;
    case Path::Passes:
      run_passes(x, y, ws);
      break;
  }
}

// Output rows (all dims but the last) map to source rows through the
// leading axes' tables; a row whose source equals the previous row's is a
// copy of that output row.
void ResizePlan::run_nearest(const float* x, float* y) const {
  const int r = static_cast<int>(in_.size());
  const ResizeAxis& last = axes_[r - 1];
  const int64_t ow = out_[r - 1];
  const int64_t rows = total_out_ / ow;
  int64_t in_stride[ResizePlan::kMaxRank];
  in_stride[r - 1] = 1;
  for (int d = r - 2; d >= 0; --d) in_stride[d] = in_stride[d + 1] * in_[d + 1];
  parallel_for(0, rows, grain_for(ow), [&](int64_t r0, int64_t r1) {
    int64_t prev = -1;
    for (int64_t row = r0; row < r1; ++row) {
      int64_t rem = row, off = 0;
      bool outside = false;
      for (int d = r - 2; d >= 0; --d) {
        const int64_t c = rem % out_[d];
        rem /= out_[d];
        off += axes_[d].index[c] * in_stride[d];
        outside = outside || (!axes_[d].outside.empty() && axes_[d].outside[c]);
      }
      float* dst = y + row * ow;
      if (outside) {
        fill(dst, ow, p_.extrapolation);
        prev = -1;
        continue;
      }
      if (off == prev) {
        std::memcpy(dst, dst - ow, static_cast<size_t>(ow) * sizeof(float));
        continue;
      }
      const float* src = x + off;
      if (last.identity) {
        std::memcpy(dst, src, static_cast<size_t>(ow) * sizeof(float));
      } else if (last_is_2x_) {
        for (int64_t i = 0; i < last.in; ++i) {
          dst[2 * i] = src[i];
          dst[2 * i + 1] = src[i];
        }
      } else {
        const int32_t* idx = last.index.data();
        for (int64_t i = 0; i < ow; ++i) dst[i] = src[idx[i]];
        mask_columns(last, dst, p_.extrapolation);
      }
      prev = off;
    }
  });
}

// Per plane and block of output rows: each output row blends the vertical
// taps' source rows, resampled horizontally once into a per-thread ring
// (row r lives in slot r % taps, so the taps of one output row, which are
// consecutive source rows, never evict each other).
void ResizePlan::run_separable_2d(const float* x, float* y, float* ws, size_t ws_n) const {
  const int r = static_cast<int>(in_.size());
  const ResizeAxis& ay = axes_[r - 2];
  const ResizeAxis& ax = axes_[r - 1];
  const int64_t h = in_[r - 2], w = in_[r - 1], oh = out_[r - 2], ow = out_[r - 1];
  const int64_t planes = total_out_ / (oh * ow);
  const bool hx = !ax.identity, hy = !ay.identity;
  const int ty = ay.taps;
  const bool ring = hx && hy;
  const size_t per_slot = ring ? static_cast<size_t>(ty) * static_cast<size_t>(ow) + 16 : 0;
  // jobs: planes x row blocks, about 4 per thread when the tensor allows
  const int64_t threads = std::max(1, get_num_threads());
  const int64_t work_row = ow * (ty + (hx ? ax.taps : 0));
  int64_t want = total_out_ / ow * work_row < kWorkGrain ? 1 : 4 * threads;
  const int64_t blocks = std::min(oh, std::max<int64_t>(1, (want + planes - 1) / planes));
  const int64_t rb = (oh + blocks - 1) / blocks;
  const int64_t per_plane = (oh + rb - 1) / rb;
  const int64_t jobs = planes * per_plane;
  int64_t slots = std::min(threads, jobs);
  if (ring) slots = std::max<int64_t>(1, std::min<int64_t>(slots, static_cast<int64_t>(ws_n / per_slot)));
  parallel_for(0, slots, 1, [&](int64_t s0, int64_t s1) {
    for (int64_t s = s0; s < s1; ++s) {
      float* buf = nullptr;
      if (ring) {
        const auto addr = reinterpret_cast<uintptr_t>(ws + static_cast<size_t>(s) * per_slot);
        buf = reinterpret_cast<float*>((addr + 63) & ~uintptr_t{63});
      }
      for (int64_t job = s; job < jobs; job += slots) {
        const int64_t plane = job / per_plane;
        const int64_t y0 = (job % per_plane) * rb, y1 = std::min(oh, y0 + rb);
        const float* xp = x + plane * h * w;
        float* yp = y + plane * oh * ow;
        int64_t tag[kMaxRingRows];
        std::fill(tag, tag + kMaxRingRows, int64_t{-1});
        const float* rows[kMaxRingRows];
        for (int64_t oy = y0; oy < y1; ++oy) {
          float* dst = yp + oy * ow;
          if (!ay.outside.empty() && ay.outside[oy]) {
            fill(dst, ow, p_.extrapolation);
            continue;
          }
          const int32_t* iy = ay.index.data() + oy * ty;
          const float* wy = ay.weight.data() + oy * ty;
          if (!hy) {
            resample_row(xp + oy * w, ax, dst);
          } else if (!hx) {
            for (int t = 0; t < ty; ++t) rows[t] = xp + static_cast<int64_t>(iy[t]) * w;
            blend_rows(rows, wy, ty, dst, ow);
          } else {
            for (int t = 0; t < ty; ++t) {
              const int64_t src = iy[t];
              float* slot = buf + (src % ty) * ow;
              if (tag[src % ty] != src) {
                resample_row(xp + src * w, ax, slot);
                tag[src % ty] = src;
              }
              rows[t] = slot;
            }
            blend_rows(rows, wy, ty, dst, ow);
          }
          mask_columns(ax, dst, p_.extrapolation);
        }
      }
    }
  });
}

// One axis at a time: [outer, in_a, inner] -> [outer, out_a, inner].
void ResizePlan::run_passes(const float* x, float* y, float* ws) const {
  int64_t shape[ResizePlan::kMaxRank];
  const int r = static_cast<int>(in_.size());
  for (int d = 0; d < r; ++d) shape[d] = in_[d];
  const float* src = x;
  const size_t np = order_.size();
  for (size_t k = 0; k < np; ++k) {
    const int a = order_[k];
    const ResizeAxis& ax = axes_[a];
    float* dst = k + 1 == np ? y : ws + static_cast<size_t>(k % 2) * static_cast<size_t>(pass_buf_);
    int64_t outer = 1, inner = 1;
    for (int d = 0; d < a; ++d) outer *= shape[d];
    for (int d = a + 1; d < r; ++d) inner *= shape[d];
    const int64_t in_a = shape[a], out_a = ax.out;
    const int taps = ax.taps;
    if (inner == 1) {
      parallel_for(0, outer, grain_for(out_a * taps), [&](int64_t o0, int64_t o1) {
        for (int64_t o = o0; o < o1; ++o) resample_row(src + o * in_a, ax, dst + o * out_a);
      });
    } else {
      parallel_for(0, outer * out_a, grain_for(inner * taps), [&](int64_t q0, int64_t q1) {
        const float* rows[64];
        for (int64_t q = q0; q < q1; ++q) {
          const int64_t o = q / out_a, j = q % out_a;
          const int32_t* idx = ax.index.data() + j * taps;
          const float* w = ax.weight.data() + j * taps;
          float* d = dst + q * inner;
          for (int t0 = 0; t0 < taps; t0 += 64) {
            const int n = std::min(64, taps - t0);
            for (int t = 0; t < n; ++t) rows[t] = src + (o * in_a + idx[t0 + t]) * inner;
            if (t0 == 0) {
              blend_rows(rows, w, n, d, inner);
            } else {
              for (int t = 0; t < n; ++t) {
                const float wt = w[t0 + t];
                const float* rt = rows[t];
                for (int64_t i = 0; i < inner; ++i) d[i] += wt * rt[i];
              }
            }
          }
        }
      });
    }
    shape[a] = out_a;
    src = dst;
  }
  if (any_outside_) apply_extrapolation(y);
}

// tf_crop_and_resize after the passes: outputs with any coordinate outside
// the crop become the extrapolation value exactly.
void ResizePlan::apply_extrapolation(float* y) const {
  const int r = static_cast<int>(in_.size());
  const int64_t ow = out_[r - 1];
  const int64_t rows = total_out_ / ow;
  parallel_for(0, rows, grain_for(ow), [&](int64_t r0, int64_t r1) {
    for (int64_t row = r0; row < r1; ++row) {
      int64_t rem = row;
      bool outside = false;
      for (int d = r - 2; d >= 0; --d) {
        const int64_t c = rem % out_[d];
        rem /= out_[d];
        outside = outside || (!axes_[d].outside.empty() && axes_[d].outside[c]);
      }
      float* dst = y + row * ow;
      if (outside) {
        fill(dst, ow, p_.extrapolation);
      } else {
        mask_columns(axes_[r - 1], dst, p_.extrapolation);
      }
    }
  });
}

}  // namespace vc::dnn
