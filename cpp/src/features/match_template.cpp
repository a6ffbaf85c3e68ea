// match_template and min_max_loc.
//
// stage 1: the image (and template, mask) become float planes, one per
//          channel (u8 masks as 0/1);
// stage 2: cross-correlations sum_c sum K_c(i, j) P_c(y + i, x + j), direct
//          (kernel f32_templ_corr_row, rows in fixed blocks) or by FFT tiles,
//          by a cost model of the sizes only;
// stage 3: the method's normalization per output pixel, with window sums of
//          the image from running column sums in double, restarted at fixed
//          row blocks (so no result depends on the thread count).
#include "visioncore/template.hpp"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstring>
#include <limits>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "features/fft.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

using detail::Cf;
using detail::RealFft2d;

constexpr const char* kFunc = "match_template";
constexpr int kBlockRows = 32;  // output rows per block of work

// A vector whose resize leaves new elements uninitialized: the large
// scratch planes are fully written before they are read, and zeroing them
// first would be a pass over memory of its own.
template <class T>
struct UninitAlloc : std::allocator<T> {
  template <class U>
  struct rebind {
    using other = UninitAlloc<U>;
  };
  UninitAlloc() = default;
  template <class U>
  UninitAlloc(const UninitAlloc<U>&) {}
  template <class U>
  void construct(U* p) noexcept {
    ::new (static_cast<void*>(p)) U;
  }
  template <class U, class... Args>
  void construct(U* p, Args&&... args) {
    ::new (static_cast<void*>(p)) U(std::forward<Args>(args)...);
  }
};
template <class T>
using ScratchVec = std::vector<T, UninitAlloc<T>>;

// cn planes of height x width floats, plane c at [c * height * width].
struct Planes {
  ScratchVec<float> data;
  int width = 0, height = 0, channels = 0;
  bool integer = false;  // values are integers in 0..255 (from U8)
  const float* ext = nullptr;  // set: the one plane is the caller's image itself
  const float* plane(int c) const {
    if (ext) return ext;
    return data.data() + static_cast<size_t>(c) * width * height;
  }
  size_t size() const { return static_cast<size_t>(width) * height * channels; }
};

Planes to_planes(const ConstImageView& v, bool binary) {
  Planes p;
  p.width = v.width;
  p.height = v.height;
  p.channels = v.channels;
  p.integer = v.type == PixelType::U8;
  if (v.type == PixelType::F32 && v.channels == 1 && !binary &&
      v.stride == static_cast<ptrdiff_t>(sizeof(float)) * v.width) {
    // a gap-free single-channel float image is already the plane
    p.ext = static_cast<const float*>(v.data);
    return p;
  }
  p.data.resize(static_cast<size_t>(v.width) * v.height * v.channels);
  const int cn = v.channels;
  const size_t plane = static_cast<size_t>(v.width) * v.height;
  const kernels::KernelTable& kt = kernels::active_kernels();
  parallel_for(0, v.height, rows_grain(static_cast<int64_t>(v.row_bytes()) * 4),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   const int yi = static_cast<int>(y);
                   float* d = p.data.data() + static_cast<size_t>(y) * v.width;
                   if (cn == 1 && !binary) {
                     if (v.type == PixelType::U8) {
                       kt.u8_f32_convert_row(v.row<uint8_t>(yi), d, static_cast<size_t>(v.width));
                     } else {
                       std::memcpy(d, v.row<float>(yi), sizeof(float) * v.width);
                     }
                   } else if (v.type == PixelType::U8) {
                     const uint8_t* s = v.row<uint8_t>(yi);
                     for (int x = 0; x < v.width; ++x) {
                       for (int c = 0; c < cn; ++c) {
                         const uint8_t u = s[x * cn + c];
                         d[c * plane + x] = binary ? (u ? 1.0f : 0.0f) : static_cast<float>(u);
                       }
                     }
                   } else {
                     const float* s = v.row<float>(yi);
                     for (int x = 0; x < v.width; ++x) {
                       for (int c = 0; c < cn; ++c) d[c * plane + x] = s[x * cn + c];
                     }
                   }
                 }
               });
  return p;
}

// --- stage 2: correlation ---

struct FftChoice {
  int rows = 0, cols = 0;
  double cost = std::numeric_limits<double>::infinity();
};

std::vector<int> nice_sizes(int lo, int hi) {
  std::vector<int> r;
  for (int n = lo; n <= hi; ++n) {
    if (detail::fft_nice_size(n)) r.push_back(n);
  }
  return r;
}

// Cost estimates in rough cycles, fixed (never from the ISA level, so the
// path, and hence every bit of the result, is the same at every level).
double direct_cost(int out_h, int out_w, int th, int tw, int cn) {
  return 0.2 * out_h * out_w * static_cast<double>(th) * tw * cn;
}

FftChoice choose_fft(int out_h, int out_w, int th, int tw, int cn) {
  FftChoice best;
  const int max_rows = detail::fft_next_nice_size(std::min(out_h + th - 1, std::max(4 * th, 2048)));
  const int max_cols = detail::fft_next_nice_size(std::min(out_w + tw - 1, std::max(4 * tw, 2048)));
  const std::vector<int> rs = nice_sizes(std::max(th, 2), max_rows);
  const std::vector<int> cs = nice_sizes(std::max(tw, 2), max_cols);
  for (int R : rs) {
    const int bh = std::min(R - th + 1, out_h);
    const double ty = std::ceil(static_cast<double>(out_h) / bh);
    for (int C : cs) {
      // tiles whose spectrum stays in L2 (the transforms stream through it
      // once per stage), unless the template itself is larger
      if (static_cast<int64_t>(R) * C > std::max<int64_t>(int64_t{1} << 17, int64_t{16} * th * tw)) {
        continue;
      }
      const int bw = std::min(C - tw + 1, out_w);
      const double tx = std::ceil(static_cast<double>(out_w) / bw);
      const double n = static_cast<double>(R) * C;
      // forward per channel + one inverse (each about half a complex 2-D
      // transform), the spectrum products, and per-transform overhead
      const double per_tile = (cn + 1) * (2.5 * n * std::log2(n) + 4.0 * n) + 6.0 * cn * n;
      const double cost = ty * tx * per_tile;
      if (cost < best.cost) best = {R, C, cost};
    }
  }
  return best;
}

// dst(y, x) = sum_c sum_{i,j} kern[c](i, j) * img[c](y + i, x + j) for the
// out_h x out_w outputs (dst row stride in values). The direct path sums
// chunks of at most 256 taps in float (exact for u8 data: every partial sum
// stays below 2^24) and the chunks in double; the FFT path is double.
// With `integer` (image and kernel values integers in 0..255) the direct
// path sums exactly in int32 (pmaddwd over interleaved row pairs).
//
// The direct paths compute any block of output rows on its own (rows(),
// each row from its own window), so callers can consume them block by block
// without a full-size plane of correlations.
class DirectCorr {
 public:
  DirectCorr(const Planes& img, const std::vector<float>& kern, int th, int tw, int out_w,
             bool integer)
      : img_(img), kern_(kern), th_(th), tw_(tw), out_w_(out_w), integer_(integer) {
    if (integer_) prepare_pairs();
  }

  // Output rows [y0, y1) into dst (row stride dstride values); `scratch`
  // is the caller's, reused from block to block.
  void rows(int y0, int y1, double* dst, ptrdiff_t dstride, ScratchVec<int16_t>& scratch) const {
    if (integer_) {
      rows_pairs(y0, y1, dst, dstride, scratch);
    } else {
      rows_float(y0, y1, dst, dstride);
    }
  }

 private:
  // The template's row pairs, packed for the kernel.
  void prepare_pairs() {
    const int cn = img_.channels, th = th_, tw = tw_;
    np_ = (th + 1) / 2;  // template row pairs per channel
    tp_.resize(static_cast<size_t>(cn) * np_ * tw);
    for (int c = 0; c < cn; ++c) {
      const float* k = kern_.data() + static_cast<size_t>(c) * th * tw;
      for (int p = 0; p < np_; ++p) {
        for (int j = 0; j < tw; ++j) {
          const uint32_t lo = static_cast<uint32_t>(k[2 * p * tw + j]);
          const uint32_t hi = 2 * p + 1 < th ? static_cast<uint32_t>(k[(2 * p + 1) * tw + j]) : 0u;
          tp_[(static_cast<size_t>(c) * np_ + p) * tw + j] = static_cast<int32_t>(lo | (hi << 16));
        }
      }
    }
  }

  // Image rows r and r + 1 of each channel interleaved as int16 (the last
  // row with zeros), for pair rows [r0, r0 + count) into buf.
  void build_pairs(int r0, int count, int16_t* buf) const {
    const int cn = img_.channels, W = img_.width, H = img_.height;
    for (int c = 0; c < cn; ++c) {
      for (int i = 0; i < count; ++i) {
        const int r = r0 + i;
        const float* a = img_.plane(c) + static_cast<size_t>(r) * W;
        const float* b = r + 1 < H ? a + W : nullptr;
        int16_t* d = buf + (static_cast<size_t>(c) * count + i) * 2 * W;
        if (b) {
          for (int x = 0; x < W; ++x) {
            d[2 * x] = static_cast<int16_t>(static_cast<int32_t>(a[x]));
            d[2 * x + 1] = static_cast<int16_t>(static_cast<int32_t>(b[x]));
          }
        } else {
          for (int x = 0; x < W; ++x) {
            d[2 * x] = static_cast<int16_t>(static_cast<int32_t>(a[x]));
            d[2 * x + 1] = 0;
          }
        }
      }
    }
  }

  void rows_pairs(int y0, int y1, double* dst, ptrdiff_t dstride,
                  ScratchVec<int16_t>& pairs) const {
    const int cn = img_.channels, W = img_.width, tw = tw_, out_w = out_w_;
    // pair rows of this block's windows only: y0 .. y1 - 1 + 2 (np - 1)
    const int count = y1 - y0 + 2 * (np_ - 1);
    pairs.resize(static_cast<size_t>(cn) * count * 2 * W);
    build_pairs(y0, count, pairs.data());
    const auto fn = kernels::active_kernels().s16_templ_corr_pairs;
    const int npairs = cn * np_;
    // int32 stays exact while a chunk has at most 16512 products of 255 * 255
    const int chunk = std::max(1, 8256 / tw);
    std::vector<const int16_t*> rows(static_cast<size_t>(npairs));
    std::vector<int32_t> part(static_cast<size_t>(out_w));
    for (int y = y0; y < y1; ++y) {
      for (int c = 0; c < cn; ++c) {
        for (int p = 0; p < np_; ++p) {
          rows[static_cast<size_t>(c) * np_ + p] =
              pairs.data() + (static_cast<size_t>(c) * count + y - y0 + 2 * p) * 2 * W;
        }
      }
      double* d = dst + dstride * (y - y0);
      for (int p0 = 0; p0 < npairs; p0 += chunk) {
        const int n = std::min(chunk, npairs - p0);
        fn(rows.data() + p0, tp_.data() + static_cast<size_t>(p0) * tw, n, tw, part.data(),
           static_cast<size_t>(out_w));
        if (p0 == 0) {
          for (int x = 0; x < out_w; ++x) d[x] = part[x];
        } else {
          for (int x = 0; x < out_w; ++x) d[x] += part[x];
        }
      }
    }
  }

  void rows_float(int y0, int y1, double* dst, ptrdiff_t dstride) const {
    const int cn = img_.channels, th = th_, tw = tw_, out_w = out_w_;
    const auto fn = kernels::active_kernels().f32_templ_corr_row;
    const int nrows = cn * th;
    const int chunk = std::max(1, 256 / tw);  // template rows per float sum
    std::vector<const float*> rows(static_cast<size_t>(nrows));
    std::vector<float> part(static_cast<size_t>(out_w));
    for (int y = y0; y < y1; ++y) {
      for (int c = 0; c < cn; ++c) {
        for (int i = 0; i < th; ++i) {
          rows[static_cast<size_t>(c) * th + i] =
              img_.plane(c) + static_cast<size_t>(y + i) * img_.width;
        }
      }
      double* d = dst + dstride * (y - y0);
      for (int r0 = 0; r0 < nrows; r0 += chunk) {
        const int nr = std::min(chunk, nrows - r0);
        fn(rows.data() + r0, kern_.data() + static_cast<size_t>(r0) * tw, nr, tw, part.data(),
           static_cast<size_t>(out_w));
        if (r0 == 0) {
          for (int x = 0; x < out_w; ++x) d[x] = part[x];
        } else {
          for (int x = 0; x < out_w; ++x) d[x] += part[x];
        }
      }
    }
  }

  const Planes& img_;
  const std::vector<float>& kern_;
  int th_, tw_, out_w_;
  bool integer_;
  int np_ = 0;
  std::vector<int32_t> tp_;
};

// True if correlate() takes a direct path for these sizes.
bool use_direct(int out_h, int out_w, int th, int tw, int cn) {
  return direct_cost(out_h, out_w, th, tw, cn) <= choose_fft(out_h, out_w, th, tw, cn).cost;
}

void correlate(const Planes& img, const std::vector<float>& kern, int th, int tw, double* dst,
               ptrdiff_t dstride, int out_h, int out_w, bool integer = false) {
  const int cn = img.channels;
  const FftChoice f = choose_fft(out_h, out_w, th, tw, cn);
  if (direct_cost(out_h, out_w, th, tw, cn) <= f.cost) {
    const DirectCorr dc(img, kern, th, tw, out_w, integer && tw <= 8256);
    const int blocks = (out_h + kBlockRows - 1) / kBlockRows;
    parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
      ScratchVec<int16_t> scratch;
      for (int64_t b = b0; b < b1; ++b) {
        const int y0 = static_cast<int>(b * kBlockRows);
        const int y1 = std::min(y0 + kBlockRows, out_h);
        dc.rows(y0, y1, dst + dstride * y0, dstride, scratch);
      }
    });
    return;
  }
  // FFT tiles: each R x C tile of the image gives (R - th + 1) x (C - tw + 1)
  // outputs without wrap-around.
  const RealFft2d fft(f.rows, f.cols);
  const size_t S = fft.spec_size();
  std::vector<Cf> tspec(S * cn);
  {
    std::vector<Cf> work(fft.work_size());
    for (int c = 0; c < cn; ++c) {
      fft.forward(kern.data() + static_cast<size_t>(c) * th * tw, tw, th, tw,
                  tspec.data() + S * c, work.data());
    }
  }
  const int bh = std::min(f.rows - th + 1, out_h), bw = std::min(f.cols - tw + 1, out_w);
  const int tiles_y = (out_h + bh - 1) / bh, tiles_x = (out_w + bw - 1) / bw;
  const double inv_n = 1.0 / (static_cast<double>(f.rows) * f.cols);
  parallel_for(0, int64_t{tiles_y} * tiles_x, 1, [&](int64_t t0, int64_t t1) {
    std::vector<Cf> spec(S), acc(S), work(fft.work_size());
    for (int64_t t = t0; t < t1; ++t) {
      const int y0 = static_cast<int>(t / tiles_x) * bh, x0 = static_cast<int>(t % tiles_x) * bw;
      const int vr = std::min(f.rows, img.height - y0), vc = std::min(f.cols, img.width - x0);
      for (int c = 0; c < cn; ++c) {
        fft.forward(img.plane(c) + static_cast<size_t>(y0) * img.width + x0, img.width, vr, vc,
                    spec.data(), work.data());
        // I * conj(T): correlation rather than convolution
        const Cf* ts = tspec.data() + S * c;
        for (size_t k = 0; k < S; ++k) {
          const Cf a = spec[k], b = ts[k];
          const Cf p = {a.re * b.re + a.im * b.im, a.im * b.re - a.re * b.im};
          if (c == 0) {
            acc[k] = p;
          } else {
            acc[k].re += p.re;
            acc[k].im += p.im;
          }
        }
      }
      fft.inverse(acc.data(), dst + dstride * y0 + x0, dstride, std::min(bh, out_h - y0),
                  std::min(bw, out_w - x0), inv_n, work.data());
    }
  });
}

// --- stage 3: window sums ---

// For output rows [y0, y1): calls fn(y, s1, s2) with s1[c * out_w + x] =
// window sum of channel c and s2[x] = window sum of squares over channels.
template <class Fn>
void window_sums(const Planes& img, int th, int tw, int out_w, int y0, int y1, bool need_s1,
                 Fn&& fn) {
  const int W = img.width, cn = img.channels;
  std::vector<double> col1(need_s1 ? static_cast<size_t>(W) * cn : 0), col2(W, 0.0);
  std::vector<double> s1(need_s1 ? static_cast<size_t>(out_w) * cn : 0), s2(out_w);
  for (int c = 0; c < cn; ++c) {
    for (int i = 0; i < th; ++i) {
      const float* r = img.plane(c) + static_cast<size_t>(y0 + i) * W;
      for (int x = 0; x < W; ++x) {
        const double v = r[x];
        if (need_s1) col1[static_cast<size_t>(c) * W + x] += v;
        col2[x] += v * v;
      }
    }
  }
  for (int y = y0; y < y1; ++y) {
    // sliding horizontal windows of the column sums
    if (need_s1) {
      for (int c = 0; c < cn; ++c) {
        const double* cs = col1.data() + static_cast<size_t>(c) * W;
        double acc = 0;
        for (int x = 0; x < tw; ++x) acc += cs[x];
        double* o = s1.data() + static_cast<size_t>(c) * out_w;
        o[0] = acc;
        for (int x = 1; x < out_w; ++x) {
          acc += cs[x + tw - 1] - cs[x - 1];
          o[x] = acc;
        }
      }
    }
    {
      double acc = 0;
      for (int x = 0; x < tw; ++x) acc += col2[x];
      s2[0] = acc;
      for (int x = 1; x < out_w; ++x) {
        acc += col2[x + tw - 1] - col2[x - 1];
        s2[x] = acc;
      }
    }
    fn(y, s1.data(), s2.data());
    if (y + 1 < y1) {
      for (int c = 0; c < cn; ++c) {
        const float* add = img.plane(c) + static_cast<size_t>(y + th) * W;
        const float* sub = img.plane(c) + static_cast<size_t>(y) * W;
        for (int x = 0; x < W; ++x) {
          const double a = add[x], s = sub[x];
          if (need_s1) col1[static_cast<size_t>(c) * W + x] += a - s;
          col2[x] += a * a - s * s;
        }
      }
    }
  }
}

void match_unmasked(const Planes& I, const Planes& T, const ImageView& dst, TemplMethod method) {
  const int cn = I.channels, th = T.height, tw = T.width;
  const int out_h = dst.height, out_w = dst.width;
  const double area = static_cast<double>(th) * tw;
  const bool ccoeff = method == TemplMethod::CCoeff || method == TemplMethod::CCoeffNormed;
  const bool sqdiff = method == TemplMethod::SqDiff || method == TemplMethod::SqDiffNormed;
  const bool normed = method == TemplMethod::SqDiffNormed || method == TemplMethod::CCorrNormed ||
                      method == TemplMethod::CCoeffNormed;
  // template statistics in double. CCoeff: float data correlates with
  // T - mean(T); u8 data correlates exactly with T and subtracts
  // mean(T) * (window sum) per channel afterwards (both exact in double).
  const bool integer = I.integer && T.integer;
  const bool sub_mean = ccoeff && integer;
  std::vector<float> kern(T.plane(0), T.plane(0) + T.size());
  std::vector<double> means(static_cast<size_t>(cn));
  double t_sum2 = 0;  // sum T^2 (sum T'^2 for CCoeff)
  for (int c = 0; c < cn; ++c) {
    const float* p = T.plane(c);
    double s = 0;
    for (int i = 0; i < th * tw; ++i) s += p[i];
    const double mean = s / area;
    means[static_cast<size_t>(c)] = mean;
    float* k = kern.data() + static_cast<size_t>(c) * th * tw;
    for (int i = 0; i < th * tw; ++i) {
      const double v = ccoeff ? p[i] - mean : p[i];
      if (ccoeff && !sub_mean) k[i] = static_cast<float>(v);
      t_sum2 += v * v;
    }
  }
  const ptrdiff_t dstride = dst.stride / static_cast<ptrdiff_t>(sizeof(float));
  float* d0 = static_cast<float*>(dst.data);
  if (method == TemplMethod::CCoeffNormed && t_sum2 / area < DBL_EPSILON) {
    for (int y = 0; y < out_h; ++y) std::fill(d0 + dstride * y, d0 + dstride * y + out_w, 1.0f);
    return;
  }
  // Direct correlations are made block by block next to their use; the
  // FFT path fills a full plane first.
  const bool direct = use_direct(out_h, out_w, th, tw, cn);
  std::vector<double> corr;
  std::unique_ptr<DirectCorr> dc;
  if (direct) {
    dc = std::make_unique<DirectCorr>(I, kern, th, tw, out_w, integer && tw <= 8256);
  } else {
    corr.resize(static_cast<size_t>(out_h) * out_w);
    correlate(I, kern, th, tw, corr.data(), out_w, out_h, out_w, integer);
  }
  const double t_norm = std::sqrt(t_sum2);
  const bool plain = method == TemplMethod::CCorr || (method == TemplMethod::CCoeff && !sub_mean);
  const int blocks = (out_h + kBlockRows - 1) / kBlockRows;
  parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
    std::vector<double> local(direct ? static_cast<size_t>(kBlockRows) * out_w : 0);
    ScratchVec<int16_t> scratch;
    for (int64_t b = b0; b < b1; ++b) {
      const int y0 = static_cast<int>(b * kBlockRows);
      const int y1 = std::min(y0 + kBlockRows, out_h);
      const double* cb = corr.data() + static_cast<size_t>(y0) * out_w;
      if (direct) {
        dc->rows(y0, y1, local.data(), out_w, scratch);
        cb = local.data();
      }
      if (plain) {
        for (int y = y0; y < y1; ++y) {
          const double* c = cb + static_cast<size_t>(y - y0) * out_w;
          float* row = d0 + dstride * y;
          for (int x = 0; x < out_w; ++x) row[x] = static_cast<float>(c[x]);
        }
        continue;
      }
      window_sums(I, th, tw, out_w, y0, y1, ccoeff, [&](int y, const double* s1, const double* s2) {
        float* row = d0 + dstride * y;
        const double* c = cb + static_cast<size_t>(y - y0) * out_w;
        for (int x = 0; x < out_w; ++x) {
          double num = c[x];
          double wnd_mean2 = 0;
          const double wnd_sum2 = s2[x];
          if (ccoeff) {
            for (int c = 0; c < cn; ++c) {
              const double t = s1[static_cast<size_t>(c) * out_w + x];
              wnd_mean2 += t * t;
              if (sub_mean) num -= t * means[static_cast<size_t>(c)];
            }
            wnd_mean2 /= area;
            if (!normed) {
              row[x] = static_cast<float>(num);
              continue;
            }
          }
          if (sqdiff) num = std::max(wnd_sum2 - 2 * num + t_sum2, 0.0);
          if (normed) {
            const double diff2 = std::max(wnd_sum2 - wnd_mean2, 0.0);
            const double t = diff2 <= std::min(0.5, 10 * FLT_EPSILON * wnd_sum2)
                                 ? 0.0
                                 : std::sqrt(diff2) * t_norm;
            if (std::fabs(num) < t) {
              num /= t;
            } else if (std::fabs(num) < t * 1.125) {
              num = num > 0 ? 1 : -1;
            } else {
              num = method != TemplMethod::SqDiffNormed ? 0 : 1;
            }
          }
          row[x] = static_cast<float>(num);
        }
      });
    }
  });
}

// Masked methods (OpenCV's formulas), each a few correlations combined in
// double per output pixel.
void match_masked(const Planes& I, const Planes& T, const Planes& M, const ImageView& dst,
                  TemplMethod method) {
  const int cn = I.channels, th = T.height, tw = T.width;
  const int out_h = dst.height, out_w = dst.width;
  const size_t tn = static_cast<size_t>(th) * tw;
  const size_t on = static_cast<size_t>(out_h) * out_w;
  auto mplane = [&](int c) { return M.plane(M.channels == 1 ? 0 : c); };
  // I^2 planes, for the window energies
  Planes I2;
  const bool need_i2 = method != TemplMethod::CCorr;
  if (need_i2) {
    I2.width = I.width, I2.height = I.height, I2.channels = cn;
    I2.data.resize(I.size());
    const float* src = I.plane(0);
    for (size_t i = 0; i < I.size(); ++i) I2.data[i] = src[i] * src[i];
  }
  auto corr_all = [&](const Planes& P, const std::vector<float>& k) {
    std::vector<double> r(on);
    correlate(P, k, th, tw, r.data(), out_w, out_h, out_w);
    return r;
  };
  // one channel at a time where a per-channel factor follows
  auto corr_one = [&](const Planes& P, int c, const std::vector<float>& k) {
    Planes one;
    one.width = P.width, one.height = P.height, one.channels = 1;
    one.data.assign(P.plane(c), P.plane(c) + static_cast<size_t>(P.width) * P.height);
    std::vector<double> r(on);
    correlate(one, k, th, tw, r.data(), out_w, out_h, out_w);
    return r;
  };
  std::vector<double> num(on, 0.0), den_i(on, 0.0);
  double den_t = 0;
  std::vector<float> k(tn * cn);
  if (method == TemplMethod::CCoeff || method == TemplMethod::CCoeffNormed) {
    for (int c = 0; c < cn; ++c) {
      const float* m = mplane(c);
      const float* t = T.plane(c);
      double sm = 0, smt = 0, sm2 = 0;
      for (size_t i = 0; i < tn; ++i) sm += m[i], smt += double(m[i]) * t[i], sm2 += double(m[i]) * m[i];
      const double tmean = sm != 0 ? smt / sm : 0;
      std::vector<float> kt(tn), km(tn), km2(tn);
      double s_mt = 0;  // sum M T'
      for (size_t i = 0; i < tn; ++i) {
        const double tp = m[i] * (t[i] - tmean);  // T'
        den_t += tp * tp;
        kt[i] = static_cast<float>(m[i] * tp);
        s_mt += m[i] * tp;
        km[i] = m[i];
        km2[i] = m[i] * m[i];
      }
      const std::vector<double> a = corr_one(I, c, kt), im = corr_one(I, c, km);
      std::vector<double> im2, i2m2;
      if (method == TemplMethod::CCoeffNormed) im2 = corr_one(I, c, km2), i2m2 = corr_one(I2, c, km2);
      for (size_t o = 0; o < on; ++o) {
        const double mi = sm != 0 ? im[o] / sm : 0;
        num[o] += a[o] - mi * s_mt;
        if (!im2.empty()) den_i[o] += i2m2[o] - 2 * mi * im2[o] + mi * mi * sm2;
      }
    }
  } else {
    // CCorr / SqDiff families: sum I M^2 T, sum I^2 M^2, sum (M T)^2
    double t2 = 0;
    std::vector<float> km2(tn * cn);
    for (int c = 0; c < cn; ++c) {
      const float* m = mplane(c);
      const float* t = T.plane(c);
      for (size_t i = 0; i < tn; ++i) {
        const double mt = double(m[i]) * t[i];
        t2 += mt * mt;
        k[c * tn + i] = static_cast<float>(mt * m[i]);
        km2[c * tn + i] = m[i] * m[i];
      }
    }
    const std::vector<double> a = corr_all(I, k);
    std::vector<double> e;
    if (method != TemplMethod::CCorr) e = corr_all(I2, km2);
    for (size_t o = 0; o < on; ++o) {
      num[o] = a[o];
      if (!e.empty()) den_i[o] = e[o];
      if (method == TemplMethod::SqDiff || method == TemplMethod::SqDiffNormed) {
        num[o] = e[o] - 2.0 * a[o] + t2;
      }
    }
    den_t = t2;
  }
  const bool normed = method == TemplMethod::SqDiffNormed || method == TemplMethod::CCorrNormed ||
                      method == TemplMethod::CCoeffNormed;
  for (int y = 0; y < out_h; ++y) {
    float* row = dst.row<float>(y);
    for (int x = 0; x < out_w; ++x) {
      const size_t o = static_cast<size_t>(y) * out_w + x;
      double v = num[o];
      if (normed) v /= std::sqrt(den_t) * std::sqrt(std::max(den_i[o], 0.0));
      row[x] = static_cast<float>(v);
    }
  }
}

}  // namespace

void match_template(const ConstImageView& img, const ConstImageView& templ, const ImageView& dst,
                    TemplMethod method, const ConstImageView& mask) {
  check_view(kFunc, "img", img, 1, 4);
  check_view(kFunc, "templ", templ, 1, 4);
  if (img.type != PixelType::U8 && img.type != PixelType::F32) {
    throw_type(kFunc, "img", "uint8 or float32", pixel_type_name(img.type));
  }
  if (templ.type != img.type) {
    throw_type(kFunc, "templ", std::string("the image's dtype ") + pixel_type_name(img.type),
               pixel_type_name(templ.type));
  }
  if (templ.channels != img.channels) {
    throw_invalid(kFunc, "templ", std::to_string(img.channels) + " channel(s) like the image",
                  std::to_string(templ.channels));
  }
  if (templ.width > img.width || templ.height > img.height) {
    throw_invalid(kFunc, "templ", "a template no larger than the image " + describe(img),
                  describe(templ));
  }
  if (static_cast<int>(method) < 0 || static_cast<int>(method) > 5) {
    throw_invalid(kFunc, "method", "a TemplMethod", std::to_string(static_cast<int>(method)));
  }
  const int out_w = img.width - templ.width + 1, out_h = img.height - templ.height + 1;
  check_output(kFunc, "dst", dst, out_w, out_h, 1, PixelType::F32);
  if (views_overlap(img, dst) || views_overlap(templ, dst)) {
    throw_invalid(kFunc, "dst", "a buffer not overlapping the inputs", "overlap");
  }
  const bool has_mask = !mask.empty();
  if (has_mask) {
    check_view(kFunc, "mask", mask, 1, 4);
    if (mask.type != PixelType::U8 && mask.type != PixelType::F32) {
      throw_type(kFunc, "mask", "uint8 or float32", pixel_type_name(mask.type));
    }
    if (mask.width != templ.width || mask.height != templ.height ||
        (mask.channels != 1 && mask.channels != templ.channels)) {
      throw_invalid(kFunc, "mask", "the template's size with 1 or its channel count",
                    describe(mask));
    }
    if (views_overlap(mask, dst)) {
      throw_invalid(kFunc, "dst", "a buffer not overlapping the inputs", "overlap");
    }
  }
  checked_image_bytes(kFunc, img.width, img.height, int64_t{img.channels} * 2, 4);
  const Planes I = to_planes(img, false);
  const Planes T = to_planes(templ, false);
  if (has_mask) {
    const Planes M = to_planes(mask, mask.type == PixelType::U8);
    match_masked(I, T, M, dst, method);
  } else {
    match_unmasked(I, T, dst, method);
  }
}

// --- min_max_loc ---

namespace {

struct Extremes {
  double mn = 0, mx = 0;
  int64_t imn = -1, imx = -1;  // raster index
};

template <class T>
Extremes scan_rows(const ConstImageView& v, const ConstImageView& mask, int y0, int y1) {
  Extremes e;
  bool any = false;
  T mn{}, mx{};
  for (int y = y0; y < y1; ++y) {
    const T* r = v.row<T>(y);
    const uint8_t* m = mask.empty() ? nullptr : mask.row<uint8_t>(y);
    for (int x = 0; x < v.width; ++x) {
      if (m && !m[x]) continue;
      const T val = r[x];
      if constexpr (std::is_floating_point_v<T>) {
        if (std::isnan(val)) continue;
      }
      const int64_t idx = int64_t{y} * v.width + x;
      if (!any) {
        mn = mx = val;
        e.imn = e.imx = idx;
        any = true;
      } else if (val < mn) {
        mn = val;
        e.imn = idx;
      } else if (val > mx) {
        mx = val;
        e.imx = idx;
      }
    }
  }
  e.mn = static_cast<double>(mn);
  e.mx = static_cast<double>(mx);
  return e;
}

}  // namespace

MinMaxLoc min_max_loc(const ConstImageView& img, const ConstImageView& mask) {
  const char* func = "min_max_loc";
  check_view(func, "img", img, 1, 1);
  if (!mask.empty()) {
    check_view(func, "mask", mask, 1, 1);
    if (mask.type != PixelType::U8) throw_type(func, "mask", "uint8", pixel_type_name(mask.type));
    if (mask.width != img.width || mask.height != img.height) {
      throw_invalid(func, "mask", "the image's size " + describe(img), describe(mask));
    }
  }
  const int blocks = (img.height + 63) / 64;
  std::vector<Extremes> part(static_cast<size_t>(blocks));
  parallel_for(0, blocks, 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      const int y0 = static_cast<int>(b * 64), y1 = std::min(y0 + 64, img.height);
      Extremes& e = part[static_cast<size_t>(b)];
      switch (img.type) {
        case PixelType::U8: e = scan_rows<uint8_t>(img, mask, y0, y1); break;
        case PixelType::U16: e = scan_rows<uint16_t>(img, mask, y0, y1); break;
        case PixelType::S16: e = scan_rows<int16_t>(img, mask, y0, y1); break;
        default: e = scan_rows<float>(img, mask, y0, y1); break;
      }
    }
  });
  // blocks in raster order; strict comparisons keep the first position
  Extremes all;
  for (const Extremes& e : part) {
    if (e.imn < 0) continue;
    if (all.imn < 0) {
      all = e;
      continue;
    }
    if (e.mn < all.mn) all.mn = e.mn, all.imn = e.imn;
    if (e.mx > all.mx) all.mx = e.mx, all.imx = e.imx;
  }
  MinMaxLoc r;
  if (all.imn < 0) {
    const bool nan = mask.empty() && img.type == PixelType::F32;
    r.min_val = r.max_val = nan ? std::numeric_limits<double>::quiet_NaN() : 0.0;
    return r;
  }
  r.min_val = all.mn;
  r.max_val = all.mx;
  r.min_x = static_cast<int>(all.imn % img.width);
  r.min_y = static_cast<int>(all.imn / img.width);
  r.max_x = static_cast<int>(all.imx % img.width);
  r.max_y = static_cast<int>(all.imx / img.width);
  return r;
}

}  // namespace vc
