// box_filter: running sums, O(1) per pixel in the window size.
//
// Per chunk of output rows: column sums over the window's kh source rows are
// kept for every image column and updated by one added and one removed row
// per output row. The border only needs the column sums extended sideways
// (the bordered rows' column sums are the column sums of the bordered
// columns), then a horizontal window over them gives the box sum. Sum types:
// u16 for U8 windows up to 256 pixels (OpenCV's fixed-point mean), int32
// while the sum fits, double otherwise and for F32 (whose windows up to 7x7
// are summed directly in float32 by the separable engine instead).
#include <cmath>
#include <cstring>
#include <type_traits>

#include "imgproc/filter_separable.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"

namespace vc {

namespace detail {

void u8_div_params(int area, uint32_t* scale, uint32_t* delta) {
  const double f = std::ldexp(1.0, 23) / area;
  uint32_t s = static_cast<uint32_t>(std::floor(f));
  uint32_t d = static_cast<uint32_t>(area / 2);
  if (f - s < 0.5) {
    ++d;
  } else {
    ++s;
  }
  *scale = s;
  *delta = d;
}

}  // namespace detail

namespace {

// Generic (non-kernel) paths: int32 or double sums.
template <class T, class TSum>
void box_generic(const char* func, const ConstImageView& src, const ImageView& dst, int kw,
                 int kh, bool normalize, BorderMode mode) {
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const double area = static_cast<double>(kw) * kh;
  // OpenCV scales int32 sums in float32 in its SIMD loops, which cover the
  // row's samples in multiples of 8, and in double for the last n % 8
  // samples; the same split gives the same roundings (ties included).
  const float fscale = static_cast<float>(1.0 / area);
  const size_t float_end = n - n % 8;
  const double dscale = 1.0 / area;
  detail::box_run<T, TSum>(
      func, src, dst.height, kw, kh, mode, 0,
      [](TSum* sum, const T* add, const T* sub, size_t count) {
        if (add && sub) {
          for (size_t i = 0; i < count; ++i) sum[i] = sum[i] + TSum(add[i]) - TSum(sub[i]);
        } else if (add) {
          for (size_t i = 0; i < count; ++i) sum[i] = sum[i] + TSum(add[i]);
        } else {
          for (size_t i = 0; i < count; ++i) sum[i] = sum[i] - TSum(sub[i]);
        }
      },
      [&](int y, const TSum* ext, uint8_t*) {
        T* d = dst.row<T>(y);
        const size_t step = static_cast<size_t>(cn);
        // Window sums: direct for short windows, running per channel else.
        auto put = [&](size_t i, TSum s) {
          if constexpr (std::is_same_v<T, float>) {
            d[i] = static_cast<float>(normalize ? s * dscale : s);
          } else if constexpr (std::is_same_v<TSum, int32_t>) {
            if (normalize) {
              d[i] = i < float_end ? detail::saturate_from_double<T>(static_cast<double>(
                                         static_cast<float>(s) * fscale))
                                   : detail::saturate_from_double<T>(s * dscale);
            } else {
              d[i] = detail::saturate_from_double<T>(static_cast<double>(s));
            }
          } else {
            d[i] = detail::saturate_from_double<T>(normalize ? s * dscale : s);
          }
        };
        if (kw <= 24) {
          for (size_t i = 0; i < n; ++i) {
            TSum s = 0;
            for (int t = 0; t < kw; ++t) s += ext[i + static_cast<size_t>(t) * step];
            put(i, s);
          }
          return;
        }
        const size_t span = static_cast<size_t>(kw) * step;
        for (size_t c = 0; c < step; ++c) {
          TSum s = 0;
          for (int t = 0; t < kw; ++t) s += ext[c + static_cast<size_t>(t) * step];
          put(c, s);
          for (size_t i = c + step; i < n; i += step) {
            s += ext[i + span - step];
            s -= ext[i - step];
            put(i, s);
          }
        }
      });
}

void box_u8_fixed(const char* func, const ConstImageView& src, const ImageView& dst, int kw,
                  int kh, BorderMode mode) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  uint32_t ds, dd;
  detail::u8_div_params(kw * kh, &ds, &dd);
  detail::box_run<uint8_t, uint16_t>(
      func, src, dst.height, kw, kh, mode, 0,
      [&](uint16_t* sum, const uint8_t* add, const uint8_t* sub, size_t count) {
        kt.u8_u16_box_colsum(sum, add, sub, count);
      },
      [&](int y, const uint16_t* ext, uint8_t*) {
        kt.u16_u8_box_row(ext, dst.row<uint8_t>(y), n, kw, cn, ds, dd);
      });
}

void box_f32(const char* func, const ConstImageView& src, const ImageView& dst, int kw, int kh,
             bool normalize, BorderMode mode) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const double scale = normalize ? 1.0 / (static_cast<double>(kw) * kh) : 1.0;
  detail::box_run<float, double>(
      func, src, dst.height, kw, kh, mode, 0,
      [&](double* sum, const float* add, const float* sub, size_t count) {
        kt.f32_f64_box_colsum(sum, add, sub, count);
      },
      [&](int y, const double* ext, uint8_t*) {
        kt.f64_f32_box_row(ext, dst.row<float>(y), n, kw, cn, scale);
      });
}

void copy_rows(const ConstImageView& src, const ImageView& dst) {
  for (int y = 0; y < src.height; ++y) std::memcpy(dst.row(y), src.row(y), src.row_bytes());
}

}  // namespace


void box_filter(const ConstImageView& src, const ImageView& dst, int kw, int kh, bool normalize,
                BorderMode border) {
  const char* func = "box_filter";
  detail::check_filter_io(func, src, dst, src.type);
  detail::check_kernel_side(func, "ksize", kw, false);
  detail::check_kernel_side(func, "ksize", kh, false);
  const int64_t area = int64_t{kw} * kh;
  if (area == 1) return copy_rows(src, dst);
  switch (src.type) {
    case PixelType::U8:
      if (normalize && area <= 256) return box_u8_fixed(func, src, dst, kw, kh, border);
      if (area <= (int64_t{1} << 23)) {
        return box_generic<uint8_t, int32_t>(func, src, dst, kw, kh, normalize, border);
      }
      return box_generic<uint8_t, double>(func, src, dst, kw, kh, normalize, border);
    case PixelType::U16:
      if (area <= (int64_t{1} << 15)) {
        return box_generic<uint16_t, int32_t>(func, src, dst, kw, kh, normalize, border);
      }
      return box_generic<uint16_t, double>(func, src, dst, kw, kh, normalize, border);
    case PixelType::S16:
      if (area <= (int64_t{1} << 16)) {
        return box_generic<int16_t, int32_t>(func, src, dst, kw, kh, normalize, border);
      }
      return box_generic<int16_t, double>(func, src, dst, kw, kh, normalize, border);
    case PixelType::F32:
      if (kw <= 7 && kh <= 7) {
        // Small windows: direct float32 sums on the separable engine are
        // faster than double running sums and accurate to a few ulps.
        std::vector<detail::SepTerm> terms(1);
        terms[0].kx.assign(static_cast<size_t>(kw), 1.0f);
        terms[0].ky.assign(static_cast<size_t>(kh),
                           normalize ? static_cast<float>(1.0 / static_cast<double>(area)) : 1.0f);
        FilterBorder b;
        b.mode = border;
        return detail::sep_filter_f32(func, src, dst, terms, kw / 2, kh / 2, 0.0f, b);
      }
      return box_f32(func, src, dst, kw, kh, normalize, border);
  }
}

}  // namespace vc
