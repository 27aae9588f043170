import type { BoundaryCounts, ImageStats, ImageStatsParams } from '../../../src/metrics/image-stats.js';
import type { PlainStats } from './browser/report.js';

/*
 * Brute-force oracle written straight from docs/metrics.md, deliberately naive: confusion by counting,
 * boundary by the definition (a mask pixel with a 4-neighbour outside the mask or outside the
 * image), matching by exhaustive search for the nearest boundary pixel of the other map.
 * Shared by the Node specs and the browser page. Only for small images (O(|A|·|B|) matching).
 */

function boundaryPixels(mask: (i: number) => boolean, width: number, height: number): [number, number][] {
  const inside = (x: number, y: number): boolean => x >= 0 && y >= 0 && x < width && y < height && mask(y * width + x);
  const out: [number, number][] = [];
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (!inside(x, y)) continue;
      const eroded = inside(x - 1, y) && inside(x + 1, y) && inside(x, y - 1) && inside(x, y + 1);
      if (!eroded) out.push([x, y]);
    }
  }
  return out;
}

function countMatched(from: [number, number][], to: [number, number][], tolerance: number): number {
  let matched = 0;
  for (const [x, y] of from) {
    let best = Infinity;
    for (const [u, v] of to) best = Math.min(best, (x - u) * (x - u) + (y - v) * (y - v));
    if (best < tolerance * tolerance) matched++;
  }
  return matched;
}

/** Brute-force {@link ImageStats} of one pair, straight from the definitions. */
export function referenceImageStats(params: ImageStatsParams): ImageStats {
  const { gt, pred, width, height, numClasses: k, ignoreIndex, tolerance } = params;
  const confusion = new Float64Array(k * k);
  for (let i = 0; i < width * height; i++) {
    if (gt[i] === ignoreIndex) continue;
    confusion[gt[i] * k + pred[i]]++;
  }
  const boundary: (BoundaryCounts | null)[] = [];
  for (let c = 0; c < k; c++) {
    const gtEdges = boundaryPixels((i) => gt[i] === c && gt[i] !== ignoreIndex, width, height);
    const predEdges = boundaryPixels((i) => pred[i] === c, width, height);
    if (c === 0 || (gtEdges.length === 0 && predEdges.length === 0)) {
      boundary.push(null);
      continue;
    }
    boundary.push({
      gtBoundary: gtEdges.length,
      gtMatched: countMatched(gtEdges, predEdges, tolerance),
      predBoundary: predEdges.length,
      predMatched: countMatched(predEdges, gtEdges, tolerance),
    });
  }
  return { confusion, boundary };
}

/** Plain-data form of ImageStats for `toEqual` and for crossing the browser boundary as JSON. */
export function plainStats(stats: ImageStats): PlainStats {
  return {
    confusion: Array.from(stats.confusion),
    boundary: stats.boundary.map((b) => (b === null ? null : { ...b })),
  };
}
