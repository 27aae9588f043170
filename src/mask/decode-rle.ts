import { RleError } from '../errors.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';
import { type Rle, checkedCounts } from './rle-counts.js';

/**
 * Decodes a COCO RLE into a row-major `height × width` mask of 0/1 bytes.
 *
 * Runs are column-major, the output row-major. Instead of scattering writes down columns, it
 * marks where each column switches on or off, then builds every row as a copy of the row above
 * (a native `copyWithin`, memory speed) with the few switches of that row flipped.
 *
 * @throws {RleError} for a character outside the alphabet, a negative run, runs not summing to h·w,
 *   or a size above `MAX_IMAGE_PIXELS` (checked before any allocation).
 * @example
 * decodeRle({ size: [2, 3], counts: '231' }) // Uint8Array [0, 1, 1, 0, 1, 0]
 */
export function decodeRle(rle: Rle): Uint8Array {
  const counts = checkedCounts(rle);
  const [height, width] = rle.size;
  // Checked before allocating: a well-formed string can describe a mask no memory holds.
  if (height * width > MAX_IMAGE_PIXELS) {
    throw new RleError({ message: `size ${height}×${width} is ${height * width} pixels, more than the ${MAX_IMAGE_PIXELS} (16383²) any mask may have` });
  }
  const out = new Uint8Array(height * width);
  if (out.length === 0) return out;

  // Every run of ones switches a column on at its first row and off after its last one (within
  // each column it spans). Those toggle points are bucketed by row with a counting sort done in
  // two passes over the runs, so no intermediate list is ever built.
  const rowStart = new Uint32Array(height + 1);
  visitToggles(counts, height, (y) => rowStart[y + 1]++);
  for (let y = 0; y < height; y++) rowStart[y + 1] += rowStart[y];
  const cols = new Uint32Array(rowStart[height]);
  const next = rowStart.slice(0, height);
  visitToggles(counts, height, (y, x) => (cols[next[y]++] = x));

  // Row y is row y-1 with the pixels of the columns that toggle at y flipped: one native
  // copyWithin per row plus a byte per toggle. `active` counts the set pixels of the previous
  // row; while it is 0 the fresh (zeroed) row needs no copy, so empty rows cost nothing.
  let active = 0;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    if (active > 0) out.copyWithin(row, row - width, row);
    for (let t = rowStart[y]; t < rowStart[y + 1]; t++) {
      const p = row + cols[t];
      active += out[p] ? -1 : 1;
      out[p] ^= 1;
    }
  }
  return out;
}

/** Calls `visit(row, column)` for each toggle point of the runs of ones, in run order. */
function visitToggles(counts: readonly number[], height: number, visit: (row: number, column: number) => void): void {
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i];
    if (i % 2 === 1 && len > 0) {
      const end = pos + len; // exclusive
      const x0 = Math.floor(pos / height);
      const x1 = Math.floor((end - 1) / height);
      for (let x = x0; x <= x1; x++) {
        visit(x === x0 ? pos - x0 * height : 0, x);
        const y1 = x === x1 ? end - x1 * height : height; // exclusive
        if (y1 < height) visit(y1, x);
      }
    }
    pos += len;
  }
}
