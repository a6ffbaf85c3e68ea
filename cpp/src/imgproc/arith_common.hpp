// Internal helpers of the per-pixel arithmetic (threshold.cpp, arith_*.cpp):
// type dispatch to the kernel table, aliasing rules, and the two-input
// pointwise loop.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

#include "imgproc/row_loop.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/image.hpp"
#include "visioncore/parallel.hpp"

namespace vc::detail {

// The kernels of one sample type.
template <class T>
struct ArithKernels;
#define VC_ARITH_TYPE(S, T)                                                     \
  template <>                                                                   \
  struct ArithKernels<T> {                                                      \
    static auto threshold(const kernels::KernelTable& k) { return k.S##_threshold; } \
    static auto absdiff(const kernels::KernelTable& k) { return k.S##_absdiff; }     \
    static auto minmax(const kernels::KernelTable& k) { return k.S##_minmax; }       \
    static auto norm_sums(const kernels::KernelTable& k) { return k.S##_norm_sums; } \
  };
VC_ARITH_TYPE(u8, uint8_t)
VC_ARITH_TYPE(u16, uint16_t)
VC_ARITH_TYPE(s16, int16_t)
VC_ARITH_TYPE(f32, float)
#undef VC_ARITH_TYPE

// The kernels of one (source, destination) type pair.
template <class TS, class TD>
struct ArithPairKernels;
#define VC_ARITH_PAIR(S, TS, D, TD)                                       \
  template <>                                                             \
  struct ArithPairKernels<TS, TD> {                                       \
    static auto convert_scale(const kernels::KernelTable& k) {            \
      return k.S##_##D##_convert_scale;                                   \
    }                                                                     \
    static auto add_weighted(const kernels::KernelTable& k) {             \
      return k.S##_##D##_add_weighted;                                    \
    }                                                                     \
  };
#include "kernels/common/arith_pairs.hpp"
#undef VC_ARITH_PAIR

// Calls fn(T{}) with the sample type of `t`.
template <class Fn>
void with_type(PixelType t, Fn&& fn) {
  switch (t) {
    case PixelType::U8:
      fn(uint8_t{});
      break;
    case PixelType::U16:
      fn(uint16_t{});
      break;
    case PixelType::S16:
      fn(int16_t{});
      break;
    default:
      fn(float{});
      break;
  }
}

// True if dst is exactly `src` (same memory, stride, geometry and type).
inline bool same_image(const ConstImageView& src, const ImageView& dst) {
  return src.data == dst.data && src.stride == dst.stride && src.width == dst.width &&
         src.height == dst.height && src.channels == dst.channels && src.type == dst.type;
}

// dst may be exactly src (in place) but must not overlap it otherwise.
inline void check_in_place(const char* func, const char* src_param, const ConstImageView& src,
                           const ImageView& dst) {
  if (!same_image(src, dst) && views_overlap(src, dst)) {
    throw_invalid(func, "dst", std::string(src_param) + " itself or a buffer not overlapping it",
                  "a partial overlap");
  }
}

inline void check_finite_arg(const char* func, const char* param, double v) {
  if (!std::isfinite(v)) {
    throw_invalid(func, param, "a finite number", std::isnan(v) ? "NaN" : "an infinite value");
  }
}

// Memory-bound pointwise work: below this much traffic (bytes read and
// written) a call runs on the calling thread only, and above it the pool
// gets runs of about kArithRunBytes: waking a worker costs more than
// streaming a VGA frame.
constexpr int64_t kArithSerialBytes = int64_t{1} << 20;
constexpr int64_t kArithRunBytes = int64_t{256} << 10;

// parallel_pointwise with two inputs of the same geometry:
// fn(const TS* a, const TS* b, TD* dst, size_t n) handles n consecutive
// samples (pixels * channels).
template <class TS, class TD, class Fn>
void parallel_pointwise2(const ConstImageView& a, const ConstImageView& b, const ImageView& dst,
                         Fn&& fn) {
  const auto gap_free = [](ptrdiff_t stride, size_t row_bytes, int height) {
    return height == 1 || stride == static_cast<ptrdiff_t>(row_bytes);
  };
  const int64_t cn = a.channels;
  if (!gap_free(a.stride, a.row_bytes(), a.height) ||
      !gap_free(b.stride, b.row_bytes(), b.height) ||
      !gap_free(dst.stride, dst.row_bytes(), dst.height)) {
    const size_t n = static_cast<size_t>(a.width * cn);
    const int64_t row_bytes = static_cast<int64_t>(2 * a.row_bytes() + dst.row_bytes());
    const int64_t grain = row_bytes * a.height < kArithSerialBytes
                              ? dst.height
                              : std::max<int64_t>(1, kArithRunBytes / row_bytes);
    parallel_for(0, dst.height, grain, [&](int64_t y0, int64_t y1) {
      for (int64_t y = y0; y < y1; ++y) {
        const int yi = static_cast<int>(y);
        fn(a.row<TS>(yi), b.row<TS>(yi), dst.row<TD>(yi), n);
      }
    });
    return;
  }
  const int64_t total = int64_t{a.width} * a.height;
  const int64_t px_bytes = static_cast<int64_t>(2 * a.pixel_bytes() + dst.pixel_bytes());
  const auto* a0 = static_cast<const TS*>(a.data);
  const auto* b0 = static_cast<const TS*>(b.data);
  auto* d0 = static_cast<TD*>(dst.data);
  if (total * px_bytes < kArithSerialBytes) {
    fn(a0, b0, d0, static_cast<size_t>(total * cn));
    return;
  }
  const int64_t run = std::max<int64_t>(64, (kArithRunBytes / px_bytes) / 64 * 64);
  const int64_t runs = (total + run - 1) / run;
  parallel_for(0, runs, 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t begin = r * run;
      const int64_t n = std::min(run, total - begin);
      fn(a0 + begin * cn, b0 + begin * cn, d0 + begin * cn, static_cast<size_t>(n * cn));
    }
  });
}

// Like parallel_pointwise, in samples and with the thresholds above:
// fn(const TS* src, TD* dst, size_t n) converts n consecutive samples.
template <class TS, class TD, class Fn>
void pointwise_samples(const ConstImageView& src, const ImageView& dst, Fn&& fn) {
  const auto gap_free = [](ptrdiff_t stride, size_t row_bytes, int height) {
    return height == 1 || stride == static_cast<ptrdiff_t>(row_bytes);
  };
  const int64_t cn = src.channels;
  const int64_t px_bytes = static_cast<int64_t>(src.pixel_bytes() + dst.pixel_bytes());
  const int64_t total = int64_t{src.width} * src.height;
  if (!gap_free(src.stride, src.row_bytes(), src.height) ||
      !gap_free(dst.stride, dst.row_bytes(), dst.height)) {
    const size_t n = static_cast<size_t>(src.width * cn);
    const int64_t row_bytes = static_cast<int64_t>(src.row_bytes() + dst.row_bytes());
    const int64_t grain = total * px_bytes < kArithSerialBytes
                              ? dst.height
                              : std::max<int64_t>(1, kArithRunBytes / row_bytes);
    parallel_for(0, dst.height, grain, [&](int64_t y0, int64_t y1) {
      for (int64_t y = y0; y < y1; ++y) {
        const int yi = static_cast<int>(y);
        fn(src.row<TS>(yi), dst.row<TD>(yi), n);
      }
    });
    return;
  }
  const auto* s0 = static_cast<const TS*>(src.data);
  auto* d0 = static_cast<TD*>(dst.data);
  if (total * px_bytes < kArithSerialBytes) {
    fn(s0, d0, static_cast<size_t>(total * cn));
    return;
  }
  // whole 64-pixel tiles per run, so each run start keeps the alignment
  const int64_t run = std::max<int64_t>(64, (kArithRunBytes / px_bytes) / 64 * 64);
  const int64_t runs = (total + run - 1) / run;
  parallel_for(0, runs, 1, [&](int64_t r0, int64_t r1) {
    for (int64_t r = r0; r < r1; ++r) {
      const int64_t begin = r * run;
      const int64_t n = std::min(run, total - begin);
      fn(s0 + begin * cn, d0 + begin * cn, static_cast<size_t>(n * cn));
    }
  });
}

// dst = src (same type and geometry), as one memcpy per run of a gap-free
// image or per row; nothing when dst is src.
inline void copy_image(const ConstImageView& src, const ImageView& dst) {
  if (same_image(src, dst)) return;
  with_type(src.type, [&](auto tag) {
    using T = decltype(tag);
    pointwise_samples<T, T>(src, dst, [](const T* s, T* d, size_t n) {
      std::memcpy(d, s, n * sizeof(T));
    });
  });
}

}  // namespace vc::detail
