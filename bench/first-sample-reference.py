"""Python reference for bench/first-sample.ts: Hugging Face `datasets` iterating a split that is
already loaded, decoding image and mask with PIL to numpy, as a Python user's evaluation loop
would. It stays up and answers one JSON line per command, so the bench can interleave its rounds
with the loader's (load from other processes then falls on both alike):

    load <name> <dataset dir> <split>   load_dataset(dir, split=split) (outside any timing), one warm pass
                                        -> {"rows": n, "datasets": version}
    pass <name> <calls> <records>       <calls> timed passes over the first <records> rows
                                        -> {"ms": [per pass]}
    open <name> <calls>                 <calls> timed load_dataset(...) (warm: its Arrow cache is
                                        built) plus the first row, for context -> {"ms": [...]}
    quit

    python bench/first-sample-reference.py
"""
import json
import sys
import time

import datasets
import numpy as np

datasets.disable_progress_bars()
loaded = {}


def one_pass(ds, records: int) -> int:
    n = 0
    for row in ds:
        image = np.asarray(row["image"])
        mask = np.asarray(row["mask"])
        assert image.shape[:2] == mask.shape[:2]
        n += 1
        if n == records:
            break
    return n


for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    if words[0] == "quit":
        break
    if words[0] == "load":
        name, directory, split = words[1], words[2], words[3]
        ds = datasets.load_dataset(directory, split=split)
        loaded[name] = (ds, directory, split)
        one_pass(ds, len(ds))
        out = {"rows": len(ds), "datasets": datasets.__version__}
    elif words[0] == "pass":
        ds = loaded[words[1]][0]
        calls, records = int(words[2]), int(words[3])
        ms = []
        for _ in range(calls):
            start = time.perf_counter()
            got = one_pass(ds, records)
            ms.append((time.perf_counter() - start) * 1000)
            assert got == min(records, len(ds))
        out = {"ms": ms}
    elif words[0] == "open":
        _, directory, split = loaded[words[1]]
        ms = []
        for _ in range(int(words[2])):
            start = time.perf_counter()
            row = next(iter(datasets.load_dataset(directory, split=split)))
            np.asarray(row["image"])
            np.asarray(row["mask"])
            ms.append((time.perf_counter() - start) * 1000)
        out = {"ms": ms}
    else:
        out = {"error": f"unknown command {words[0]}"}
    print(json.dumps(out), flush=True)
