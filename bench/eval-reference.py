#!/usr/bin/env python3
"""Python reference for bench/eval.ts (not a test): the script a researcher would write to do
what `diffseg30k eval --data <dir> --split <split> --pred <dir>` does with its default settings.

    eval-reference.py <dataset dir> <split> <prediction dir> <result json>

  * ground truth: the split's Parquet shards (data/<split>-*.parquet, in name order) read with
    pyarrow one row group at a time, only the columns it needs (id, width, height, mask); each
    mask PNG decoded with PIL to a numpy array;
  * prediction: <prediction dir>/<id>.png decoded with PIL (np.asarray(Image.open(path)));
  * both tasks, as eval's default --task both: semantic (9 classes) and binary (labels 1..8 -> 1,
    255 kept as ignore), each with
      - the confusion matrix of DeepLabV3Plus-Pytorch's StreamSegMetrics._fast_hist
        (np.bincount over n * gt + pred on the pixels whose truth is a class);
      - boundary F1 under the package's default convention (docs/metrics.md, MATLAB bfscore):
        boundary = M & ~binary_erosion(M, 4-neighbour cross, border_value=0); a boundary pixel
        matches when its squared distance to the other map's nearest boundary pixel (from
        scipy.ndimage.distance_transform_edt) d^2 < theta^2, theta = 0.0075 x diagonal, decided
        exactly as 160000 d^2 < 9 (h^2 + w^2); per image and class c >= 1 present in either map
        F1 = 2PR / (P + R) (0 when P + R = 0); a class's bF1 is the mean over the images that
        scored it, bf1 the mean over classes 1..K-1 with a score;
  * accuracy, IoU per class, mIoU over classes 1..K-1 that have one (background excluded).

Writes <result json>: the scores (for the bench to compare with eval's --json output), and the
seconds spent decoding (Parquet read + both PNG decodes) and computing metrics, summed over the
images, plus the library versions. Timing is inside the process; the bench times the whole run
(interpreter start and imports included) from outside, as it times `diffseg30k eval`.
"""
import glob
import io
import json
import os
import sys
import time

import numpy as np
import PIL
import pyarrow
import pyarrow.parquet as pq
import scipy
from PIL import Image
from scipy import ndimage

K = {"binary": 2, "semantic": 9}
IGNORE = 255
CROSS = ndimage.generate_binary_structure(2, 1)


def fast_hist(gt, pred, n):
    mask = (gt >= 0) & (gt < n)
    return np.bincount(n * gt[mask].astype(int) + pred[mask], minlength=n ** 2).reshape(n, n)


def boundary(mask):
    return mask & ~ndimage.binary_erosion(mask, structure=CROSS, border_value=0)


def bf1_per_class(gt, pred, k):
    """{class: F1} for every class 1..k-1 present in the truth or the prediction."""
    h, w = gt.shape
    limit = 9 * (h * h + w * w)
    out = {}
    for c in range(1, k):
        g = gt == c
        p = pred == c
        if not g.any() and not p.any():
            continue
        gb = boundary(g)
        pb = boundary(p)
        ng, np_ = int(gb.sum()), int(pb.sum())
        if ng == 0 or np_ == 0:
            out[c] = 0.0
            continue
        # Squared distances are integers: rounded back to them, then the exact integer test.
        d2_to_pred = np.rint(ndimage.distance_transform_edt(~pb) ** 2).astype(np.int64)
        d2_to_gt = np.rint(ndimage.distance_transform_edt(~gb) ** 2).astype(np.int64)
        recall = int((160000 * d2_to_pred[gb] < limit).sum()) / ng
        precision = int((160000 * d2_to_gt[pb] < limit).sum()) / np_
        out[c] = 0.0 if precision + recall == 0 else 2 * precision * recall / (precision + recall)
    return out


class Task:
    def __init__(self, k):
        self.k = k
        self.hist = np.zeros((k, k), dtype=np.int64)
        self.bf_sum = [0.0] * k
        self.bf_images = [0] * k

    def update(self, gt, pred):
        self.hist += fast_hist(gt, pred, self.k)
        for c, f1 in bf1_per_class(gt, pred, self.k).items():
            self.bf_sum[c] += f1
            self.bf_images[c] += 1

    def result(self):
        h = self.hist.astype(np.float64)
        total = h.sum()
        diag = np.diag(h)
        union = h.sum(1) + h.sum(0) - diag
        iou = [None if union[c] == 0 else float(diag[c] / union[c]) for c in range(self.k)]
        bf = [None] + [self.bf_sum[c] / self.bf_images[c] if self.bf_images[c] else None for c in range(1, self.k)]
        mean = lambda xs: None if not [x for x in xs if x is not None] else float(np.mean([x for x in xs if x is not None]))
        return {
            "accuracy": None if total == 0 else float(diag.sum() / total),
            "miou": mean(iou[1:]),
            "bf1": mean(bf[1:]),
            "iou": iou,
            "bf1PerClass": bf,
            "confusion": self.hist.tolist(),
        }


def main():
    directory, split, pred_dir, out_path = sys.argv[1:5]
    tasks = {"binary": Task(2), "semantic": Task(9)}
    binary_lut = np.array([0] + [1] * 8 + [v for v in range(9, 256)], dtype=np.uint8)
    decode_s = metric_s = 0.0
    images = 0
    t = time.perf_counter()
    for path in sorted(glob.glob(os.path.join(directory, "data", f"{split}-*.parquet"))):
        shard = pq.ParquetFile(path)
        for group in range(shard.num_row_groups):
            table = shard.read_row_group(group, columns=["id", "width", "height", "mask"]).to_pydict()
            for id_, width, height, mask in zip(table["id"], table["width"], table["height"], table["mask"]):
                gt = np.asarray(Image.open(io.BytesIO(mask["bytes"])))
                pred = np.asarray(Image.open(os.path.join(pred_dir, f"{id_}.png")))
                if gt.shape != (height, width) or pred.shape != gt.shape:
                    raise SystemExit(f"image {id_}: prediction {pred.shape}, truth {gt.shape}, record {height}x{width}")
                u = time.perf_counter()
                decode_s += u - t
                tasks["semantic"].update(gt, pred)
                tasks["binary"].update(binary_lut[gt], binary_lut[pred])
                t = time.perf_counter()
                metric_s += t - u
                images += 1
    result = {
        "images": images,
        "decodeSeconds": decode_s,
        "metricSeconds": metric_s,
        "versions": {"python": sys.version.split()[0], "numpy": np.__version__, "scipy": scipy.__version__, "PIL": PIL.__version__, "pyarrow": pyarrow.__version__},
        "binary": tasks["binary"].result(),
        "semantic": tasks["semantic"].result(),
    }
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    main()
