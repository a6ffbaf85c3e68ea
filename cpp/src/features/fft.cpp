// Mixed-radix Stockham FFT and the 2-D real transform built on it.
#include "features/fft.hpp"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace vc::detail {

bool fft_nice_size(int n) {
  if (n <= 0) return false;
  for (int p : {2, 3, 5}) {
    while (n % p == 0) n /= p;
  }
  return n == 1;
}

int fft_next_nice_size(int n) {
  n = std::max(n, 1);
  while (!fft_nice_size(n)) ++n;
  return n;
}

FftPlan::FftPlan(int n) : n_(n) {
  // factors: 4s first (fewest passes), then 2, 3, 5
  std::vector<int> radices;
  int r = n;
  while (r % 4 == 0) radices.push_back(4), r /= 4;
  while (r % 2 == 0) radices.push_back(2), r /= 2;
  while (r % 3 == 0) radices.push_back(3), r /= 3;
  while (r % 5 == 0) radices.push_back(5), r /= 5;
  int len = n;
  for (int p : radices) {
    Stage s;
    s.radix = p;
    s.m = len / p;
    s.twiddle = tw_.size();
    // stage twiddles w^(u k) for the current length, computed in double
    const double step = -2.0 * M_PI / len;
    for (int k = 0; k < s.m; ++k) {
      for (int u = 1; u < p; ++u) {
        const double a = step * static_cast<double>(u) * k;
        tw_.push_back({std::cos(a), std::sin(a)});
      }
    }
    stages_.push_back(s);
    len = s.m;
  }
}

namespace {

inline Cf add(Cf a, Cf b) { return {a.re + b.re, a.im + b.im}; }
inline Cf sub(Cf a, Cf b) { return {a.re - b.re, a.im - b.im}; }
inline Cf mul(Cf a, Cf w) { return {a.re * w.re - a.im * w.im, a.re * w.im + a.im * w.re}; }
inline Cf scale(Cf a, double s) { return {a.re * s, a.im * s}; }
// -i * a (forward) or +i * a (inverse), by sign = +1 / -1
inline Cf rot(Cf a, double sign) { return {sign * a.im, -sign * a.re}; }

template <int P>
void stage(const Cf* x, Cf* y, int m, int s, const Cf* tw, bool inverse) {
  const double sg = inverse ? -1.0 : 1.0;
  for (int k = 0; k < m; ++k) {
    Cf w[P > 1 ? P : 2];
    w[0] = {1.0, 0.0};
    for (int u = 1; u < P; ++u) {
      w[u] = tw[static_cast<size_t>(k) * (P - 1) + (u - 1)];
      if (inverse) w[u].im = -w[u].im;
    }
    const Cf* xs = x + static_cast<ptrdiff_t>(s) * k;
    Cf* ys = y + static_cast<ptrdiff_t>(s) * P * k;
    const ptrdiff_t sm = static_cast<ptrdiff_t>(s) * m;
    if constexpr (P == 2) {
      for (int q = 0; q < s; ++q) {
        const Cf a0 = xs[q], a1 = xs[q + sm];
        ys[q] = add(a0, a1);
        ys[q + s] = mul(sub(a0, a1), w[1]);
      }
    } else if constexpr (P == 3) {
      const double c = 0.86602540378443865;
      for (int q = 0; q < s; ++q) {
        const Cf a0 = xs[q], a1 = xs[q + sm], a2 = xs[q + 2 * sm];
        const Cf t1 = add(a1, a2), t2 = sub(a1, a2);
        const Cf mm = sub(a0, scale(t1, 0.5));
        const Cf r = scale(rot(t2, sg), c);  // -i c t2 (forward)
        ys[q] = add(a0, t1);
        ys[q + s] = mul(add(mm, r), w[1]);
        ys[q + 2 * s] = mul(sub(mm, r), w[2]);
      }
    } else if constexpr (P == 4) {
      for (int q = 0; q < s; ++q) {
        const Cf a0 = xs[q], a1 = xs[q + sm], a2 = xs[q + 2 * sm], a3 = xs[q + 3 * sm];
        const Cf t0 = add(a0, a2), t1 = sub(a0, a2), t2 = add(a1, a3), t3 = rot(sub(a1, a3), sg);
        ys[q] = add(t0, t2);
        ys[q + s] = mul(add(t1, t3), w[1]);
        ys[q + 2 * s] = mul(sub(t0, t2), w[2]);
        ys[q + 3 * s] = mul(sub(t1, t3), w[3]);
      }
    } else {
      static_assert(P == 5, "radix");
      const double c1 = 0.30901699437494742, c2 = -0.80901699437494742;
      const double s1 = 0.95105651629515357, s2 = 0.58778525229247313;
      for (int q = 0; q < s; ++q) {
        const Cf a0 = xs[q], a1 = xs[q + sm], a2 = xs[q + 2 * sm], a3 = xs[q + 3 * sm],
                 a4 = xs[q + 4 * sm];
        const Cf t1 = add(a1, a4), t2 = add(a2, a3), t3 = sub(a1, a4), t4 = sub(a2, a3);
        const Cf m1 = add(a0, add(scale(t1, c1), scale(t2, c2)));
        const Cf m2 = add(a0, add(scale(t1, c2), scale(t2, c1)));
        const Cf n1 = rot(add(scale(t3, s1), scale(t4, s2)), sg);
        const Cf n2 = rot(sub(scale(t3, s2), scale(t4, s1)), sg);
        ys[q] = add(a0, add(t1, t2));
        ys[q + s] = mul(add(m1, n1), w[1]);
        ys[q + 2 * s] = mul(add(m2, n2), w[2]);
        ys[q + 3 * s] = mul(sub(m2, n2), w[3]);
        ys[q + 4 * s] = mul(sub(m1, n1), w[4]);
      }
    }
  }
}

}  // namespace

void FftPlan::run(Cf* data, Cf* work, int batch, bool inverse) const {
  Cf* x = data;
  Cf* y = work;
  int s = batch;
  for (const Stage& st : stages_) {
    const Cf* tw = tw_.data() + st.twiddle;
    switch (st.radix) {
      case 2: stage<2>(x, y, st.m, s, tw, inverse); break;
      case 3: stage<3>(x, y, st.m, s, tw, inverse); break;
      case 4: stage<4>(x, y, st.m, s, tw, inverse); break;
      default: stage<5>(x, y, st.m, s, tw, inverse); break;
    }
    std::swap(x, y);
    s *= st.radix;
  }
  if (x != data) std::memcpy(data, x, sizeof(Cf) * static_cast<size_t>(n_) * batch);
}

RealFft2d::RealFft2d(int rows, int cols)
    : rows_(rows), cols_(cols), row_plan_(cols), col_plan_(rows) {}

// Row transforms run kRowBatch row pairs at once, interleaved (element k of
// pair q at z[k * kRowBatch + q]), so every butterfly loop runs over the
// batch and vectorizes like the column pass.
constexpr int kRowBatch = 8;

size_t RealFft2d::work_size() const {
  return std::max(spec_size(), static_cast<size_t>(2) * cols_ * kRowBatch);
}

void RealFft2d::forward(const float* src, ptrdiff_t stride, int valid_rows, int valid_cols,
                        Cf* spec, Cf* work) const {
  const int K = spec_cols();
  const int G = kRowBatch;
  Cf* z = work;
  Cf* zw = work + static_cast<size_t>(cols_) * G;
  // stage 1: rows, two at a time as one complex sequence, kRowBatch pairs
  // per transform; all-zero rows (beyond valid_rows) give zero spectra
  const int pairs = (rows_ + 1) / 2;
  const int live_pairs = (std::min(valid_rows, rows_) + 1) / 2;
  for (int p = live_pairs; p < pairs; ++p) {
    Cf* A = spec + static_cast<size_t>(2 * p) * K;
    std::memset(A, 0, sizeof(Cf) * K * (2 * p + 1 < rows_ ? 2 : 1));
  }
  for (int p0 = 0; p0 < live_pairs; p0 += G) {
    const int np = std::min(G, live_pairs - p0);
    for (int q = 0; q < G; ++q) {
      const int r = 2 * (p0 + q);
      const bool has_a = q < np && r < valid_rows, has_b = q < np && r + 1 < valid_rows;
      const float* a = has_a ? src + stride * r : nullptr;
      const float* b = has_b ? a + stride : nullptr;
      for (int j = 0; j < valid_cols; ++j) {
        z[static_cast<size_t>(j) * G + q] = {a ? a[j] : 0.0, b ? b[j] : 0.0};
      }
      for (int j = valid_cols; j < cols_; ++j) z[static_cast<size_t>(j) * G + q] = {0.0, 0.0};
    }
    row_plan_.run(z, zw, G, false);
    // split: A[k] = (Z[k] + conj Z[-k]) / 2, B[k] = (Z[k] - conj Z[-k]) / 2i
    for (int q = 0; q < np; ++q) {
      const int r = 2 * (p0 + q);
      Cf* A = spec + static_cast<size_t>(r) * K;
      Cf* B = r + 1 < rows_ ? A + K : nullptr;
      for (int k = 0; k < K; ++k) {
        const Cf pk = z[static_cast<size_t>(k) * G + q];
        const Cf qk = z[static_cast<size_t>(k == 0 ? 0 : cols_ - k) * G + q];
        A[k] = {0.5 * (pk.re + qk.re), 0.5 * (pk.im - qk.im)};
        if (B) B[k] = {0.5 * (pk.im + qk.im), 0.5 * (qk.re - pk.re)};
      }
    }
  }
  // stage 2: every column at once (K interleaved sequences)
  col_plan_.run(spec, work, K, false);
}

void RealFft2d::inverse(Cf* spec, double* dst, ptrdiff_t stride, int out_rows, int out_cols,
                        double scale_by, Cf* work) const {
  const int K = spec_cols();
  const int G = kRowBatch;
  col_plan_.run(spec, work, K, true);
  Cf* z = work;
  Cf* zw = work + static_cast<size_t>(cols_) * G;
  const int pairs = (out_rows + 1) / 2;
  for (int p0 = 0; p0 < pairs; p0 += G) {
    const int np = std::min(G, pairs - p0);
    for (int q = 0; q < G; ++q) {
      const int r = 2 * (p0 + q);
      if (q >= np) {
        for (int u = 0; u < cols_; ++u) z[static_cast<size_t>(u) * G + q] = {0.0, 0.0};
        continue;
      }
      const Cf* A = spec + static_cast<size_t>(r) * K;
      const Cf* B = r + 1 < out_rows ? A + K : nullptr;
      // Z = A + iB over the full (Hermitian-extended) spectrum
      for (int u = 0; u < K; ++u) {
        const Cf a = A[u], b = B ? B[u] : Cf{0.0, 0.0};
        z[static_cast<size_t>(u) * G + q] = {a.re - b.im, a.im + b.re};
      }
      for (int u = K; u < cols_; ++u) {
        const Cf a = A[cols_ - u], b = B ? B[cols_ - u] : Cf{0.0, 0.0};
        z[static_cast<size_t>(u) * G + q] = {a.re + b.im, b.re - a.im};
      }
    }
    row_plan_.run(z, zw, G, true);
    for (int q = 0; q < np; ++q) {
      const int r = 2 * (p0 + q);
      double* da = dst + stride * r;
      for (int j = 0; j < out_cols; ++j) da[j] = z[static_cast<size_t>(j) * G + q].re * scale_by;
      if (r + 1 < out_rows) {
        double* db = da + stride;
        for (int j = 0; j < out_cols; ++j) db[j] = z[static_cast<size_t>(j) * G + q].im * scale_by;
      }
    }
  }
}

}  // namespace vc::detail
