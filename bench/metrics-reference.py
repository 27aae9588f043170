#!/usr/bin/env python3
"""Python reference for bench/metrics.ts (not a test).

Reads <dir>/manifest.json and the raw uint8 label maps it lists, and for every image computes
  * the confusion matrix exactly as DeepLabV3Plus-Pytorch's StreamSegMetrics._fast_hist does
    (np.bincount over n * gt + pred on the non-ignored pixels), and
  * per-class boundary counts for bF1 with scipy: boundary = M & ~binary_erosion(M, cross,
    border_value=0); a boundary pixel matches when the Euclidean distance transform of the other
    map's non-boundary pixels is < theta there.
It writes per-image seconds and the counts (so the bench can check they equal the JS engine's)
to <dir>/python-result.json. Only the metric work is timed (best of three runs per image), not
file reading.
"""
import json
import sys
import time

import numpy as np
from scipy import ndimage

CROSS = ndimage.generate_binary_structure(2, 1)


def fast_hist(gt, pred, n):
    mask = (gt >= 0) & (gt < n)
    return np.bincount(n * gt[mask].astype(int) + pred[mask], minlength=n ** 2).reshape(n, n)


def boundary(mask):
    return mask & ~ndimage.binary_erosion(mask, structure=CROSS, border_value=0)


def boundary_counts(gt, pred, k, theta):
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
            # Distance from every pixel to the nearest boundary pixel of the other map.
            d_to_pred = ndimage.distance_transform_edt(~pb)
            d_to_gt = ndimage.distance_transform_edt(~gb)
            gm = int((d_to_pred[gb] < theta).sum())
            pm = int((d_to_gt[pb] < theta).sum())
        out.append({"gtBoundary": ng, "gtMatched": gm, "predBoundary": np_, "predMatched": pm})
    return out


def main():
    folder = sys.argv[1]
    with open(f"{folder}/manifest.json") as f:
        manifest = json.load(f)
    results = []
    for image in manifest["images"]:
        h, w, k = image["height"], image["width"], manifest["numClasses"]
        gt = np.fromfile(f"{folder}/{image['gt']}", dtype=np.uint8).reshape(h, w)
        pred = np.fromfile(f"{folder}/{image['pred']}", dtype=np.uint8).reshape(h, w)
        theta = 0.0075 * np.sqrt(h * h + w * w)
        # Best of three runs, as the JS side reports its best window: the machine is shared and
        # other processes only ever add time.
        confusion_s = update_s = float("inf")
        for _ in range(3):
            t0 = time.perf_counter()
            hist = fast_hist(gt, pred, k)
            t1 = time.perf_counter()
            counts = boundary_counts(gt, pred, k, theta)
            t2 = time.perf_counter()
            confusion_s = min(confusion_s, t1 - t0)
            update_s = min(update_s, t2 - t0)
        results.append({
            "confusionSeconds": confusion_s,
            "updateSeconds": update_s,
            "confusion": hist.reshape(-1).tolist(),
            "boundary": counts,
        })
    with open(f"{folder}/python-result.json", "w") as f:
        json.dump({"numpy": np.__version__, "images": results}, f)


if __name__ == "__main__":
    main()
