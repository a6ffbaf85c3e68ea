// Internal machinery of the linear filters: argument checks, per-chunk
// scratch, and the row-ring engine that every windowed filter runs on.
//
// The row ring: output rows are split into chunks over the pool. A chunk
// keeps the last kh "prepared" source rows (bordered, converted and/or row
// filtered, whatever the filter needs) in a ring of kh slots; each output row
// prepares one new source row and then combines the kh rows of its window.
// A row's result depends only on its window, never on the chunking, so every
// thread count gives the same bits.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <type_traits>
#include <vector>

#include "visioncore/border.hpp"
#include "visioncore/filter.hpp"
#include "visioncore/image.hpp"
#include "visioncore/parallel.hpp"

namespace vc::detail {

// --- argument checks (InvalidArgument naming func and param) ---

// A kernel side in [1, kMaxFilterKernelSide]; odd if `odd`.
void check_kernel_side(const char* func, const char* param, int64_t size, bool odd);
// An anchor in [0, size) or -1 (centre); returns the resolved anchor.
int resolve_anchor(const char* func, const char* param, int anchor, int size);
// Every value finite.
void check_finite_kernel(const char* func, const char* param, const float* k, size_t n);
void check_finite(const char* func, const char* param, double v);
// src valid, dst of the given type with src's geometry, no overlap.
void check_filter_io(const char* func, const ConstImageView& src, const ImageView& dst,
                     PixelType dst_type);

// --- scratch ---

// Scratch memory for one chunk: one block per thread, kept between calls
// (so steady-state filtering allocates nothing), carved into 64-byte aligned
// arrays. Blocks above a cap, or a second live instance on one thread, are
// allocated and freed on their own.
class FilterScratch {
 public:
  explicit FilterScratch(size_t bytes);
  ~FilterScratch();
  FilterScratch(const FilterScratch&) = delete;
  FilterScratch& operator=(const FilterScratch&) = delete;

  // The next array of `count` T; its bytes must have been counted with
  // region_bytes (scratch_bytes) in the size given to the constructor.
  template <class T>
  T* take(size_t count) {
    T* p = reinterpret_cast<T*>(base_ + used_);
    used_ += region_bytes(count * sizeof(T));
    if (used_ > size_) overrun();  // a sizing bug: never write past the block
    poison_guard();
    return p;
  }
  static size_t align64(size_t bytes) { return (bytes + 63) & ~size_t{63}; }
  // An array's share of the block: 64-byte aligned, plus (in AddressSanitizer
  // builds) a poisoned guard that turns an overrun into a report.
  static size_t region_bytes(size_t bytes) { return align64(bytes) + kGuard; }

 private:
#if defined(__SANITIZE_ADDRESS__)
  static constexpr size_t kGuard = 64;
#else
  static constexpr size_t kGuard = 0;
#endif
  void poison_guard();
  [[noreturn]] static void overrun();
  uint8_t* base_ = nullptr;
  size_t size_ = 0;
  size_t used_ = 0;
  bool owned_ = false;
};

// Bytes of `count` elements of `elem` bytes as a FilterScratch region;
// LimitExceeded (naming func) if it overflows or exceeds kMaxImageBytes.
size_t scratch_bytes(const char* func, int64_t count, size_t elem);

// Rows per parallel chunk: enough rows to amortise the kh - 1 halo rows a
// chunk prepares twice, few enough for load balance and prompt Ctrl-C.
// Depends on the geometry only, never on the thread count.
int64_t filter_rows_grain(int height, int kh, int64_t samples_per_row);

// --- border values ---

template <class T>
T saturate_from_double(double v) {
  if constexpr (std::is_same_v<T, float>) {
    return static_cast<float>(v);
  } else {
    const double r = std::nearbyint(v);
    const double lo = static_cast<double>(std::numeric_limits<T>::min());
    const double hi = static_cast<double>(std::numeric_limits<T>::max());
    return static_cast<T>(r < lo ? lo : (r > hi ? hi : r));
  }
}

// One border pixel (channels beyond the image's are unused) in the image
// type (saturated).
template <class T>
void border_pixel(const FilterBorder& b, T (&px)[4]) {
  for (int c = 0; c < 4; ++c) px[c] = saturate_from_double<T>(b.value[c]);
}

// --- the row ring ---

struct RingSpec {
  int src_height = 0;
  int kh = 1;
  int ay = 0;  // window of output row y: source rows y - ay .. y - ay + kh - 1
  BorderMode mode = BorderMode::Reflect101;
  size_t row_elems = 0;  // elements of one prepared row
  int64_t samples_per_row = 0;  // width * channels, for the grain
};

// For every output row y in [0, height): worker.prepare(sy, TW* out) fills
// the prepared row of source row sy (sy = -1: a row of the Constant border),
// then worker.emit(y, rows) gets the kh prepared rows of y's window.
// make_worker(FilterScratch&) is called once per chunk and may take
// `worker_bytes` bytes of the chunk's scratch.
template <class TW, class MakeWorker>
void run_row_ring(const char* func, int height, const RingSpec& s, size_t worker_bytes,
                  MakeWorker&& make_worker) {
  const int kh = s.kh;
  const size_t row_stride = FilterScratch::align64(s.row_elems * sizeof(TW)) / sizeof(TW);
  const size_t bytes = scratch_bytes(func, kh, row_stride * sizeof(TW)) +
                       scratch_bytes(func, 1, row_stride * sizeof(TW)) +
                       scratch_bytes(func, kh, sizeof(const TW*)) + worker_bytes;
  const int64_t grain = filter_rows_grain(height, kh, s.samples_per_row);
  parallel_for(0, height, grain, [&](int64_t y0, int64_t y1) {
    FilterScratch scratch(bytes);
    TW* ring = scratch.take<TW>(static_cast<size_t>(kh) * row_stride);
    TW* const_row = scratch.take<TW>(row_stride);
    const TW** win = scratch.take<const TW*>(static_cast<size_t>(kh));
    auto worker = make_worker(scratch);
    bool const_ready = false;
    // Prepared row of virtual source row v (v may lie outside the image).
    auto fetch = [&](int v) -> const TW* {
      const int sy = border_index(v, s.src_height, s.mode);
      if (sy < 0) {
        if (!const_ready) {
          worker.prepare(-1, const_row);
          const_ready = true;
        }
        return const_row;
      }
      int slot = v % kh;
      if (slot < 0) slot += kh;
      TW* row = ring + static_cast<size_t>(slot) * row_stride;
      worker.prepare(sy, row);
      return row;
    };
    const int first = static_cast<int>(y0) - s.ay;
    for (int j = 0; j < kh - 1; ++j) win[j + 1] = fetch(first + j);
    for (int64_t y = y0; y < y1; ++y) {
      if (kh > 1) std::memmove(win, win + 1, static_cast<size_t>(kh - 1) * sizeof(const TW*));
      win[kh - 1] = fetch(static_cast<int>(y) - s.ay + kh - 1);
      worker.emit(static_cast<int>(y), win);
    }
  });
}

// --- box sums (filter_box.cpp, threshold_adaptive.cpp) ---

// OpenCV's fixed-point division by the area for U8 windows of 2..256
// pixels: mean = (sum + delta) * scale >> 23.
void u8_div_params(int area, uint32_t* scale, uint32_t* delta);

// Runs the running-sum skeleton: colsum(sum, add, sub) updates the column
// sums (add/sub null for rows of the zero Constant border); emit(y, ext,
// scratch) gets the sums extended by the border, ext[0] being column -ax.
// emit also gets `emit_bytes` bytes of per-chunk scratch.
template <class TS, class TSum, class Colsum, class Emit>
void box_run(const char* func, const ConstImageView& src, int height, int kw, int kh,
             BorderMode mode, size_t emit_bytes, Colsum&& colsum, Emit&& emit) {
  const int cn = src.channels;
  const int w = src.width;
  const int ax = kw / 2, ay = kh / 2;
  const size_t n = static_cast<size_t>(w) * cn;
  const size_t en = static_cast<size_t>(w + kw - 1) * cn;
  const size_t bytes = scratch_bytes(func, static_cast<int64_t>(en), sizeof(TSum)) +
                       scratch_bytes(func, static_cast<int64_t>(emit_bytes), 1);
  const int64_t grain = filter_rows_grain(height, kh, static_cast<int64_t>(n));
  parallel_for(0, height, grain, [&](int64_t y0, int64_t y1) {
    FilterScratch scratch(bytes);
    TSum* ext = scratch.take<TSum>(en);
    TSum* sum = ext + static_cast<size_t>(ax) * cn;
    uint8_t* emit_scratch = scratch.take<uint8_t>(emit_bytes);
    auto row_of = [&](int v) -> const TS* {
      const int sy = border_index(v, src.height, mode);
      return sy < 0 ? nullptr : src.row<TS>(sy);
    };
    std::memset(static_cast<void*>(sum), 0, n * sizeof(TSum));
    for (int j = 0; j < kh; ++j) {
      const TS* r = row_of(static_cast<int>(y0) - ay + j);
      if (r) colsum(sum, r, nullptr, n);
    }
    for (int64_t y = y0; y < y1; ++y) {
      const int yi = static_cast<int>(y);
      if (y > y0) {
        const TS* add = row_of(yi - ay + kh - 1);
        const TS* sub = row_of(yi - ay - 1);
        if (add || sub) colsum(sum, add, sub, n);
      }
      for (int x = -ax; x < 0; ++x) {
        const int xi = border_index(x, w, mode);
        TSum* d = sum + static_cast<ptrdiff_t>(x) * cn;
        for (int c = 0; c < cn; ++c) d[c] = xi < 0 ? TSum(0) : sum[static_cast<size_t>(xi) * cn + c];
      }
      for (int x = w; x < w + kw - 1 - ax; ++x) {
        const int xi = border_index(x, w, mode);
        TSum* d = sum + static_cast<size_t>(x) * cn;
        for (int c = 0; c < cn; ++c) d[c] = xi < 0 ? TSum(0) : sum[static_cast<size_t>(xi) * cn + c];
      }
      emit(yi, ext, emit_scratch);
    }
  });
}


// --- float separable filtering (the engine behind sep_filter2d, Gaussian
// for S16/F32, Sobel, Scharr and the large Laplacians) ---

// One separable term: row kernel kx (kw taps) and column kernel ky (kh taps).
struct SepTerm {
  std::vector<float> kx, ky;
};

// dst = cast(delta + sum over terms of (ky * (kx * src))): every term's row
// pass in float32, then one column pass over all terms' taps (term by term,
// top to bottom). All terms share kw, kh and the anchor. Zero coefficients
// are skipped (so an Inf input never meets a 0 tap: no NaN from 0 * Inf).
// U8 sources with small integer kernels run in exact int16 (same results),
// and single 3x3-or-smaller kernels with zeros as one 2-D pass over the
// non-zero taps of the outer product (see the .cpp). Arguments must already
// be valid.
void sep_filter_f32(const char* func, const ConstImageView& src, const ImageView& dst,
                    const std::vector<SepTerm>& terms, int ax, int ay, float delta,
                    const FilterBorder& border);

// A validated 2-D filter (non-zero taps, float32 sums; see filter2d) into
// any destination type the float tap kernels write (filter_2d.cpp).
void filter2d_any(const char* func, const ConstImageView& src, const ImageView& dst,
                  const float* kernel, int kw, int kh, int ax, int ay, float delta,
                  const FilterBorder& border);

// U8 -> S16 with small integer kernels (every |sum| <= 32767) and delta 0:
// exact int16 2-D taps straight off bordered U8 rows. Returns false (doing
// nothing) when the kernel or types do not qualify.
bool filter2d_u8_s16_exact(const char* func, const ConstImageView& src, const ImageView& dst,
                           const float* kernel, int kw, int kh, int ax, int ay, float delta,
                           const FilterBorder& border);

// U8 -> U8 separable filter with dyadic kernels (odd, symmetric,
// non-negative, exact multiples of 1/256 summing to 1, with 8 power-of-two
// bits to spare between them, e.g. [1 2 1]/4 and [1 4 6 4 1]/16): exact
// 16-bit fixed point rounded half to even, which is what the float path
// computes for them (their float sums are exact). Returns false (doing
// nothing) otherwise (filter_gaussian.cpp).
bool sep_u8_dyadic(const char* func, const ConstImageView& src, const ImageView& dst,
                   const std::vector<float>& kx, const std::vector<float>& ky, int ax, int ay,
                   const FilterBorder& border);

}  // namespace vc::detail
