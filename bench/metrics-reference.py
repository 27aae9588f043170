#!/usr/bin/env python3
"""Python reference for bench/metrics.ts (not a test).

    metrics-reference.py <dir>

Reads <dir>/manifest.json and the raw uint8 label maps it lists into memory, prints one line
{"ready": …versions…}, then serves rounds: every line read from stdin is a JSON request
{"images": [i, …], "counts": bool}, answered with one JSON line holding, per image, the seconds
of one run of each of
  * "confusion": the confusion matrix exactly as DeepLabV3Plus-Pytorch's
    StreamSegMetrics._fast_hist does (np.bincount over n * gt + pred on the non-ignored pixels);
  * "bfscore": that confusion plus per-class boundary counts for bF1 under the MATLAB bfscore
    convention, with scipy: boundary = M & ~binary_erosion(M, cross, border_value=0); a boundary
    pixel matches when the Euclidean distance transform of the other map's non-boundary pixels is
    < theta there, theta = 0.0075 x the diagonal (compared exactly: 160000 d^2 < 9 (h^2 + w^2));
  * "davis": that confusion plus the counts under the DAVIS convention as davis2017-evaluation's
    f_measure computes them: void (ignore) pixels set to background in both masks, _seg2bmap
    boundaries, cv2.dilate by skimage.morphology.disk(ceil(0.008 x diagonal)) (the disk is built
    by skimage's own formula when scikit-image is not installed; without cv2 an exact distance
    transform <= r stands in: same counts, other speed, and the header says so);
each also in CPU seconds of the whole process (time.process_time: every thread, so cv2's
parallel dilate counts in full; time the process waited for a core does not), and, when asked, the counts (so the bench can check they equal the JS engine's). The bench sends
one round at a time and runs its own JS timings between rounds, so both sides see the same load;
it keeps each image's best round, as its JS side keeps its best timing window. Only the metric
work is timed, not file reading. The process exits when stdin closes.
"""
import json
import math
import sys
import time

import numpy as np
import scipy
from scipy import ndimage

try:
    import cv2

    try:
        from skimage.morphology import disk

        DISK = "skimage.morphology.disk"
    except ImportError:

        def disk(radius):
            """skimage.morphology.disk(radius), its formula (default strict_radius=True)."""
            span = np.arange(-radius, radius + 1)
            x, y = np.meshgrid(span, span)
            return np.array((x ** 2 + y ** 2) <= radius ** 2, dtype=np.uint8)

        DISK = "skimage's disk formula (scikit-image not installed)"
    DAVIS_DILATION = f"cv2.dilate {cv2.__version__} by {DISK}"
except ImportError:  # the bench still runs; DAVIS counts come from an exact EDT instead
    cv2 = None
    DAVIS_DILATION = "scipy distance_transform_edt <= r (cv2 not installed)"

CROSS = ndimage.generate_binary_structure(2, 1)
IGNORE = 255


def fast_hist(gt, pred, n):
    mask = (gt >= 0) & (gt < n)
    return np.bincount(n * gt[mask].astype(int) + pred[mask], minlength=n ** 2).reshape(n, n)


def boundary(mask):
    return mask & ~ndimage.binary_erosion(mask, structure=CROSS, border_value=0)


def bfscore_counts(gt, pred, k):
    h, w = gt.shape
    out = [None]
    for c in range(1, k):
        gb = boundary(gt == c)
        pb = boundary(pred == c)
        ng, np_ = int(gb.sum()), int(pb.sum())
        if ng == 0 and np_ == 0:
            out.append(None)
            continue
        gm = pm = 0
        if ng and np_:
            # Squared distance from every pixel to the nearest boundary pixel of the other map,
            # rounded back to the integer it is, then the exact integer test.
            d2_to_pred = np.rint(ndimage.distance_transform_edt(~pb) ** 2).astype(np.int64)
            d2_to_gt = np.rint(ndimage.distance_transform_edt(~gb) ** 2).astype(np.int64)
            limit = 9 * (h * h + w * w)
            gm = int((160000 * d2_to_pred[gb] < limit).sum())
            pm = int((160000 * d2_to_gt[pb] < limit).sum())
        out.append({"gtBoundary": ng, "gtMatched": gm, "predBoundary": np_, "predMatched": pm})
    return out


def seg2bmap(seg):
    """davis2017-evaluation's _seg2bmap for a same-size map: a pixel differs from its E, S or SE
    neighbour; the last row compares only E, the last column only S, the corner nothing."""
    seg = seg.astype(bool)
    e = np.zeros_like(seg)
    s = np.zeros_like(seg)
    se = np.zeros_like(seg)
    e[:, :-1] = seg[:, 1:]
    s[:-1, :] = seg[1:, :]
    se[:-1, :-1] = seg[1:, 1:]
    b = seg ^ e | seg ^ s | seg ^ se
    b[-1, :] = seg[-1, :] ^ e[-1, :]
    b[:, -1] = seg[:, -1] ^ s[:, -1]
    b[-1, -1] = 0
    return b


def davis_counts(gt, pred, k):
    radius = int(np.ceil(0.008 * np.linalg.norm(gt.shape)))
    valid = gt != IGNORE
    kernel = disk(radius).astype(np.uint8) if cv2 is not None else None
    out = [None]
    for c in range(1, k):
        g = (gt == c) & valid
        p = (pred == c) & valid
        if not g.any() and not p.any():
            out.append(None)
            continue
        gb = seg2bmap(g)
        pb = seg2bmap(p)
        if cv2 is not None:
            p_dil = cv2.dilate(pb.astype(np.uint8), kernel)
            g_dil = cv2.dilate(gb.astype(np.uint8), kernel)
        else:
            p_dil = (np.rint(ndimage.distance_transform_edt(~pb) ** 2) <= radius * radius) if pb.any() else np.zeros_like(pb)
            g_dil = (np.rint(ndimage.distance_transform_edt(~gb) ** 2) <= radius * radius) if gb.any() else np.zeros_like(gb)
        out.append({
            "gtBoundary": int(gb.sum()),
            "gtMatched": int((gb & (p_dil > 0)).sum()),
            "predBoundary": int(pb.sum()),
            "predMatched": int((pb & (g_dil > 0)).sum()),
        })
    return out


def timed(fn):
    """Wall seconds, CPU seconds of the whole process (every thread: cv2 runs dilate on
    cv2.getNumThreads() threads), and fn's result."""
    t0 = time.perf_counter()
    c0 = time.process_time()
    result = fn()
    return time.perf_counter() - t0, time.process_time() - c0, result


def main():
    folder = sys.argv[1]
    with open(f"{folder}/manifest.json") as f:
        manifest = json.load(f)
    k = manifest["numClasses"]
    maps = []
    for image in manifest["images"]:
        h, w = image["height"], image["width"]
        gt = np.fromfile(f"{folder}/{image['gt']}", dtype=np.uint8).reshape(h, w)
        pred = np.fromfile(f"{folder}/{image['pred']}", dtype=np.uint8).reshape(h, w)
        maps.append((gt, pred))
    threads = cv2.getNumThreads() if cv2 is not None else 1
    print(json.dumps({"ready": {"numpy": np.__version__, "scipy": scipy.__version__, "davisDilation": f"{DAVIS_DILATION} on {threads} thread(s)"}}), flush=True)
    for line in sys.stdin:
        request = json.loads(line)
        results = []
        for i in request["images"]:
            gt, pred = maps[i]
            # "bfscore" and "davis" = confusion + bF1, as one update does.
            confusion_s, confusion_cpu, hist = timed(lambda: fast_hist(gt, pred, k))
            bfscore_s, bfscore_cpu, (_, bf) = timed(lambda: (fast_hist(gt, pred, k), bfscore_counts(gt, pred, k)))
            davis_s, davis_cpu, (_, dv) = timed(lambda: (fast_hist(gt, pred, k), davis_counts(gt, pred, k)))
            result = {
                "confusionSeconds": confusion_s, "bfscoreSeconds": bfscore_s, "davisSeconds": davis_s,
                "confusionCpuSeconds": confusion_cpu, "bfscoreCpuSeconds": bfscore_cpu, "davisCpuSeconds": davis_cpu,
            }
            if request.get("counts"):
                result.update({"confusion": hist.reshape(-1).tolist(), "bfscore": bf, "davis": dv})
            results.append(result)
        print(json.dumps({"images": results}), flush=True)


if __name__ == "__main__":
    main()
