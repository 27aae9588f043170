import { type Rle, checkedCounts } from './rle-counts.js';

/**
 * Decodes a COCO RLE into a row-major `height × width` mask of 0/1 bytes.
 *
 * Runs are column-major, the output row-major. Instead of scattering writes down columns, it
 * marks where each column switches on or off, keeps the row's horizontal edges as a bitset, and
 * writes each row as a few native `fill`s over its runs of ones (memory speed).
 *
 * @throws {RleError} for a character outside the alphabet, a negative run, or runs not summing to h·w.
 * @example
 * decodeRle({ size: [2, 3], counts: '231' }) // Uint8Array [0, 1, 1, 0, 1, 0]
 */
export function decodeRle(rle: Rle): Uint8Array {
  const counts = checkedCounts(rle);
  const [height, width] = rle.size;
  const out = new Uint8Array(height * width);
  if (out.length === 0) return out;

  // Toggle points (row, column), collected per run of ones.
  const toggleRow: number[] = [];
  const toggleCol: number[] = [];
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i];
    if (i % 2 === 1 && len > 0) {
      const end = pos + len; // exclusive
      const x0 = Math.floor(pos / height);
      const x1 = Math.floor((end - 1) / height);
      for (let x = x0; x <= x1; x++) {
        const y0 = x === x0 ? pos - x0 * height : 0;
        const y1 = x === x1 ? end - x1 * height : height; // exclusive
        toggleRow.push(y0);
        toggleCol.push(x);
        if (y1 < height) {
          toggleRow.push(y1);
          toggleCol.push(x);
        }
      }
    }
    pos += len;
  }
  // Bucket toggles by row (counting sort).
  const rowStart = new Uint32Array(height + 1);
  for (let i = 0; i < toggleRow.length; i++) rowStart[toggleRow[i] + 1]++;
  for (let y = 0; y < height; y++) rowStart[y + 1] += rowStart[y];
  const cols = new Uint32Array(toggleRow.length);
  const next = rowStart.slice(0, height);
  for (let i = 0; i < toggleRow.length; i++) cols[next[toggleRow[i]]++] = toggleCol[i];

  // A column toggling at x flips whether the row changes value at x and at x+1. Keeping those
  // horizontal edges as a bitset makes each row a few native fills over its runs of ones, found
  // by scanning (w+1)/32 words — no per-pixel work at all.
  const edges = new Uint32Array(((width + 1) >>> 5) + 1);
  for (let y = 0; y < height; y++) {
    for (let t = rowStart[y]; t < rowStart[y + 1]; t++) {
      const x = cols[t];
      edges[x >>> 5] ^= 1 << (x & 31);
      edges[(x + 1) >>> 5] ^= 1 << ((x + 1) & 31);
    }
    const row = y * width;
    let open = -1;
    for (let w = 0; w < edges.length; w++) {
      let word = edges[w];
      while (word !== 0) {
        const bit = 31 - Math.clz32(word & -word);
        word &= word - 1;
        const x = (w << 5) + bit;
        if (open < 0) open = x;
        else {
          out.fill(1, row + open, row + x);
          open = -1;
        }
      }
    }
  }
  return out;
}
