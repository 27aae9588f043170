import { boundaryMatchLimit } from './boundary-match-limit.js';
import { checkLabels } from './check-labels.js';
import { collectBoundaries } from './collect-boundaries.js';
import { countMatched } from './count-matched.js';
import { countPairs } from './count-pairs.js';
import type { BoundaryConvention, BoundaryCounts, ImageStats, ImageStatsParams } from './image-stats.js';
import { scanLabelMaps } from './scan-label-maps.js';
import { wasmImageStats } from './wasm-image-stats.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/*
 * Scratch buffers reused across calls: an evaluation calls this once per image with the same
 * size, and allocating (and zeroing) them per image would cost more than the work itself.
 * Nothing read from them survives a call: the pair counts and word marks are cleared before use,
 * and a class's list is read only up to the count collected for this image.
 */
let pairScratch = new Float64Array(0);
let gtDirtyScratch = new Int32Array(0);
let predDirtyScratch = new Int32Array(0);
const gtLists: (Int32Array | null)[] = [];
const predLists: (Int32Array | null)[] = [];
const keptGtLists: Int32Array[] = [];
const keptPredLists: Int32Array[] = [];

/**
 * Lists for classes 1..k-1 (class 0, background, is never scored), from the kept ones. Every
 * class is listed, even one the other map lacks (never matched): a branch on "listed?" for every
 * boundary pixel costs more, on a noisy prediction, than storing the pixels.
 */
function prepareLists(lists: (Int32Array | null)[], kept: Int32Array[], k: number): void {
  lists.length = k;
  lists[0] = null;
  for (let c = 1; c < k; c++) lists[c] = kept[c] ?? (kept[c] = new Int32Array(1024));
}

/** Grown lists replace the kept ones, so the next image starts with enough room. */
function keepLists(lists: (Int32Array | null)[], kept: Int32Array[]): void {
  for (let c = 1; c < lists.length; c++) kept[c] = lists[c] as Int32Array;
}

/** The last image's match limit: an evaluation asks for the same one thousands of times (bfscore's default is decided in BigInt). */
let lastLimit = { width: 0, height: 0, convention: '', tolerance: undefined as number | undefined, limit: 0 };

function matchLimit(width: number, height: number, convention: BoundaryConvention, tolerance: number | undefined): number {
  const l = lastLimit;
  if (l.width === width && l.height === height && l.convention === convention && l.tolerance === tolerance) return l.limit;
  const limit = boundaryMatchLimit({ width, height, boundary: convention, tolerance });
  lastLimit = { width, height, convention, tolerance, limit };
  return limit;
}

/** Whether the word path applies: rows start on 32-bit words of both maps, and labels fit the byte tests. */
function wordFriendly(gt: Uint8Array, pred: Uint8Array, width: number, k: number): boolean {
  return width % 4 === 0 && gt.byteOffset % 4 === 0 && pred.byteOffset % 4 === 0 && k <= 128;
}

/**
 * The typed-array engine: confusion increments and per-class boundary counts of one image
 * (definitions in docs/metrics.md).
 *
 * Where it applies (width a multiple of 16, ≤ 128 classes, a match reach under 64 pixels, at
 * most 4096² pixels) and once compiled, a wasm SIMD kernel counts everything (wasmImageStats: bit
 * planes, 16 pixels per compare). Everywhere else — and in a browser until an asynchronous
 * compile finishes — the JS path below, in plain loops over the bytes, with identical counts:
 *
 * - One pass over both maps, four pixels at a time, checks every label, counts the confusion (a
 *   run of repeated words is checked and counted once) and marks, per map, the few words where a
 *   boundary pixel may be (scanLabelMaps).
 * - Boundaries of every class at once, under either convention, looking only at the marked words
 *   (collectBoundaries).
 * - Matching, per class present in both maps, over the only rectangle where a match is possible:
 *   per-row distances probed per pixel, or a bit mask of the tolerance disks, or a row search,
 *   whichever spends the disk's 2·reach + 1 steps on the shorter list (countMatched), so noisy
 *   predictions (many boundary pixels that match nothing) cost little more than smooth ones.
 *   Squared distances are compared as integers against an exact limit, never a rounded θ².
 *
 * Maps whose width is not a multiple of 4, unaligned views and more than 128 classes take a
 * pixel-by-pixel path with the same results. The caller checks the sizes (lengths
 * `width·height`); labels are checked here.
 * @throws {MetricsError} naming the first pixel whose label no metric can score (a prediction
 * ≥ numClasses, or a truth ≥ numClasses that is not the ignore index).
 *
 * @example
 * ```ts
 * const stats = jsImageStats({ gt, pred, width: 512, height: 512, numClasses: 9, ignoreIndex: 255 });
 * stats.confusion[1 * 9 + 1]; // pixels of class 1 predicted as 1
 * stats.boundary[1]?.gtMatched;
 * ```
 */
export function jsImageStats(params: ImageStatsParams): ImageStats {
  checkParams('jsImageStats', params, keysOf<Parameters<typeof jsImageStats>[0]>()('gt', 'pred', 'width', 'height', 'numClasses', 'ignoreIndex', 'boundary', 'tolerance'));
  const { gt, pred, width, height, numClasses: k, ignoreIndex, boundary: convention = 'bfscore', tolerance } = params;
  const n = width * height;
  const limit = matchLimit(width, height, convention, tolerance);
  const viaKernel = wasmImageStats({ gt, pred, width, height, k, ignoreIndex, convention, limit });
  if (viaKernel === 'bad labels') checkLabels({ gt, pred, width, k, ignoreIndex }); // throws, naming the first bad pixel
  else if (viaKernel !== undefined) return viaKernel;

  const size = 256 * k; // any truth byte has a row: the ignore index (and, until checked, any bad label)
  if (pairScratch.length < size) pairScratch = new Float64Array(size);
  const pairs = pairScratch;
  pairs.fill(0, 0, size);
  let gtDirty: Int32Array | undefined;
  let predDirty: Int32Array | undefined;
  if (wordFriendly(gt, pred, width, k)) {
    const marks = height * (((width >>> 2) + 31) >>> 5);
    if (gtDirtyScratch.length < marks) {
      gtDirtyScratch = new Int32Array(marks);
      predDirtyScratch = new Int32Array(marks);
    }
    gtDirty = gtDirtyScratch.subarray(0, marks).fill(0);
    predDirty = predDirtyScratch.subarray(0, marks).fill(0);
    if (!scanLabelMaps({ gt, pred, width, height, k, ignoreIndex, pairs, gtDirty, predDirty })) checkLabels({ gt, pred, width, k, ignoreIndex });
  } else {
    checkLabels({ gt, pred, width, k, ignoreIndex });
    countPairs({ gt, pred, k, pairs });
  }
  const confusion = new Float64Array(k * k);
  // Rows ≥ k hold only the ignore label (labels are checked), so the first k rows are C.
  let counted = 0;
  for (let g = 0; g < k; g++) {
    for (let p = 0; p < k; p++) {
      confusion[g * k + p] = pairs[g * k + p];
      counted += pairs[g * k + p];
    }
  }

  const boundary: (BoundaryCounts | null)[] = new Array<BoundaryCounts | null>(k).fill(null);
  const davis = convention === 'davis';
  const hasVoid = counted < n;
  // Which classes each map has outside the void: rows (truth) and columns (prediction) of C.
  const inGt = new Uint8Array(k);
  const inPred = new Uint8Array(k);
  for (let g = 0; g < k; g++) {
    for (let p = 0; p < k; p++) {
      if (confusion[g * k + p] > 0) inGt[g] = inPred[p] = 1;
    }
  }
  prepareLists(gtLists, keptGtLists, k);
  prepareLists(predLists, keptPredLists, k);
  // Under DAVIS a void pixel is background in the prediction too: where the void starts or ends,
  // the prediction may have a boundary that only the truth's marks show.
  if (davis && hasVoid && gtDirty && predDirty) for (let i = 0; i < predDirty.length; i++) predDirty[i] |= gtDirty[i];
  const common = { gt, width, height, k, convention, hasVoid };
  const gtCounts = collectBoundaries({ ...common, map: gt, dirty: gtDirty, lists: gtLists });
  const predCounts = collectBoundaries({ ...common, map: pred, dirty: predDirty, lists: predLists });
  keepLists(gtLists, keptGtLists);
  keepLists(predLists, keptPredLists);
  for (let c = 1; c < k; c++) {
    const gtBoundary = gtCounts[c];
    const predBoundary = predCounts[c];
    // Present: a pixel outside the void in either map — under bfscore, where a prediction pixel
    // on a void pixel still counts, exactly "has boundary pixels" (every non-empty mask has some).
    if (davis ? inGt[c] === 0 && inPred[c] === 0 : gtBoundary === 0 && predBoundary === 0) continue;
    const gtList = gtLists[c] as Int32Array;
    const predList = predLists[c] as Int32Array;
    const both = gtBoundary > 0 && predBoundary > 0;
    boundary[c] = {
      gtBoundary,
      gtMatched: both ? countMatched({ from: gtList, fromCount: gtBoundary, to: predList, toCount: predBoundary, width, limit }) : 0,
      predBoundary,
      predMatched: both ? countMatched({ from: predList, fromCount: predBoundary, to: gtList, toCount: gtBoundary, width, limit }) : 0,
    };
  }
  return { confusion, boundary };
}
