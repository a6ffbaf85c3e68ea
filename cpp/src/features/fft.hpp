// Internal mixed-radix FFT (radix 2, 3, 4 and 5) used by the large-template
// path of match_template. Plain C++ (no intrinsics): the batched loops run
// across independent sequences, which the compiler vectorizes at the
// baseline ISA, and the arithmetic does not depend on the ISA level or the
// thread count.
#pragma once

#include <cstddef>
#include <vector>

namespace vc::detail {

// Double precision: the correlations of large templates sum up to ~1e9 and
// the normalized methods divide them by small window energies, where float
// rounding of the transform would show.
struct Cf {
  double re, im;
};

// True if n > 0 is 2^a * 3^b * 5^c.
bool fft_nice_size(int n);
// The smallest nice size >= n.
int fft_next_nice_size(int n);

// A complex transform of one length n (nice), self-sorting (Stockham): no
// bit reversal, natural order in and out. Forward uses exp(-2 pi i jk / n),
// inverse exp(+2 pi i jk / n), neither scales.
class FftPlan {
 public:
  FftPlan() = default;
  explicit FftPlan(int n);
  int size() const { return n_; }
  // Transforms `batch` sequences stored interleaved (element k of sequence q
  // at data[q + batch * k]) in place; work holds n * batch values.
  void run(Cf* data, Cf* work, int batch, bool inverse) const;

 private:
  struct Stage {
    int radix = 0;
    int m = 0;             // sub-length after this stage
    size_t twiddle = 0;    // offset into tw_: (radix - 1) values per k in [0, m)
  };
  int n_ = 0;
  std::vector<Stage> stages_;
  std::vector<Cf> tw_;  // forward twiddles; inverse uses their conjugates
};

// A 2-D transform of a real rows x cols array, kept as the half spectrum
// rows x (cols / 2 + 1) (row-major, Hermitian in the column index). Rows are
// transformed two at a time as one complex sequence (real part one row,
// imaginary part the next), then the columns all at once.
class RealFft2d {
 public:
  RealFft2d(int rows, int cols);
  int rows() const { return rows_; }
  int cols() const { return cols_; }
  int spec_cols() const { return cols_ / 2 + 1; }
  size_t spec_size() const { return static_cast<size_t>(rows_) * spec_cols(); }
  // Scratch needed by forward / inverse, in Cf values.
  size_t work_size() const;
  // src: valid_rows x valid_cols floats with row stride `stride` (floats);
  // the rest of the rows x cols array is zero.
  void forward(const float* src, ptrdiff_t stride, int valid_rows, int valid_cols, Cf* spec,
               Cf* work) const;
  // Inverse of forward times `scale`, overwriting spec; writes only the first
  // out_rows x out_cols values to dst (row stride `stride` floats).
  void inverse(Cf* spec, double* dst, ptrdiff_t stride, int out_rows, int out_cols, double scale,
               Cf* work) const;

 private:
  int rows_, cols_;
  FftPlan row_plan_, col_plan_;
};

}  // namespace vc::detail
