"""Python reference for bench/loader.ts: Hugging Face `datasets` iterating the same shards, decoding
image and mask with PIL to numpy, as a Python user's training input would.

    python bench/loader-reference.py <dataset dir> <split> <rounds> <min seconds>

Prints one JSON line: {"records": n, "rate": records per second, "datasets": version}: in each
of <rounds> rounds, passes are repeated for at least <min seconds>, and the best round counts
(as bench/loader.ts times its own candidates). Warm: the dataset is loaded (Arrow cache built)
and iterated once before timing.
"""
import json
import sys
import time

import datasets
import numpy as np

directory, split, rounds, min_seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
datasets.disable_progress_bars()
ds = datasets.load_dataset(directory, split=split)


def one_pass() -> int:
    n = 0
    for row in ds:
        image = np.asarray(row["image"])
        mask = np.asarray(row["mask"])
        assert image.shape[:2] == mask.shape[:2]
        n += 1
    return n


records = one_pass()
best = 0.0
for _ in range(rounds):
    start = time.perf_counter()
    done = 0
    while True:
        done += one_pass()
        if time.perf_counter() - start >= min_seconds:
            break
    best = max(best, done / (time.perf_counter() - start))
print(json.dumps({"records": records, "rate": best, "datasets": datasets.__version__}))
