// find_contours: Suzuki & Abe border following ("Topological structural
// analysis of digitized binary images by border following", 1985), with the
// conventions of OpenCV's findContours so that points, order and hierarchy
// are the same.
//
// stage 1: the mask is copied into an int8 plane with a 1-pixel zero frame:
//   0 background, 1 unvisited foreground; runs of equal values are skipped
//   with the u8_find_ne kernel.
// stage 2: a raster scan finds border starts: an outer border where a 0 is
//   followed by a 1, a hole border where a positive value is followed by a 0.
//   Each border is followed once, iteratively (no recursion): from the start
//   pixel the first foreground neighbour clockwise (from west for outer
//   borders, from east for holes) closes the loop; then each step searches
//   counter-clockwise. A border pixel whose east neighbour was examined as 0
//   is marked -2, other unvisited ones 2; in tree mode a separate int32 plane
//   records the contour that marked each pixel, so the owner of any marked
//   pixel is known exactly. "simple"
//   keeps only the points where the chain direction changes.
// stage 3: the parent of a new border comes from the last marked pixel met
//   on the row (Suzuki's LNBD): that border if its kind (outer / hole)
//   differs from the new one's, else that border's parent. Children are
//   prepended, and the output is the depth-first pre-order of the tree (an
//   explicit stack), which is OpenCV's order: in list / external mode the
//   borders in reverse order of discovery.
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "kernels/kernel_table.hpp"
#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/shapes.hpp"

namespace vc {
namespace {

// chain code directions: 0 east, then counter-clockwise on screen (y down)
constexpr int kDx[8] = {1, 1, 0, -1, -1, -1, 0, 1};
constexpr int kDy[8] = {0, -1, -1, -1, 0, 1, 1, 1};

struct Node {
  int parent = -1, first_child = -1, prev = -1, next = -1;
  bool hole = false;
  int64_t begin = 0, end = 0;  // points [begin, end) in the scratch point list
};

class Tracer {
 public:
  explicit Tracer(int w) : w_(w + 2) {
    for (int s = 0; s < 8; ++s) off_[s] = kDx[s] + static_cast<int64_t>(kDy[s]) * w_;
  }
  std::vector<int8_t> img;        // 0, 1 unvisited, 2 visited, -2 visited with east 0
  std::unique_ptr<int32_t[]> owner;  // tree mode: the label of each marked pixel
  std::vector<int32_t> pts;       // x, y pairs in source coordinates

  void mark(int64_t i, bool right, int32_t label) {
    int8_t* base = img.data();
    if (right) {
      base[i] = -2;
    } else if (base[i] == 1) {
      base[i] = 2;
    } else {
      return;
    }
    if (owner) owner[i] = label;
  }

  // Follows the border starting at padded pixel (x, y) and appends its points.
  void follow(int x, int y, bool hole, int32_t label, bool all_points) {
    const int8_t* const base = img.data();
    const int64_t i0 = static_cast<int64_t>(y) * w_ + x;
    int px = x - 1, py = y - 1;  // current point, source coordinates
    // the first foreground neighbour clockwise closes the loop
    const int s_start = hole ? 0 : 4;
    int s = s_start;
    int64_t i1 = i0;
    do {
      s = (s + 7) & 7;
      i1 = i0 + off_[s];
    } while (base[i1] == 0 && s != s_start);
    if (s == s_start) {  // a single pixel
      mark(i0, true, label);
      pts.push_back(px);
      pts.push_back(py);
      return;
    }
    int64_t i3 = i0;
    int prev_s = s ^ 4;
    for (;;) {
      // counter-clockwise from the direction after the one we came from
      const int s_from = s;
      int64_t i4;
      do {
        ++s;
        i4 = i3 + off_[s & 7];
      } while (base[i4] == 0);
      s &= 7;
      // the east neighbour was examined as background iff the search wrapped
      mark(i3, static_cast<unsigned>(s - 1) < static_cast<unsigned>(s_from), label);
      if (s != prev_s || all_points) {
        pts.push_back(px);
        pts.push_back(py);
      }
      prev_s = s;
      px += kDx[s];
      py += kDy[s];
      if (i4 == i0 && i3 == i1) break;
      i3 = i4;
      s = (s + 4) & 7;
    }
  }

 private:
  int w_;
  int64_t off_[8];
};

}  // namespace

Contours find_contours(const ConstImageView& src, ContourMode mode, ContourApprox approx) {
  const char* func = "find_contours";
  check_view(func, "binary", src, 1, 1);
  if (src.type != PixelType::U8) throw_type(func, "binary", "uint8", pixel_type_name(src.type));
  const int w = src.width, h = src.height;
  const int pw = w + 2, ph = h + 2;
  checked_image_bytes(func, pw, ph, 1, 4);
  // stage 1
  Tracer tr(w);
  const size_t plane = static_cast<size_t>(pw) * ph;
  tr.img.assign(plane, 0);
  for (int y = 0; y < h; ++y) {
    const uint8_t* s = src.row(y);
    int8_t* d = tr.img.data() + static_cast<size_t>(y + 1) * pw + 1;
    for (int x = 0; x < w; ++x) d[x] = static_cast<int8_t>(s[x] != 0);
  }
  // only marked pixels are ever read back, so the plane needs no clearing
  if (mode == ContourMode::Tree) tr.owner.reset(new int32_t[plane]);
  const kernels::KernelTable& k = kernels::active_kernels();
  const bool all_points = approx == ContourApprox::None;
  const bool tree = mode == ContourMode::Tree;
  // node 0 is the frame: a hole that contains everything
  std::vector<Node> nodes(1);
  nodes[0].hole = true;
  int8_t* img = tr.img.data();

  // stage 2 and 3
  for (int y = 1; y < ph - 1; ++y) {
    int8_t* row = img + static_cast<size_t>(y) * pw;
    const size_t row_start = static_cast<size_t>(y) * pw;
    int lnbd_x = 0;  // the last marked pixel met on this row (0: the frame)
    int8_t prev = 0;
    int x = 1;
    while (x < pw - 1) {
      // skip the run of pixels equal to prev
      x += static_cast<int>(k.u8_find_ne(reinterpret_cast<const uint8_t*>(row + x),
                                         static_cast<size_t>(pw - 1 - x),
                                         static_cast<uint8_t>(prev)));
      if (x >= pw - 1) break;
      const int8_t p = row[x];
      bool is_hole = false;
      bool start = false;
      if (prev == 0 && p == 1) {
        start = true;
      } else if (p == 0 && prev >= 1) {
        start = true;
        is_hole = true;
        if (prev != 1) lnbd_x = x - 1;
      }
      if (start && mode == ContourMode::External && (is_hole || row[lnbd_x] > 0)) start = false;
      if (!start) {
        prev = p;
        if (p != 0 && p != 1) lnbd_x = x;
        ++x;
        continue;
      }
      int parent = 0;
      if (tree && lnbd_x > 0) {
        const int owner = tr.owner[row_start + lnbd_x] - 1;  // node index (label - 1)
        parent = owner;
        if (nodes[owner].hole == is_hole) parent = nodes[owner].parent >= 0 ? nodes[owner].parent : 0;
      }
      lnbd_x = x - (is_hole ? 1 : 0);
      const int idx = static_cast<int>(nodes.size());
      if (idx >= (1 << 30)) throw LimitExceeded(std::string(func) + ": too many contours");
      Node n;
      n.hole = is_hole;
      n.begin = static_cast<int64_t>(tr.pts.size() / 2);
      const int32_t label = idx + 1;
      tr.follow(x - (is_hole ? 1 : 0), y, is_hole, label, all_points);
      n.end = static_cast<int64_t>(tr.pts.size() / 2);
      // prepend to the parent's children
      n.parent = parent;
      n.next = nodes[parent].first_child;
      nodes.push_back(n);
      if (n.next >= 0) nodes[n.next].prev = idx;
      nodes[parent].first_child = idx;
      // resume after the start pixel, which may now be marked
      prev = row[x];
      ++x;
    }
  }

  // output: depth-first pre-order, children in list order
  Contours out;
  const size_t count = nodes.size() - 1;
  out.offsets.reserve(count + 1);
  out.offsets.push_back(0);
  out.points.reserve(tr.pts.size());
  out.hierarchy.resize(4 * count);
  std::vector<int> index_of(nodes.size(), -1);
  std::vector<int> order;
  order.reserve(count);
  std::vector<int> stack;
  // push children so that the first child is popped first
  auto push_children = [&](int n) {
    int last = nodes[n].first_child;
    if (last < 0) return;
    while (nodes[last].next >= 0) last = nodes[last].next;
    for (int c = last; c >= 0; c = nodes[c].prev) stack.push_back(c);
  };
  push_children(0);
  while (!stack.empty()) {
    const int n = stack.back();
    stack.pop_back();
    index_of[n] = static_cast<int>(order.size());
    order.push_back(n);
    push_children(n);
  }
  for (int n : order) {
    const Node& node = nodes[n];
    out.points.insert(out.points.end(), tr.pts.begin() + 2 * node.begin,
                      tr.pts.begin() + 2 * node.end);
    out.offsets.push_back(static_cast<int64_t>(out.points.size() / 2));
  }
  const auto map = [&](int n) { return n > 0 ? index_of[n] : -1; };
  for (size_t i = 0; i < order.size(); ++i) {
    const Node& node = nodes[order[i]];
    out.hierarchy[4 * i + 0] = map(node.next);
    out.hierarchy[4 * i + 1] = map(node.prev);
    out.hierarchy[4 * i + 2] = map(node.first_child);
    out.hierarchy[4 * i + 3] = map(node.parent);
  }
  return out;
}

}  // namespace vc
