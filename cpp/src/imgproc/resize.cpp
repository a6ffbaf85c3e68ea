// resize: argument checks, the choice of method (OpenCV's rules), the
// coefficient tables, and the row skeletons. Separable methods run in two
// passes per output row chunk: source rows are filtered horizontally once
// into a small ring of buffers, then each output row combines `ksize` of
// them vertically.
//
// stage 1: tables  (per call, shared read-only by the chunks)
// stage 2: rows    (per chunk: horizontal pass into the ring, vertical pass)
#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/geometry.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"

namespace vc {
namespace {

constexpr int kCoefBits = 11;  // u8 linear: OpenCV's INTER_RESIZE_COEF_BITS
constexpr float kCoefScale = static_cast<float>(1 << kCoefBits);
// Separable passes: a chunk recomputes the horizontal rows its first output
// row needs, so chunks keep at least this many output rows.
constexpr int64_t kMinChunkRows = 32;

int floor_int(double v) { return static_cast<int>(std::floor(v)); }

// Round half to even of a float, as OpenCV's saturate_cast<short>(float).
int32_t round_float(float v) { return static_cast<int32_t>(std::nearbyint(v)); }

// ---------------------------------------------------------------- tables --

// One axis of a separable filter: for each output position, `ksize` source
// indices (already clamped into [0, src_len)) and float weights.
struct AxisTable {
  int ksize = 0;
  std::vector<int32_t> index;  // out_len * ksize
  std::vector<float> coef;     // out_len * ksize
};

// Linear (or area-style linear) source position and weights of output i,
// with OpenCV 5's arithmetic; returns the left tap. The fixed-point u8 path
// rounds the position to float before splitting off the fraction; the float
// paths split it in double precision.
int linear_pos(int i, double scale, double inv_scale, bool area_mode, bool float_pos,
               float* fx_out) {
  int sx;
  float fx;
  if (!area_mode && float_pos) {
    fx = static_cast<float>((i + 0.5) * scale - 0.5);
    sx = static_cast<int>(std::floor(fx));
    fx -= static_cast<float>(sx);
  } else if (!area_mode) {
    const double pos = (i + 0.5) * scale - 0.5;
    sx = floor_int(pos);
    fx = static_cast<float>(pos - sx);
  } else {
    sx = floor_int(i * scale);
    fx = static_cast<float>((i + 1) - (sx + 1) * inv_scale);
    fx = fx <= 0 ? 0.0f : fx - std::floor(fx);
  }
  *fx_out = fx;
  return sx;
}

// ksize 2 (linear / area-mode) or 4 (cubic); `float_pos`: see linear_pos. `clamp_edges`: the horizontal
// rule of OpenCV's linear resize (positions left of 0 or right of len-1 take
// the edge pixel with weight 1); the vertical axis keeps the weights and
// clamps the row indices only.
AxisTable make_axis(int src_len, int out_len, double scale, double inv_scale, Interpolation interp,
                    bool clamp_edges, bool float_pos) {
  AxisTable t;
  const bool cubic = interp == Interpolation::Cubic;
  t.ksize = cubic ? 4 : 2;
  t.index.resize(static_cast<size_t>(out_len) * t.ksize);
  t.coef.resize(static_cast<size_t>(out_len) * t.ksize);
  for (int i = 0; i < out_len; ++i) {
    int sx;
    float w[4];
    if (cubic) {
      // OpenCV 5 takes the cubic fraction in double precision.
      const double pos = (i + 0.5) * scale - 0.5;
      sx = floor_int(pos);
      const float x = static_cast<float>(pos - sx);
      const float A = -0.75f;
      w[0] = ((A * (x + 1.0f) - 5.0f * A) * (x + 1.0f) + 8.0f * A) * (x + 1.0f) - 4.0f * A;
      w[1] = ((A + 2.0f) * x - (A + 3.0f)) * x * x + 1.0f;
      w[2] = ((A + 2.0f) * (1.0f - x) - (A + 3.0f)) * (1.0f - x) * (1.0f - x) + 1.0f;
      w[3] = 1.0f - w[0] - w[1] - w[2];
      sx -= 1;
    } else {
      float fx;
      sx = linear_pos(i, scale, inv_scale, interp == Interpolation::Area, float_pos, &fx);
      if (clamp_edges) {
        if (sx < 0) fx = 0.0f, sx = 0;
        if (sx >= src_len - 1) fx = 0.0f, sx = src_len - 1;
      }
      w[0] = 1.0f - fx;
      w[1] = fx;
    }
    for (int k = 0; k < t.ksize; ++k) {
      t.index[static_cast<size_t>(i) * t.ksize + k] = std::clamp(sx + k, 0, src_len - 1);
      t.coef[static_cast<size_t>(i) * t.ksize + k] = w[k];
    }
  }
  return t;
}

// Exact pixel-area weights for shrinking (OpenCV's computeResizeAreaTab),
// padded to the longest tap list with zero weights on a valid index.
AxisTable make_area_axis(int src_len, int out_len, double scale) {
  std::vector<std::vector<std::pair<int, float>>> taps(static_cast<size_t>(out_len));
  size_t kmax = 1;
  for (int d = 0; d < out_len; ++d) {
    const double f1 = d * scale, f2 = f1 + scale;
    const double cell = std::min(scale, src_len - f1);
    int s1 = static_cast<int>(std::ceil(f1)), s2 = floor_int(f2);
    s2 = std::min(s2, src_len - 1);
    s1 = std::min(s1, s2);
    auto& t = taps[static_cast<size_t>(d)];
    if (s1 - f1 > 1e-3) t.emplace_back(s1 - 1, static_cast<float>((s1 - f1) / cell));
    for (int s = s1; s < s2; ++s) t.emplace_back(s, static_cast<float>(1.0 / cell));
    if (f2 - s2 > 1e-3) {
      t.emplace_back(s2, static_cast<float>(std::min(std::min(f2 - s2, 1.0), cell) / cell));
    }
    if (t.empty()) t.emplace_back(std::min(s1, src_len - 1), 0.0f);
    kmax = std::max(kmax, t.size());
  }
  AxisTable r;
  r.ksize = static_cast<int>(kmax);
  r.index.resize(static_cast<size_t>(out_len) * kmax);
  r.coef.resize(static_cast<size_t>(out_len) * kmax);
  for (int d = 0; d < out_len; ++d) {
    const auto& t = taps[static_cast<size_t>(d)];
    for (size_t k = 0; k < kmax; ++k) {
      const bool real = k < t.size();
      r.index[static_cast<size_t>(d) * kmax + k] = real ? t[k].first : t.back().first;
      r.coef[static_cast<size_t>(d) * kmax + k] = real ? t[k].second : 0.0f;
    }
  }
  return r;
}

// Column tiles of the separable float passes: each tile's horizontal taps
// (offsets and weights) and its ring of horizontally filtered rows stay in
// L1 while the tile runs down a chunk of output rows.
constexpr size_t kTileBytes = 24 * 1024;
constexpr size_t kTileAlign = 64;  // elements: whole vectors at every ISA level

struct ColumnTiles {
  size_t len = 0;    // elements per tile (the last one may be shorter)
  size_t count = 0;  // number of tiles
  size_t begin(size_t t) const { return t * len; }
  size_t size(size_t t, size_t n) const { return std::min(len, n - t * len); }
};

ColumnTiles make_tiles(size_t n, int kx, int ky) {
  const size_t per_element = 4 * static_cast<size_t>(ky) + 8 * static_cast<size_t>(kx);
  size_t len = std::max(kTileAlign, kTileBytes / per_element / kTileAlign * kTileAlign);
  ColumnTiles t;
  t.count = (n + len - 1) / len;
  // spread the elements evenly over the tiles, in whole vectors
  len = (n + t.count - 1) / t.count;
  t.len = (len + kTileAlign - 1) / kTileAlign * kTileAlign;
  t.count = (n + t.len - 1) / t.len;
  return t;
}

// Per-element (pixel * channel) tap offsets and weights for the horizontal
// float kernels, tap-major within each column tile: the tile starting at
// element b with m elements holds entry (j, e) at b * ksize + j * m + (e - b).
void expand_channels(const AxisTable& t, int out_len, int cn, const ColumnTiles& tiles,
                     std::vector<int32_t>& ofs, std::vector<float>& coef) {
  const size_t k = static_cast<size_t>(t.ksize);
  const size_t n = static_cast<size_t>(out_len) * cn;
  ofs.resize(n * k);
  coef.resize(ofs.size());
  for (int i = 0; i < out_len; ++i) {
    for (int c = 0; c < cn; ++c) {
      const size_t e = static_cast<size_t>(i) * cn + c;
      const size_t tile = e / tiles.len, b = tiles.begin(tile), m = tiles.size(tile, n);
      for (size_t j = 0; j < k; ++j) {
        const size_t at = b * k + j * m + (e - b);
        ofs[at] = t.index[static_cast<size_t>(i) * k + j] * cn + c;
        coef[at] = t.coef[static_cast<size_t>(i) * k + j];
      }
    }
  }
}

// Source rows cached by their index: slot = row % ksize, so any window of
// ksize consecutive rows fits.
template <class Buf>
struct RowRing {
  int slots;
  size_t len;
  std::unique_ptr<Buf[]> data;  // not zeroed: every row is filled before use
  std::vector<int> tag;
  RowRing(int ksize, size_t row_len)
      : slots(ksize), len(row_len), data(new Buf[static_cast<size_t>(ksize) * row_len]),
        tag(static_cast<size_t>(ksize), -1) {}
  void clear() { std::fill(tag.begin(), tag.end(), -1); }
  // The buffer of source row `r`; `fill(r, buf)` computes it when missing.
  template <class Fill>
  const Buf* get(int r, const Fill& fill) {
    const size_t s = static_cast<size_t>(r % slots);
    Buf* buf = data.get() + s * len;
    if (tag[s] != r) {
      fill(r, buf);
      tag[s] = r;
    }
    return buf;
  }
};

// ------------------------------------------------------------- methods --

void copy_rows(const ConstImageView& src, const ImageView& dst) {
  const size_t bytes = src.row_bytes();
  parallel_for(0, src.height, rows_grain(static_cast<int64_t>(2 * bytes)),
               [&](int64_t y0, int64_t y1) {
                 for (int64_t y = y0; y < y1; ++y) {
                   std::memcpy(dst.row(static_cast<int>(y)), src.row(static_cast<int>(y)), bytes);
                 }
               });
}

void resize_nearest(const ConstImageView& src, const ImageView& dst, double inv_x, double inv_y) {
  const kernels::KernelTable& k = kernels::active_kernels();
  const double ifx = 1.0 / inv_x, ify = 1.0 / inv_y;
  const int pb = static_cast<int>(src.pixel_bytes());
  std::vector<int32_t> xofs(static_cast<size_t>(dst.width));
  for (int x = 0; x < dst.width; ++x) {
    xofs[static_cast<size_t>(x)] = std::min(floor_int(x * ifx), src.width - 1) * pb;
  }
  const size_t row_bytes = dst.row_bytes();
  parallel_for(0, dst.height, rows_grain(static_cast<int64_t>(2 * row_bytes)),
               [&](int64_t y0, int64_t y1) {
                 int prev = -1;
                 for (int64_t y = y0; y < y1; ++y) {
                   const int yi = static_cast<int>(y);
                   const int sy = std::min(floor_int(yi * ify), src.height - 1);
                   if (sy == prev) {  // enlarging: the row above is the same
                     std::memcpy(dst.row(yi), dst.row(yi - 1), row_bytes);
                     continue;
                   }
                   k.x_resize_nearest_row(src.row(sy), src.row_bytes(), dst.row(yi), xofs.data(),
                                          static_cast<size_t>(dst.width), pb);
                   prev = sy;
                 }
               });
}

// u8 linear in 11-bit fixed point (and area-mode linear when enlarging).
void resize_linear_u8(const ConstImageView& src, const ImageView& dst, const AxisTable& tx,
                      const AxisTable& ty) {
  const kernels::KernelTable& k = kernels::active_kernels();
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(dst.width) * cn;
  std::vector<int32_t> xofs(n), alpha(n);
  // Taps at x and x + 1 pixel; at the right edge (weight 0 on the right tap)
  // the pair moves one pixel left with the weights swapped, which reads the
  // same pixel with the same weight without leaving the row.
  const int tap_step = src.width > 1 ? cn : 0;
  for (int i = 0; i < dst.width; ++i) {
    int sx = tx.index[2 * static_cast<size_t>(i)];
    int a0 = round_float(tx.coef[2 * static_cast<size_t>(i)] * kCoefScale);
    int a1 = round_float(tx.coef[2 * static_cast<size_t>(i) + 1] * kCoefScale);
    if (src.width > 1 && sx == src.width - 1) {
      sx -= 1;
      std::swap(a0, a1);
    }
    for (int c = 0; c < cn; ++c) {
      const size_t e = static_cast<size_t>(i) * cn + c;
      xofs[e] = sx * cn + c;
      alpha[e] = (a0 & 0xFFFF) | (a1 << 16);
    }
  }
  std::vector<int32_t> beta(2 * static_cast<size_t>(dst.height));
  for (size_t i = 0; i < beta.size(); ++i) beta[i] = round_float(ty.coef[i] * kCoefScale);
  const size_t src_len = static_cast<size_t>(src.width) * cn;
  parallel_for(0, dst.height, std::max<int64_t>(rows_grain(static_cast<int64_t>(n * 12)), kMinChunkRows),
               [&](int64_t y0, int64_t y1) {
                 RowRing<int32_t> ring(2, n);
                 auto fill = [&](int r, int32_t* buf) {
                   k.u8_resize_linear_hrow(src.row<uint8_t>(r), src_len, buf, n, xofs.data(),
                                           alpha.data(), tap_step);
                 };
                 for (int64_t y = y0; y < y1; ++y) {
                   const size_t yi = static_cast<size_t>(y);
                   const int32_t* r0 = ring.get(ty.index[2 * yi], fill);
                   const int32_t* r1 = ring.get(ty.index[2 * yi + 1], fill);
                   k.u8_resize_linear_vrow(r0, r1, dst.row<uint8_t>(static_cast<int>(y)), n,
                                           beta[2 * yi], beta[2 * yi + 1]);
                 }
               });
}

// The u8 horizontal kernel's blocks (see u8_f32_resize_hrow in
// geometry.inc): per block of kBlock elements of a tile, a window start and
// span, and the block's offsets rewritten relative to the start. The start
// moves left, when the taps allow, until a 32- or 64-element window from it
// fits in the row, so blocks near the row end keep the window paths.
constexpr size_t kBlock = 16;
static_assert(kTileAlign % kBlock == 0, "tiles start on block boundaries");

std::vector<int32_t> make_u8_blocks(std::vector<int32_t>& ofs, const ColumnTiles& tiles, size_t n,
                                    int kx, size_t src_len) {
  std::vector<int32_t> blocks(2 * ((n + kBlock - 1) / kBlock));
  const int64_t len = static_cast<int64_t>(src_len);
  for (size_t t = 0; t < tiles.count; ++t) {
    const size_t b = tiles.begin(t), m = tiles.size(t, n);
    int32_t* tofs = ofs.data() + b * kx;
    for (size_t e0 = 0; e0 < m; e0 += kBlock) {
      const size_t e1 = std::min(m, e0 + kBlock);
      int64_t lo = INT64_MAX, hi = INT64_MIN;
      for (int j = 0; j < kx; ++j) {
        for (size_t e = e0; e < e1; ++e) {
          lo = std::min<int64_t>(lo, tofs[j * m + e]);
          hi = std::max<int64_t>(hi, tofs[j * m + e]);
        }
      }
      int64_t start = lo;
      for (int64_t window : {32, 64}) {
        const int64_t at = std::max<int64_t>(0, std::min(lo, len - window));
        if (hi - at < window) {
          start = at;
          break;
        }
      }
      for (int j = 0; j < kx; ++j) {
        for (size_t e = e0; e < e1; ++e) tofs[j * m + e] -= static_cast<int32_t>(start);
      }
      const size_t at = 2 * ((b + e0) / kBlock);
      blocks[at] = static_cast<int32_t>(start);
      blocks[at + 1] = static_cast<int32_t>(hi - start + 1);
    }
  }
  return blocks;
}

template <class T>
using HRowFn = void (*)(const T*, size_t, float*, size_t, const int32_t*, const float*, int, int);
using U8HRowFn = void (*)(const uint8_t*, size_t, float*, size_t, const int32_t*, const float*,
                          const int32_t*, int, int);
template <class T>
using VRowFn = void (*)(const float* const*, const float*, int, T*, size_t);

// The horizontal kernel of T: u8 takes block-relative offsets.
template <class T>
struct HRowKernel {
  using Fn = HRowFn<T>;
};
template <>
struct HRowKernel<uint8_t> {
  using Fn = U8HRowFn;
};

// Column tiles outside, output rows inside: a tile's ring is refilled from
// scratch at each tile, which costs nothing extra since every horizontal
// element is computed once per source row either way.
template <class T>
void resize_separable_float(const ConstImageView& src, const ImageView& dst, const AxisTable& tx,
                            const AxisTable& ty, typename HRowKernel<T>::Fn hrow, VRowFn<T> vrow) {
  const int cn = src.channels;
  const size_t n = static_cast<size_t>(dst.width) * cn;
  const int kx = tx.ksize, ky = ty.ksize;
  const ColumnTiles tiles = make_tiles(n, kx, ky);
  std::vector<int32_t> ofs;
  std::vector<float> coef;
  expand_channels(tx, dst.width, cn, tiles, ofs, coef);
  const size_t src_len = static_cast<size_t>(src.width) * cn;
  // source bytes each tile reads, for the prefetch below
  std::vector<std::pair<size_t, size_t>> tile_bytes(tiles.count);
  for (size_t t = 0; t < tiles.count; ++t) {
    const int32_t* tofs = ofs.data() + tiles.begin(t) * kx;
    const auto span = std::minmax_element(tofs, tofs + tiles.size(t, n) * kx);
    tile_bytes[t] = {static_cast<size_t>(*span.first) * sizeof(T),
                     static_cast<size_t>(*span.second) * sizeof(T)};
  }
  std::vector<int32_t> blocks;
  if constexpr (std::is_same<T, uint8_t>::value) blocks = make_u8_blocks(ofs, tiles, n, kx, src_len);
  const int64_t cost = static_cast<int64_t>(n) * 4 * (kx + ky);
  // A chunk recomputes the ky - 1 source rows it shares with the chunk
  // above; enough output rows keep that under a few percent.
  const double rows_per_out = static_cast<double>(src.height) / dst.height;
  const int64_t overlap_rows =
      static_cast<int64_t>(std::ceil(16.0 * (ky - 1) / std::max(rows_per_out, 1e-3)));
  const int64_t grain = std::max({rows_grain(cost), kMinChunkRows, overlap_rows});
  parallel_for(0, dst.height, grain, [&](int64_t y0, int64_t y1) {
    RowRing<float> ring(ky, std::min(tiles.len, n));
    std::vector<const float*> rows(static_cast<size_t>(ky));
    for (size_t t = 0; t < tiles.count; ++t) {
      const size_t b = tiles.begin(t), m = tiles.size(t, n);
      const int32_t* tofs = ofs.data() + b * kx;
      const float* tcoef = coef.data() + b * kx;
      ring.clear();
      // The tile reads source elements [lo, hi] of each row: a short
      // segment at a large stride, which the hardware prefetchers pick up
      // late, so the segment of the next row is requested ahead.
      const size_t lo_byte = tile_bytes[t].first, hi_byte = tile_bytes[t].second;
      auto fill = [&](int r, float* buf) {
        if (r + 1 < src.height) {
          const char* next = reinterpret_cast<const char*>(src.row<T>(r + 1));
          for (size_t b = lo_byte; b <= hi_byte; b += 64) __builtin_prefetch(next + b);
        }
        if constexpr (std::is_same<T, uint8_t>::value) {
          hrow(src.row<T>(r), src_len, buf, m, tofs, tcoef, blocks.data() + 2 * (b / kBlock), kx, cn);
        } else {
          hrow(src.row<T>(r), src_len, buf, m, tofs, tcoef, kx, cn);
        }
      };
      for (int64_t y = y0; y < y1; ++y) {
        const size_t base = static_cast<size_t>(y) * ky;
        for (int j = 0; j < ky; ++j) rows[static_cast<size_t>(j)] = ring.get(ty.index[base + j], fill);
        vrow(rows.data(), ty.coef.data() + base, ky, dst.row<T>(static_cast<int>(y)) + b, m);
      }
    }
  });
}

template <class T>
using Area2Fn = void (*)(const T*, const T*, T*, size_t, int);
template <class T>
using AreaIntFn = void (*)(const T* const*, int, int, T*, size_t, int, int, int);

template <class T>
void resize_area_int(const ConstImageView& src, const ImageView& dst, int kx, int ky,
                     Area2Fn<T> area2, AreaIntFn<T> area_int) {
  const int cn = src.channels;
  // OpenCV's vectorized 2x2 path (rounding +2 >> 2) covers 1, 3, 4 channels
  // of full blocks; everything else goes through the general sums.
  const bool two = kx == 2 && ky == 2 && cn != 2;
  const int full_w = src.width / kx;
  const size_t width = static_cast<size_t>(dst.width);
  parallel_for(0, dst.height, rows_grain(static_cast<int64_t>(src.row_bytes()) * ky),
               [&](int64_t y0, int64_t y1) {
                 std::vector<const T*> rows(static_cast<size_t>(ky));
                 for (int64_t y = y0; y < y1; ++y) {
                   const int sy = static_cast<int>(y) * ky;
                   T* d = dst.row<T>(static_cast<int>(y));
                   const int nrows = std::min(ky, src.height - sy);
                   for (int r = 0; r < nrows; ++r) rows[static_cast<size_t>(r)] = src.row<T>(sy + r);
                   size_t done = 0;
                   if (two && nrows == 2) {
                     done = std::min(width, static_cast<size_t>(full_w));
                     area2(rows[0], rows[1], d, done, cn);
                   }
                   if (done < width) {
                     // the rest: offsets are whole blocks, so shift the row pointers
                     std::vector<const T*> shifted(rows.begin(), rows.begin() + nrows);
                     for (auto& p : shifted) p += done * kx * cn;
                     area_int(shifted.data(), nrows, ky, d + done * cn, width - done, cn, kx,
                              src.width - static_cast<int>(done) * kx);
                   }
                 }
               });
}

template <class T>
void dispatch_separable(const ConstImageView& src, const ImageView& dst, const AxisTable& tx,
                        const AxisTable& ty);
template <>
void dispatch_separable<uint8_t>(const ConstImageView& src, const ImageView& dst,
                                 const AxisTable& tx, const AxisTable& ty) {
  const kernels::KernelTable& k = kernels::active_kernels();
  resize_separable_float<uint8_t>(src, dst, tx, ty, k.u8_f32_resize_hrow, k.f32_u8_resize_vrow);
}
template <>
void dispatch_separable<uint16_t>(const ConstImageView& src, const ImageView& dst,
                                  const AxisTable& tx, const AxisTable& ty) {
  const kernels::KernelTable& k = kernels::active_kernels();
  resize_separable_float<uint16_t>(src, dst, tx, ty, k.u16_f32_resize_hrow, k.f32_u16_resize_vrow);
}
template <>
void dispatch_separable<float>(const ConstImageView& src, const ImageView& dst,
                               const AxisTable& tx, const AxisTable& ty) {
  const kernels::KernelTable& k = kernels::active_kernels();
  resize_separable_float<float>(src, dst, tx, ty, k.f32_resize_hrow, k.f32_resize_vrow);
}

void dispatch_area_int(const ConstImageView& src, const ImageView& dst, int kx, int ky) {
  const kernels::KernelTable& k = kernels::active_kernels();
  switch (src.type) {
    case PixelType::U8:
      resize_area_int<uint8_t>(src, dst, kx, ky, k.u8_resize_area2x2_row, k.u8_resize_area_int_row);
      break;
    case PixelType::U16:
      resize_area_int<uint16_t>(src, dst, kx, ky, k.u16_resize_area2x2_row,
                                k.u16_resize_area_int_row);
      break;
    default:
      resize_area_int<float>(src, dst, kx, ky, k.f32_resize_area2x2_row, k.f32_resize_area_int_row);
      break;
  }
}

void check_scale(const char* func, double f, const char* name) {
  if (!(std::isfinite(f) && f >= 0.0)) {
    throw_invalid(func, name, "a finite scale factor > 0 (or 0: from the sizes)", std::to_string(f));
  }
}

}  // namespace

void resize_output_size(const char* func, int src_width, int src_height, double fx, double fy,
                        int* dst_width, int* dst_height) {
  auto one = [&](double f, int len, const char* what) {
    if (!(std::isfinite(f) && f > 0.0)) {
      throw_invalid(func, "scale", "finite factors > 0", std::string(what) + " = " + std::to_string(f));
    }
    const double v = std::nearbyint(static_cast<double>(len) * f);
    if (v < 1.0) {
      throw_invalid(func, "scale", "factors giving at least one pixel",
                    std::string(what) + " = " + std::to_string(f) + " (" + std::to_string(len) +
                        " pixels -> 0)");
    }
    if (v > static_cast<double>(kMaxSide)) {
      throw LimitExceeded(std::string(func) + ": parameter 'scale': " + what + " = " +
                          std::to_string(f) + " gives a side above the limit of " +
                          std::to_string(kMaxSide) + " pixels");
    }
    return static_cast<int>(v);
  };
  *dst_width = one(fx, src_width, "fx");
  *dst_height = one(fy, src_height, "fy");
  checked_image_bytes(func, *dst_width, *dst_height, 1, 1);
}

void resize(const ConstImageView& src, const ImageView& dst, Interpolation interp, double fx,
            double fy) {
  const char* func = "resize";
  check_view(func, "src", src);
  if (src.type != PixelType::U8 && src.type != PixelType::U16 && src.type != PixelType::F32) {
    throw_type(func, "src", "uint8, uint16 or float32", pixel_type_name(src.type));
  }
  check_view(func, "dst", dst, src.channels, src.channels);
  if (dst.type != src.type) throw_type(func, "dst", pixel_type_name(src.type), pixel_type_name(dst.type));
  if (views_overlap(src, dst)) throw_invalid(func, "dst", "a buffer not overlapping src", "overlap");
  check_scale(func, fx, "fx");
  check_scale(func, fy, "fy");
  if (dst.width == src.width && dst.height == src.height) {
    copy_rows(src, dst);
    return;
  }
  const double inv_x = fx > 0 ? fx : static_cast<double>(dst.width) / src.width;
  const double inv_y = fy > 0 ? fy : static_cast<double>(dst.height) / src.height;
  if (interp == Interpolation::Nearest) {
    resize_nearest(src, dst, inv_x, inv_y);
    return;
  }
  const double scale_x = 1.0 / inv_x, scale_y = 1.0 / inv_y;
  const double isx_d = std::nearbyint(scale_x), isy_d = std::nearbyint(scale_y);
  const bool area_fast = std::fabs(scale_x - isx_d) < DBL_EPSILON &&
                         std::fabs(scale_y - isy_d) < DBL_EPSILON;
  const int isx = area_fast ? static_cast<int>(isx_d) : 0, isy = area_fast ? static_cast<int>(isy_d) : 0;
  // OpenCV: shrinking by exactly 2 with bilinear weights is the 2x2 box.
  if (interp == Interpolation::Linear && area_fast && isx == 2 && isy == 2) interp = Interpolation::Area;
  if (interp == Interpolation::Area && scale_x >= 1 && scale_y >= 1) {
    if (area_fast) {
      dispatch_area_int(src, dst, isx, isy);
      return;
    }
    const AxisTable tx = make_area_axis(src.width, dst.width, scale_x);
    const AxisTable ty = make_area_axis(src.height, dst.height, scale_y);
    switch (src.type) {
      case PixelType::U8:
        dispatch_separable<uint8_t>(src, dst, tx, ty);
        break;
      case PixelType::U16:
        dispatch_separable<uint16_t>(src, dst, tx, ty);
        break;
      default:
        dispatch_separable<float>(src, dst, tx, ty);
        break;
    }
    return;
  }
  // Linear, cubic, or area while enlarging (bilinear with area weights).
  const bool linear_kind = interp != Interpolation::Cubic;
  const bool fixed_u8 = linear_kind && src.type == PixelType::U8;
  const AxisTable tx = make_axis(src.width, dst.width, scale_x, inv_x, interp, linear_kind, fixed_u8);
  const AxisTable ty = make_axis(src.height, dst.height, scale_y, inv_y, interp, false, fixed_u8);
  switch (src.type) {
    case PixelType::U8:
      if (linear_kind) {
        resize_linear_u8(src, dst, tx, ty);
      } else {
        dispatch_separable<uint8_t>(src, dst, tx, ty);
      }
      break;
    case PixelType::U16:
      dispatch_separable<uint16_t>(src, dst, tx, ty);
      break;
    default:
      dispatch_separable<float>(src, dst, tx, ty);
      break;
  }
}

}  // namespace vc
