// The Winograd F(2x2, 3x3) transform entries (kernels/dnn.inc) at every ISA
// level this machine runs, against the reference level: they only add and
// subtract in one fixed order, so every level must give the reference's
// bits (NaN equal to NaN), over tile counts from 1 past the widest vector
// with both tails, odd column counts, one or two output rows, every
// epilogue flag set and special values. Inputs end at an inaccessible page
// and outputs are surrounded by sentinels, so a read or write beyond what
// dnn.inc allows fails the test. The reference itself is checked against
// the transforms' definition in double precision.
#include <sys/mman.h>
#include <unistd.h>

#include <cmath>
#include <cstdio>
#include <limits>
#include <new>
#include <random>
#include <string>
#include <vector>

#include "check.hpp"
#include "kernels/common/dnn_params.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/cpu.hpp"

using namespace vc;

namespace {

constexpr float kInf = std::numeric_limits<float>::infinity();
constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kSentinel = -12345.678f;

// n floats whose last one is followed by an inaccessible page.
class Guarded {
 public:
  explicit Guarded(size_t n) {
    const size_t page = static_cast<size_t>(sysconf(_SC_PAGESIZE));
    const size_t bytes = (n * sizeof(float) + page - 1) / page * page;
    size_ = bytes + page;
    void* p = mmap(nullptr, size_, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) throw std::bad_alloc();
    base_ = static_cast<unsigned char*>(p);
    mprotect(base_ + bytes, page, PROT_NONE);
    data_ = reinterpret_cast<float*>(base_ + bytes) - n;
  }
  ~Guarded() { munmap(base_, size_); }
  Guarded(const Guarded&) = delete;
  Guarded& operator=(const Guarded&) = delete;
  float* data() { return data_; }

 private:
  unsigned char* base_ = nullptr;
  float* data_ = nullptr;
  size_t size_ = 0;
};

bool same_value(float a, float b) { return (std::isnan(a) && std::isnan(b)) || a == b; }

float value(std::mt19937& rng, bool special) {
  std::uniform_real_distribution<float> uni(-1.0f, 1.0f);
  if (special) {
    switch (rng() % 12) {
      case 0: return kNaN;
      case 1: return kInf;
      case 2: return -kInf;
      case 3: return -0.0f;
      case 4: return 1e-40f;
      case 5: return 3e38f;  // sums overflow to inf
      default: break;
    }
  }
  return uni(rng);
}

using InputFn = void (*)(size_t, const float*, size_t, size_t, float*, size_t);
using OutputFn = void (*)(size_t, size_t, const float*, size_t, float*, float*, unsigned,
                          const float*, const float*);

// Input transform of n tiles: four phase planes of `planes` floats, pitch
// n + 3 (unaligned), the last plane's reads ending at the guard page.
struct InputProblem {
  size_t n, pitch, planes, vstride;
  std::vector<float> x;
  void fill(size_t tiles, std::mt19937& rng, bool special) {
    n = tiles;
    pitch = n + 3;
    planes = n + pitch + 1;  // reads reach q + pitch + 1 for q < n
    vstride = n + 5;
    x.resize(4 * planes);
    for (float& v : x) v = value(rng, special);
  }
  std::vector<float> run(InputFn fn) const {
    Guarded in(x.size());
    std::copy(x.begin(), x.end(), in.data());
    std::vector<float> v(16 * vstride + 1, kSentinel);
    fn(n, in.data(), pitch, planes, v.data(), vstride);
    return v;
  }
  double exact(size_t j, int p) const {
    double d[4][4], t[4][4];
    for (int i = 0; i < 4; ++i)
      for (int k = 0; k < 4; ++k)
        d[i][k] = x[(2 * (i % 2) + k % 2) * planes + (i / 2) * pitch + k / 2 + j];
    const double bt[4][4] = {{1, 0, -1, 0}, {0, 1, 1, 0}, {0, -1, 1, 0}, {0, 1, 0, -1}};
    for (int a = 0; a < 4; ++a)
      for (int k = 0; k < 4; ++k) {
        t[a][k] = 0;
        for (int i = 0; i < 4; ++i) t[a][k] += bt[a][i] * d[i][k];
      }
    double v = 0;
    for (int k = 0; k < 4; ++k) v += t[p / 4][k] * bt[p % 4][k];
    return v;
  }
};

// Output transform of n tiles into two rows with sentinels around them.
struct OutputProblem {
  size_t n, cols, mstride;
  bool two_rows;
  unsigned flags;
  float bias, params[3];
  std::vector<float> m;
  void fill(size_t tiles, size_t c, bool two, unsigned f, const float* pr, std::mt19937& rng,
            bool special) {
    n = tiles;
    cols = c;
    two_rows = two;
    flags = f;
    params[0] = pr[0];
    params[1] = pr[1];
    params[2] = pr[2];
    bias = 0.25f;
    mstride = n + 7;
    m.resize(15 * mstride + n);
    for (float& v : m) v = value(rng, special);
  }
  // rows 0 and 1 of the output, each 2n + 2 floats with one sentinel before
  std::vector<float> run(OutputFn fn) const {
    Guarded in(m.size());
    std::copy(m.begin(), m.end(), in.data());
    const size_t row = 2 * n + 2;
    std::vector<float> y(2 * row, kSentinel);
    fn(n, cols, in.data(), mstride, y.data() + 1, two_rows ? y.data() + row + 1 : nullptr, flags,
       &bias, params);
    return y;
  }
  double exact(size_t j, int r, int c) const {
    const double at[2][4] = {{1, 1, 1, 0}, {0, 1, -1, -1}};
    double v = 0;
    for (int a = 0; a < 4; ++a)
      for (int b = 0; b < 4; ++b) v += at[r][a] * m[(4 * a + b) * mstride + j] * at[c][b];
    if (flags & kernels::kGemmBiasRow) v += bias;
    v = v < params[0] ? params[0] : v;
    v = v > params[1] ? params[1] : v;
    if ((flags & kernels::kGemmLeaky) && v < 0) v *= params[2];
    return v;
  }
};

const float kParams[][3] = {{-kInf, kInf, 0.0f}, {-0.5f, 0.75f, 0.2f}, {0.0f, 6.0f, 0.0f},
                            {-2.0f, kInf, -0.3f}};

}  // namespace

VC_TEST(winograd_input_matches_the_reference_at_every_level) {
  std::mt19937 rng(7);
  const InputFn ref = kernels::kernels_for(Isa::Scalar).f32_winograd_f2k3_input;
  InputProblem p;
  for (Isa isa : available_isas()) {
    const InputFn fn = kernels::kernels_for(isa).f32_winograd_f2k3_input;
    size_t done = 0;
    bool ok = true;
    for (size_t n = 1; n <= 70 && ok; ++n) {
      for (int special = 0; special < 2 && ok; ++special) {
        p.fill(n, rng, special == 1);
        const std::vector<float> want = p.run(ref), got = p.run(fn);
        for (size_t i = 0; i < want.size() && ok; ++i) {
          const size_t pos = i / p.vstride, j = i % p.vstride;
          const bool written = pos < 16 && j < n;
          if (isa == Isa::Scalar && written && special == 0) {
            ok = std::fabs(got[i] - p.exact(j, static_cast<int>(pos))) <= 1e-6;
          } else {
            ok = written ? same_value(got[i], want[i]) : got[i] == kSentinel;
          }
          if (!ok) {
            vc_test::fail(__FILE__, __LINE__,
                          std::string(isa_name(isa)) + " f32_winograd_f2k3_input n=" +
                              std::to_string(n) + " at " + std::to_string(i) + ": got " +
                              std::to_string(got[i]) + ", reference " + std::to_string(want[i]));
          }
        }
        ++done;
      }
    }
    std::printf("  %s f32_winograd_f2k3_input: %zu cases\n", isa_name(isa), done);
  }
}

VC_TEST(winograd_output_matches_the_reference_at_every_level) {
  std::mt19937 rng(11);
  const OutputFn ref = kernels::kernels_for(Isa::Scalar).f32_winograd_f2k3_output_minmax;
  const unsigned flag_sets[] = {0u, kernels::kGemmBiasRow, kernels::kGemmLeaky,
                                kernels::kGemmBiasRow | kernels::kGemmLeaky};
  OutputProblem p;
  for (Isa isa : available_isas()) {
    const OutputFn fn = kernels::kernels_for(isa).f32_winograd_f2k3_output_minmax;
    size_t done = 0;
    bool ok = true;
    for (size_t n = 1; n <= 40 && ok; ++n) {
      for (int variant = 0; variant < 16 && ok; ++variant) {
        const size_t cols = 2 * n - static_cast<size_t>(variant & 1);
        const bool two = (variant & 2) != 0;
        const unsigned flags = flag_sets[(variant >> 2) & 3];
        const bool special = n % 3 == 0;
        p.fill(n, cols, two, flags, kParams[(n + variant) % 4], rng, special);
        const std::vector<float> want = p.run(ref), got = p.run(fn);
        const size_t row = 2 * n + 2;
        for (size_t i = 0; i < got.size() && ok; ++i) {
          const int r = static_cast<int>(i / row);
          const size_t c = i % row;  // c - 1 is the output column
          const bool written = c >= 1 && c - 1 < cols && (r == 0 || two);
          if (isa == Isa::Scalar && written && !special) {
            const double e = p.exact((c - 1) / 2, r, static_cast<int>((c - 1) % 2));
            ok = std::fabs(got[i] - e) <= 1e-5 * (1 + std::fabs(e));
          } else {
            ok = written ? same_value(got[i], want[i]) : got[i] == kSentinel;
          }
          if (!ok) {
            vc_test::fail(__FILE__, __LINE__,
                          std::string(isa_name(isa)) + " f32_winograd_f2k3_output_minmax n=" +
                              std::to_string(n) + " cols=" + std::to_string(cols) +
                              " two_rows=" + std::to_string(two) + " flags=" +
                              std::to_string(flags) + " at " + std::to_string(i) + ": got " +
                              std::to_string(got[i]) + ", reference " + std::to_string(want[i]));
          }
        }
        ++done;
      }
    }
    std::printf("  %s f32_winograd_f2k3_output_minmax: %zu cases\n", isa_name(isa), done);
  }
}

int main() { return vc_test::run_all(); }
