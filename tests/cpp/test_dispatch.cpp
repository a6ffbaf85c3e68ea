// ISA selection and the kernel tables: every available level can be forced,
// unavailable ones are refused, every table is complete, and the gray
// kernels of every level equal the reference bit for bit.
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <type_traits>
#include <vector>

#include "check.hpp"
#include "kernels/kernel_table.hpp"
#include "visioncore/color.hpp"
#include "visioncore/cpu.hpp"
#include "visioncore/error.hpp"
#include "visioncore/image.hpp"

using namespace vc;

namespace {

const Isa kAllIsas[] = {Isa::Scalar, Isa::Sse4, Isa::Avx2, Isa::Avx512, Isa::Neon};

bool contains(const std::vector<Isa>& v, Isa isa) {
  for (Isa i : v) {
    if (i == isa) return true;
  }
  return false;
}

struct ResetIsa {
  ~ResetIsa() { reset_isa(); }
};

}  // namespace

VC_TEST(available_levels_are_consistent) {
  const std::vector<Isa> compiled = compiled_isas();
  const std::vector<Isa> available = available_isas();
  VC_CHECK(!available.empty());
  VC_CHECK(available.front() == Isa::Scalar);
  for (Isa i : available) VC_CHECK(contains(compiled, i));
  VC_CHECK(contains(available, active_isa()));
  for (Isa i : kAllIsas) VC_CHECK(parse_isa(isa_name(i)) == i);
  VC_CHECK_THROWS_MSG(parse_isa("sse9", "set_isa"), InvalidArgument, "set_isa: parameter 'isa'");
  // features agree with the levels
  const CpuFeatures& f = cpu_features();
  if (contains(available, Isa::Avx512)) VC_CHECK(f.avx512f && f.avx512bw && f.avx2);
  if (contains(available, Isa::Avx2)) VC_CHECK(f.avx2 && f.fma);
  if (contains(available, Isa::Sse4)) VC_CHECK(f.sse41);
}

VC_TEST(every_available_level_is_selectable) {
  ResetIsa reset;
  for (Isa i : available_isas()) {
    set_isa(i);
    VC_CHECK(active_isa() == i);
  }
  reset_isa();
  VC_CHECK(active_isa() == available_isas().back());  // the best level
}

VC_TEST(unavailable_levels_throw_unsupported) {
  ResetIsa reset;
  const Isa before = active_isa();
  int refused = 0;
  for (Isa i : kAllIsas) {
    if (contains(available_isas(), i)) continue;
    VC_CHECK_THROWS_MSG(set_isa(i), Unsupported, isa_name(i));
    VC_CHECK(active_isa() == before);  // unchanged after a refusal
    ++refused;
  }
  VC_CHECK(refused >= 1);  // x86 lacks neon, arm lacks the x86 levels
}

VC_TEST(every_table_is_complete) {
  for (Isa i : available_isas()) {
    const kernels::KernelTable& t = kernels::kernels_for(i);
#define VC_KERNEL(name, ret, params)                                                   \
  if (t.name == nullptr) {                                                             \
    vc_test::fail(__FILE__, __LINE__, std::string(isa_name(i)) + ": " #name " missing"); \
  }
#include "kernels/kernels.inc"
#undef VC_KERNEL
  }
}

namespace {

template <class T>
std::vector<T> random_pixels(std::mt19937& rng, size_t n) {
  std::vector<T> v(n);
  if constexpr (std::is_same_v<T, float>) {
    std::uniform_real_distribution<float> d(0.0f, 1.0f);
    for (auto& x : v) x = d(rng);
  } else {
    std::uniform_int_distribution<int> d(0, std::numeric_limits<T>::max());
    for (auto& x : v) x = static_cast<T>(d(rng));
  }
  return v;
}

template <class T, class Fn>
void compare_gray_kernel(const char* label, Fn get) {
  std::mt19937 rng(1234);
  const kernels::KernelTable& ref = kernels::kernels_for(Isa::Scalar);
  for (Isa isa : available_isas()) {
    const kernels::KernelTable& t = kernels::kernels_for(isa);
    for (size_t width : {size_t{1}, size_t{7}, size_t{15}, size_t{16}, size_t{17}, size_t{31},
                         size_t{32}, size_t{33}, size_t{63}, size_t{64}, size_t{65}, size_t{97},
                         size_t{128}, size_t{211}, size_t{1000}}) {
      for (int scn : {3, 4}) {
        for (bool bgr : {false, true}) {
          // +1 element of offset: unaligned source and destination
          std::vector<T> src = random_pixels<T>(rng, width * scn + 1);
          std::vector<T> want(width + 1), got(width + 1);
          get(ref)(src.data() + 1, want.data() + 1, width, scn, bgr);
          get(t)(src.data() + 1, got.data() + 1, width, scn, bgr);
          if (std::memcmp(want.data() + 1, got.data() + 1, width * sizeof(T)) != 0) {
            vc_test::fail(__FILE__, __LINE__,
                          std::string(label) + " " + isa_name(isa) + " width " +
                              std::to_string(width) + " scn " + std::to_string(scn) +
                              (bgr ? " bgr" : " rgb") + " differs from the reference");
          }
        }
      }
    }
  }
}

}  // namespace

VC_TEST(gray_kernels_equal_reference_at_every_level) {
  compare_gray_kernel<uint8_t>("u8", [](const kernels::KernelTable& t) { return t.u8_rgb_to_gray_row; });
  compare_gray_kernel<uint16_t>("u16", [](const kernels::KernelTable& t) { return t.u16_rgb_to_gray_row; });
  compare_gray_kernel<float>("f32", [](const kernels::KernelTable& t) { return t.f32_rgb_to_gray_row; });
}

VC_TEST(public_gray_is_identical_under_every_forced_level) {
  ResetIsa reset;
  std::mt19937 rng(99);
  const int w = 173, h = 31;
  std::vector<uint8_t> src = random_pixels<uint8_t>(rng, static_cast<size_t>(w) * h * 3);
  ConstImageView in{src.data(), w, h, 3, w * 3, PixelType::U8};
  Image want(w, h, 1, PixelType::U8);
  set_isa(Isa::Scalar);
  rgb_to_gray(in, want);
  for (Isa isa : available_isas()) {
    set_isa(isa);
    Image got(w, h, 1, PixelType::U8);
    rgb_to_gray(in, got);
    bool same = true;
    for (int y = 0; y < h; ++y) same = same && std::memcmp(want.row(y), got.row(y), w) == 0;
    if (!same) vc_test::fail(__FILE__, __LINE__, std::string("rgb_to_gray differs at ") + isa_name(isa));
  }
}

int main() { return vc_test::run_all(); }
