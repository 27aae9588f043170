/**
 * RLE throughput on realistic masks against the memory-speed limit.
 * Run: `npx tsx bench/rle.ts`. Reference: allocating and filling a buffer of the same size with
 * `Uint8Array.prototype.fill` — a decoder must at least allocate and write every byte.
 * Goal (issue 2): decode ≥ 30 % of fill speed.
 */
import { decodeRle, encodeRle } from '../src/mask/index.js';
import { printTable, timePerCall } from './harness.js';

/** A blob mask like the dataset's: a union of a few ellipses covering `areaRatio` of the image roughly. */
function blobMask(size: number, areaRatio: number, seed: number): Uint8Array {
  let s = seed;
  const random = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const mask = new Uint8Array(size * size);
  const blobs = 3;
  const radius = Math.sqrt((areaRatio * size * size) / (Math.PI * blobs));
  for (let b = 0; b < blobs; b++) {
    const cx = random() * size;
    const cy = random() * size;
    const rx = radius * (0.6 + random() * 0.8);
    const ry = (radius * radius) / rx;
    for (let y = Math.max(0, Math.floor(cy - ry)); y < Math.min(size, Math.ceil(cy + ry)); y++) {
      for (let x = Math.max(0, Math.floor(cx - rx)); x < Math.min(size, Math.ceil(cx + rx)); x++) {
        if (((x - cx) / rx) ** 2 + ((y - cy) / ry) ** 2 < 1) mask[y * size + x] = 1;
      }
    }
  }
  return mask;
}

const rows: (string | number)[][] = [];
for (const size of [512, 1024]) {
  for (const areaRatio of [0.05, 0.3]) {
    const mask = blobMask(size, areaRatio, size + Math.round(areaRatio * 100));
    const rle = encodeRle({ mask, height: size, width: size });
    const n = size * size;
    const fill = await timePerCall(() => new Uint8Array(n).fill(1));
    const decode = await timePerCall(() => decodeRle(rle));
    const encode = await timePerCall(() => encodeRle({ mask, height: size, width: size }));
    const mpx = (t: number) => n / t / 1e6;
    rows.push([`${size}×${size}`, `${Math.round(areaRatio * 100)} %`, mpx(fill), mpx(decode), mpx(encode), `${((fill / decode) * 100).toFixed(0)} %`, `${((fill / encode) * 100).toFixed(0)} %`]);
  }
}
printTable('RLE throughput (Mpixel/s; % = speed relative to alloc+fill of the same bytes; goal: decode ≥ 30 %)', ['mask', 'area', 'fill', 'decode', 'encode', 'decode/fill', 'encode/fill'], rows);
