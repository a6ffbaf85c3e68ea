// rgb_to_gray / bgr_to_gray through the public C++ API against a plain
// formula, on padded and ROI views, at several thread counts, and its errors.
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <type_traits>
#include <vector>

#include "check.hpp"
#include "visioncore/color.hpp"
#include "visioncore/error.hpp"
#include "visioncore/image.hpp"
#include "visioncore/parallel.hpp"

using namespace vc;

namespace {

// The documented formulas, written the obvious way.
uint32_t gray_fixed(uint32_t r, uint32_t g, uint32_t b) {
  return (r * 9798 + g * 19235 + b * 3735 + (1u << 14)) >> 15;
}
float gray_float(float r, float g, float b) { return (r * 0.299f + g * 0.587f) + b * 0.114f; }

template <class T>
void fill_random(Image& img, std::mt19937& rng) {
  for (int y = 0; y < img.height(); ++y) {
    T* row = img.row<T>(y);
    for (int i = 0; i < img.width() * img.channels(); ++i) {
      if constexpr (std::is_same_v<T, float>) {
        row[i] = std::uniform_real_distribution<float>(0.0f, 1.0f)(rng);
      } else {
        row[i] = static_cast<T>(std::uniform_int_distribution<int>(0, std::numeric_limits<T>::max())(rng));
      }
    }
  }
}

// Checks dst against the formula for every pixel; returns mismatches.
template <class T>
int mismatches(const ConstImageView& src, const ConstImageView& dst, bool bgr) {
  int bad = 0;
  for (int y = 0; y < src.height; ++y) {
    const T* s = src.row<T>(y);
    const T* d = dst.row<T>(y);
    for (int x = 0; x < src.width; ++x) {
      const T* p = s + static_cast<size_t>(x) * src.channels;
      const T r = bgr ? p[2] : p[0], g = p[1], b = bgr ? p[0] : p[2];
      if constexpr (std::is_same_v<T, float>) {
        bad += d[x] != gray_float(r, g, b);
      } else {
        const uint32_t want = gray_fixed(r, g, b);
        bad += d[x] != want;
        // and the fixed point stays within rounding of the real formula
        const double exact = 0.299 * r + 0.587 * g + 0.114 * b;
        bad += std::fabs(static_cast<double>(d[x]) - exact) > 0.5 + 2e-4 * exact;
      }
    }
  }
  return bad;
}

template <class T>
void check_type(PixelType type) {
  std::mt19937 rng(7);
  for (int w : {1, 2, 15, 16, 17, 33, 64, 101, 640}) {
    for (int h : {1, 3, 29}) {
      for (int ch : {3, 4}) {
        Image src(w, h, ch, type);
        fill_random<T>(src, rng);
        for (bool bgr : {false, true}) {
          Image dst(w, h, 1, type);
          (bgr ? bgr_to_gray : rgb_to_gray)(src, dst);
          VC_CHECK_EQ(mismatches<T>(src, dst, bgr), 0);
        }
      }
    }
  }
}

}  // namespace

VC_TEST(gray_u8_matches_formula) { check_type<uint8_t>(PixelType::U8); }
VC_TEST(gray_u16_matches_formula) { check_type<uint16_t>(PixelType::U16); }
VC_TEST(gray_f32_matches_formula) { check_type<float>(PixelType::F32); }

VC_TEST(white_stays_white_and_black_black) {
  Image src(8, 2, 3, PixelType::U16), dst(8, 2, 1, PixelType::U16);
  for (int i = 0; i < 24; ++i) {
    src.row<uint16_t>(0)[i] = 65535;
    src.row<uint16_t>(1)[i] = 0;
  }
  rgb_to_gray(src, dst);
  for (int x = 0; x < 8; ++x) {
    VC_CHECK_EQ(dst.row<uint16_t>(0)[x], uint16_t{65535});
    VC_CHECK_EQ(dst.row<uint16_t>(1)[x], uint16_t{0});
  }
}

VC_TEST(roi_and_padded_views) {
  std::mt19937 rng(3);
  Image big(300, 200, 3, PixelType::U8);
  fill_random<uint8_t>(big, rng);
  ConstImageView roi = big.view().roi(17, 11, 201, 97);  // odd offsets, big stride
  Image dst_big(260, 120, 1, PixelType::U8);
  ImageView dst = dst_big.view().roi(5, 3, 201, 97);
  rgb_to_gray(roi, dst);
  VC_CHECK_EQ(mismatches<uint8_t>(roi, dst, false), 0);
  // a hand-made view with an odd stride (not a multiple of anything)
  std::vector<uint8_t> raw(static_cast<size_t>(41) * 9 + 3);
  for (auto& v : raw) v = static_cast<uint8_t>(rng());
  ConstImageView odd{raw.data() + 3, 13, 9, 3, 41, PixelType::U8};
  Image out(13, 9, 1, PixelType::U8);
  rgb_to_gray(odd, out);
  VC_CHECK_EQ(mismatches<uint8_t>(odd, out, false), 0);
}

VC_TEST(identical_for_every_thread_count) {
  std::mt19937 rng(11);
  Image src(517, 389, 3, PixelType::U8);
  fill_random<uint8_t>(src, rng);
  Image ref(517, 389, 1, PixelType::U8);
  set_num_threads(1);
  rgb_to_gray(src, ref);
  for (int threads : {2, 3, 4, 8}) {
    set_num_threads(threads);
    Image got(517, 389, 1, PixelType::U8);
    rgb_to_gray(src, got);
    bool same = true;
    for (int y = 0; y < 389; ++y) {
      for (int x = 0; x < 517; ++x) same = same && got.row(y)[x] == ref.row(y)[x];
    }
    VC_CHECK(same);
  }
  set_num_threads(0);
}

VC_TEST(errors_name_function_and_parameter) {
  Image rgb(8, 4, 3, PixelType::U8);
  Image gray(8, 4, 1, PixelType::U8);
  Image gray16(8, 4, 1, PixelType::U16);
  Image small(7, 4, 1, PixelType::U8);
  VC_CHECK_THROWS_MSG(rgb_to_gray(gray, gray), InvalidArgument, "rgb_to_gray: parameter 'src'");
  VC_CHECK_THROWS_MSG(rgb_to_gray(rgb, gray16), TypeMismatch, "rgb_to_gray: parameter 'dst'");
  VC_CHECK_THROWS_MSG(rgb_to_gray(rgb, small), InvalidArgument, "'dst'");
  VC_CHECK_THROWS_MSG(bgr_to_gray(rgb, rgb), InvalidArgument, "bgr_to_gray");
  VC_CHECK_THROWS_MSG(rgb_to_gray(ConstImageView{}, gray), InvalidArgument, "'src'");
  // dst overlapping src
  std::vector<uint8_t> buf(8 * 4 * 3);
  ConstImageView src{buf.data(), 8, 4, 3, 24, PixelType::U8};
  ImageView dst{buf.data() + 8, 8, 4, 1, 24, PixelType::U8};
  VC_CHECK_THROWS_MSG(rgb_to_gray(src, dst), InvalidArgument, "overlap");
  // int16 is not a gray type
  Image s16(8, 4, 3, PixelType::S16), d16(8, 4, 1, PixelType::S16);
  VC_CHECK_THROWS_MSG(rgb_to_gray(s16, d16), TypeMismatch, "int16");
}

int main() { return vc_test::run_all(); }
