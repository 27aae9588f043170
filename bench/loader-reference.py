"""Python reference for bench/loader.ts: Hugging Face `datasets` iterating the same shards, decoding
image and mask with PIL to numpy, as a Python user's training input would.

    python bench/loader-reference.py <dataset dir> <split> <rounds>

Prints one JSON line: {"records": n, "seconds": best seconds per pass, "datasets": version}.
Warm: the dataset is loaded (Arrow cache built) and iterated once before timing.
"""
import json
import sys
import time

import datasets
import numpy as np

directory, split, rounds = sys.argv[1], sys.argv[2], int(sys.argv[3])
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
best = float("inf")
for _ in range(rounds):
    start = time.perf_counter()
    one_pass()
    best = min(best, time.perf_counter() - start)
print(json.dumps({"records": records, "seconds": best, "datasets": datasets.__version__}))
