// gaussian_blur and OpenCV's Gaussian kernel rules.
//
// U8 and U16 follow OpenCV's bit-exact fixed-point GaussianBlur: the double
// kernel is rounded to 8 (U8) or 16 (U16) fraction bits with error
// diffusion from the outside in, the centre taking what is left so the taps
// sum to exactly 1; the row pass sums exactly in 16 (32) bits, the column
// pass in 32 (64) bits, then rounds once. S16 and F32 run the float
// separable engine with the double kernel cast to float.
#include <cmath>
#include <cstring>
#include <string>

#include "imgproc/border_rows.hpp"
#include "imgproc/filter_separable.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"
#include "visioncore/limits.hpp"

namespace vc {
namespace {

// OpenCV's dyadic kernels for sigma <= 0 and n = 1, 3, 5, 7, 9 (in 256ths).
const double* small_table(int n) {
  static const double k1[] = {256};
  static const double k3[] = {64, 128, 64};
  static const double k5[] = {16, 64, 96, 64, 16};
  static const double k7[] = {8, 28, 56, 72, 56, 28, 8};
  static const double k9[] = {4, 13, 30, 51, 60, 51, 30, 13, 4};
  switch (n) {
    case 1:
      return k1;
    case 3:
      return k3;
    case 5:
      return k5;
    case 7:
      return k7;
    case 9:
      return k9;
    default:
      return nullptr;
  }
}

// The double kernel rounded to `bits` fraction bits by error diffusion
// (cvRound = half to even), symmetric, summing to 2^bits.
std::vector<uint32_t> fixed_point_kernel(const std::vector<double>& k, int bits) {
  const int n = static_cast<int>(k.size());
  const double mult = std::ldexp(1.0, bits);
  std::vector<uint32_t> r(static_cast<size_t>(n));
  double err = 0;
  int64_t side = 0;
  for (int i = 0; i < n / 2; ++i) {
    const double adj = k[static_cast<size_t>(i)] * mult + err;
    const double v = std::nearbyint(adj);
    err = adj - v;
    r[static_cast<size_t>(i)] = r[static_cast<size_t>(n - 1 - i)] = static_cast<uint32_t>(v);
    side += static_cast<int64_t>(v);
  }
  r[static_cast<size_t>(n / 2)] = static_cast<uint32_t>((int64_t{1} << bits) - 2 * side);
  return r;
}

// Largest a with every tap a multiple of 2^a (capped at 8).
int common_pow2(const std::vector<uint16_t>& k) {
  int a = 0;
  while (a < 8) {
    bool all = true;
    for (uint16_t v : k) all = all && (v % (2u << a)) == 0;
    if (!all) break;
    ++a;
  }
  return a;
}

// The fixed-point skeleton: bordered rows (border pixel `bpx` for Constant)
// through row_fn into the ring, col_fn out of it. Anchor (ax, ay).
template <class T, class TW, class RowFn, class ColFn>
void fixed_run(const char* func, const ConstImageView& src, const ImageView& dst, int kw, int kh,
               int ax, int ay, BorderMode mode, const T* bpx, size_t row_elems, RowFn row_fn,
               ColFn col_fn) {
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const size_t bn = static_cast<size_t>(src.width + kw - 1) * cn;
  detail::RingSpec spec;
  spec.src_height = src.height;
  spec.kh = kh;
  spec.ay = ay;
  spec.mode = mode;
  spec.row_elems = row_elems;
  spec.samples_per_row = static_cast<int64_t>(n);
  struct Worker {
    T* bordered;
    const ConstImageView* src;
    const ImageView* dst;
    const T* bpx;
    RowFn* row_fn;
    ColFn* col_fn;
    int kw, ax, cn;
    size_t bn;
    BorderMode mode;
    void prepare(int sy, TW* out) {
      if (sy < 0) {
        for (size_t i = 0; i < bn; ++i) bordered[i] = bpx[i % static_cast<size_t>(cn)];
      } else {
        detail::bordered_row<T>(*src, sy, bordered, ax, kw - 1 - ax, mode, bpx);
      }
      (*row_fn)(bordered, out);
    }
    void emit(int y, const TW* const* win) { (*col_fn)(win, dst->row<T>(y)); }
  };
  detail::run_row_ring<TW>(
      func, dst.height, spec, detail::scratch_bytes(func, static_cast<int64_t>(bn), sizeof(T)),
      [&](detail::FilterScratch& s) {
        Worker w;
        w.bordered = s.take<T>(bn);
        w.src = &src;
        w.dst = &dst;
        w.bpx = bpx;
        w.row_fn = &row_fn;
        w.col_fn = &col_fn;
        w.kw = kw;
        w.ax = ax;
        w.cn = cn;
        w.bn = bn;
        w.mode = mode;
        return w;
      });
}

void gaussian_u8(const char* func, const ConstImageView& src, const ImageView& dst,
                 const std::vector<double>& kx_d, const std::vector<double>& ky_d,
                 BorderMode mode) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  std::vector<uint16_t> kx, ky;
  for (uint32_t v : fixed_point_kernel(kx_d, 8)) kx.push_back(static_cast<uint16_t>(v));
  for (uint32_t v : fixed_point_kernel(ky_d, 8)) ky.push_back(static_cast<uint16_t>(v));
  const int kw = static_cast<int>(kx.size()), kh = static_cast<int>(ky.size());
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const size_t padded = (n + 63) & ~size_t{63};
  const uint8_t zero[4] = {};
  // Common power-of-two factors (3x3 and 5x5 at sigma 0: 2^6, 2^4): with
  // 8 bits of them in total every column sum fits 16 bits and the column
  // needs no high/low split; the result is the same integer.
  const int a = common_pow2(kx), b = common_pow2(ky);
  if (a + b >= 8) {
    for (uint16_t& v : kx) v = static_cast<uint16_t>(v >> a);
    for (uint16_t& v : ky) v = static_cast<uint16_t>(v >> b);
    const int shift = 16 - a - b;
    fixed_run<uint8_t, uint16_t>(
        func, src, dst, kw, kh, kw / 2, kh / 2, mode, zero, padded,
        [&](const uint8_t* bp, uint16_t* out) { kt.u8_gaussian_row(bp, out, n, kx.data(), kw, cn); },
        [&](const uint16_t* const* win, uint8_t* d) {
          kt.u8_gaussian_col_short(win, d, n, ky.data(), kh, shift, false);
        });
    return;
  }
  fixed_run<uint8_t, uint16_t>(
      func, src, dst, kw, kh, kw / 2, kh / 2, mode, zero, padded,
      [&](const uint8_t* b, uint16_t* out) { kt.u8_gaussian_row(b, out, n, kx.data(), kw, cn); },
      [&](const uint16_t* const* win, uint8_t* d) {
        kt.u8_gaussian_col(win, d, n, ky.data(), kh);
      });
}

}  // namespace

namespace detail {

bool sep_u8_dyadic(const char* func, const ConstImageView& src, const ImageView& dst,
                   const std::vector<float>& kxf, const std::vector<float>& kyf, int ax, int ay,
                   const FilterBorder& border) {
  // Each kernel: odd, symmetric, non-negative, taps exact multiples of 1/256
  // summing to exactly 1.
  auto to_fixed = [](const std::vector<float>& k, std::vector<uint16_t>* out) {
    const size_t m = k.size();
    if (m % 2 == 0) return false;
    int sum = 0;
    for (size_t i = 0; i < m; ++i) {
      const double v = static_cast<double>(k[i]) * 256.0;
      if (k[i] < 0 || k[i] != k[m - 1 - i] || v != std::floor(v) || v > 256) return false;
      out->push_back(static_cast<uint16_t>(v));
      sum += static_cast<int>(v);
    }
    return sum == 256;
  };
  std::vector<uint16_t> kx, ky;
  if (!to_fixed(kxf, &kx) || !to_fixed(kyf, &ky)) return false;
  const int a = common_pow2(kx), b = common_pow2(ky);
  if (a + b < 8) return false;
  for (uint16_t& v : kx) v = static_cast<uint16_t>(v >> a);
  for (uint16_t& v : ky) v = static_cast<uint16_t>(v >> b);
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int kw = static_cast<int>(kx.size()), kh = static_cast<int>(ky.size());
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const size_t padded = (n + 63) & ~size_t{63};
  const int shift = 16 - a - b;
  uint8_t bpx[4] = {};
  border_pixel(border, bpx);
  fixed_run<uint8_t, uint16_t>(
      func, src, dst, kw, kh, ax, ay, border.mode, bpx, padded,
      [&](const uint8_t* bp, uint16_t* out) { kt.u8_gaussian_row(bp, out, n, kx.data(), kw, cn); },
      [&](const uint16_t* const* win, uint8_t* d) {
        kt.u8_gaussian_col_short(win, d, n, ky.data(), kh, shift, true);
      });
  return true;
}

}  // namespace detail

namespace {

void gaussian_u16(const char* func, const ConstImageView& src, const ImageView& dst,
                  const std::vector<double>& kx_d, const std::vector<double>& ky_d,
                  BorderMode mode) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const std::vector<uint32_t> kx = fixed_point_kernel(kx_d, 16);
  const std::vector<uint32_t> ky = fixed_point_kernel(ky_d, 16);
  const int kw = static_cast<int>(kx.size()), kh = static_cast<int>(ky.size());
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const uint16_t zero[4] = {};
  fixed_run<uint16_t, uint32_t>(
      func, src, dst, kw, kh, kw / 2, kh / 2, mode, zero, n,
      [&](const uint16_t* b, uint32_t* out) { kt.u16_gaussian_row(b, out, n, kx.data(), kw, cn); },
      [&](const uint32_t* const* win, uint16_t* d) {
        kt.u16_gaussian_col(win, d, n, ky.data(), kh);
      });
}

// Kernel side for a sigma, or 0 if sigma <= 0; InvalidArgument if too large.
int derived_size(const char* func, const char* param, double sigma, PixelType type) {
  if (!(sigma > 0)) return 0;
  const double v = std::nearbyint(sigma * (type == PixelType::U8 ? 3 : 4) * 2 + 1);
  if (!(v <= kMaxFilterKernelSide)) {
    throw_invalid(func, param,
                  "a sigma whose kernel size is at most " + std::to_string(kMaxFilterKernelSide),
                  std::to_string(sigma));
  }
  return static_cast<int>(v) | 1;
}

}  // namespace

int gaussian_kernel_size(double sigma, PixelType type) {
  return derived_size("gaussian_kernel_size", "sigma", sigma, type);
}

std::vector<double> gaussian_kernel(int n, double sigma) {
  if (n < 1 || n > kMaxFilterKernelSide) {
    throw_invalid("gaussian_kernel", "n", "1.." + std::to_string(kMaxFilterKernelSide),
                  std::to_string(n));
  }
  std::vector<double> r(static_cast<size_t>(n));
  if (!(sigma > 0)) {
    if (const double* t = small_table(n)) {
      for (int i = 0; i < n; ++i) r[static_cast<size_t>(i)] = t[i] / 256.0;
      return r;
    }
  }
  // OpenCV's operation order (each step rounded once, the size-derived sigma
  // with one fused multiply-add), so that the kernel matches its bits.
  const double sigma_x = sigma > 0 ? sigma : std::fma(static_cast<double>(n), 0.15, 0.35);
  const double scale2x = -0.125 / (sigma_x * sigma_x);
  const int half = (n - 1) / 2;
  std::vector<double> values(static_cast<size_t>(half));
  double sum = 0;
  for (int i = 0, x = 1 - n; i < half; ++i, x += 2) {
    const double t = std::exp(static_cast<double>(x) * x * scale2x);
    values[static_cast<size_t>(i)] = t;
    sum += t;
  }
  sum *= 2;
  sum += 1;
  if ((n & 1) == 0) sum += 1;
  const double mul = 1.0 / sum;
  for (int i = 0; i < half; ++i) {
    const double t = values[static_cast<size_t>(i)] * mul;
    r[static_cast<size_t>(i)] = r[static_cast<size_t>(n - 1 - i)] = t;
  }
  r[static_cast<size_t>(half)] = mul;
  if ((n & 1) == 0) r[static_cast<size_t>(half + 1)] = mul;
  return r;
}

void gaussian_blur(const ConstImageView& src, const ImageView& dst, int kw, int kh,
                   double sigma_x, double sigma_y, BorderMode border) {
  const char* func = "gaussian_blur";
  detail::check_filter_io(func, src, dst, src.type);
  detail::check_finite(func, "sigma", sigma_x);
  detail::check_finite(func, "sigma_y", sigma_y);
  if (sigma_y <= 0) sigma_y = sigma_x;
  if (kw < 0 || kh < 0) {
    throw_invalid(func, "ksize", "0 (derived from sigma) or an odd size >= 1",
                  std::to_string(kw < 0 ? kw : kh));
  }
  if (kw == 0) kw = derived_size(func, "sigma", sigma_x, src.type);
  if (kh == 0) kh = derived_size(func, "sigma_y", sigma_y, src.type);
  if (kw == 0 || kh == 0) {
    throw_invalid(func, "sigma", "sigma > 0 when ksize is 0", std::to_string(sigma_x));
  }
  detail::check_kernel_side(func, "ksize", kw, true);
  detail::check_kernel_side(func, "ksize", kh, true);
  if (kw == 1 && kh == 1) {  // the 1-tap kernel is {1}: a copy (as OpenCV)
    for (int y = 0; y < src.height; ++y) std::memcpy(dst.row(y), src.row(y), src.row_bytes());
    return;
  }
  sigma_x = std::max(sigma_x, 0.0);
  sigma_y = std::max(sigma_y, 0.0);
  const std::vector<double> kx = gaussian_kernel(kw, sigma_x);
  const std::vector<double> ky =
      (kh == kw && std::abs(sigma_x - sigma_y) < 2.220446049250313e-16) ? kx
                                                                        : gaussian_kernel(kh, sigma_y);
  switch (src.type) {
    case PixelType::U8:
      return gaussian_u8(func, src, dst, kx, ky, border);
    case PixelType::U16:
      return gaussian_u16(func, src, dst, kx, ky, border);
    default: {
      std::vector<detail::SepTerm> terms(1);
      for (double v : kx) terms[0].kx.push_back(static_cast<float>(v));
      for (double v : ky) terms[0].ky.push_back(static_cast<float>(v));
      FilterBorder b;
      b.mode = border;
      detail::sep_filter_f32(func, src, dst, terms, kw / 2, kh / 2, 0.0f, b);
    }
  }
}

}  // namespace vc
