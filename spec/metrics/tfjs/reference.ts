import type { BoundaryCounts, ImageStats, ImageStatsParams } from '../../../src/metrics/image-stats.js';
import type { PlainStats } from './browser/report.js';

/*
 * Brute-force oracle written straight from the metric definitions (docs/metrics.md), deliberately
 * naive: confusion by counting; bfscore boundaries by the definition (a mask pixel with a
 * 4-neighbour outside the mask or outside the image); DAVIS boundaries by transcribing
 * davis2017-evaluation's _seg2bmap array by array (E, S, SE shifts, then its last-row, last-column
 * and corner overrides); matching by exhaustive search for the nearest boundary pixel of the other
 * map. Shared by the Node specs and the browser page. Only for small images (O(|A|·|B|) matching).
 */

function crossBoundary(mask: (i: number) => boolean, width: number, height: number): [number, number][] {
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

/** davis2017-evaluation `_seg2bmap` for a map of its own size, as boolean arrays. */
function seg2bmap(mask: (i: number) => boolean, width: number, height: number): [number, number][] {
  const seg = (x: number, y: number): boolean => mask(y * width + x);
  // e[:, :-1] = seg[:, 1:]; s[:-1, :] = seg[1:, :]; se[:-1, :-1] = seg[1:, 1:]; zeros elsewhere.
  const e = (x: number, y: number): boolean => (x < width - 1 ? seg(x + 1, y) : false);
  const s = (x: number, y: number): boolean => (y < height - 1 ? seg(x, y + 1) : false);
  const se = (x: number, y: number): boolean => (x < width - 1 && y < height - 1 ? seg(x + 1, y + 1) : false);
  const b: boolean[][] = [];
  for (let y = 0; y < height; y++) {
    b.push([]);
    for (let x = 0; x < width; x++) b[y].push(seg(x, y) !== e(x, y) || seg(x, y) !== s(x, y) || seg(x, y) !== se(x, y));
  }
  for (let x = 0; x < width; x++) b[height - 1][x] = seg(x, height - 1) !== e(x, height - 1); // b[-1, :] = seg[-1, :] ^ e[-1, :]
  for (let y = 0; y < height; y++) b[y][width - 1] = seg(width - 1, y) !== s(width - 1, y); // b[:, -1] = seg[:, -1] ^ s[:, -1]
  b[height - 1][width - 1] = false; // b[-1, -1] = 0
  const out: [number, number][] = [];
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) if (b[y][x]) out.push([x, y]);
  return out;
}

function countMatched(from: [number, number][], to: [number, number][], matches: (d2: number) => boolean): number {
  let matched = 0;
  for (const [x, y] of from) {
    let best = Infinity;
    for (const [u, v] of to) best = Math.min(best, (x - u) * (x - u) + (y - v) * (y - v));
    if (matches(best)) matched++;
  }
  return matched;
}

/**
 * The matching rule from the definitions: bfscore d² < θ² (default θ = 3/400 × diagonal, so
 * 160000·d² < 9·(w² + h²) in integers); DAVIS d² ≤ r² (default r = ceil(0.008 × ‖(h, w)‖), the
 * NumPy expression).
 */
export function referenceMatches(params: Pick<ImageStatsParams, 'width' | 'height' | 'boundary' | 'tolerance'>): (d2: number) => boolean {
  const { width, height, tolerance } = params;
  if (params.boundary === 'davis') {
    const r = tolerance ?? Math.ceil(0.008 * Math.hypot(height, width));
    return (d2) => d2 <= r * r;
  }
  if (tolerance === undefined) return (d2) => d2 !== Infinity && 160000 * d2 < 9 * (width * width + height * height);
  return (d2) => d2 < tolerance * tolerance;
}

/** Brute-force {@link ImageStats} of one pair, straight from the definitions. */
export function referenceImageStats(params: ImageStatsParams): ImageStats {
  const { gt, pred, width, height, numClasses: k, ignoreIndex } = params;
  const davis = params.boundary === 'davis';
  const matches = referenceMatches(params);
  const confusion = new Float64Array(k * k);
  for (let i = 0; i < width * height; i++) {
    if (gt[i] === ignoreIndex) continue;
    confusion[gt[i] * k + pred[i]]++;
  }
  const isVoid = (i: number) => gt[i] === ignoreIndex;
  const boundary: (BoundaryCounts | null)[] = [null];
  for (let c = 1; c < k; c++) {
    // DAVIS multiplies both masks by ¬void; bfscore's prediction mask keeps every pixel labelled c.
    const gtMask = (i: number) => gt[i] === c && !isVoid(i);
    const predMask = (i: number) => pred[i] === c && !(davis && isVoid(i));
    let present = false;
    for (let i = 0; i < width * height; i++) present ||= gtMask(i) || predMask(i);
    if (!present) {
      boundary.push(null);
      continue;
    }
    const gtEdges = davis ? seg2bmap(gtMask, width, height) : crossBoundary(gtMask, width, height);
    const predEdges = davis ? seg2bmap(predMask, width, height) : crossBoundary(predMask, width, height);
    boundary.push({
      gtBoundary: gtEdges.length,
      gtMatched: countMatched(gtEdges, predEdges, matches),
      predBoundary: predEdges.length,
      predMatched: countMatched(predEdges, gtEdges, matches),
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
