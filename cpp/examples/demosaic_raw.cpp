// demosaic_raw: turns a raw Bayer frame from a camera into a viewable image,
// using only the installed C++ library (no Python).
//
//   demosaic_raw [--method bilinear|malvar] input.raw width height pattern [bits] output.ppm
//
// input.raw: width x height samples, row by row, no header; bits = 8 (one
// byte per sample, the default) or 16 (two bytes, little-endian, as most
// sensors and V4L2 deliver them; any bit depth up to 16 is stored this way).
// pattern: RGGB, BGGR, GRBG or GBRG, the sensor's top-left 2x2 block.
// output.ppm: binary PPM (P6), maxval 255 for 8-bit input and 65535 for
// 16-bit input (samples big-endian, as the format requires).
//
// Exit status: 0 on success, 1 on a runtime error (unreadable input, size
// mismatch, library error), 2 on bad usage.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <exception>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <vector>

#include <visioncore/visioncore.hpp>

namespace {

int usage(const char* msg) {
  std::cerr << "demosaic_raw: " << msg << "\n"
            << "usage: demosaic_raw [--method bilinear|malvar] input.raw width height "
               "RGGB|BGGR|GRBG|GBRG [8|16] output.ppm\n";
  return 2;
}

bool parse_int(const char* text, long lo, long hi, int* out) {
  char* end = nullptr;
  const long v = std::strtol(text, &end, 10);
  if (end == text || *end != '\0' || v < lo || v > hi) return false;
  *out = static_cast<int>(v);
  return true;
}

bool parse_pattern(const std::string& s, vc::BayerPattern* out) {
  static const struct {
    const char* name;
    vc::BayerPattern pattern;
  } kPatterns[] = {{"RGGB", vc::BayerPattern::RGGB},
                   {"BGGR", vc::BayerPattern::BGGR},
                   {"GRBG", vc::BayerPattern::GRBG},
                   {"GBRG", vc::BayerPattern::GBRG}};
  for (const auto& p : kPatterns) {
    if (s == p.name) {
      *out = p.pattern;
      return true;
    }
  }
  return false;
}

// Writes a P6 PPM of a 3-channel U8 or U16 image.
void write_ppm(const std::string& path, const vc::Image& rgb) {
  std::ofstream f(path, std::ios::binary);
  if (!f) throw std::runtime_error("cannot open " + path + " for writing");
  const bool wide = rgb.type() == vc::PixelType::U16;
  f << "P6\n" << rgb.width() << " " << rgb.height() << "\n" << (wide ? 65535 : 255) << "\n";
  const size_t samples = static_cast<size_t>(rgb.width()) * 3;
  std::vector<uint8_t> line(samples * (wide ? 2 : 1));
  for (int y = 0; y < rgb.height(); ++y) {
    if (wide) {
      const uint16_t* row = rgb.row<uint16_t>(y);
      for (size_t i = 0; i < samples; ++i) {
        line[2 * i] = static_cast<uint8_t>(row[i] >> 8);  // PPM: most significant byte first
        line[2 * i + 1] = static_cast<uint8_t>(row[i] & 0xFF);
      }
    } else {
      std::memcpy(line.data(), rgb.row<uint8_t>(y), samples);
    }
    f.write(reinterpret_cast<const char*>(line.data()), static_cast<std::streamsize>(line.size()));
  }
  if (!f) throw std::runtime_error("error while writing " + path);
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  vc::DemosaicMethod method = vc::DemosaicMethod::Bilinear;
  if (!args.empty() && args[0].rfind("--method", 0) == 0) {
    std::string value;
    if (args[0] == "--method" && args.size() > 1) {
      value = args[1];
      args.erase(args.begin(), args.begin() + 2);
    } else if (args[0].rfind("--method=", 0) == 0) {
      value = args[0].substr(9);
      args.erase(args.begin());
    }
    if (value == "bilinear") {
      method = vc::DemosaicMethod::Bilinear;
    } else if (value == "malvar") {
      method = vc::DemosaicMethod::Malvar;
    } else {
      return usage("--method must be bilinear or malvar");
    }
  }
  if (args.size() != 5 && args.size() != 6) return usage("expected 5 or 6 arguments");

  const std::string& input = args[0];
  const std::string& output = args.back();
  int width = 0, height = 0, bits = 8;
  if (!parse_int(args[1].c_str(), 1, vc::kMaxSide, &width)) return usage("bad width");
  if (!parse_int(args[2].c_str(), 1, vc::kMaxSide, &height)) return usage("bad height");
  vc::BayerPattern pattern;
  if (!parse_pattern(args[3], &pattern)) return usage("pattern must be RGGB, BGGR, GRBG or GBRG");
  if (args.size() == 6 && (!parse_int(args[4].c_str(), 8, 16, &bits) || (bits != 8 && bits != 16))) {
    return usage("bits must be 8 or 16");
  }

  try {
    const vc::PixelType type = bits == 16 ? vc::PixelType::U16 : vc::PixelType::U8;
    const int64_t bytes = vc::checked_image_bytes("demosaic_raw", width, height, 1, bits / 8);

    std::ifstream f(input, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + input);
    std::vector<uint8_t> data((std::istreambuf_iterator<char>(f)), std::istreambuf_iterator<char>());
    if (static_cast<int64_t>(data.size()) != bytes) {
      throw std::runtime_error(input + " holds " + std::to_string(data.size()) + " bytes; a " +
                               std::to_string(width) + "x" + std::to_string(height) + " " +
                               std::to_string(bits) + "-bit frame needs " + std::to_string(bytes));
    }

    // Copy into an aligned Image; 16-bit samples are assembled from their
    // little-endian bytes, so this works on any host byte order.
    vc::Image raw(width, height, 1, type);
    for (int y = 0; y < height; ++y) {
      const uint8_t* src = data.data() + static_cast<size_t>(y) * width * (bits / 8);
      if (bits == 16) {
        uint16_t* row = raw.row<uint16_t>(y);
        for (int x = 0; x < width; ++x) {
          row[x] = static_cast<uint16_t>(src[2 * x] | (src[2 * x + 1] << 8));
        }
      } else {
        std::memcpy(raw.row<uint8_t>(y), src, static_cast<size_t>(width));
      }
    }

    vc::Image rgb(width, height, 3, type);
    vc::demosaic(raw, rgb, pattern, method);
    write_ppm(output, rgb);
  } catch (const std::exception& e) {
    std::cerr << "demosaic_raw: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
