import { boundaryMatchLimit } from './boundary-match-limit.js';
import { countPairs } from './count-pairs.js';
import type { BoundaryCounts, ImageStats, ImageStatsParams } from './image-stats.js';

/*
 * Scratch buffers reused across calls: an evaluation calls this once per image with the same
 * size, and allocating (and zeroing) megabytes per image would cost more than the work itself.
 * Nothing read from them survives a call: the pair table is cleared before use, the void-free
 * copies are overwritten, and the distance map is filled before each use.
 */
let pairScratch = new Uint32Array(0);
let gtVoidFree = new Uint8Array(0);
let predVoidFree = new Uint8Array(0);
let rowDistance = new Uint16Array(0);
const gtLists: Int32Array[] = [];
const predLists: Int32Array[] = [];

function pushIndex(lists: Int32Array[], counts: Int32Array, label: number, index: number): void {
  let list = lists[label];
  const c = counts[label];
  if (list === undefined || c === list.length) {
    const grown = new Int32Array(Math.max(1024, c * 2));
    if (list !== undefined) grown.set(list);
    lists[label] = list = grown;
  }
  list[c] = index;
  counts[label] = c + 1;
}

/**
 * bfscore boundaries of every class 1..k-1 of one label map in one pass, as row-major lists of
 * pixel indices. A pixel of class L is a boundary pixel of L's mask when a 4-neighbour has another
 * label or lies outside the image (zero padding) — exactly M ∧ ¬erode(M) with a cross, for all
 * masks at once.
 */
function collectCrossBoundaries(map: Uint8Array, width: number, height: number, k: number, lists: Int32Array[]): Int32Array {
  const counts = new Int32Array(k);
  // Background is most of an image and is never scored: skip it four pixels at a time.
  const words = map.byteOffset % 4 === 0 ? new Uint32Array(map.buffer, map.byteOffset, map.length >>> 2) : undefined;
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const edgeRow = y === 0 || y === height - 1;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      if (words !== undefined && (i & 3) === 0 && x + 4 <= width && words[i >>> 2] === 0) {
        x += 3;
        continue;
      }
      const label = map[i];
      // Labels ≥ k are ignored ground-truth pixels: members of no class.
      if (label === 0 || label >= k) continue;
      if (
        edgeRow ||
        x === 0 ||
        x === width - 1 ||
        map[i - 1] !== label ||
        map[i + 1] !== label ||
        map[i - width] !== label ||
        map[i + width] !== label
      ) {
        pushIndex(lists, counts, label, i);
      }
    }
  }
  return counts;
}

/**
 * DAVIS (`seg2bmap`) boundaries of every class 1..k-1 in one pass. For the mask of class c, a pixel
 * is a boundary pixel when its membership differs from that of its east, south or south-east
 * neighbour; the last row compares only east, the last column only south, the last pixel nothing
 * (so the image border is no boundary, and the boundary runs on the outside of a region's west
 * and north edges). For all masks at once: a pixel is a boundary pixel of every class among its
 * own and its compared neighbours' labels when those labels are not all equal.
 * `map` must hold only labels < k (void pixels already set to 0).
 */
function collectSeg2bmapBoundaries(map: Uint8Array, width: number, height: number, k: number, lists: Int32Array[]): Int32Array {
  const counts = new Int32Array(k);
  // Uniform runs (background, region interiors) are skipped four pixels at a time when the row
  // below agrees; needs both rows' words aligned.
  const words = map.byteOffset % 4 === 0 && width % 4 === 0 ? new Uint32Array(map.buffer, map.byteOffset, map.length >>> 2) : undefined;
  const push = (label: number, i: number) => {
    if (label !== 0) pushIndex(lists, counts, label, i);
  };
  for (let y = 0; y < height; y++) {
    const row = y * width;
    const lastRow = y === height - 1;
    for (let x = 0; x < width; x++) {
      const i = row + x;
      const a = map[i];
      if (words !== undefined && (i & 3) === 0) {
        const w0 = words[i >>> 2];
        if (w0 === a * 0x01010101 && (x + 4 === width || map[i + 4] === a) && (lastRow || (words[(i + width) >>> 2] === w0 && (x + 4 === width || map[i + width + 4] === a)))) {
          x += 3;
          continue;
        }
      }
      const lastCol = x === width - 1;
      if (lastRow) {
        if (lastCol) continue;
        const e = map[i + 1];
        if (e !== a) {
          push(a, i);
          push(e, i);
        }
        continue;
      }
      const s = map[i + width];
      if (lastCol) {
        if (s !== a) {
          push(a, i);
          push(s, i);
        }
        continue;
      }
      const e = map[i + 1];
      const se = map[i + width + 1];
      if (e === a && s === a && se === a) continue;
      push(a, i);
      if (e !== a) push(e, i);
      if (s !== a && s !== e) push(s, i);
      if (se !== a && se !== e && se !== s) push(se, i);
    }
  }
  return counts;
}

/** ⌊√v⌋ for an integer v ≥ 0, exactly (Math.sqrt may round up near perfect squares). */
function isqrt(v: number): number {
  let r = Math.floor(Math.sqrt(v));
  while (r * r > v) r--;
  while ((r + 1) * (r + 1) <= v) r++;
  return r;
}

/** Row offsets in nearest-first order (0, −1, 1, −2, 2, …) and each row's half-width. */
interface Disk {
  limit: number;
  reach: number;
  dy: Int32Array;
  halfWidth: Int32Array;
}
let diskCache: Disk | undefined;

/** The disk dx² + dy² ≤ limit as rows: for |dy| ≤ reach, |dx| ≤ ⌊√(limit − dy²)⌋. */
function diskFor(limit: number): Disk {
  if (diskCache?.limit === limit) return diskCache;
  const reach = limit < 0 ? -1 : isqrt(limit); // limit −1: nothing matches (θ = 0 under bfscore)
  const dy = new Int32Array(Math.max(0, 2 * reach + 1));
  const halfWidth = new Int32Array(dy.length);
  for (let d = 0, j = 0; d <= reach; d++) {
    const w = isqrt(limit - d * d);
    for (const sign of d === 0 ? [1] : [-1, 1]) {
      dy[j] = sign * d;
      halfWidth[j++] = w;
    }
  }
  diskCache = { limit, reach, dy, halfWidth };
  return diskCache;
}

/** Exact fallback for tolerances wider than the 16-bit distance map: nearest pixel by search. */
function countMatchedBySearch(from: Int32Array, fromCount: number, to: Int32Array, toCount: number, width: number, limit: number): number {
  let matched = 0;
  for (let a = 0; a < fromCount; a++) {
    const x = from[a] % width;
    const y = (from[a] - x) / width;
    for (let b = 0; b < toCount; b++) {
      const u = to[b] % width;
      const dx = u - x;
      const dy = (to[b] - u) / width - y;
      if (dx * dx + dy * dy <= limit) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/**
 * How many of `from` (row-major pixel indices) have a pixel of `to` at squared distance ≤ limit.
 *
 * Why a row-distance map: probing the whole disk around every boundary pixel costs π·limit probes
 * per unmatched pixel, and a noisy prediction has tens of thousands of boundary pixels that match
 * nothing. Instead, over the rectangle where a match is possible at all (the bounding box of `to`
 * grown by the reach, intersected with that of `from`), each row of `to` stores every column's
 * horizontal distance to its nearest `to` pixel in that row (capped just past the reach). A pixel
 * (x, y) then matches iff some row y + dy has a distance ≤ ⌊√(limit − dy²)⌋ at column x: at most
 * 2·reach + 1 reads, nearest rows first, so well-placed pixels stop after one or two. Building the
 * map costs the rectangle's area once (or 2·reach + 1 writes per `to` pixel in sparse rows);
 * `from` pixels outside the rectangle are rejected without a read.
 */
function countMatched(from: Int32Array, fromCount: number, to: Int32Array, toCount: number, width: number, disk: Disk): number {
  if (fromCount === 0 || toCount === 0 || disk.limit < 0) return 0;
  const { reach } = disk;
  if (reach >= 0xfffe) return countMatchedBySearch(from, fromCount, to, toCount, width, disk.limit);
  // Bounding boxes: lists are row-major, so rows come from the ends and columns from one pass.
  const toY0 = (to[0] - (to[0] % width)) / width;
  const toY1 = (to[toCount - 1] - (to[toCount - 1] % width)) / width;
  let toX0 = width;
  let toX1 = -1;
  for (let b = 0; b < toCount; b++) {
    const x = to[b] % width;
    if (x < toX0) toX0 = x;
    if (x > toX1) toX1 = x;
  }
  const fromY0 = (from[0] - (from[0] % width)) / width;
  const fromY1 = (from[fromCount - 1] - (from[fromCount - 1] % width)) / width;
  // The query rectangle (columns qx0..qx1, rows qy0..qy1): outside it nothing can match.
  const qx0 = Math.max(0, toX0 - reach);
  const qx1 = Math.min(width - 1, toX1 + reach);
  const qy0 = Math.max(fromY0, toY0 - reach);
  const qy1 = Math.min(fromY1, toY1 + reach);
  if (qx0 > qx1 || qy0 > qy1) return 0;
  // Rows of the distance map: the rows of `to` that a query row can reach.
  const hy0 = Math.max(toY0, qy0 - reach);
  const hy1 = Math.min(toY1, qy1 + reach);
  const stride = qx1 - qx0 + 1;
  const size = (hy1 - hy0 + 1) * stride;
  if (rowDistance.length < size) rowDistance = new Uint16Array(Math.max(size, rowDistance.length * 2));
  const h = rowDistance;
  const far = reach + 1;
  h.fill(far, 0, size);

  // First `to` pixel at or after row hy0.
  let b = 0;
  {
    let lo = 0;
    let hi = toCount;
    const start = hy0 * width;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (to[mid] < start) lo = mid + 1;
      else hi = mid;
    }
    b = lo;
  }
  const sparseBelow = stride / (2 * reach + 1);
  while (b < toCount) {
    const y = (to[b] - (to[b] % width)) / width;
    if (y > hy1) break;
    const rowEnd = (y + 1) * width;
    let end = b;
    while (end < toCount && to[end] < rowEnd) end++;
    const base = (y - hy0) * stride - qx0;
    const rowStart = y * width;
    if (end - b < sparseBelow) {
      // Few pixels in this row: write each one's neighbourhood, keeping the nearest.
      for (let j = b; j < end; j++) {
        const xt = to[j] - rowStart;
        const lo = Math.max(qx0, xt - reach);
        const hi = Math.min(qx1, xt + reach);
        for (let x = lo; x <= hi; x++) {
          const d = x > xt ? x - xt : xt - x;
          if (d < h[base + x]) h[base + x] = d;
        }
      }
    } else {
      // Many: one sweep with the previous and next pixel of the row.
      let j = b;
      let prev = -far - width;
      for (let x = qx0; x <= qx1; x++) {
        while (j < end && to[j] - rowStart <= x) prev = to[j++] - rowStart;
        const next = j < end ? to[j] - rowStart : x + far + width;
        const d = Math.min(x - prev, next - x, far);
        h[base + x] = d;
      }
    }
    b = end;
  }

  const { dy, halfWidth } = disk;
  const probes = dy.length;
  let matched = 0;
  for (let a = 0; a < fromCount; a++) {
    const i = from[a];
    const x = i % width;
    const y = (i - x) / width;
    if (y < qy0) continue;
    if (y > qy1) break;
    if (x < qx0 || x > qx1) continue;
    const column = x - qx0;
    for (let p = 0; p < probes; p++) {
      const r = y + dy[p];
      if (r < hy0 || r > hy1) continue;
      if (h[(r - hy0) * stride + column] <= halfWidth[p]) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/**
 * The typed-array engine: confusion increments and per-class boundary counts of one image
 * (definitions in docs/metrics.md), in plain loops over the bytes.
 *
 * - Confusion: one pass with one increment per pixel, a running count for agreeing uniform
 *   4-pixel words.
 * - Boundaries: one pass per map finds the boundary pixels of all classes at once, under either
 *   convention.
 * - Matching, per class present in both maps: a row-distance map over the only rectangle where a
 *   match is possible, then at most 2·reach + 1 reads per boundary pixel, so noisy predictions
 *   (many boundary pixels that match nothing) cost about what smooth ones do. Squared distances
 *   are compared as integers against an exact limit, never against a rounded θ².
 *
 * Inputs must already be valid (lengths `width·height`, predictions < numClasses, truths
 * < numClasses or the ignore index): {@link SegmentationMetrics} checks them before calling.
 *
 * @example
 * ```ts
 * const stats = jsImageStats({ gt, pred, width: 512, height: 512, numClasses: 9, ignoreIndex: 255 });
 * stats.confusion[1 * 9 + 1]; // pixels of class 1 predicted as 1
 * stats.boundary[1]?.gtMatched;
 * ```
 */
export function jsImageStats(params: ImageStatsParams): ImageStats {
  const { gt, pred, width, height, numClasses: k, ignoreIndex, boundary: convention = 'bfscore', tolerance } = params;
  const n = width * height;

  const size = 256 * k;
  if (pairScratch.length < size) pairScratch = new Uint32Array(size);
  const pairs = pairScratch;
  pairs.fill(0, 0, size);
  countPairs({ gt, pred, k, pairs });
  const confusion = new Float64Array(k * k);
  // Rows ≥ k hold only the ignore label (inputs are validated), so the first k rows are C.
  let counted = 0;
  for (let g = 0; g < k; g++) {
    if (g === ignoreIndex) continue;
    for (let p = 0; p < k; p++) {
      confusion[g * k + p] = pairs[g * k + p];
      counted += pairs[g * k + p];
    }
  }

  const boundary: (BoundaryCounts | null)[] = new Array<BoundaryCounts | null>(k).fill(null);
  const disk = diskFor(boundaryMatchLimit({ width, height, boundary: convention, tolerance }));
  let gtCounts: Int32Array;
  let predCounts: Int32Array;
  const present = new Uint8Array(k);
  if (convention === 'davis') {
    let gtMap = gt;
    let predMap = pred;
    if (counted < n) {
      // Void pixels become background in both masks (davis2017-evaluation multiplies both by ¬void).
      if (gtVoidFree.length < n) {
        gtVoidFree = new Uint8Array(n);
        predVoidFree = new Uint8Array(n);
      }
      gtMap = gtVoidFree.subarray(0, n);
      predMap = predVoidFree.subarray(0, n);
      for (let i = 0; i < n; i++) {
        const g = gt[i];
        const isVoid = g >= k;
        gtMap[i] = isVoid ? 0 : g;
        predMap[i] = isVoid ? 0 : pred[i];
      }
    }
    gtCounts = collectSeg2bmapBoundaries(gtMap, width, height, k, gtLists);
    predCounts = collectSeg2bmapBoundaries(predMap, width, height, k, predLists);
    // Present = has a pixel outside the void, in truth (row of C) or prediction (column of C).
    for (let g = 0; g < k; g++) {
      for (let p = 0; p < k; p++) {
        if (confusion[g * k + p] > 0) present[g] = present[p] = 1;
      }
    }
  } else {
    gtCounts = collectCrossBoundaries(gt, width, height, k, gtLists);
    predCounts = collectCrossBoundaries(pred, width, height, k, predLists);
    // A non-empty mask always has a boundary pixel here, so "present" = "has boundary pixels".
    for (let c = 1; c < k; c++) if (gtCounts[c] > 0 || predCounts[c] > 0) present[c] = 1;
  }
  for (let c = 1; c < k; c++) {
    if (present[c] === 0) continue;
    const gtBoundary = gtCounts[c];
    const predBoundary = predCounts[c];
    boundary[c] = {
      gtBoundary,
      gtMatched: countMatched(gtLists[c], gtBoundary, predLists[c], predBoundary, width, disk),
      predBoundary,
      predMatched: countMatched(predLists[c], predBoundary, gtLists[c], gtBoundary, width, disk),
    };
  }
  return { confusion, boundary };
}
