// Bitmap text: the library's own 5x7 font and its renderer.
//
// The font was drawn by hand for this library on a 5-column grid: 7 rows
// from the cap line down to the baseline plus 2 descender rows (g, j, p, q,
// y, ',', ';', '_'). Each glyph below is its rows top to bottom, separated
// by '|', '#' = ink; rows not given are empty. The table is turned into bit
// rows once, on first use.
#include <algorithm>
#include <climits>
#include <cmath>
#include <cstdint>
#include <string>

#include "imgproc/draw_canvas.hpp"
#include "visioncore/draw.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"

namespace vc {
namespace {

constexpr int kGlyphW = 5, kGlyphH = 9;
constexpr int kCellW = 6, kCellH = 10;
constexpr int kFirst = 32, kLast = 126;

// Printable ASCII 32..126, in order.
const char* const kFontArt[kLast - kFirst + 1] = {
    "",                                                     // ' '
    "..#..|..#..|..#..|..#..|..#..|.....|..#..",            // !
    ".#.#.|.#.#.",                                          // "
    ".#.#.|.#.#.|#####|.#.#.|#####|.#.#.|.#.#.",            // #
    "..#..|.####|#.#..|.###.|..#.#|####.|..#..",            // $
    "##...|##..#|...#.|..#..|.#...|#..##|...##",            // %
    ".##..|#..#.|#.#..|.#...|#.#.#|#..#.|.##.#",            // &
    "..#..|..#..",                                          // '
    "...#.|..#..|.#...|.#...|.#...|..#..|...#.",            // (
    ".#...|..#..|...#.|...#.|...#.|..#..|.#...",            // )
    ".....|..#..|#.#.#|.###.|#.#.#|..#..",                  // *
    ".....|..#..|..#..|#####|..#..|..#..",                  // +
    ".....|.....|.....|.....|.....|..#..|..#..|.#...",      // ,
    ".....|.....|.....|#####",                              // -
    ".....|.....|.....|.....|.....|.....|..#..",            // .
    ".....|....#|...#.|..#..|.#...|#....",                  // /
    ".###.|#...#|#..##|#.#.#|##..#|#...#|.###.",            // 0
    "..#..|.##..|..#..|..#..|..#..|..#..|.###.",            // 1
    ".###.|#...#|....#|...#.|..#..|.#...|#####",            // 2
    "#####|...#.|..#..|...#.|....#|#...#|.###.",            // 3
    "...#.|..##.|.#.#.|#..#.|#####|...#.|...#.",            // 4
    "#####|#....|####.|....#|....#|#...#|.###.",            // 5
    "..##.|.#...|#....|####.|#...#|#...#|.###.",            // 6
    "#####|....#|...#.|..#..|.#...|.#...|.#...",            // 7
    ".###.|#...#|#...#|.###.|#...#|#...#|.###.",            // 8
    ".###.|#...#|#...#|.####|....#|...#.|.##..",            // 9
    ".....|.....|..#..|.....|.....|..#..",                  // :
    ".....|.....|..#..|.....|.....|..#..|..#..|.#...",      // ;
    "....#|...#.|..#..|.#...|..#..|...#.|....#",            // <
    ".....|.....|#####|.....|#####",                        // =
    "#....|.#...|..#..|...#.|..#..|.#...|#....",            // >
    ".###.|#...#|....#|...#.|..#..|.....|..#..",            // ?
    ".###.|#...#|....#|.##.#|#.#.#|#.#.#|.###.",            // @
    ".###.|#...#|#...#|#####|#...#|#...#|#...#",            // A
    "####.|#...#|#...#|####.|#...#|#...#|####.",            // B
    ".###.|#...#|#....|#....|#....|#...#|.###.",            // C
    "###..|#..#.|#...#|#...#|#...#|#..#.|###..",            // D
    "#####|#....|#....|####.|#....|#....|#####",            // E
    "#####|#....|#....|####.|#....|#....|#....",            // F
    ".###.|#...#|#....|#.###|#...#|#...#|.####",            // G
    "#...#|#...#|#...#|#####|#...#|#...#|#...#",            // H
    ".###.|..#..|..#..|..#..|..#..|..#..|.###.",            // I
    "..###|...#.|...#.|...#.|...#.|#..#.|.##..",            // J
    "#...#|#..#.|#.#..|##...|#.#..|#..#.|#...#",            // K
    "#....|#....|#....|#....|#....|#....|#####",            // L
    "#...#|##.##|#.#.#|#.#.#|#...#|#...#|#...#",            // M
    "#...#|#...#|##..#|#.#.#|#..##|#...#|#...#",            // N
    ".###.|#...#|#...#|#...#|#...#|#...#|.###.",            // O
    "####.|#...#|#...#|####.|#....|#....|#....",            // P
    ".###.|#...#|#...#|#...#|#.#.#|#..#.|.##.#",            // Q
    "####.|#...#|#...#|####.|#.#..|#..#.|#...#",            // R
    ".####|#....|#....|.###.|....#|....#|####.",            // S
    "#####|..#..|..#..|..#..|..#..|..#..|..#..",            // T
    "#...#|#...#|#...#|#...#|#...#|#...#|.###.",            // U
    "#...#|#...#|#...#|#...#|#...#|.#.#.|..#..",            // V
    "#...#|#...#|#...#|#.#.#|#.#.#|#.#.#|.#.#.",            // W
    "#...#|#...#|.#.#.|..#..|.#.#.|#...#|#...#",            // X
    "#...#|#...#|.#.#.|..#..|..#..|..#..|..#..",            // Y
    "#####|....#|...#.|..#..|.#...|#....|#####",            // Z
    ".###.|.#...|.#...|.#...|.#...|.#...|.###.",            // [
    ".....|#....|.#...|..#..|...#.|....#",                  // backslash
    ".###.|...#.|...#.|...#.|...#.|...#.|.###.",            // ]
    "..#..|.#.#.|#...#",                                    // ^
    ".....|.....|.....|.....|.....|.....|.....|#####",      // _
    ".#...|..#..",                                          // `
    ".....|.....|.###.|....#|.####|#...#|.####",            // a
    "#....|#....|#.##.|##..#|#...#|#...#|####.",            // b
    ".....|.....|.###.|#....|#....|#...#|.###.",            // c
    "....#|....#|.##.#|#..##|#...#|#...#|.####",            // d
    ".....|.....|.###.|#...#|#####|#....|.###.",            // e
    "..##.|.#..#|.#...|###..|.#...|.#...|.#...",            // f
    ".....|.....|.####|#...#|#...#|#...#|.####|....#|.###.",  // g
    "#....|#....|#.##.|##..#|#...#|#...#|#...#",            // h
    "..#..|.....|.##..|..#..|..#..|..#..|.###.",            // i
    "...#.|.....|..##.|...#.|...#.|...#.|...#.|#..#.|.##..",  // j
    "#....|#....|#..#.|#.#..|##...|#.#..|#..#.",            // k
    ".##..|..#..|..#..|..#..|..#..|..#..|.###.",            // l
    ".....|.....|##.#.|#.#.#|#.#.#|#...#|#...#",            // m
    ".....|.....|#.##.|##..#|#...#|#...#|#...#",            // n
    ".....|.....|.###.|#...#|#...#|#...#|.###.",            // o
    ".....|.....|####.|#...#|#...#|#...#|####.|#....|#....",  // p
    ".....|.....|.####|#...#|#...#|#...#|.####|....#|....#",  // q
    ".....|.....|#.##.|##..#|#....|#....|#....",            // r
    ".....|.....|.####|#....|.###.|....#|####.",            // s
    ".#...|.#...|###..|.#...|.#...|.#..#|..##.",            // t
    ".....|.....|#...#|#...#|#...#|#..##|.##.#",            // u
    ".....|.....|#...#|#...#|#...#|.#.#.|..#..",            // v
    ".....|.....|#...#|#...#|#.#.#|#.#.#|.#.#.",            // w
    ".....|.....|#...#|.#.#.|..#..|.#.#.|#...#",            // x
    ".....|.....|#...#|#...#|#...#|.####|....#|#...#|.###.",  // y
    ".....|.....|#####|...#.|..#..|.#...|#####",            // z
    "...#.|..#..|..#..|.#...|..#..|..#..|...#.",            // {
    "..#..|..#..|..#..|..#..|..#..|..#..|..#..",            // |
    ".#...|..#..|..#..|...#.|..#..|..#..|.#...",            // }
    ".....|.....|.#...|#.#.#|...#.",                        // ~
};

// rows[c][r]: bit 4 = leftmost column.
struct Font {
  uint8_t rows[kLast - kFirst + 1][kGlyphH] = {};
  Font() {
    for (int g = 0; g <= kLast - kFirst; ++g) {
      int r = 0, col = 0;
      for (const char* p = kFontArt[g]; *p; ++p) {
        if (*p == '|') {
          ++r;
          col = 0;
          continue;
        }
        if (*p == '#' && r < kGlyphH && col < kGlyphW) {
          rows[g][r] = static_cast<uint8_t>(rows[g][r] | (1u << (kGlyphW - 1 - col)));
        }
        ++col;
      }
    }
  }
  const uint8_t* glyph(unsigned char c) const {
    if (c < kFirst || c > kLast) c = '?';
    return rows[c - kFirst];
  }
};

const Font& font() {
  static const Font f;
  return f;
}

void check_scale(const char* func, int scale) {
  if (scale < 1 || scale > kMaxTextScale) {
    throw_invalid(func, "scale", "1.." + std::to_string(kMaxTextScale), std::to_string(scale));
  }
}

}  // namespace

void text_size(const std::string& text, int scale, int* width, int* height) {
  const char* func = "text_size";
  check_scale(func, scale);
  int64_t longest = 0, current = 0, lines = 1;
  for (const char c : text) {
    if (c == '\n') {
      ++lines;
      current = 0;
    } else {
      longest = std::max(longest, ++current);
    }
  }
  const int64_t w = longest > 0 ? (longest * kCellW - 1) * scale : 0;
  const int64_t h = (lines * kCellH - 1) * scale;
  if (w > INT_MAX || h > INT_MAX) {
    throw LimitExceeded(std::string(func) + ": the text box is larger than 2^31 pixels");
  }
  *width = static_cast<int>(w);
  *height = static_cast<int>(h);
}

void draw_text(const ImageView& img, const std::string& text, DrawPoint org, int scale,
               const double color[4]) {
  const char* func = "draw_text";
  draw_detail::check_image(func, img);
  draw_detail::check_point(func, "org", org);
  check_scale(func, scale);
  const draw_detail::Canvas cv(func, img, color);
  const Font& f = font();
  const int64_t x_org = static_cast<int64_t>(std::nearbyint(org.x));
  int64_t x = x_org, y = static_cast<int64_t>(std::nearbyint(org.y));
  const int64_t cell_w = int64_t{kCellW} * scale, cell_h = int64_t{kCellH} * scale;
  for (const char ch : text) {
    if (ch == '\n') {
      x = x_org;
      y += cell_h;
      continue;
    }
    // only glyph cells that touch the image are rasterized
    if (x + cell_w > 0 && x < img.width && y + cell_h > 0 && y < img.height) {
      const uint8_t* g = f.glyph(static_cast<unsigned char>(ch));
      for (int r = 0; r < kGlyphH; ++r) {
        if (!g[r]) continue;
        for (int c = 0; c < kGlyphW; ++c) {
          if (!(g[r] & (1u << (kGlyphW - 1 - c)))) continue;
          // runs of ink in a row become one span per pixel row
          int run = 1;
          while (c + run < kGlyphW && (g[r] & (1u << (kGlyphW - 1 - c - run)))) ++run;
          const int64_t x0 = x + int64_t{c} * scale, x1 = x0 + int64_t{run} * scale - 1;
          const int64_t y0 = std::max<int64_t>(y + int64_t{r} * scale, 0);
          const int64_t y1 = std::min<int64_t>(y + int64_t{r + 1} * scale, img.height);
          for (int64_t yy = y0; yy < y1; ++yy) cv.span(yy, x0, x1);
          c += run - 1;
        }
      }
    }
    x += cell_w;
  }
}

}  // namespace vc
