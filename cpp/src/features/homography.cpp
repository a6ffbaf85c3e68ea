// Robust estimation of homographies and 2-D affine maps (see matching.hpp).
//
// stage 1: validation (sizes, finite values, non-degenerate point sets);
// stage 2: hypotheses from minimal sets (RANSAC with an adaptive iteration
//          count, or LMedS), scored on all pairs;
// stage 3: refit on the inliers (normalized least squares, then for
//          homographies Levenberg-Marquardt on the reprojection error) and
//          the final inlier mask.
// Everything runs on the calling thread; the only randomness is the seeded
// std::mt19937_64, so a seed fixes the result.
#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "visioncore/error.hpp"
#include "visioncore/matching.hpp"

namespace vc {
namespace {

struct Pt {
  double x, y;
};

// Solves the n x n system a x = b (a row-major, destroyed) by Gaussian
// elimination with partial pivoting; false if (nearly) singular.
bool solve(double* a, double* b, int n) {
  for (int c = 0; c < n; ++c) {
    int piv = c;
    for (int r = c + 1; r < n; ++r) {
      if (std::fabs(a[r * n + c]) > std::fabs(a[piv * n + c])) piv = r;
    }
    if (std::fabs(a[piv * n + c]) < 1e-12) return false;
    if (piv != c) {
      for (int k = 0; k < n; ++k) std::swap(a[c * n + k], a[piv * n + k]);
      std::swap(b[c], b[piv]);
    }
    for (int r = c + 1; r < n; ++r) {
      const double f = a[r * n + c] / a[c * n + c];
      if (f == 0) continue;
      for (int k = c; k < n; ++k) a[r * n + k] -= f * a[c * n + k];
      b[r] -= f * b[c];
    }
  }
  for (int r = n - 1; r >= 0; --r) {
    double s = b[r];
    for (int k = r + 1; k < n; ++k) s -= a[r * n + k] * b[k];
    b[r] = s / a[r * n + r];
  }
  for (int r = 0; r < n; ++r) {
    if (!std::isfinite(b[r])) return false;
  }
  return true;
}

// Eigenvector of the smallest eigenvalue of a symmetric 9x9 matrix (Jacobi).
void smallest_eigenvector9(double* a, double* v_out) {
  double v[81] = {};
  for (int i = 0; i < 9; ++i) v[i * 9 + i] = 1;
  for (int sweep = 0; sweep < 60; ++sweep) {
    double off = 0;
    for (int p = 0; p < 9; ++p) {
      for (int q = p + 1; q < 9; ++q) off += a[p * 9 + q] * a[p * 9 + q];
    }
    if (off < 1e-30) break;
    for (int p = 0; p < 9; ++p) {
      for (int q = p + 1; q < 9; ++q) {
        const double apq = a[p * 9 + q];
        if (std::fabs(apq) < 1e-300) continue;
        const double theta = (a[q * 9 + q] - a[p * 9 + p]) / (2 * apq);
        const double t = (theta >= 0 ? 1 : -1) / (std::fabs(theta) + std::sqrt(theta * theta + 1));
        const double c = 1 / std::sqrt(t * t + 1), s = t * c;
        for (int k = 0; k < 9; ++k) {
          const double akp = a[k * 9 + p], akq = a[k * 9 + q];
          a[k * 9 + p] = c * akp - s * akq;
          a[k * 9 + q] = s * akp + c * akq;
        }
        for (int k = 0; k < 9; ++k) {
          const double apk = a[p * 9 + k], aqk = a[q * 9 + k];
          a[p * 9 + k] = c * apk - s * aqk;
          a[q * 9 + k] = s * apk + c * aqk;
        }
        for (int k = 0; k < 9; ++k) {
          const double vkp = v[k * 9 + p], vkq = v[k * 9 + q];
          v[k * 9 + p] = c * vkp - s * vkq;
          v[k * 9 + q] = s * vkp + c * vkq;
        }
      }
    }
  }
  int best = 0;
  for (int i = 1; i < 9; ++i) {
    if (a[i * 9 + i] < a[best * 9 + best]) best = i;
  }
  for (int k = 0; k < 9; ++k) v_out[k] = v[k * 9 + best];
}

// Hartley normalization: translate the centroid to 0, scale the mean
// distance to sqrt(2). T maps p to (s (x - cx), s (y - cy)).
struct Norm {
  double cx = 0, cy = 0, s = 1;
  Pt apply(const Pt& p) const { return {s * (p.x - cx), s * (p.y - cy)}; }
};

Norm make_norm(const Pt* p, const int* idx, int n) {
  Norm t;
  for (int i = 0; i < n; ++i) {
    t.cx += p[idx[i]].x;
    t.cy += p[idx[i]].y;
  }
  t.cx /= n;
  t.cy /= n;
  double md = 0;
  for (int i = 0; i < n; ++i) md += std::hypot(p[idx[i]].x - t.cx, p[idx[i]].y - t.cy);
  md /= n;
  t.s = md > 0 ? std::sqrt(2.0) / md : 1.0;
  return t;
}

// H = T2^-1 Hn T1, then scaled so that H[8] = 1. False if H[8] ~ 0.
bool denormalize(const double* hn, const Norm& t1, const Norm& t2, double* h) {
  const double T1[9] = {t1.s, 0, -t1.s * t1.cx, 0, t1.s, -t1.s * t1.cy, 0, 0, 1};
  const double T2i[9] = {1 / t2.s, 0, t2.cx, 0, 1 / t2.s, t2.cy, 0, 0, 1};
  double tmp[9], r[9];
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      tmp[i * 3 + j] = hn[i * 3] * T1[j] + hn[i * 3 + 1] * T1[3 + j] + hn[i * 3 + 2] * T1[6 + j];
    }
  }
  for (int i = 0; i < 3; ++i) {
    for (int j = 0; j < 3; ++j) {
      r[i * 3 + j] = T2i[i * 3] * tmp[j] + T2i[i * 3 + 1] * tmp[3 + j] + T2i[i * 3 + 2] * tmp[6 + j];
    }
  }
  if (!std::isfinite(r[8]) || std::fabs(r[8]) < 1e-12) return false;
  for (int k = 0; k < 9; ++k) h[k] = r[k] / r[8];
  for (int k = 0; k < 9; ++k) {
    if (!std::isfinite(h[k])) return false;
  }
  return true;
}

// Minimal homography from 4 pairs: the 8x8 DLT system with h33 = 1 in
// normalized coordinates.
bool homography4(const Pt* src, const Pt* dst, const int* idx, double* h) {
  const Norm t1 = make_norm(src, idx, 4), t2 = make_norm(dst, idx, 4);
  double a[64], b[8];
  for (int i = 0; i < 4; ++i) {
    const Pt p = t1.apply(src[idx[i]]), q = t2.apply(dst[idx[i]]);
    double* r0 = a + (2 * i) * 8;
    double* r1 = r0 + 8;
    const double row0[8] = {p.x, p.y, 1, 0, 0, 0, -p.x * q.x, -p.y * q.x};
    const double row1[8] = {0, 0, 0, p.x, p.y, 1, -p.x * q.y, -p.y * q.y};
    std::memcpy(r0, row0, sizeof row0);
    std::memcpy(r1, row1, sizeof row1);
    b[2 * i] = q.x;
    b[2 * i + 1] = q.y;
  }
  if (!solve(a, b, 8)) return false;
  const double hn[9] = {b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], 1};
  return denormalize(hn, t1, t2, h);
}

// Least-squares homography (normalized DLT) over the given pairs.
bool homography_ls(const Pt* src, const Pt* dst, const int* idx, int n, double* h) {
  const Norm t1 = make_norm(src, idx, n), t2 = make_norm(dst, idx, n);
  double ata[81] = {};
  for (int i = 0; i < n; ++i) {
    const Pt p = t1.apply(src[idx[i]]), q = t2.apply(dst[idx[i]]);
    const double r0[9] = {p.x, p.y, 1, 0, 0, 0, -p.x * q.x, -p.y * q.x, -q.x};
    const double r1[9] = {0, 0, 0, p.x, p.y, 1, -p.x * q.y, -p.y * q.y, -q.y};
    for (int r = 0; r < 9; ++r) {
      for (int c = 0; c < 9; ++c) ata[r * 9 + c] += r0[r] * r0[c] + r1[r] * r1[c];
    }
  }
  double hn[9];
  smallest_eigenvector9(ata, hn);
  return denormalize(hn, t1, t2, h);
}

double h_err2(const double* h, const Pt& s, const Pt& d) {
  const double w = h[6] * s.x + h[7] * s.y + h[8];
  if (std::fabs(w) < 1e-300) return std::numeric_limits<double>::infinity();
  const double u = (h[0] * s.x + h[1] * s.y + h[2]) / w - d.x;
  const double v = (h[3] * s.x + h[4] * s.y + h[5]) / w - d.y;
  const double e = u * u + v * v;
  return std::isfinite(e) ? e : std::numeric_limits<double>::infinity();
}

double a_err2(const double* a, const Pt& s, const Pt& d) {
  const double u = a[0] * s.x + a[1] * s.y + a[2] - d.x;
  const double v = a[3] * s.x + a[4] * s.y + a[5] - d.y;
  return u * u + v * v;
}

// Levenberg-Marquardt on sum |H src - dst|^2 over the pairs, h33 fixed at 1.
void refine_lm(const Pt* src, const Pt* dst, const int* idx, int n, double* h) {
  const auto cost = [&](const double* hh) {
    double c = 0;
    for (int i = 0; i < n; ++i) c += h_err2(hh, src[idx[i]], dst[idx[i]]);
    return c;
  };
  double lambda = 1e-3;
  double cur = cost(h);
  for (int it = 0; it < 10 && std::isfinite(cur); ++it) {
    double jtj[64] = {}, jtr[8] = {};
    for (int i = 0; i < n; ++i) {
      const Pt s = src[idx[i]], d = dst[idx[i]];
      const double w = h[6] * s.x + h[7] * s.y + h[8];
      if (std::fabs(w) < 1e-300) continue;
      const double iw = 1 / w;
      const double u = (h[0] * s.x + h[1] * s.y + h[2]) * iw;
      const double v = (h[3] * s.x + h[4] * s.y + h[5]) * iw;
      const double ju[8] = {s.x * iw, s.y * iw, iw, 0, 0, 0, -u * s.x * iw, -u * s.y * iw};
      const double jv[8] = {0, 0, 0, s.x * iw, s.y * iw, iw, -v * s.x * iw, -v * s.y * iw};
      const double ru = u - d.x, rv = v - d.y;
      for (int r = 0; r < 8; ++r) {
        jtr[r] += ju[r] * ru + jv[r] * rv;
        for (int c = 0; c < 8; ++c) jtj[r * 8 + c] += ju[r] * ju[c] + jv[r] * jv[c];
      }
    }
    bool improved = false;
    for (int attempt = 0; attempt < 8 && !improved; ++attempt) {
      double a[64], b[8];
      for (int k = 0; k < 64; ++k) a[k] = jtj[k];
      for (int r = 0; r < 8; ++r) {
        a[r * 8 + r] *= 1 + lambda;
        b[r] = -jtr[r];
      }
      if (!solve(a, b, 8)) {
        lambda *= 10;
        continue;
      }
      double hn[9];
      for (int k = 0; k < 8; ++k) hn[k] = h[k] + b[k];
      hn[8] = 1;
      const double c = cost(hn);
      if (c < cur) {
        std::memcpy(h, hn, sizeof hn);
        const double rel = (cur - c) / std::max(cur, 1e-300);
        cur = c;
        lambda = std::max(lambda * 0.1, 1e-12);
        improved = true;
        if (rel < 1e-12) return;
      } else {
        lambda *= 10;
      }
    }
    if (!improved) return;
  }
}

// Minimal affine map from 3 pairs (exact solve).
bool affine3(const Pt* src, const Pt* dst, const int* idx, double* a) {
  double m[9], bx[3], by[3];
  for (int i = 0; i < 3; ++i) {
    const Pt s = src[idx[i]];
    m[i * 3] = s.x;
    m[i * 3 + 1] = s.y;
    m[i * 3 + 2] = 1;
    bx[i] = dst[idx[i]].x;
    by[i] = dst[idx[i]].y;
  }
  double m2[9];
  std::memcpy(m2, m, sizeof m);
  if (!solve(m, bx, 3) || !solve(m2, by, 3)) return false;
  const double r[6] = {bx[0], bx[1], bx[2], by[0], by[1], by[2]};
  std::memcpy(a, r, sizeof r);
  return true;
}

// Least-squares affine map (centered normal equations).
bool affine_ls(const Pt* src, const Pt* dst, const int* idx, int n, double* a) {
  double cx = 0, cy = 0;
  for (int i = 0; i < n; ++i) {
    cx += src[idx[i]].x;
    cy += src[idx[i]].y;
  }
  cx /= n;
  cy /= n;
  double m[9] = {}, bx[3] = {}, by[3] = {};
  for (int i = 0; i < n; ++i) {
    const double r[3] = {src[idx[i]].x - cx, src[idx[i]].y - cy, 1};
    for (int p = 0; p < 3; ++p) {
      for (int q = 0; q < 3; ++q) m[p * 3 + q] += r[p] * r[q];
      bx[p] += r[p] * dst[idx[i]].x;
      by[p] += r[p] * dst[idx[i]].y;
    }
  }
  double m2[9];
  std::memcpy(m2, m, sizeof m);
  if (!solve(m, bx, 3) || !solve(m2, by, 3)) return false;
  // undo the centering: x' = a0 (x - cx) + a1 (y - cy) + a2
  const double r[6] = {bx[0], bx[1], bx[2] - bx[0] * cx - bx[1] * cy,
                       by[0], by[1], by[2] - by[0] * cx - by[1] * cy};
  for (double v : r) {
    if (!std::isfinite(v)) return false;
  }
  std::memcpy(a, r, sizeof r);
  return true;
}

bool collinear3(const Pt& a, const Pt& b, const Pt& c) {
  const double dx1 = b.x - a.x, dy1 = b.y - a.y, dx2 = c.x - a.x, dy2 = c.y - a.y;
  return std::fabs(dx2 * dy1 - dy2 * dx1) <=
         1e-9 * (std::fabs(dx1) + std::fabs(dy1) + std::fabs(dx2) + std::fabs(dy2)) *
             (1 + std::fabs(dx1) + std::fabs(dy1) + std::fabs(dx2) + std::fabs(dy2));
}

bool subset_degenerate(const Pt* p, const int* idx, int m) {
  for (int i = 0; i < m; ++i) {
    for (int j = i + 1; j < m; ++j) {
      for (int k = j + 1; k < m; ++k) {
        if (collinear3(p[idx[i]], p[idx[j]], p[idx[k]])) return true;
      }
    }
  }
  return false;
}

// True when all points lie on one line (or coincide): the smaller
// eigenvalue of their scatter matrix is negligible against the larger.
bool all_collinear(const std::vector<Pt>& p) {
  double cx = 0, cy = 0;
  for (const Pt& q : p) {
    cx += q.x;
    cy += q.y;
  }
  cx /= static_cast<double>(p.size());
  cy /= static_cast<double>(p.size());
  double sxx = 0, syy = 0, sxy = 0;
  for (const Pt& q : p) {
    sxx += (q.x - cx) * (q.x - cx);
    syy += (q.y - cy) * (q.y - cy);
    sxy += (q.x - cx) * (q.y - cy);
  }
  const double tr = sxx + syy, det = sxx * syy - sxy * sxy;
  if (!(tr > 0)) return true;
  const double disc = std::sqrt(std::max(0.0, tr * tr / 4 - det));
  const double lmin = tr / 2 - disc, lmax = tr / 2 + disc;
  return lmin <= 1e-10 * lmax;
}

int update_iters(double confidence, double inlier_ratio, int m, int current) {
  const double w = std::pow(inlier_ratio, m);
  if (w <= 0) return current;
  if (w >= 1) return 0;
  const double num = std::log(1 - confidence);
  const double den = std::log(1 - w);
  if (!(den < 0)) return current;
  const double it = std::ceil(num / den);
  return it < current ? static_cast<int>(it) : current;
}

struct Model {
  int m;  // minimal set size
  int size;  // parameters
  bool (*minimal)(const Pt*, const Pt*, const int*, double*);
  bool (*ls)(const Pt*, const Pt*, const int*, int, double*);
  double (*err2)(const double*, const Pt&, const Pt&);
  bool lm;
};

bool minimal_h(const Pt* s, const Pt* d, const int* idx, double* h) { return homography4(s, d, idx, h); }

bool robust(const char* func, const Model& model, const double* src_xy, const double* dst_xy,
            int64_t n64, const RobustParams& prm, double* out, uint8_t* mask) {
  // stage 1: validation
  if (n64 < model.m) {
    throw_invalid(func, "src", "at least " + std::to_string(model.m) + " point pairs",
                  std::to_string(n64));
  }
  if (n64 > (int64_t{1} << 28)) throw_invalid(func, "src", "at most 2^28 point pairs", std::to_string(n64));
  const int n = static_cast<int>(n64);
  if (prm.method != RobustMethod::LeastSquares) {
    if (!(prm.reproj_threshold > 0) || !std::isfinite(prm.reproj_threshold)) {
      throw_invalid(func, "reproj_threshold", "a finite number > 0", std::to_string(prm.reproj_threshold));
    }
    if (prm.max_iters < 1 || prm.max_iters > 1000000) {
      throw_invalid(func, "max_iters", "an int in 1..1000000", std::to_string(prm.max_iters));
    }
    if (!(prm.confidence > 0 && prm.confidence < 1)) {
      throw_invalid(func, "confidence", "a number in (0, 1)", std::to_string(prm.confidence));
    }
  }
  std::vector<Pt> src(static_cast<size_t>(n)), dst(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) {
    src[static_cast<size_t>(i)] = {src_xy[2 * i], src_xy[2 * i + 1]};
    dst[static_cast<size_t>(i)] = {dst_xy[2 * i], dst_xy[2 * i + 1]};
    if (!std::isfinite(src_xy[2 * i]) || !std::isfinite(src_xy[2 * i + 1])) {
      throw_invalid(func, "src", "finite coordinates", "NaN or infinity at row " + std::to_string(i));
    }
    if (!std::isfinite(dst_xy[2 * i]) || !std::isfinite(dst_xy[2 * i + 1])) {
      throw_invalid(func, "dst", "finite coordinates", "NaN or infinity at row " + std::to_string(i));
    }
  }
  if (all_collinear(src)) throw_invalid(func, "src", "points not all on one line", "collinear points");
  if (all_collinear(dst)) throw_invalid(func, "dst", "points not all on one line", "collinear points");
  std::fill(out, out + model.size, 0.0);
  std::fill(mask, mask + n, uint8_t{0});

  std::vector<int> all(static_cast<size_t>(n));
  for (int i = 0; i < n; ++i) all[static_cast<size_t>(i)] = i;
  const Pt* S = src.data();
  const Pt* D = dst.data();
  double best[9] = {};
  std::vector<double> err(static_cast<size_t>(n));
  const auto count_inliers = [&](const double* h, double thr2, uint8_t* msk) {
    int c = 0;
    for (int i = 0; i < n; ++i) {
      const bool in = model.err2(h, S[i], D[i]) <= thr2;
      if (msk) msk[i] = in;
      c += in;
    }
    return c;
  };

  // the refit on a set of pairs: least squares, then LM for homographies
  const auto refit = [&](const std::vector<int>& idx, double* h) {
    if (!model.ls(S, D, idx.data(), static_cast<int>(idx.size()), h)) return false;
    if (model.lm && static_cast<int>(idx.size()) > model.m) {
      refine_lm(S, D, idx.data(), static_cast<int>(idx.size()), h);
    }
    return true;
  };

  if (prm.method == RobustMethod::LeastSquares) {
    if (!refit(all, best)) return false;
    std::memcpy(out, best, sizeof(double) * static_cast<size_t>(model.size));
    std::fill(mask, mask + n, uint8_t{1});
    return true;
  }

  // stage 2: hypotheses
  std::mt19937_64 rng(prm.seed);
  const auto draw = [&](int* idx) {
    for (int attempt = 0; attempt < 1000; ++attempt) {
      for (int i = 0; i < model.m; ++i) {
        for (;;) {
          idx[i] = static_cast<int>(rng() % static_cast<uint64_t>(n));
          bool dup = false;
          for (int j = 0; j < i; ++j) dup |= idx[j] == idx[i];
          if (!dup) break;
        }
      }
      if (!subset_degenerate(S, idx, model.m) && !subset_degenerate(D, idx, model.m)) return true;
    }
    return false;
  };
  const double thr2 = prm.reproj_threshold * prm.reproj_threshold;
  bool found = false;
  int best_count = 0;
  double best_med = std::numeric_limits<double>::infinity();
  int iters = prm.max_iters;
  if (prm.method == RobustMethod::Lmeds) iters = update_iters(prm.confidence, 0.5, model.m, iters);
  if (n == model.m) iters = 1;
  for (int it = 0; it < iters; ++it) {
    int idx[4];
    if (n == model.m) {
      for (int i = 0; i < n; ++i) idx[i] = i;
      if (subset_degenerate(S, idx, model.m) || subset_degenerate(D, idx, model.m)) break;
    } else if (!draw(idx)) {
      break;
    }
    double h[9];
    if (!model.minimal(S, D, idx, h)) continue;
    if (prm.method == RobustMethod::Ransac) {
      const int c = count_inliers(h, thr2, nullptr);
      if (c > best_count) {
        best_count = c;
        std::memcpy(best, h, sizeof h);
        found = true;
        iters = std::max(it + 1, update_iters(prm.confidence, static_cast<double>(c) / n, model.m, iters));
      }
    } else {
      for (int i = 0; i < n; ++i) err[static_cast<size_t>(i)] = model.err2(h, S[i], D[i]);
      const size_t mid = static_cast<size_t>(n / 2);
      std::nth_element(err.begin(), err.begin() + static_cast<ptrdiff_t>(mid), err.end());
      const double med = err[mid];
      if (med < best_med) {
        best_med = med;
        std::memcpy(best, h, sizeof h);
        found = true;
      }
    }
  }
  if (!found) return false;
  double t2 = thr2;
  if (prm.method == RobustMethod::Lmeds) {
    const double sigma = 2.5 * 1.4826 * (1 + 5.0 / std::max(1, n - model.m)) * std::sqrt(best_med);
    t2 = std::max(sigma * sigma, 1e-12);
  }

  // stage 3: refit on the inliers
  std::vector<uint8_t> m0(static_cast<size_t>(n));
  const int c0 = count_inliers(best, t2, m0.data());
  std::vector<int> inl;
  for (int i = 0; i < n; ++i) {
    if (m0[static_cast<size_t>(i)]) inl.push_back(i);
  }
  double refined[9];
  std::memcpy(refined, best, sizeof best);
  if (static_cast<int>(inl.size()) >= model.m && refit(inl, refined)) {
    std::vector<uint8_t> m1(static_cast<size_t>(n));
    if (count_inliers(refined, t2, m1.data()) >= c0) {
      std::memcpy(best, refined, sizeof refined);
      m0.swap(m1);
    }
  }
  std::memcpy(out, best, sizeof(double) * static_cast<size_t>(model.size));
  std::memcpy(mask, m0.data(), static_cast<size_t>(n));
  return true;
}


}  // namespace

bool find_homography(const double* src, const double* dst, int64_t n, const RobustParams& params,
                     double* H, uint8_t* mask) {
  const Model model{4, 9, minimal_h, homography_ls, h_err2, true};
  return robust("find_homography", model, src, dst, n, params, H, mask);
}

bool estimate_affine_2d(const double* src, const double* dst, int64_t n,
                        const RobustParams& params, double* A, uint8_t* mask) {
  const Model model{3, 6, affine3, affine_ls, a_err2, false};
  return robust("estimate_affine_2d", model, src, dst, n, params, A, mask);
}

}  // namespace vc
