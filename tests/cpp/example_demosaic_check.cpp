// Runs the demosaic_raw example on small synthetic raw frames and checks the
// PPM it writes: header, size, and pixels equal to vc::demosaic on the same
// data; plus its exit status on bad input.
//
//   example_demosaic_check <path to demosaic_raw> <work dir>
#if !defined(_WIN32)
#include <sys/wait.h>
#endif

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "check.hpp"
#include "visioncore/camera.hpp"
#include "visioncore/image.hpp"

namespace {

std::string g_exe;
std::string g_dir;
std::string g_launcher;  // e.g. an emulator for a cross-built example, or empty

int run(const std::string& args) {
  const std::string cmd = g_launcher + "\"" + g_exe + "\" " + args;
  const int rc = std::system(cmd.c_str());
#if defined(_WIN32)
  return rc;
#else
  if (rc == -1 || !WIFEXITED(rc)) return -1;
  return WEXITSTATUS(rc);
#endif
}

std::string path(const std::string& name) { return g_dir + "/" + name; }
std::string quoted(const std::string& name) { return "\"" + path(name) + "\""; }

void write_file(const std::string& name, const std::vector<uint8_t>& bytes) {
  std::ofstream f(path(name), std::ios::binary);
  f.write(reinterpret_cast<const char*>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

std::vector<uint8_t> read_file(const std::string& name) {
  std::ifstream f(path(name), std::ios::binary);
  return std::vector<uint8_t>((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
}

// A deterministic mosaic with structure: gradients plus a sharp edge.
std::vector<uint16_t> mosaic(int w, int h, int maxval) {
  std::vector<uint16_t> v(static_cast<size_t>(w) * h);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const int edge = x > w / 2 ? maxval / 2 : 0;
      v[static_cast<size_t>(y) * w + x] =
          static_cast<uint16_t>((x * 37 + y * 91 + edge + (x * y) % 7) % (maxval + 1));
    }
  }
  return v;
}

// Expected P6 file for a raw mosaic: vc::demosaic called directly.
std::vector<uint8_t> expected_ppm(const std::vector<uint16_t>& samples, int w, int h, int bits,
                                  vc::BayerPattern pattern, vc::DemosaicMethod method) {
  const vc::PixelType type = bits == 16 ? vc::PixelType::U16 : vc::PixelType::U8;
  vc::Image raw(w, h, 1, type), rgb(w, h, 3, type);
  for (int y = 0; y < h; ++y) {
    for (int x = 0; x < w; ++x) {
      const uint16_t s = samples[static_cast<size_t>(y) * w + x];
      if (bits == 16) {
        raw.row<uint16_t>(y)[x] = s;
      } else {
        raw.row<uint8_t>(y)[x] = static_cast<uint8_t>(s);
      }
    }
  }
  vc::demosaic(raw, rgb, pattern, method);
  const std::string header =
      "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n" + (bits == 16 ? "65535" : "255") + "\n";
  std::vector<uint8_t> out(header.begin(), header.end());
  for (int y = 0; y < h; ++y) {
    for (int i = 0; i < w * 3; ++i) {
      if (bits == 16) {
        const uint16_t v = rgb.row<uint16_t>(y)[i];
        out.push_back(static_cast<uint8_t>(v >> 8));
        out.push_back(static_cast<uint8_t>(v & 0xFF));
      } else {
        out.push_back(rgb.row<uint8_t>(y)[i]);
      }
    }
  }
  return out;
}

std::vector<uint8_t> raw_bytes(const std::vector<uint16_t>& samples, int bits) {
  std::vector<uint8_t> b;
  for (uint16_t s : samples) {
    if (bits == 16) {
      b.push_back(static_cast<uint8_t>(s & 0xFF));  // little-endian
      b.push_back(static_cast<uint8_t>(s >> 8));
    } else {
      b.push_back(static_cast<uint8_t>(s));
    }
  }
  return b;
}

void check_case(int w, int h, int bits, const char* pattern_name, vc::BayerPattern pattern,
                const char* method_name, vc::DemosaicMethod method) {
  const std::vector<uint16_t> samples = mosaic(w, h, bits == 16 ? 4095 * 16 : 255);
  write_file("in.raw", raw_bytes(samples, bits));
  std::remove(path("out.ppm").c_str());
  // bilinear is the default method, and --method=NAME is accepted too:
  // exercise every spelling
  std::string args = method == vc::DemosaicMethod::Bilinear && w % 2 == 1
                         ? std::string()
                         : (w % 2 == 0 ? std::string("--method ") : std::string("--method=")) +
                               method_name + " ";
  args += quoted("in.raw") + " " + std::to_string(w) + " " + std::to_string(h) + " " +
          pattern_name + " ";
  // 8 bits is the default: exercise both spellings
  if (bits == 16 || w % 2 == 0) args += std::to_string(bits) + " ";
  args += quoted("out.ppm");
  VC_CHECK_EQ(run(args), 0);
  const std::vector<uint8_t> got = read_file("out.ppm");
  const std::vector<uint8_t> want = expected_ppm(samples, w, h, bits, pattern, method);
  const std::string header = "P6\n" + std::to_string(w) + " " + std::to_string(h) + "\n";
  VC_CHECK(got.size() >= header.size() && std::string(got.begin(), got.begin() + header.size()) == header);
  VC_CHECK_EQ(got.size(), want.size());
  VC_CHECK(got == want);
}

}  // namespace

VC_TEST(eight_bit_frames) {
  check_case(7, 5, 8, "RGGB", vc::BayerPattern::RGGB, "bilinear", vc::DemosaicMethod::Bilinear);
  check_case(16, 12, 8, "GBRG", vc::BayerPattern::GBRG, "bilinear", vc::DemosaicMethod::Bilinear);
  check_case(9, 8, 8, "BGGR", vc::BayerPattern::BGGR, "malvar", vc::DemosaicMethod::Malvar);
}

VC_TEST(sixteen_bit_frames) {
  check_case(6, 4, 16, "GRBG", vc::BayerPattern::GRBG, "bilinear", vc::DemosaicMethod::Bilinear);
  check_case(33, 17, 16, "RGGB", vc::BayerPattern::RGGB, "malvar", vc::DemosaicMethod::Malvar);
}

VC_TEST(bad_input_exit_status) {
  write_file("small.raw", std::vector<uint8_t>(10, 7));
  VC_CHECK_EQ(run(quoted("small.raw") + " 4 4 RGGB " + quoted("x.ppm")), 1);         // too short
  VC_CHECK_EQ(run(quoted("small.raw") + " 4 4 RGGB 16 " + quoted("x.ppm")), 1);      // too short
  VC_CHECK_EQ(run(quoted("no_such.raw") + " 4 4 RGGB " + quoted("x.ppm")), 1);       // missing
  VC_CHECK_EQ(run(quoted("small.raw") + " 5 2 XYZW " + quoted("x.ppm")), 2);         // pattern
  VC_CHECK_EQ(run(quoted("small.raw") + " 5 2 RGGB 12 " + quoted("x.ppm")), 2);      // bits
  VC_CHECK_EQ(run(quoted("small.raw") + " 0 2 RGGB " + quoted("x.ppm")), 2);         // width
  VC_CHECK_EQ(run(quoted("small.raw") + " 5 two RGGB " + quoted("x.ppm")), 2);       // height
  VC_CHECK_EQ(run("--method fancy " + quoted("small.raw") + " 5 2 RGGB " + quoted("x.ppm")), 2);
  VC_CHECK_EQ(run(""), 2);
  // a frame of the right size but too small for the library (1x10)
  VC_CHECK_EQ(run(quoted("small.raw") + " 1 10 RGGB " + quoted("x.ppm")), 1);
}

int main(int argc, char** argv) {
  if (argc != 3 && argc != 4) {
    std::fprintf(stderr, "usage: example_demosaic_check <demosaic_raw> <work dir> [<launcher>]\n");
    return 2;
  }
  g_exe = argv[1];
  g_dir = argv[2];
  if (argc == 4 && argv[3][0] != '\0') g_launcher = std::string(argv[3]) + " ";
  std::filesystem::create_directories(g_dir);
  return vc_test::run_all();
}
