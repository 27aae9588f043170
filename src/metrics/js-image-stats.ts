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
let rowStep = new Int32Array(0);
const gtLists: (Int32Array | null)[] = [];
const predLists: (Int32Array | null)[] = [];
const keptGtLists: Int32Array[] = [];
const keptPredLists: Int32Array[] = [];

/** Per class: the kept list when `listed`, else null (count only). */
function prepareLists(lists: (Int32Array | null)[], kept: Int32Array[], listed: Uint8Array): void {
  for (let c = 0; c < listed.length; c++) lists[c] = listed[c] ? (kept[c] ?? (kept[c] = new Int32Array(1024))) : null;
}

/** Grown lists replace the kept ones, so the next image starts with enough room. */
function keepLists(lists: (Int32Array | null)[], kept: Int32Array[]): void {
  for (let c = 0; c < lists.length; c++) {
    const list = lists[c];
    if (list) kept[c] = list;
  }
}

/**
 * Counts a boundary pixel of `label`, and lists it when the class will be matched (`lists[label]`
 * is not null). A class absent from the other map is never matched, so its pixels — most of the
 * scattered pixels of a noisy prediction — only need counting.
 */
function pushIndex(lists: (Int32Array | null)[], counts: Int32Array, label: number, index: number): void {
  let list = lists[label];
  const c = counts[label];
  if (list === null) {
    counts[label] = c + 1;
    return;
  }
  if (c === list.length) {
    // prepareLists gave every listed class < k a list; a full one doubles.
    const grown = new Int32Array(c * 2);
    grown.set(list);
    lists[label] = list = grown;
  }
  list[c] = index;
  counts[label] = c + 1;
}

const HIGH_BITS = 0x80808080;
const LOW_SEVEN = 0x7f7f7f7f;

/** The high bit of every byte of `x` that is not zero (SWAR: adding 127 to its low 7 bits carries into bit 7). */
function nonZeroBytes(x: number): number {
  return (((x & LOW_SEVEN) + LOW_SEVEN) | x) & HIGH_BITS;
}

/** Byte index (0..3) of the lowest set bit of a non-zero word. */
function lowestByte(bits: number): number {
  return (31 - Math.clz32(bits & -bits)) >>> 3;
}

/** 32-bit words over a label map, when its rows start on word boundaries; else undefined. */
function wordsOf(map: Uint8Array, width: number): Uint32Array | undefined {
  return map.byteOffset % 4 === 0 && width % 4 === 0 ? new Uint32Array(map.buffer, map.byteOffset, map.length >>> 2) : undefined;
}

/** One pixel of {@link collectCrossBoundaries}, tested byte by byte (image border, odd widths). */
function crossPixel(map: Uint8Array, width: number, height: number, k: number, lists: (Int32Array | null)[], counts: Int32Array, x: number, y: number): void {
  const i = y * width + x;
  const label = map[i];
  // Labels ≥ k are ignored ground-truth pixels: members of no class.
  if (label === 0 || label >= k) return;
  if (
    y === 0 ||
    y === height - 1 ||
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

/**
 * bfscore boundaries of every class 1..k-1 of one label map in one pass, as row-major lists of
 * pixel indices. A pixel of class L is a boundary pixel of L's mask when a 4-neighbour has another
 * label or lies outside the image (zero padding) — exactly M ∧ ¬erode(M) with a cross, for all
 * masks at once.
 *
 * Why words: most pixels are background (never scored) or region interior (equal to all four
 * neighbours). Away from the image border, a 32-bit word of four pixels is compared at once with
 * the words above and below and with itself shifted one pixel left and right (little-endian: byte
 * j is pixel x + j); only the bytes that differ from a neighbour and hold a class are visited —
 * found without a branch per byte, which on a noisy prediction the CPU would mispredict.
 */
function collectCrossBoundaries(map: Uint8Array, width: number, height: number, k: number, lists: (Int32Array | null)[]): Int32Array {
  const counts = new Int32Array(k);
  // The word test of "label < k" four bytes at a time needs k ≤ 128; images under 3 words wide
  // or 3 rows tall have no interior words.
  const words = k <= 128 && width >= 12 && height >= 3 ? wordsOf(map, width) : undefined;
  if (words === undefined) {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) crossPixel(map, width, height, k, lists, counts, x, y);
    return counts;
  }
  const rowWords = width >>> 2;
  const belowK = (128 - k) * 0x01010101; // added to a byte's low 7 bits, sets bit 7 iff the byte ≥ k
  for (let x = 0; x < width; x++) crossPixel(map, width, height, k, lists, counts, x, 0);
  for (let y = 1; y < height - 1; y++) {
    for (let x = 0; x < 4; x++) crossPixel(map, width, height, k, lists, counts, x, y);
    const first = y * rowWords + 1;
    const last = first + rowWords - 2; // the row's last word touches the border: pixel by pixel
    for (let q = first; q < last; q++) {
      const w = words[q];
      if (w === 0) continue; // background is never scored
      const left = (w << 8) | (words[q - 1] >>> 24);
      const right = (w >>> 8) | (words[q + 1] << 24);
      const differs = (w ^ words[q - rowWords]) | (w ^ words[q + rowWords]) | (w ^ left) | (w ^ right);
      let hits = nonZeroBytes(differs) & nonZeroBytes(w) & ~((((w & LOW_SEVEN) + belowK) | w) & HIGH_BITS);
      while (hits !== 0) {
        const j = lowestByte(hits);
        pushIndex(lists, counts, (w >>> (8 * j)) & 255, 4 * q + j);
        hits &= hits - 1;
      }
    }
    for (let x = width - 4; x < width; x++) crossPixel(map, width, height, k, lists, counts, x, y);
  }
  for (let x = 0; x < width; x++) crossPixel(map, width, height, k, lists, counts, x, height - 1);
  return counts;
}

/** Pushes pixel i into the boundary of every class among a, e, s, se (the DAVIS rule's labels). */
function pushDistinct(lists: (Int32Array | null)[], counts: Int32Array, i: number, a: number, e: number, s: number, se: number): void {
  if (a !== 0) pushIndex(lists, counts, a, i);
  if (e !== a && e !== 0) pushIndex(lists, counts, e, i);
  if (s !== a && s !== e && s !== 0) pushIndex(lists, counts, s, i);
  if (se !== a && se !== e && se !== s && se !== 0) pushIndex(lists, counts, se, i);
}

/** One pixel of {@link collectSeg2bmapBoundaries}, tested byte by byte. */
function seg2bmapPixel(map: Uint8Array, width: number, height: number, lists: (Int32Array | null)[], counts: Int32Array, x: number, y: number): void {
  const i = y * width + x;
  const a = map[i];
  const lastCol = x === width - 1;
  if (y === height - 1) {
    if (lastCol) return;
    const e = map[i + 1];
    if (e !== a) pushDistinct(lists, counts, i, a, e, e, e);
    return;
  }
  const s = map[i + width];
  if (lastCol) {
    if (s !== a) pushDistinct(lists, counts, i, a, s, s, s);
    return;
  }
  const e = map[i + 1];
  const se = map[i + width + 1];
  if (e !== a || s !== a || se !== a) pushDistinct(lists, counts, i, a, e, s, se);
}

/**
 * DAVIS (`seg2bmap`) boundaries of every class 1..k-1 in one pass. For the mask of class c, a pixel
 * is a boundary pixel when its membership differs from that of its east, south or south-east
 * neighbour; the last row compares only east, the last column only south, the last pixel nothing
 * (so the image border is no boundary, and the boundary runs on the outside of a region's west
 * and north edges). For all masks at once: a pixel is a boundary pixel of every class among its
 * own and its compared neighbours' labels when those labels are not all equal. Words as in
 * {@link collectCrossBoundaries}: a word is compared with itself shifted one pixel east, the word
 * below, and that shifted east. `map` must hold only labels < k (void pixels already set to 0).
 */
function collectSeg2bmapBoundaries(map: Uint8Array, width: number, height: number, k: number, lists: (Int32Array | null)[]): Int32Array {
  const counts = new Int32Array(k);
  const words = width >= 8 && height >= 2 ? wordsOf(map, width) : undefined;
  if (words === undefined) {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) seg2bmapPixel(map, width, height, lists, counts, x, y);
    return counts;
  }
  const rowWords = width >>> 2;
  for (let y = 0; y < height - 1; y++) {
    const first = y * rowWords;
    const last = first + rowWords - 1; // the row's last word holds the last column: pixel by pixel
    for (let q = first; q < last; q++) {
      const w = words[q];
      const below = words[q + rowWords];
      const east = (w >>> 8) | (words[q + 1] << 24);
      const southEast = (below >>> 8) | (words[q + rowWords + 1] << 24);
      let hits = nonZeroBytes((w ^ east) | (w ^ below) | (w ^ southEast));
      while (hits !== 0) {
        const shift = 8 * lowestByte(hits);
        pushDistinct(lists, counts, 4 * q + (shift >>> 3), (w >>> shift) & 255, (east >>> shift) & 255, (below >>> shift) & 255, (southEast >>> shift) & 255);
        hits &= hits - 1;
      }
    }
    for (let x = width - 4; x < width; x++) seg2bmapPixel(map, width, height, lists, counts, x, y);
  }
  for (let x = 0; x < width; x++) seg2bmapPixel(map, width, height, lists, counts, x, height - 1);
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
  if (disk.limit < 0) return 0;
  const { reach } = disk;
  if (reach >= 0xfffe) return countMatchedBySearch(from, fromCount, to, toCount, width, disk.limit);
  // Bounding boxes. Lists are row-major, so rows come from the ends, and a pass that steps its
  // row start along finds the columns with no division per pixel.
  const rowOf = (i: number) => Math.floor(i / width);
  const toY0 = rowOf(to[0]);
  const toY1 = rowOf(to[toCount - 1]);
  const [toX0, toX1] = columnRange(to, toCount, width);
  const fromY0 = rowOf(from[0]);
  const fromY1 = rowOf(from[fromCount - 1]);
  const [fromX0, fromX1] = columnRange(from, fromCount, width);
  // The query rectangle (columns qx0..qx1, rows qy0..qy1): where `from` has pixels and `to` is
  // within reach. Outside it nothing can match; inside it the distance map is built.
  const qx0 = Math.max(fromX0, toX0 - reach);
  const qx1 = Math.min(fromX1, toX1 + reach);
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

  let b = firstAtOrAfter(to, toCount, hy0 * width);
  while (b < toCount) {
    const y = rowOf(to[b]);
    if (y > hy1) break;
    const rowStart = y * width;
    const rowEnd = rowStart + width;
    const base = (y - hy0) * stride - qx0;
    // Between consecutive pixels a < b of the row, a column's distance is min(x − a, b − x); only
    // the ramps within `reach` of a pixel are written (the rest stays `far` from the fill), so a
    // row costs at most min(its width, 2·reach + 1 per pixel) writes, sparse or dense.
    let previous = -1; // column of the previous pixel in the row, −1 before the first
    for (; b < toCount && to[b] < rowEnd; b++) {
      const xt = to[b] - rowStart;
      const lo = Math.max(qx0, previous < 0 ? xt - reach : Math.max(previous + 1, xt - reach));
      const hi = Math.min(qx1, xt);
      for (let x = lo; x <= hi; x++) {
        const d = xt - x;
        if (d < h[base + x]) h[base + x] = d;
      }
      // Up to the next pixel of the row only: that one writes its own side (keeps dense rows linear).
      const next = b + 1 < toCount && to[b + 1] < rowEnd ? to[b + 1] - rowStart : width;
      const rampEnd = Math.min(qx1, xt + reach, next - 1);
      for (let x = Math.max(qx0, xt + 1); x <= rampEnd; x++) h[base + x] = x - xt;
      previous = xt;
    }
  }

  const { dy, halfWidth } = disk;
  const probes = dy.length;
  if (rowStep.length < probes) rowStep = new Int32Array(probes);
  for (let p = 0; p < probes; p++) rowStep[p] = dy[p] * stride;
  let matched = 0;
  let y = qy0;
  let rowStart = qy0 * width;
  const stop = (qy1 + 1) * width;
  for (let a = firstAtOrAfter(from, fromCount, rowStart); a < fromCount; a++) {
    const i = from[a];
    if (i >= stop) break;
    while (i >= rowStart + width) {
      rowStart += width;
      y++;
    }
    const x = i - rowStart;
    if (x < qx0 || x > qx1) continue;
    const at = (y - hy0) * stride + x - qx0;
    if (y - reach >= hy0 && y + reach <= hy1) {
      // Every probed row is in the map: no row checks.
      for (let p = 0; p < probes; p++) {
        if (h[at + rowStep[p]] <= halfWidth[p]) {
          matched++;
          break;
        }
      }
      continue;
    }
    for (let p = 0; p < probes; p++) {
      const r = y + dy[p];
      if (r < hy0 || r > hy1) continue;
      if (h[at + rowStep[p]] <= halfWidth[p]) {
        matched++;
        break;
      }
    }
  }
  return matched;
}

/** Smallest and largest column of a row-major pixel list (its row start stepped along: no division per pixel). */
function columnRange(list: Int32Array, count: number, width: number): [number, number] {
  let x0 = width;
  let x1 = -1;
  for (let b = 0, rowStart = Math.floor(list[0] / width) * width; b < count; b++) {
    const i = list[b];
    while (i >= rowStart + width) rowStart += width;
    const x = i - rowStart;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
  }
  return [x0, x1];
}

/** Index of the first entry ≥ value in a sorted list (binary search). */
function firstAtOrAfter(list: Int32Array, count: number, value: number): number {
  let lo = 0;
  let hi = count;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (list[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
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
  const davis = convention === 'davis';
  // Which classes each map has outside the void: rows (truth) and columns (prediction) of C.
  const inGt = new Uint8Array(k);
  const inPred = new Uint8Array(k);
  for (let g = 0; g < k; g++) {
    for (let p = 0; p < k; p++) {
      if (confusion[g * k + p] > 0) inGt[g] = inPred[p] = 1;
    }
  }
  // A class's boundary pixels are listed only when the other map may have the class (else they
  // are only counted). Under bfscore a prediction's pixels on void pixels count too, so with void
  // pixels present every truth class is listed.
  const listGt = new Uint8Array(k);
  for (let c = 1; c < k; c++) listGt[c] = inPred[c] === 1 || (!davis && counted < n) ? 1 : 0;
  prepareLists(gtLists, keptGtLists, listGt);
  prepareLists(predLists, keptPredLists, inGt);
  let gtCounts: Int32Array;
  let predCounts: Int32Array;
  if (davis) {
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
  } else {
    gtCounts = collectCrossBoundaries(gt, width, height, k, gtLists);
    predCounts = collectCrossBoundaries(pred, width, height, k, predLists);
  }
  keepLists(gtLists, keptGtLists);
  keepLists(predLists, keptPredLists);
  for (let c = 1; c < k; c++) {
    const gtBoundary = gtCounts[c];
    const predBoundary = predCounts[c];
    // Present: a pixel outside the void in either map — under bfscore, where a prediction pixel
    // on a void pixel still counts, exactly "has boundary pixels" (every non-empty mask has some).
    if (davis ? inGt[c] === 0 && inPred[c] === 0 : gtBoundary === 0 && predBoundary === 0) continue;
    const gtList = gtLists[c];
    const predList = predLists[c];
    const both = gtList !== null && predList !== null && gtBoundary > 0 && predBoundary > 0;
    boundary[c] = {
      gtBoundary,
      gtMatched: both ? countMatched(gtList, gtBoundary, predList, predBoundary, width, disk) : 0,
      predBoundary,
      predMatched: both ? countMatched(predList, predBoundary, gtList, gtBoundary, width, disk) : 0,
    };
  }
  return { confusion, boundary };
}
