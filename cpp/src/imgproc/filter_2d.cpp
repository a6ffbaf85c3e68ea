// filter2d: direct 2-D correlation. Each source row is bordered and
// converted to float once (the ring's prepared row); each output row is one
// tap-sum kernel call over the non-zero coefficients (float sources: the
// interior straight from the source rows, the two ends from bordered ones). Cost per pixel is the
// number of non-zero taps, whatever the kernel size.
#include <cmath>
#include <type_traits>

#include "imgproc/border_rows.hpp"
#include "imgproc/filter_separable.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/filter.hpp"

namespace vc {
namespace {

template <class TS>
void to_float(const kernels::KernelTable& kt, const TS* src, float* dst, size_t n) {
  if constexpr (std::is_same_v<TS, uint8_t>) {
    kt.u8_f32_convert_row(src, dst, n);
  } else if constexpr (std::is_same_v<TS, uint16_t>) {
    kt.u16_f32_convert_row(src, dst, n);
  } else {
    kt.s16_f32_convert_row(src, dst, n);
  }
}

template <class T, class TD>
void filter2d_run(const char* func, const ConstImageView& src, const ImageView& dst,
                  const float* kernel, int kw, int kh, int ax, int ay, float delta,
                  const FilterBorder& border) {
  const kernels::KernelTable& kt = kernels::active_kernels();
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(src.width) * cn;
  const size_t bn = static_cast<size_t>(src.width + kw - 1) * cn;
  // The non-zero taps (zeros skipped, as OpenCV's filter2D does), in the
  // tap kernels' layout: taps whose coefficient repeats are paired (in
  // row-major order) so that symmetric kernels multiply once per pair;
  // singles first, then pairs.
  struct Tap {
    float c;
    int row;
    ptrdiff_t off;
  };
  std::vector<Tap> all;
  for (int j = 0; j < kh; ++j) {
    for (int i = 0; i < kw; ++i) {
      const float c = kernel[static_cast<size_t>(j) * kw + i];
      if (c != 0.0f) all.push_back({c, j, static_cast<ptrdiff_t>(i) * cn});
    }
  }
  std::vector<int> partner(all.size(), -1);
  std::vector<bool> used(all.size(), false);
  for (size_t a = 0; a < all.size(); ++a) {
    if (used[a]) continue;
    used[a] = true;
    for (size_t b = a + 1; b < all.size(); ++b) {
      if (!used[b] && all[b].c == all[a].c) {
        used[b] = true;
        partner[a] = static_cast<int>(b);
        break;
      }
    }
  }
  std::vector<float> k;
  std::vector<int> tap_row;
  std::vector<ptrdiff_t> off;
  std::vector<bool> is_second(all.size(), false);
  for (size_t a = 0; a < all.size(); ++a) {
    if (partner[a] >= 0) is_second[static_cast<size_t>(partner[a])] = true;
  }
  for (size_t a = 0; a < all.size(); ++a) {  // singles
    if (partner[a] < 0 && !is_second[a]) {
      k.push_back(all[a].c);
      tap_row.push_back(all[a].row);
      off.push_back(all[a].off);
    }
  }
  int pairs = 0;
  for (size_t a = 0; a < all.size(); ++a) {  // pairs
    if (partner[a] < 0) continue;
    const Tap& q = all[static_cast<size_t>(partner[a])];
    k.push_back(all[a].c);
    tap_row.push_back(all[a].row);
    off.push_back(all[a].off);
    tap_row.push_back(q.row);
    off.push_back(q.off);
    ++pairs;
  }
  const int taps = static_cast<int>(k.size());  // coefficients
  const int entries = static_cast<int>(off.size());
  T bpx[4] = {};
  detail::border_pixel(border, bpx);

  detail::RingSpec spec;
  spec.src_height = src.height;
  spec.kh = kh;
  spec.ay = ay;
  spec.mode = border.mode;
  spec.row_elems = bn;
  spec.samples_per_row = static_cast<int64_t>(n) * std::max(1, taps / 4);
  // Float sources wide enough read the interior outputs' taps straight from
  // the source rows; the ring rows then hold only the two bordered ends
  // (the outputs whose taps leave the row), not a copy of every row.
  const bool direct = std::is_same_v<T, float> && src.width >= 2 * kw + 2;
  const size_t worker_bytes = detail::scratch_bytes(func, static_cast<int64_t>(bn), sizeof(T)) +
                              detail::scratch_bytes(func, std::max(entries, 1), sizeof(float*)) +
                              2 * detail::scratch_bytes(func, kh + 1, sizeof(float*));

  struct Worker {
    T* bordered;
    const float** ptrs;
    // direct: the source row behind each prepared ring row (null: a row of
    // the constant border, prepared in full)
    const float** ring_key;
    const float** ring_src;
    int ring_used;
    bool direct;
    int width;
    const ConstImageView* src;
    const ImageView* dst;
    const kernels::KernelTable* kt;
    const std::vector<float>* k;
    const std::vector<int>* tap_row;
    const std::vector<ptrdiff_t>* off;
    const T* bpx;
    int kw, ax, cn, pairs;
    size_t bn;
    float delta;
    BorderMode mode;

    void remember(const float* out, const float* row) {
      int i = 0;
      while (i < ring_used && ring_key[i] != out) ++i;
      if (i == ring_used) ring_key[ring_used++] = out;
      ring_src[i] = row;
    }
    const float* source_of(const float* ring_row) const {
      for (int i = 0; i < ring_used; ++i) {
        if (ring_key[i] == ring_row) return ring_src[i];
      }
      return nullptr;
    }

    void prepare(int sy, float* out) {
      if (sy < 0) {
        for (size_t i = 0; i < bn; ++i) out[i] = static_cast<float>(bpx[i % cn]);
        if (direct) remember(out, nullptr);
      } else if constexpr (std::is_same_v<T, float>) {
        if (!direct) {
          detail::bordered_row<float>(*src, sy, out, ax, kw - 1 - ax, mode, bpx);
          return;
        }
        // bordered pixels [0, ax + kw - 1) and [width - (kw - 1 - ax), width + kw - 1)
        const float* row = src->row<float>(sy);
        auto fill = [&](int x_out) {
          const int xi = border_index(x_out - ax, width, mode);
          const float* from = xi < 0 ? bpx : row + static_cast<size_t>(xi) * cn;
          for (int c = 0; c < cn; ++c) out[static_cast<size_t>(x_out) * cn + c] = from[c];
        };
        for (int x = 0; x < ax + kw - 1; ++x) fill(x);
        for (int x = width - (kw - 1 - ax); x < width + kw - 1; ++x) fill(x);
        remember(out, row);
      } else {
        detail::bordered_row<T>(*src, sy, bordered, ax, kw - 1 - ax, mode, bpx);
        to_float(*kt, bordered, out, bn);
      }
    }

    void emit(int y, const float* const* win) {
      TD* d = dst->row<TD>(y);
      const size_t n = static_cast<size_t>(dst->width) * cn;
      const int taps = static_cast<int>(k->size());
      if (taps == 0) {
        const TD v = detail::saturate_from_double<TD>(delta);
        for (size_t i = 0; i < n; ++i) d[i] = v;
        return;
      }
      // outputs [i0, i0 + m) from rows whose bordered element 0 is at rows[e]
      auto run = [&](size_t i0, size_t m) {
        if constexpr (std::is_same_v<TD, uint8_t>) {
          kt->f32_u8_filter_taps(ptrs, off->data(), k->data(), taps, pairs, delta, d + i0, m);
        } else if constexpr (std::is_same_v<TD, uint16_t>) {
          kt->f32_u16_filter_taps(ptrs, off->data(), k->data(), taps, pairs, delta, d + i0, m);
        } else if constexpr (std::is_same_v<TD, int16_t>) {
          kt->f32_s16_filter_taps(ptrs, off->data(), k->data(), taps, pairs, delta, d + i0, m);
        } else {
          kt->f32_filter_taps(ptrs, off->data(), k->data(), taps, pairs, delta, d + i0, m);
        }
      };
      const size_t entries = tap_row->size();
      if (!direct) {
        for (size_t e = 0; e < entries; ++e) ptrs[e] = win[(*tap_row)[e]];
        run(0, n);
        return;
      }
      const size_t left = static_cast<size_t>(ax) * cn;
      const size_t right = static_cast<size_t>(kw - 1 - ax) * cn;
      for (size_t e = 0; e < entries; ++e) ptrs[e] = win[(*tap_row)[e]];
      run(0, left);
      for (size_t e = 0; e < entries; ++e) ptrs[e] = win[(*tap_row)[e]] + (n - right);
      run(n - right, right);
      // the interior: source element x - ax * cn stands at bordered element x
      for (size_t e = 0; e < entries; ++e) {
        const float* ring_row = win[(*tap_row)[e]];
        const float* row = source_of(ring_row);
        ptrs[e] = row ? row : ring_row + left;
      }
      run(left, n - left - right);
    }
  };

  detail::run_row_ring<float>(func, dst.height, spec, worker_bytes, [&](detail::FilterScratch& s) {
    Worker w;
    w.bordered = s.take<T>(bn);
    w.ptrs = s.take<const float*>(static_cast<size_t>(std::max(entries, 1)));
    w.ring_key = s.take<const float*>(static_cast<size_t>(kh + 1));
    w.ring_src = s.take<const float*>(static_cast<size_t>(kh + 1));
    w.ring_used = 0;
    w.direct = direct;
    w.width = src.width;
    w.src = &src;
    w.dst = &dst;
    w.kt = &kt;
    w.k = &k;
    w.tap_row = &tap_row;
    w.off = &off;
    w.bpx = bpx;
    w.kw = kw;
    w.ax = ax;
    w.cn = cn;
    w.pairs = pairs;
    w.bn = bn;
    w.delta = delta;
    w.mode = border.mode;
    return w;
  });
}

template <class TS>
void filter2d_src(const char* func, const ConstImageView& src, const ImageView& dst,
                  const float* kernel, int kw, int kh, int ax, int ay, float delta,
                  const FilterBorder& border) {
  switch (dst.type) {
    case PixelType::U8:
      return filter2d_run<TS, uint8_t>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
    case PixelType::U16:
      return filter2d_run<TS, uint16_t>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
    case PixelType::S16:
      return filter2d_run<TS, int16_t>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
    case PixelType::F32:
      return filter2d_run<TS, float>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
  }
}

}  // namespace

namespace detail {

bool filter2d_u8_s16_exact(const char* func, const ConstImageView& src, const ImageView& dst,
                           const float* kernel, int kw, int kh, int ax, int ay, float delta,
                           const FilterBorder& border) {
  if (src.type != PixelType::U8 || dst.type != PixelType::S16 || delta != 0) return false;
  std::vector<int16_t> k;
  std::vector<int> tap_row;
  std::vector<ptrdiff_t> off;
  double bound = 0;
  const int cn = src.channels;
  for (int j = 0; j < kh; ++j) {
    for (int i = 0; i < kw; ++i) {
      const float c = kernel[static_cast<size_t>(j) * kw + i];
      if (c == 0.0f) continue;
      if (c != std::nearbyint(c)) return false;
      bound += 255.0 * std::abs(c);
      if (bound > 32767) return false;
      k.push_back(static_cast<int16_t>(c));
      tap_row.push_back(j);
      off.push_back(static_cast<ptrdiff_t>(i) * cn);
    }
  }
  if (k.empty()) return false;
  const kernels::KernelTable& kt = kernels::active_kernels();
  const size_t n = static_cast<size_t>(src.width) * cn;
  const size_t bn = static_cast<size_t>(src.width + kw - 1) * cn;
  const int taps = static_cast<int>(k.size());
  uint8_t bpx[4] = {};
  border_pixel(border, bpx);
  RingSpec spec;
  spec.src_height = src.height;
  spec.kh = kh;
  spec.ay = ay;
  spec.mode = border.mode;
  spec.row_elems = bn;
  spec.samples_per_row = static_cast<int64_t>(n);
  struct Worker {
    const uint8_t** ptrs;
    const ConstImageView* src;
    const ImageView* dst;
    const kernels::KernelTable* kt;
    const std::vector<int16_t>* k;
    const std::vector<int>* tap_row;
    const std::vector<ptrdiff_t>* off;
    const uint8_t* bpx;
    int kw, ax, cn, taps;
    size_t n, bn;
    BorderMode mode;
    void prepare(int sy, uint8_t* out) {
      if (sy < 0) {
        for (size_t i = 0; i < bn; ++i) out[i] = bpx[i % cn];
      } else {
        bordered_row<uint8_t>(*src, sy, out, ax, kw - 1 - ax, mode, bpx);
      }
    }
    void emit(int y, const uint8_t* const* win) {
      for (int t = 0; t < taps; ++t) ptrs[t] = win[(*tap_row)[static_cast<size_t>(t)]];
      kt->u8_s16_filter_taps(ptrs, off->data(), k->data(), taps, dst->row<int16_t>(y), n);
    }
  };
  run_row_ring<uint8_t>(func, dst.height, spec, scratch_bytes(func, taps, sizeof(void*)),
                        [&](FilterScratch& s) {
                          Worker w;
                          w.ptrs = s.take<const uint8_t*>(static_cast<size_t>(taps));
                          w.src = &src;
                          w.dst = &dst;
                          w.kt = &kt;
                          w.k = &k;
                          w.tap_row = &tap_row;
                          w.off = &off;
                          w.bpx = bpx;
                          w.kw = kw;
                          w.ax = ax;
                          w.cn = cn;
                          w.taps = taps;
                          w.n = n;
                          w.bn = bn;
                          w.mode = border.mode;
                          return w;
                        });
  return true;
}

void filter2d_any(const char* func, const ConstImageView& src, const ImageView& dst,
                  const float* kernel, int kw, int kh, int ax, int ay, float delta,
                  const FilterBorder& border) {
  switch (src.type) {
    case PixelType::U8:
      return filter2d_src<uint8_t>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
    case PixelType::U16:
      return filter2d_src<uint16_t>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
    case PixelType::S16:
      return filter2d_src<int16_t>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
    case PixelType::F32:
      return filter2d_src<float>(func, src, dst, kernel, kw, kh, ax, ay, delta, border);
  }
}

}  // namespace detail

void filter2d(const ConstImageView& src, const ImageView& dst, const float* kernel, int kw,
              int kh, int anchor_x, int anchor_y, double delta, const FilterBorder& border) {
  const char* func = "filter2d";
  detail::check_filter_io(func, src, dst, src.type);
  detail::check_kernel_side(func, "kernel", kw, false);
  detail::check_kernel_side(func, "kernel", kh, false);
  if (int64_t{kw} * kh > kMaxFilterKernelArea) {
    throw_invalid(func, "kernel",
                  "at most " + std::to_string(kMaxFilterKernelArea) + " coefficients",
                  std::to_string(kw) + "x" + std::to_string(kh));
  }
  if (!kernel) throw_invalid(func, "kernel", "a kernel", "null");
  detail::check_finite_kernel(func, "kernel", kernel, static_cast<size_t>(kw) * kh);
  detail::check_finite(func, "delta", delta);
  for (int c = 0; c < 4; ++c) detail::check_finite(func, "border_value", border.value[c]);
  const int ax = detail::resolve_anchor(func, "anchor", anchor_x, kw);
  const int ay = detail::resolve_anchor(func, "anchor", anchor_y, kh);
  detail::filter2d_any(func, src, dst, kernel, kw, kh, ax, ay, static_cast<float>(delta), border);
}

}  // namespace vc
