import { countPairs } from './count-pairs.js';
import type { BoundaryCounts, ImageStats, ImageStatsParams } from './image-stats.js';

/*
 * Scratch buffers reused across calls: an evaluation calls this once per image with the same
 * size, and allocating (and zeroing) megabytes per image would cost more than the work itself.
 * Every buffer is returned to its all-zero state before a call ends, so reuse is safe.
 */
let pairScratch = new Uint32Array(0);
let bitmapScratch = new Uint8Array(0);
const gtLists: Int32Array[] = [];
const predLists: Int32Array[] = [];

/** Pixel offsets of the open disk dx² + dy² < θ², nearest first, for one (θ, width). */
interface Disk {
  t2: number;
  width: number;
  /** Largest |dx| or |dy| in the disk: pixels at least this far from every border skip bounds checks. */
  reach: number;
  dx: Int32Array;
  dy: Int32Array;
  /** dy·width + dx, for the bounds-check-free path. */
  linear: Int32Array;
}
let diskCache: Disk | undefined;

function diskFor(tolerance: number, width: number): Disk {
  const t2 = tolerance * tolerance;
  if (diskCache && diskCache.t2 === t2 && diskCache.width === width) return diskCache;
  const r = Math.ceil(tolerance);
  const cells: [number, number, number][] = [];
  for (let dy = -r; dy <= r; dy++) {
    for (let dx = -r; dx <= r; dx++) {
      const d2 = dx * dx + dy * dy;
      if (d2 < t2) cells.push([d2, dx, dy]);
    }
  }
  // Nearest first: on a decent prediction most boundary pixels match within a pixel or two,
  // so the scan usually stops after a handful of probes.
  cells.sort((a, b) => a[0] - b[0] || a[2] - b[2] || a[1] - b[1]);
  let reach = 0;
  const dx = new Int32Array(cells.length);
  const dy = new Int32Array(cells.length);
  const linear = new Int32Array(cells.length);
  cells.forEach(([, x, y], k) => {
    dx[k] = x;
    dy[k] = y;
    linear[k] = y * width + x;
    reach = Math.max(reach, Math.abs(x), Math.abs(y));
  });
  diskCache = { t2, width, reach, dx, dy, linear };
  return diskCache;
}

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
 * Collects the boundary pixels of every class 1..k-1 of one label map in one pass.
 * A pixel of class L is a boundary pixel of L's mask when a 4-neighbour has another label or lies
 * outside the image (zero padding) — exactly M ∧ ¬erode(M) with a cross, for all masks at once.
 */
function collectBoundaries(map: Uint8Array, width: number, height: number, k: number, lists: Int32Array[]): Int32Array {
  const counts = new Int32Array(k);
  // Background is most of an image: skip it four pixels at a time where a word is all zero.
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
      // Background is most of an image and is never scored; labels ≥ k are ignored pixels.
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
 * How many of `from` (pixel indices) have a pixel of `to` at squared distance < θ².
 * Chooses per call between probing the disk around each pixel in a bitmap of `to`, and an
 * exhaustive scan of `to` when `to` has fewer pixels than the disk (huge θ, tiny masks).
 */
function countMatched(from: Int32Array, fromCount: number, to: Int32Array, toCount: number, width: number, height: number, disk: Disk, bitmap: Uint8Array): number {
  if (fromCount === 0 || toCount === 0) return 0;
  let matched = 0;
  if (toCount < disk.linear.length) {
    for (let a = 0; a < fromCount; a++) {
      const i = from[a];
      const x = i % width;
      const y = (i - x) / width;
      for (let b = 0; b < toCount; b++) {
        const j = to[b];
        const jx = j % width;
        const ddx = jx - x;
        const ddy = (j - jx) / width - y;
        if (ddx * ddx + ddy * ddy < disk.t2) {
          matched++;
          break;
        }
      }
    }
    return matched;
  }
  for (let b = 0; b < toCount; b++) bitmap[to[b]] = 1;
  const { linear, dx, dy, reach } = disk;
  const probes = linear.length;
  for (let a = 0; a < fromCount; a++) {
    const i = from[a];
    const x = i % width;
    const y = (i - x) / width;
    if (x >= reach && x < width - reach && y >= reach && y < height - reach) {
      for (let k = 0; k < probes; k++) {
        if (bitmap[i + linear[k]] !== 0) {
          matched++;
          break;
        }
      }
    } else {
      for (let k = 0; k < probes; k++) {
        const px = x + dx[k];
        const py = y + dy[k];
        if (px >= 0 && px < width && py >= 0 && py < height && bitmap[i + linear[k]] !== 0) {
          matched++;
          break;
        }
      }
    }
  }
  for (let b = 0; b < toCount; b++) bitmap[to[b]] = 0;
  return matched;
}

/**
 * The typed-array engine: confusion increments and per-class boundary counts of one image
 * (docs/metrics.md), in plain loops over the bytes. The confusion matrix is one pass with one
 * increment per pixel (a running count for agreeing uniform 4-pixel words); boundaries are found in one pass per map and matched by probing a
 * precomputed disk of offsets around each boundary pixel only, so the cost follows the boundary
 * length, not the image area times the disk.
 *
 * Inputs must already be valid (lengths `width·height`, predictions < numClasses, truths
 * < numClasses or the ignore index): {@link SegmentationMetrics} checks them before calling.
 *
 * @example
 * ```ts
 * const stats = jsImageStats({ gt, pred, width: 512, height: 512, numClasses: 9, ignoreIndex: 255, tolerance: 5.43 });
 * stats.confusion[1 * 9 + 1]; // pixels of class 1 predicted as 1
 * stats.boundary[1]?.gtMatched;
 * ```
 */
export function jsImageStats(params: ImageStatsParams): ImageStats {
  const { gt, pred, width, height, numClasses: k, ignoreIndex, tolerance } = params;
  const n = width * height;

  const size = 256 * k;
  if (pairScratch.length < size) pairScratch = new Uint32Array(size);
  const pairs = pairScratch;
  pairs.fill(0, 0, size);
  countPairs({ gt, pred, k, pairs });
  const confusion = new Float64Array(k * k);
  // Rows ≥ k hold only the ignore label (inputs are validated), so the first k rows are C.
  for (let g = 0; g < k; g++) {
    if (g === ignoreIndex) continue;
    for (let p = 0; p < k; p++) confusion[g * k + p] = pairs[g * k + p];
  }

  const gtCounts = collectBoundaries(gt, width, height, k, gtLists);
  const predCounts = collectBoundaries(pred, width, height, k, predLists);
  if (bitmapScratch.length < n) bitmapScratch = new Uint8Array(n);
  const disk = diskFor(tolerance, width);
  const boundary: (BoundaryCounts | null)[] = new Array<BoundaryCounts | null>(k).fill(null);
  for (let c = 1; c < k; c++) {
    const gtBoundary = gtCounts[c];
    const predBoundary = predCounts[c];
    // A non-empty mask always has a boundary pixel, so "present" = "has boundary pixels".
    if (gtBoundary === 0 && predBoundary === 0) continue;
    boundary[c] = {
      gtBoundary,
      gtMatched: countMatched(gtLists[c], gtBoundary, predLists[c], predBoundary, width, height, disk, bitmapScratch),
      predBoundary,
      predMatched: countMatched(predLists[c], predBoundary, gtLists[c], gtBoundary, width, height, disk, bitmapScratch),
    };
  }
  return { confusion, boundary };
}
