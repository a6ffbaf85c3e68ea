// integral: OpenCV's integral / integral2.
//
// One pass down the image: row 0 and column 0 of the outputs are zero; row
// y + 1 is the row kernel's prefix sum of source row y added to row y (the
// squared sums, when asked for, in the same pass, row by row). The
// rows depend on each other, so the pass is serial (memory-bound: one read
// of the source and the row above, one write); it polls for cancellation
// every few rows.
#include <cstring>
#include <string>

#include "kernels/kernel_table.hpp"
#include "visioncore/cancel.hpp"
#include "visioncore/error.hpp"
#include "visioncore/histogram.hpp"
#include "visioncore/limits.hpp"

namespace vc {
namespace {

size_t integral_elem_size(IntegralType t) { return t == IntegralType::S32 ? 4 : 8; }

template <class S>
S* plane_row(const IntegralPlane& p, int y) {
  return reinterpret_cast<S*>(static_cast<uint8_t*>(p.data) + y * p.stride);
}

template <class T, class S>
using IntegralRowFn = void (*)(const T*, const S*, S*, size_t, int);

// The sums, and with `sq_fn` the squared sums too, in the same pass: each
// source row is read once from memory and feeds both rows while cached.
template <class T, class S>
void integral_planes(const ConstImageView& src, const IntegralPlane& p, IntegralRowFn<T, S> row_fn,
                     const IntegralPlane* q = nullptr,
                     IntegralRowFn<T, double> sq_fn = nullptr) {
  const size_t width = static_cast<size_t>(src.width);
  const size_t cn = static_cast<size_t>(src.channels);
  const size_t row_elems = (width + 1) * cn;
  std::memset(plane_row<S>(p, 0), 0, row_elems * sizeof(S));
  if (q) std::memset(plane_row<double>(*q, 0), 0, row_elems * sizeof(double));
  for (int y = 0; y < src.height; ++y) {
    if ((y & 31) == 31) check_cancelled();
    S* dst = plane_row<S>(p, y + 1);
    std::memset(dst, 0, cn * sizeof(S));
    row_fn(src.row<T>(y), plane_row<S>(p, y) + cn, dst + cn, width, src.channels);
    if (q) {
      double* dq = plane_row<double>(*q, y + 1);
      std::memset(dq, 0, cn * sizeof(double));
      sq_fn(src.row<T>(y), plane_row<double>(*q, y) + cn, dq + cn, width, src.channels);
    }
  }
}

void check_plane(const char* func, const char* param, const ConstImageView& src,
                 const IntegralPlane& p, IntegralType type) {
  const int64_t row_bytes = (int64_t{src.width} + 1) * src.channels *
                            static_cast<int64_t>(integral_elem_size(type));
  if (p.data == nullptr || p.type != type || p.stride < row_bytes ||
      p.stride % static_cast<ptrdiff_t>(integral_elem_size(type)) != 0) {
    throw_invalid(func, param, "an output plane of the integral's type and row size",
                  "a plane of stride " + std::to_string(p.stride));
  }
}

}  // namespace

IntegralType integral_sum_type(const ConstImageView& src) {
  switch (src.type) {
    case PixelType::U8:
      return int64_t{src.width} * src.height * 255 <= INT32_MAX ? IntegralType::S32
                                                                 : IntegralType::S64;
    case PixelType::U16:
      return IntegralType::S64;
    default:
      return IntegralType::F64;
  }
}

void integral(const ConstImageView& src, const IntegralPlane& sum, const IntegralPlane& sqsum) {
  const char* func = "integral";
  check_view(func, "img", src, 1, 4);
  if (src.type == PixelType::S16) {
    throw_type(func, "img", "uint8, uint16 or float32", pixel_type_name(src.type));
  }
  checked_image_bytes(func, int64_t{src.width} + 1, int64_t{src.height} + 1, src.channels, 8);
  const IntegralType st = integral_sum_type(src);
  check_plane(func, "sum", src, sum, st);
  if (sqsum.data) check_plane(func, "sqsum", src, sqsum, IntegralType::F64);
  const kernels::KernelTable& kt = kernels::active_kernels();
  const IntegralPlane* q = sqsum.data ? &sqsum : nullptr;
  switch (src.type) {
    case PixelType::U8:
      if (st == IntegralType::S32) {
        integral_planes<uint8_t, int32_t>(src, sum, kt.u8_s32_integral_row, q,
                                          kt.u8_f64_integral_sq_row);
      } else {
        integral_planes<uint8_t, int64_t>(src, sum, kt.u8_s64_integral_row, q,
                                          kt.u8_f64_integral_sq_row);
      }
      break;
    case PixelType::U16:
      integral_planes<uint16_t, int64_t>(src, sum, kt.u16_s64_integral_row, q,
                                         kt.u16_f64_integral_sq_row);
      break;
    default:
      integral_planes<float, double>(src, sum, kt.f32_f64_integral_row, q,
                                     kt.f32_f64_integral_sq_row);
      break;
  }
}

}  // namespace vc
