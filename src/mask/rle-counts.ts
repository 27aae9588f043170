/**
 * The COCO RLE counts codec of pycocotools' `maskApi.c` (`rleToString` / `rleFrString`), shared by
 * the exported verbs of this folder. Counts are run lengths over the column-major (Fortran-order)
 * pixel sequence, starting with a run of zeros. The string form stores each count as a
 * little-endian sequence of 5-bit groups (6th bit = more follows, 5th bit of the last group =
 * sign), offset by ASCII 48; counts after the second are stored as deltas to the count two back.
 */
import { RleError } from '../errors.js';

/** A COCO RLE: `size` is `[height, width]`; `counts` the compressed string or the raw run lengths. */
export interface Rle {
  /** `[height, width]` of the mask (COCO's order). */
  size: [number, number];
  /** The compressed counts string, or the raw column-major run lengths (starting with zeros). */
  counts: string | number[];
}

/** The compressed RLE that {@link encodeRle} returns: always the string form. */
export interface CompressedRle {
  /** `[height, width]` of the mask (COCO's order). */
  size: [number, number];
  /** The compressed counts string, byte for byte pycocotools'. */
  counts: string;
}

/** Encodes run lengths as pycocotools' compressed string. */
export function countsToString(counts: ArrayLike<number>): string {
  const chars: number[] = [];
  for (let i = 0; i < counts.length; i++) {
    let x = counts[i];
    if (i > 2) x -= counts[i - 2];
    let more = true;
    while (more) {
      let c = x & 0x1f;
      // Arithmetic shift through division keeps the sign for any safe integer.
      x = Math.floor(x / 32);
      more = c & 0x10 ? x !== -1 : x !== 0;
      if (more) c |= 0x20;
      chars.push(c + 48);
    }
  }
  // String.fromCharCode with many arguments is the fastest builder; chunk to stay under arg limits.
  let out = '';
  for (let i = 0; i < chars.length; i += 8192) out += String.fromCharCode(...chars.slice(i, i + 8192));
  return out;
}

/** Decodes pycocotools' compressed string into run lengths; throws {@link RleError} on bad input. */
export function stringToCounts(counts: string): number[] {
  const out: number[] = [];
  let p = 0;
  const n = counts.length;
  while (p < n) {
    let x = 0;
    let k = 0;
    let more = true;
    while (more) {
      if (p >= n) throw new RleError({ message: `counts string ends inside a number at character ${p}` });
      const c = counts.charCodeAt(p) - 48;
      if (c < 0 || c > 63) {
        throw new RleError({ message: `character ${JSON.stringify(counts[p])} at position ${p} is outside the RLE alphabet ('0'..'o')` });
      }
      if (k > 6) throw new RleError({ message: `count at character ${p} is too long (more than 35 bits)` });
      // Up to six groups (30 bits) fit 32-bit integer arithmetic, the fast path; a seventh group
      // (counts ≥ 2^30, masks of over a gigapixel) falls back to exact float arithmetic.
      if (k < 6) x |= (c & 0x1f) << (5 * k);
      else x += (c & 0x1f) * 2 ** 30;
      more = (c & 0x20) !== 0;
      p++;
      k++;
      if (!more && c & 0x10) x = k < 6 ? x | (-1 << (5 * k)) : x - 2 ** (5 * k);
    }
    if (out.length > 2) x += out[out.length - 2];
    out.push(x);
  }
  return out;
}

/**
 * Returns validated run lengths of an RLE: every run ≥ 0 and the runs summing to h·w.
 * The `size` is checked too, so no caller can get a mask of the wrong shape.
 */
export function checkedCounts(rle: Rle): number[] {
  if (!rle || typeof rle !== 'object') throw new RleError({ message: 'expected an object { size: [h, w], counts }' });
  const size = rle.size;
  if (!Array.isArray(size) || size.length !== 2 || !size.every((v) => Number.isInteger(v) && v >= 0)) {
    throw new RleError({ message: `size must be [height, width] of non-negative integers, got ${JSON.stringify(size)}` });
  }
  const counts = typeof rle.counts === 'string' ? stringToCounts(rle.counts) : rle.counts;
  if (!Array.isArray(counts)) throw new RleError({ message: 'counts must be a string or an array of run lengths' });
  const total = size[0] * size[1];
  let sum = 0;
  for (let i = 0; i < counts.length; i++) {
    const c = counts[i];
    if (!Number.isInteger(c) || c < 0) throw new RleError({ message: `run ${i} is ${c}: runs must be non-negative integers` });
    sum += c;
  }
  if (sum !== total) {
    throw new RleError({ message: `runs sum to ${sum} but a ${size[0]}×${size[1]} mask has ${total} pixels` });
  }
  return counts;
}
