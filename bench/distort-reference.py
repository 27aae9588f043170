#!/usr/bin/env python3
"""Python reference for bench/distort.ts (not a test): the PIL + pyarrow script a researcher would
write to do what `diffseg30k distort --data <dir> --split <split> --preset <p> --out <dir>` does.

    distort-reference.py distort <dataset dir> <split> <preset> <out dir> [<limit>]
    distort-reference.py compare <source dir> <split> <preset> <diffseg30k out dir> <python out dir> <result json>

distort: reads the split's shards (data/<split>-*.parquet, name order) with pyarrow a row group at
a time, all columns, and for each record
  * jpeg60 / jpeg80: Image.open(image).convert("RGB").save(f, "JPEG", quality=q) — PIL's defaults
    (libjpeg-turbo, standard IJG tables, 4:2:0, no Huffman optimisation); the mask bytes are kept
    as they are; the image path becomes <id>.jpg;
  * resize256 / resize1024: image.resize((n, n), Image.LANCZOS) saved as PNG (PIL's default
    compression level 6); the mask and every turn's mask resized with Image.NEAREST (pixel-centre,
    as the package's nearest neighbour), each turn's mask_rle re-encoded (COCO compressed RLE,
    column-major, written here in numpy as pycocotools' rleToString does, since pycocotools is not
    installed), its area and bbox recomputed, width/height set to n;
and writes the records with pyarrow (the source's Arrow schema and its metadata, so the same
columns, types and `huggingface` key; ZSTD; 100 rows a row group; a new shard past 500 MB of
cells, as writeDataset does) to <out dir>/data/<split>-NNNNN-of-NNNNN.parquet. No dataset card.
Prints one JSON line: {"records": n, "seconds": time inside the script, "versions": …}.

compare: checks the two outputs describe the same records (ids, order, width, height, every
turn's mask_rle, area and bbox, and the decoded mask pixels) and measures their bytes: total shard
size, mean image bytes, and for JPEG presets the PSNR of the first images of each against the
source image and the quantisation tables of both files; for resize presets the PSNR between
the two images (libvips' Lanczos-3 against PIL's). Writes <result json>.
"""
import glob
import io
import json
import math
import os
import sys
import time

import numpy as np
import PIL
import pyarrow
import pyarrow.parquet as pq
from PIL import Image

PRESETS = {"jpeg60": ("jpeg", 60), "jpeg80": ("jpeg", 80), "resize256": ("resize", 256), "resize1024": ("resize", 1024)}
ROW_GROUP_ROWS = 100
MAX_SHARD_BYTES = 500_000_000


def rle_decode(counts, h, w):
    """COCO compressed RLE string -> h x w uint8 mask (pycocotools' rleFrString + decode)."""
    runs, p, m = [], 0, 0
    while p < len(counts):
        x = k = 0
        more = True
        while more:
            c = ord(counts[p]) - 48
            x |= (c & 0x1F) << (5 * k)
            more = bool(c & 0x20)
            p += 1
            k += 1
            if not more and (c & 0x10):
                x |= -1 << (5 * k)
        if m > 2:
            x += runs[m - 2]
        runs.append(x)
        m += 1
    values = np.arange(len(runs), dtype=np.uint8) % 2
    return np.repeat(values, runs).reshape(w, h).T


def rle_encode(mask):
    """h x w mask -> COCO compressed RLE string (column-major runs starting with zeros; pycocotools' rleToString)."""
    flat = (mask.T.ravel() != 0).astype(np.int8)
    changes = np.flatnonzero(np.diff(flat)) + 1
    runs = np.diff(np.concatenate(([0], changes, [flat.size]))).tolist()
    if flat.size and flat[0] == 1:
        runs = [0] + runs
    out = []
    for i, x in enumerate(runs):
        if i > 2:
            x -= runs[i - 2]
        more = True
        while more:
            c = x & 0x1F
            x >>= 5
            more = x != -1 if c & 0x10 else x != 0
            if more:
                c |= 0x20
            out.append(chr(c + 48))
    return "".join(out)


def bbox_of(mask):
    ys, xs = np.nonzero(mask)
    if ys.size == 0:
        return [0, 0, 0, 0]
    return [int(xs.min()), int(ys.min()), int(xs.max() - xs.min() + 1), int(ys.max() - ys.min() + 1)]


def png_bytes(image):
    f = io.BytesIO()
    image.save(f, "PNG")
    return f.getvalue()


def distort_record(row, kind, value):
    rid = row["id"]
    image = Image.open(io.BytesIO(row["image"]["bytes"]))
    if kind == "jpeg":
        f = io.BytesIO()
        image.convert("RGB").save(f, "JPEG", quality=value)
        row["image"] = {"bytes": f.getvalue(), "path": f"{rid}.jpg"}
        return row
    n = value
    h, w = row["height"], row["width"]
    row["image"] = {"bytes": png_bytes(image.resize((n, n), Image.LANCZOS)), "path": f"{rid}.png"}
    mask = Image.open(io.BytesIO(row["mask"]["bytes"]))
    row["mask"] = {"bytes": png_bytes(mask.resize((n, n), Image.NEAREST)), "path": f"{rid}.mask.png"}
    for turn in row["turns"]:
        m = np.asarray(Image.fromarray(rle_decode(turn["mask_rle"], h, w)).resize((n, n), Image.NEAREST))
        turn["mask_rle"] = rle_encode(m)
        turn["area"] = int(m.sum())
        turn["bbox"] = bbox_of(m)
    row["width"] = row["height"] = n
    return row


def distort(directory, split, preset, out, limit=None):
    kind, value = PRESETS[preset]
    limit = math.inf if limit is None else int(limit)
    start = time.perf_counter()
    os.makedirs(os.path.join(out, "data"), exist_ok=True)
    sources = sorted(glob.glob(os.path.join(directory, "data", f"{split}-*.parquet")))
    schema = pq.read_schema(sources[0])
    shards, writer, shard_bytes, pending, records = [], None, 0, [], 0

    def flush():
        nonlocal writer, shard_bytes
        if not pending:
            return
        if writer is None:
            shards.append(os.path.join(out, "data", f".{split}-{len(shards):05d}.parquet"))
            writer = pq.ParquetWriter(shards[-1], schema, compression="zstd")
        writer.write_table(pyarrow.Table.from_pylist(pending, schema=schema))
        pending.clear()
        if shard_bytes >= MAX_SHARD_BYTES:
            writer.close()
            writer, shard_bytes = None, 0

    for path in sources:
        shard = pq.ParquetFile(path)
        for group in range(shard.num_row_groups):
            if records >= limit:
                break
            for row in shard.read_row_group(group).to_pylist():
                if records >= limit:
                    break
                row = distort_record(row, kind, value)
                shard_bytes += len(row["image"]["bytes"]) + len(row["mask"]["bytes"])
                pending.append(row)
                records += 1
                if len(pending) == ROW_GROUP_ROWS or shard_bytes >= MAX_SHARD_BYTES:
                    flush()
    flush()
    if writer is not None:
        writer.close()
    for i, temp in enumerate(shards):
        os.rename(temp, os.path.join(out, "data", f"{split}-{i:05d}-of-{len(shards):05d}.parquet"))
    print(json.dumps({"records": records, "seconds": time.perf_counter() - start, "versions": versions()}))


def versions():
    return {"python": sys.version.split()[0], "PIL": PIL.__version__, "pyarrow": pyarrow.__version__, "numpy": np.__version__}


def rows_of(directory, split):
    for path in sorted(glob.glob(os.path.join(directory, "data", f"{split}-*.parquet"))):
        shard = pq.ParquetFile(path)
        for group in range(shard.num_row_groups):
            yield from shard.read_row_group(group).to_pylist()


def shard_bytes(directory, split):
    return sum(os.path.getsize(p) for p in glob.glob(os.path.join(directory, "data", f"{split}-*.parquet")))


def psnr(a, b):
    mse = np.mean((a.astype(np.float64) - b.astype(np.float64)) ** 2)
    return math.inf if mse == 0 else 10 * math.log10(255 ** 2 / mse)


def compare(source, split, preset, js_dir, py_dir, out_path, quality_images=100):
    kind, value = PRESETS[preset]
    problems, n = [], 0
    sizes = {"diffseg30k": [], "python": []}
    quality = {"diffseg30k": [], "python": []}
    tables = {"diffseg30k": None, "python": None}
    for src, js, py in zip(rows_of(source, split), rows_of(js_dir, split), rows_of(py_dir, split)):
        n += 1
        for key in ("id", "width", "height", "num_turns"):
            if js[key] != py[key]:
                problems.append(f"record {src['id']}: {key} {js[key]!r} (diffseg30k) vs {py[key]!r} (python)")
        for tj, tp in zip(js["turns"], py["turns"]):
            for key in ("mask_rle", "area", "bbox"):
                if tj[key] != tp[key]:
                    problems.append(f"record {src['id']} turn {tj['index']}: {key} differs")
        if not np.array_equal(np.asarray(Image.open(io.BytesIO(js["mask"]["bytes"]))), np.asarray(Image.open(io.BytesIO(py["mask"]["bytes"])))):
            problems.append(f"record {src['id']}: mask pixels differ")
        for name, row in (("diffseg30k", js), ("python", py)):
            sizes[name].append(len(row["image"]["bytes"]))
        if n <= quality_images:
            decoded = {name: Image.open(io.BytesIO(row["image"]["bytes"])) for name, row in (("diffseg30k", js), ("python", py))}
            if kind == "jpeg":
                original = np.asarray(Image.open(io.BytesIO(src["image"]["bytes"])).convert("RGB"))
                for name, image in decoded.items():
                    if tables[name] is None:
                        tables[name] = {str(k): list(v) for k, v in image.quantization.items()}
                    quality[name].append(psnr(np.asarray(image.convert("RGB")), original))
            else:
                # Two Lanczos-3 implementations (libvips, PIL): how close the pixels are.
                quality["diffseg30k"].append(psnr(np.asarray(decoded["diffseg30k"].convert("RGB")), np.asarray(decoded["python"].convert("RGB"))))
    result = {
        "records": n,
        "problems": problems[:20],
        "problemCount": len(problems),
        "shardBytes": {"diffseg30k": shard_bytes(js_dir, split), "python": shard_bytes(py_dir, split)},
        "meanImageBytes": {k: float(np.mean(v)) for k, v in sizes.items()},
        "psnrImages": min(n, quality_images),
        # jpeg: each side's PSNR against the source image; resize: diffseg30k's image against PIL's.
        "meanPsnr": {k: float(np.mean(v)) for k, v in quality.items() if v},
        "sameQuantisation": None if kind != "jpeg" else tables["diffseg30k"] == tables["python"],
    }
    with open(out_path, "w") as f:
        json.dump(result, f)


if __name__ == "__main__":
    if sys.argv[1] == "distort":
        distort(*sys.argv[2:7])
    elif sys.argv[1] == "compare":
        compare(*sys.argv[2:8])
    else:
        raise SystemExit(f"unknown command {sys.argv[1]!r}")
