import { type Rle, checkedCounts } from './rle-counts.js';

/**
 * Number of pixels inside an RLE mask, computed from the runs without decoding
 * (pycocotools `mask.area`).
 * @example rleArea({ size: [2, 3], counts: '231' }) // 3
 */
export function rleArea(rle: Rle): number {
  const counts = checkedCounts(rle);
  let area = 0;
  for (let i = 1; i < counts.length; i += 2) area += counts[i];
  return area;
}
