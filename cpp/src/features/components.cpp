// connected_components: two passes with union-find, threaded by row bands.
//
// stage 1, per band (in parallel): a raster scan gives every foreground unit
//   a provisional label. With 8-connectivity the unit is a 2x2 block (its
//   pixels are always mutually connected): a block joins its left, top-left,
//   top and top-right blocks when one of its pixels touches one of theirs;
//   with 4-connectivity the unit is a pixel joined to its left and top
//   neighbours. New labels are numbered in scan order from the band's own
//   base, so bands never share labels; unions keep the smaller label as root.
// stage 2 (serial, O(width) per band): the first unit row of each band is
//   joined with the last unit row of the band above.
// stage 3 (serial): flattening in label order gives each root the next final
//   label. Roots are the smallest provisional label of their component, i.e.
//   its first unit in raster order, so the numbering is OpenCV's (and does
//   not depend on where the bands are cut).
// stage 4 (in parallel): labels are replaced by final ones, background set to
//   0, and per-part stats accumulated; integer sums merged exactly.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <limits>
#include <string>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/limits.hpp"
#include "visioncore/parallel.hpp"
#include "visioncore/shapes.hpp"

namespace vc {
namespace {

using Label = int32_t;

inline Label find_root(Label* parent, Label i) {
  Label root = i;
  while (parent[root] < root) root = parent[root];
  while (parent[i] < i) {  // path compression
    const Label next = parent[i];
    parent[i] = root;
    i = next;
  }
  return root;
}

inline Label unite(Label* parent, Label a, Label b) {
  if (a == b) return a;
  a = find_root(parent, a);
  b = find_root(parent, b);
  if (a < b) {
    parent[b] = a;
    return a;
  }
  parent[a] = b;
  return b;
}

struct Band {
  int y0, y1;
  Label base, next;  // labels [base, next) were created in this band
};

struct LabelPlane {
  int32_t* data;
  ptrdiff_t stride;
  Label* row(int y) const {
    return reinterpret_cast<Label*>(reinterpret_cast<uint8_t*>(data) + y * stride);
  }
};

// stage 1, 8-connectivity: one band of block rows. Each block's label is
// written to all four of its pixels (background ones are cleared in stage 4).
void scan_band_8(const ConstImageView& src, const LabelPlane& lab, Label* parent, Band& band) {
  const int w = src.width, h = src.height;
  Label next = band.base;
  for (int y = band.y0; y < band.y1; y += 2) {
    const uint8_t* s0 = src.row(y);
    const bool has1 = y + 1 < h;
    const uint8_t* s1 = has1 ? src.row(y + 1) : nullptr;
    const bool has_up = y > band.y0;
    const uint8_t* su = has_up ? src.row(y - 1) : nullptr;
    Label* l0 = lab.row(y);
    Label* l1 = has1 ? lab.row(y + 1) : nullptr;
    const Label* lu = has_up ? lab.row(y - 2) : nullptr;
    for (int x = 0; x < w; x += 2) {
      // background fast path: 4 empty blocks at once
      if (x + 8 <= w) {
        uint64_t a = 0, b = 0;
        std::memcpy(&a, s0 + x, 8);
        if (has1) std::memcpy(&b, s1 + x, 8);
        if ((a | b) == 0) {
          std::memset(l0 + x, 0, 8 * sizeof(Label));
          if (has1) std::memset(l1 + x, 0, 8 * sizeof(Label));
          x += 6;
          continue;
        }
      }
      const bool q_in = x + 1 < w;
      const bool p = s0[x] != 0;
      const bool q = q_in && s0[x + 1] != 0;
      const bool r = has1 && s1[x] != 0;
      const bool s = has1 && q_in && s1[x + 1] != 0;
      Label l = 0;
      if (p | q | r | s) {
        // left block: pixels (x - 1, y), (x - 1, y + 1) against p, r
        if (x > 0 && (p | r) && (s0[x - 1] != 0 || (has1 && s1[x - 1] != 0))) l = l0[x - 2];
        if (has_up) {
          if (x > 0 && p && su[x - 1] != 0) {
            const Label t = lu[x - 2];
            l = l ? unite(parent, l, t) : t;
          }
          if ((p | q) && (su[x] != 0 || (q_in && su[x + 1] != 0))) {
            const Label t = lu[x];
            l = l ? unite(parent, l, t) : t;
          }
          if (q && x + 2 < w && su[x + 2] != 0) {
            const Label t = lu[x + 2];
            l = l ? unite(parent, l, t) : t;
          }
        }
        if (l == 0) {
          l = next;
          parent[next] = next;
          ++next;
        }
      }
      l0[x] = l;
      if (q_in) l0[x + 1] = l;
      if (has1) {
        l1[x] = l;
        if (q_in) l1[x + 1] = l;
      }
    }
  }
  band.next = next;
}

// stage 2, 8-connectivity: the band's first block row against the row above.
void merge_band_8(const ConstImageView& src, const LabelPlane& lab, Label* parent,
                  const Band& band) {
  const int w = src.width, y = band.y0, h = src.height;
  const uint8_t* s0 = src.row(y);
  const uint8_t* su = src.row(y - 1);
  const Label* l0 = lab.row(y);
  const Label* lu = lab.row(y - 2);
  (void)h;
  for (int x = 0; x < w; x += 2) {
    const Label l = l0[x];
    if (l == 0) continue;
    const bool q_in = x + 1 < w;
    const bool p = s0[x] != 0;
    const bool q = q_in && s0[x + 1] != 0;
    if (x > 0 && p && su[x - 1] != 0) unite(parent, l, lu[x - 2]);
    if ((p | q) && (su[x] != 0 || (q_in && su[x + 1] != 0))) unite(parent, l, lu[x]);
    if (q && x + 2 < w && su[x + 2] != 0) unite(parent, l, lu[x + 2]);
  }
}

// stage 1, 4-connectivity: one band of pixel rows.
void scan_band_4(const ConstImageView& src, const LabelPlane& lab, Label* parent, Band& band) {
  const int w = src.width;
  Label next = band.base;
  for (int y = band.y0; y < band.y1; ++y) {
    const uint8_t* s0 = src.row(y);
    const bool has_up = y > band.y0;
    const uint8_t* su = has_up ? src.row(y - 1) : nullptr;
    Label* l0 = lab.row(y);
    const Label* lu = has_up ? lab.row(y - 1) : nullptr;
    for (int x = 0; x < w; ++x) {
      if (s0[x] == 0) {
        l0[x] = 0;
        continue;
      }
      Label l = (x > 0 && s0[x - 1] != 0) ? l0[x - 1] : 0;
      if (has_up && su[x] != 0) l = l ? unite(parent, l, lu[x]) : lu[x];
      if (l == 0) {
        l = next;
        parent[next] = next;
        ++next;
      }
      l0[x] = l;
    }
  }
  band.next = next;
}

void merge_band_4(const ConstImageView& src, const LabelPlane& lab, Label* parent,
                  const Band& band) {
  const uint8_t* s0 = src.row(band.y0);
  const uint8_t* su = src.row(band.y0 - 1);
  const Label* l0 = lab.row(band.y0);
  const Label* lu = lab.row(band.y0 - 1);
  for (int x = 0; x < src.width; ++x) {
    if (s0[x] != 0 && su[x] != 0) unite(parent, l0[x], lu[x]);
  }
}

struct Accum {
  std::vector<int32_t> x0, y0, x1, y1, area;
  std::vector<int64_t> sx, sy;
  void init(size_t n) {
    x0.assign(n, std::numeric_limits<int32_t>::max());
    y0.assign(n, std::numeric_limits<int32_t>::max());
    x1.assign(n, -1);
    y1.assign(n, -1);
    area.assign(n, 0);
    sx.assign(n, 0);
    sy.assign(n, 0);
  }
};

}  // namespace

int connected_components(const ConstImageView& src, int32_t* labels, ptrdiff_t labels_stride,
                         int connectivity, std::vector<ComponentStats>* stats,
                         std::vector<double>* centroids) {
  const char* func = "connected_components";
  check_view(func, "binary", src, 1, 1);
  if (src.type != PixelType::U8) {
    throw_type(func, "binary", "uint8", pixel_type_name(src.type));
  }
  if (connectivity != 4 && connectivity != 8) {
    throw_invalid(func, "connectivity", "4 or 8", std::to_string(connectivity));
  }
  if (labels == nullptr || labels_stride < static_cast<ptrdiff_t>(src.width) * 4) {
    throw_invalid(func, "labels", "a plane of width int32 per row", "a smaller buffer");
  }
  const int w = src.width, h = src.height;
  const LabelPlane lab{labels, labels_stride};
  const bool eight = connectivity == 8;
  const int unit_h = eight ? 2 : 1;
  // most new labels one unit row can create
  const int64_t per_row = (int64_t{w} + 1) / 2;
  const int64_t unit_rows = (int64_t{h} + unit_h - 1) / unit_h;
  const int64_t max_labels = checked_add(checked_mul(per_row, unit_rows, func), 1, func);
  if (max_labels > std::numeric_limits<Label>::max()) {
    throw LimitExceeded(std::string(func) + ": too many possible labels for int32");
  }
  std::vector<Label> parent(static_cast<size_t>(max_labels));
  parent[0] = 0;

  // bands of whole unit rows, cut independently of the thread count
  const int threads = get_num_threads();
  int band_rows = std::max(64, (h + threads * 4 - 1) / (threads * 4));
  band_rows = (band_rows + unit_h - 1) / unit_h * unit_h;
  std::vector<Band> bands;
  for (int y = 0; y < h; y += band_rows) {
    const Label base = static_cast<Label>(1 + (y / unit_h) * per_row);
    bands.push_back({y, std::min(h, y + band_rows), base, base});
  }
  // stage 1
  parallel_for(0, static_cast<int64_t>(bands.size()), 1, [&](int64_t b0, int64_t b1) {
    for (int64_t b = b0; b < b1; ++b) {
      if (eight) {
        scan_band_8(src, lab, parent.data(), bands[b]);
      } else {
        scan_band_4(src, lab, parent.data(), bands[b]);
      }
    }
  });
  // stage 2
  for (size_t b = 1; b < bands.size(); ++b) {
    if (eight) {
      merge_band_8(src, lab, parent.data(), bands[b]);
    } else {
      merge_band_4(src, lab, parent.data(), bands[b]);
    }
  }
  // stage 3
  Label count = 1;
  for (const Band& band : bands) {
    for (Label i = band.base; i < band.next; ++i) {
      parent[i] = parent[i] == i ? count++ : parent[parent[i]];
    }
  }
  // stage 4: parts by rows; integer stats are exact, so how rows are split
  // between parts never changes a result
  const bool want_stats = stats != nullptr || centroids != nullptr;
  int parts = 1;
  if (want_stats) {
    const int64_t budget = int64_t{32} << 20;  // accumulator bytes
    const int64_t per_part = int64_t{count} * 40;
    parts = static_cast<int>(std::max<int64_t>(1, std::min<int64_t>(threads, budget / per_part)));
  } else {
    parts = static_cast<int>(std::min<int64_t>(h, int64_t{threads} * 4));
  }
  parts = std::max(1, std::min(parts, h));
  std::vector<Accum> acc(want_stats ? parts : 0);
  const Label* final_of = parent.data();
  parallel_for(0, parts, 1, [&](int64_t p0, int64_t p1) {
    for (int64_t p = p0; p < p1; ++p) {
      const int ya = static_cast<int>(int64_t{h} * p / parts);
      const int yb = static_cast<int>(int64_t{h} * (p + 1) / parts);
      Accum* a = nullptr;
      if (want_stats) {
        a = &acc[p];
        a->init(static_cast<size_t>(count));
      }
      for (int y = ya; y < yb; ++y) {
        const uint8_t* s = src.row(y);
        Label* l = lab.row(y);
        for (int x = 0; x < w; ++x) l[x] = s[x] ? final_of[l[x]] : 0;
        if (a == nullptr) continue;
        // runs of equal labels make the accumulation cheap
        int x = 0;
        while (x < w) {
          const Label v = l[x];
          int e = x + 1;
          while (e < w && l[e] == v) ++e;
          const int64_t n = e - x;
          a->x0[v] = std::min(a->x0[v], x);
          a->x1[v] = std::max(a->x1[v], e - 1);
          a->y0[v] = std::min(a->y0[v], y);
          a->y1[v] = std::max(a->y1[v], y);
          a->area[v] += static_cast<int32_t>(n);
          a->sx[v] += (int64_t{x} + e - 1) * n / 2;
          a->sy[v] += int64_t{y} * n;
          x = e;
        }
      }
    }
  });
  if (want_stats) {
    Accum& t = acc[0];
    for (int p = 1; p < parts; ++p) {
      const Accum& o = acc[p];
      for (Label i = 0; i < count; ++i) {
        t.x0[i] = std::min(t.x0[i], o.x0[i]);
        t.y0[i] = std::min(t.y0[i], o.y0[i]);
        t.x1[i] = std::max(t.x1[i], o.x1[i]);
        t.y1[i] = std::max(t.y1[i], o.y1[i]);
        t.area[i] += o.area[i];
        t.sx[i] += o.sx[i];
        t.sy[i] += o.sy[i];
      }
    }
    if (stats) {
      stats->resize(static_cast<size_t>(count));
      for (Label i = 0; i < count; ++i) {
        ComponentStats& c = (*stats)[i];
        if (t.area[i] == 0) {  // background of an all-foreground image
          c = {0, 0, 0, 0, 0};
          continue;
        }
        c = {t.x0[i], t.y0[i], t.x1[i] - t.x0[i] + 1, t.y1[i] - t.y0[i] + 1, t.area[i]};
      }
    }
    if (centroids) {
      centroids->resize(2 * static_cast<size_t>(count));
      for (Label i = 0; i < count; ++i) {
        const double n = t.area[i];
        (*centroids)[2 * i] = static_cast<double>(t.sx[i]) / n;  // 0 / 0: NaN, as OpenCV
        (*centroids)[2 * i + 1] = static_cast<double>(t.sy[i]) / n;
      }
    }
  }
  return count;
}

}  // namespace vc
