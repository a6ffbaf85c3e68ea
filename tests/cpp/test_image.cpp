// Image views, ROIs, the owning Image, size limits and view validation.
#include <cstdint>
#include <limits>
#include <string>
#include <vector>

#include "check.hpp"
#include "visioncore/error.hpp"
#include "visioncore/image.hpp"
#include "visioncore/limits.hpp"

using namespace vc;

VC_TEST(element_sizes_and_names) {
  VC_CHECK_EQ(elem_size(PixelType::U8), size_t{1});
  VC_CHECK_EQ(elem_size(PixelType::U16), size_t{2});
  VC_CHECK_EQ(elem_size(PixelType::S16), size_t{2});
  VC_CHECK_EQ(elem_size(PixelType::F32), size_t{4});
  VC_CHECK_EQ(std::string(pixel_type_name(PixelType::U8)), std::string("uint8"));
  VC_CHECK_EQ(std::string(pixel_type_name(PixelType::F32)), std::string("float32"));
  VC_CHECK(PixelTypeOf<uint16_t>::value == PixelType::U16);
  VC_CHECK(PixelTypeOf<float>::value == PixelType::F32);
}

VC_TEST(view_rows_and_roi) {
  // 5x4 RGB u16 in a buffer with padded rows (stride 40 bytes > 30).
  std::vector<uint16_t> buf(4 * 20);
  for (size_t i = 0; i < buf.size(); ++i) buf[i] = static_cast<uint16_t>(i);
  ImageView v{buf.data(), 5, 4, 3, 40, PixelType::U16};
  VC_CHECK(!v.empty());
  VC_CHECK_EQ(v.pixel_bytes(), size_t{6});
  VC_CHECK_EQ(v.row_bytes(), size_t{30});
  VC_CHECK_EQ(v.row<uint16_t>(2)[0], uint16_t{40});
  ImageView r = v.roi(1, 2, 3, 2);
  VC_CHECK_EQ(r.width, 3);
  VC_CHECK_EQ(r.height, 2);
  VC_CHECK_EQ(r.stride, ptrdiff_t{40});
  VC_CHECK_EQ(r.row<uint16_t>(0)[0], uint16_t{43});  // row 2, pixel 1, channel 0
  VC_CHECK_EQ(r.row<uint16_t>(1)[2], uint16_t{65});  // row 3, pixel 1, channel 2
  ConstImageView c = r;  // writable -> read-only
  VC_CHECK(c.data == r.data && c.stride == r.stride && c.type == PixelType::U16);
  VC_CHECK_EQ(c.roi(1, 1, 1, 1).row<uint16_t>(0)[0], uint16_t{66});
  // end_byte: one past the last byte of the last row's packed pixels
  VC_CHECK(c.end_byte() == reinterpret_cast<const uint8_t*>(buf.data()) + 3 * 40 + 6 + 18);
  VC_CHECK(ConstImageView{}.empty());
  VC_CHECK((ImageView{buf.data(), 0, 4, 1, 40, PixelType::U16}.empty()));
}

VC_TEST(image_is_aligned_and_padded) {
  for (int w : {1, 3, 17, 63, 64, 65, 1000}) {
    for (int ch : {1, 3, 4}) {
      for (PixelType t : {PixelType::U8, PixelType::U16, PixelType::F32}) {
        Image img(w, 7, ch, t);
        VC_CHECK(!img.empty());
        VC_CHECK_EQ(img.width(), w);
        VC_CHECK_EQ(img.height(), 7);
        VC_CHECK_EQ(img.channels(), ch);
        VC_CHECK(img.type() == t);
        VC_CHECK_EQ(img.stride() % 64, ptrdiff_t{0});
        VC_CHECK(img.stride() >= static_cast<ptrdiff_t>(static_cast<size_t>(w) * ch * elem_size(t)));
        VC_CHECK(img.stride() < static_cast<ptrdiff_t>(static_cast<size_t>(w) * ch * elem_size(t)) + 64);
        for (int y = 0; y < 7; ++y) {
          VC_CHECK_EQ(reinterpret_cast<uintptr_t>(img.row(y)) % 64, uintptr_t{0});
        }
        ImageView v = img.view();
        VC_CHECK(v.data == img.row(0) && v.stride == img.stride());
        // the whole buffer is writable
        for (int y = 0; y < 7; ++y) img.row(y)[img.stride() - 1] = 1;
      }
    }
  }
  VC_CHECK(Image().empty());
}

VC_TEST(image_rejects_bad_geometry_before_allocating) {
  VC_CHECK_THROWS_MSG(Image(0, 5, 1, PixelType::U8), InvalidArgument, "empty");
  VC_CHECK_THROWS_MSG(Image(5, -1, 1, PixelType::U8), InvalidArgument, "empty");
  VC_CHECK_THROWS_MSG(Image(5, 5, 0, PixelType::U8), InvalidArgument, "channels");
  VC_CHECK_THROWS_MSG(Image(5, 5, 5, PixelType::U8), InvalidArgument, "channels");
  const int big = static_cast<int>(kMaxSide) + 1;
  VC_CHECK_THROWS_MSG(Image(big, 1, 1, PixelType::U8), LimitExceeded, "limit");
  // each side within limits, pixels above
  VC_CHECK_THROWS_MSG(Image(1 << 20, 1 << 20, 1, PixelType::U8), LimitExceeded, "pixels");
  // (2^30 pixels x 4 channels x 4 bytes is exactly the byte limit, so an
  // Image can only exceed it through checked_image_bytes with more channels)
  VC_CHECK_THROWS_MSG(checked_image_bytes("f", 1 << 15, 1 << 15, 5, 4), LimitExceeded, "bytes");
}

VC_TEST(checked_arithmetic) {
  const int64_t big = std::numeric_limits<int64_t>::max();
  VC_CHECK_EQ(checked_mul(3, 4, "x"), int64_t{12});
  VC_CHECK_EQ(checked_mul(0, big, "x"), int64_t{0});
  VC_CHECK_THROWS_MSG(checked_mul(big, 2, "frame"), LimitExceeded, "frame");
  VC_CHECK_THROWS_MSG(checked_mul(int64_t{1} << 32, int64_t{1} << 31, "x"), LimitExceeded,
                      "overflow");
  VC_CHECK_THROWS(checked_mul(-1, 5, "x"), LimitExceeded);
  VC_CHECK_EQ(checked_add(big - 1, 1, "x"), big);
  VC_CHECK_THROWS(checked_add(big, 1, "x"), LimitExceeded);
  VC_CHECK_EQ(checked_image_bytes("f", 640, 480, 3, 2), int64_t{640} * 480 * 3 * 2);
  VC_CHECK_THROWS_MSG(checked_image_bytes("myfunc", 0, 480, 3, 1), InvalidArgument, "myfunc");
  // empty is InvalidArgument, not LimitExceeded
  bool limit = false;
  try {
    checked_image_bytes("f", 0, 1, 1, 1);
  } catch (const LimitExceeded&) {
    limit = true;
  } catch (const InvalidArgument&) {
  }
  VC_CHECK(!limit);
  VC_CHECK_THROWS_MSG(checked_image_bytes("f", kMaxSide + 1, 1, 1, 1), LimitExceeded, "side");
  VC_CHECK_THROWS_MSG(checked_image_bytes("f", int64_t{1} << 40, int64_t{1} << 40, 1, 1),
                      LimitExceeded, "f");
  VC_CHECK_EQ(checked_image_bytes("f", kMaxSide, 1, 4, 4), kMaxSide * 16);
}

VC_TEST(check_view_errors_name_function_and_parameter) {
  std::vector<uint8_t> buf(100 * 10);
  ConstImageView ok{buf.data(), 10, 10, 3, 30, PixelType::U8};
  check_view("fn", "src", ok);  // no throw
  check_view("fn", "src", ok, 3, 3);
  ConstImageView null_data = ok;
  null_data.data = nullptr;
  VC_CHECK_THROWS_MSG(check_view("fn", "src", null_data), InvalidArgument,
                      "fn: parameter 'src'");
  ConstImageView zero_w = ok;
  zero_w.width = 0;
  VC_CHECK_THROWS_MSG(check_view("fn", "src", zero_w), InvalidArgument, "non-empty");
  VC_CHECK_THROWS_MSG(check_view("fn", "img", ok, 1, 1), InvalidArgument, "1 channel");
  VC_CHECK_THROWS_MSG(check_view("fn", "img", ok, 4, 4), InvalidArgument, "'img'");
  ConstImageView five = ok;
  five.channels = 5;
  VC_CHECK_THROWS_MSG(check_view("fn", "img", five), InvalidArgument, "1..4 channels");
  ConstImageView short_stride = ok;
  short_stride.stride = 29;
  VC_CHECK_THROWS_MSG(check_view("fn", "src", short_stride), InvalidArgument, "row stride");
  // a single row may have any stride
  ConstImageView one_row = short_stride;
  one_row.height = 1;
  check_view("fn", "src", one_row);
  ConstImageView huge = ok;
  huge.width = static_cast<int>(kMaxSide) + 1;
  huge.stride = huge.width * 3;
  VC_CHECK_THROWS_MSG(check_view("fn", "src", huge), LimitExceeded, "fn");
}

VC_TEST(check_output_errors) {
  std::vector<float> buf(20 * 10);
  ImageView out{buf.data(), 20, 10, 1, 80, PixelType::F32};
  check_output("fn", "dst", out, 20, 10, 1, PixelType::F32);
  VC_CHECK_THROWS_MSG(check_output("fn", "dst", out, 20, 10, 1, PixelType::U8), TypeMismatch,
                      "uint8");
  VC_CHECK_THROWS_MSG(check_output("fn", "dst", out, 21, 10, 1, PixelType::F32), InvalidArgument,
                      "21x10x1");
  VC_CHECK_THROWS_MSG(check_output("fn", "dst", out, 20, 10, 3, PixelType::F32), InvalidArgument,
                      "'dst'");
}

VC_TEST(overlap_and_describe) {
  std::vector<uint8_t> buf(1000);
  ConstImageView a{buf.data(), 10, 10, 1, 20, PixelType::U8};
  ConstImageView b{buf.data() + 10, 10, 10, 1, 20, PixelType::U8};  // interleaved rows
  ConstImageView c{buf.data() + 400, 10, 10, 1, 20, PixelType::U8};
  // byte ranges: a = [0, 190), b = [10, 200), c = [400, 590)
  VC_CHECK(views_overlap(a, b));
  VC_CHECK(views_overlap(b, a));
  VC_CHECK(!views_overlap(a, c));
  VC_CHECK(!views_overlap(a, ConstImageView{}));
  VC_CHECK_EQ(describe(a), std::string("uint8 10x10x1 (stride 20)"));
}

VC_TEST(error_messages_format) {
  VC_CHECK_EQ(format_arg_error("f", "p", "A", "B"), std::string("f: parameter 'p': expected A; got B"));
  VC_CHECK_THROWS_MSG(throw_invalid("f", "p", "A", "B"), InvalidArgument, "expected A; got B");
  VC_CHECK_THROWS_MSG(throw_type("f", "p", "A", "B"), TypeMismatch, "f: parameter 'p'");
  // the hierarchy the Python layer relies on
  VC_CHECK_THROWS(throw LimitExceeded("x"), InvalidArgument);
  VC_CHECK_THROWS(throw Cancelled("x"), Error);
  VC_CHECK_THROWS(throw Unsupported("x"), std::runtime_error);
}

int main() { return vc_test::run_all(); }
