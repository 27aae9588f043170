import { type Rle, checkedCounts } from './rle-counts.js';

/**
 * Bounding box `[x, y, w, h]` of an RLE mask in pixels, computed from the runs without decoding
 * (pycocotools `mask.toBbox`, as integers). An empty mask gives `[0, 0, 0, 0]`.
 * @example rleBbox({ size: [2, 3], counts: '231' }) // [1, 0, 2, 2]
 */
export function rleBbox(rle: Rle): [number, number, number, number] {
  const counts = checkedCounts(rle);
  const height = rle.size[0];
  let xMin = Infinity;
  let xMax = -1;
  let yMin = Infinity;
  let yMax = -1;
  let pos = 0;
  for (let i = 0; i < counts.length; i++) {
    const len = counts[i];
    if (i % 2 === 1 && len > 0) {
      const end = pos + len - 1; // inclusive
      const x0 = Math.floor(pos / height);
      const x1 = Math.floor(end / height);
      const y0 = pos - x0 * height;
      const y1 = end - x1 * height;
      xMin = Math.min(xMin, x0);
      xMax = Math.max(xMax, x1);
      if (x0 === x1) {
        yMin = Math.min(yMin, y0);
        yMax = Math.max(yMax, y1);
      } else {
        // The run wraps a column end: it reaches the bottom of column x0 and the top of x1.
        yMin = 0;
        yMax = height - 1;
      }
    }
    pos += len;
  }
  if (xMax < 0) return [0, 0, 0, 0];
  return [xMin, yMin, xMax - xMin + 1, yMax - yMin + 1];
}
