"""Homography quality: visioncore's ORB + brute-force matching + RANSAC
against the same pipeline built from OpenCV (ORB_create, BFMatcher,
findHomography), on real photographs (scikit-image's bundled samples) warped
by known homographies: rotation 0-45 degrees, scale 0.5-2, perspective, blur
and noise. A case succeeds when the mean error of the four image corners is
under SUCCESS_PX.

    python benchmarks/homography_quality.py          # prints the summary and every case

tests/test_homography.py asserts on the same table; make_results.py puts the
summary in RESULTS.md.
"""

from __future__ import annotations

import math

import cv2
import numpy as np
import visioncore as vc


def apply_h(h, pts):
    p = np.c_[pts, np.ones(len(pts))] @ np.asarray(h, float).T
    return p[:, :2] / p[:, 2:]


def _images():
    from skimage import data
    from skimage.color import rgb2gray

    def gray(rgb):
        return (rgb2gray(rgb) * 255).round().astype(np.uint8)

    return {"camera": data.camera(), "astronaut": gray(data.astronaut()),
            "coffee": gray(data.coffee()), "chelsea": gray(data.chelsea()),
            "brick": data.brick(), "rocket": gray(data.rocket())}


def _transforms(w, h):
    """(name, H, blur sigma, noise sigma): rotation 0-45 degrees, scale
    0.5-2, perspective, blur and noise, all about the image centre."""
    out = []
    cases = [(0, 1.0, 0, 0, 0), (15, 1.0, 0, 0, 0), (30, 0.8, 0, 1.0, 0), (45, 1.0, 0, 0, 4),
             (10, 0.5, 0, 0, 0), (0, 2.0, 0, 0, 0), (20, 1.3, 6e-4, 0, 3), (5, 0.7, -5e-4, 1.2, 0),
             (35, 1.5, 3e-4, 0, 2)]
    cx, cy = w / 2, h / 2
    for ang, s, persp, blur, noise in cases:
        a = math.radians(ang)
        t1 = np.array([[1, 0, -cx], [0, 1, -cy], [0, 0, 1]])
        r = np.array([[s * math.cos(a), -s * math.sin(a), 0], [s * math.sin(a), s * math.cos(a), 0],
                      [persp, persp / 2, 1]])
        t2 = np.array([[1, 0, cx], [0, 1, cy], [0, 0, 1]])
        hm = t2 @ r @ t1
        out.append((f"rot{ang}_s{s}_p{persp}_b{blur}_n{noise}", hm / hm[2, 2], blur, noise))
    return out


def _corner_error(h_est, h_true, w, h):
    if h_est is None or not np.all(np.isfinite(h_est)):
        return math.inf
    c = np.array([[0, 0], [w - 1, 0], [w - 1, h - 1], [0, h - 1]], float)
    return float(np.mean(np.linalg.norm(apply_h(h_est, c) - apply_h(h_true, c), axis=1)))


def _pipeline_vc(img1, img2, n):
    k1, d1 = vc.orb(img1, n_features=n)
    k2, d2 = vc.orb(img2, n_features=n)
    m = vc.match(d1, d2, cross_check=True)
    if len(m) < 4:
        return None
    src = np.stack([k1["x"], k1["y"]], 1)[m["query_idx"]]
    dst = np.stack([k2["x"], k2["y"]], 1)[m["train_idx"]]
    try:
        return vc.find_homography(src, dst, reproj_threshold=3.0, seed=0)[0]
    except ValueError:
        return None


def _pipeline_cv(img1, img2, n):
    orb = cv2.ORB_create(nfeatures=n)
    k1, d1 = orb.detectAndCompute(img1, None)
    k2, d2 = orb.detectAndCompute(img2, None)
    if d1 is None or d2 is None:
        return None
    m = cv2.BFMatcher(cv2.NORM_HAMMING, crossCheck=True).match(d1, d2)
    if len(m) < 4:
        return None
    src = np.float32([k1[x.queryIdx].pt for x in m])
    dst = np.float32([k2[x.trainIdx].pt for x in m])
    return cv2.findHomography(src, dst, cv2.RANSAC, 3.0)[0]


def quality_table(n_features=1000):
    """Per case (image, transform): corner errors of both pipelines."""
    rng = np.random.default_rng(2024)
    rows = []
    cv2.setRNGSeed(0)
    for name, img in _images().items():
        h, w = img.shape
        for tname, hm, blur, noise in _transforms(w, h):
            warped = cv2.warpPerspective(img, hm, (w, h), flags=cv2.INTER_LINEAR)
            if blur:
                warped = cv2.GaussianBlur(warped, (0, 0), blur)
            if noise:
                warped = np.clip(warped + rng.normal(0, noise, warped.shape), 0, 255).astype(np.uint8)
            e_vc = _corner_error(_pipeline_vc(img, warped, n_features), hm, w, h)
            e_cv = _corner_error(_pipeline_cv(img, warped, n_features), hm, w, h)
            rows.append((name, tname, e_vc, e_cv))
    return rows


SUCCESS_PX = 3.0  # success: mean error of the 4 image corners below 3 px


def summary(rows) -> dict:
    """Success rates and median corner errors of both pipelines."""
    e_vc = np.array([r[2] for r in rows])
    e_cv = np.array([r[3] for r in rows])
    return {"cases": len(rows),
            "success_vc": float(np.mean(e_vc < SUCCESS_PX)),
            "success_cv": float(np.mean(e_cv < SUCCESS_PX)),
            "median_vc": float(np.median(e_vc)), "median_cv": float(np.median(e_cv))}


def markdown(rows) -> list[str]:
    s = summary(rows)
    return ["| pipeline | success rate | median corner error (px) |", "|---|---:|---:|",
            (f"| visioncore: orb + match(cross_check) + find_homography | {s['success_vc']:.3f} | "
             f"{s['median_vc']:.3f} |"),
            (f"| OpenCV: ORB_create + BFMatcher(crossCheck) + findHomography | "
             f"{s['success_cv']:.3f} | {s['median_cv']:.3f} |")]


def main() -> int:
    rows = quality_table()
    print("\n".join(markdown(rows)))
    for r in rows:
        print(f"  {r[0]:10s} {r[1]:28s} vc {r[2]:9.3f}  cv {r[3]:9.3f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
