import type { BoundaryConvention, BoundaryCounts, ImageStats } from './image-stats.js';
import { kernelUse, loadMetricsKernel } from './load-metrics-kernel.js';

/** Parameters of {@link wasmImageStats}: jsImageStats' own, already checked, and its match limit. */
export interface WasmImageStatsParams {
  gt: Uint8Array;
  pred: Uint8Array;
  width: number;
  height: number;
  k: number;
  ignoreIndex: number;
  convention: BoundaryConvention;
  /** dx² + dy² ≤ limit matches (boundaryMatchLimit); −1: nothing does. */
  limit: number;
}

/** Pixels above which the JS path runs (4096²): the kernel keeps its memory, about 2.5 bytes a pixel of the largest image, so at most about 40 MB. */
const MOST_PIXELS = 1 << 24;

/**
 * Whether the kernel can take an image: rows of whole 16-pixel vectors, labels and a class count
 * that fit its byte compares, a match reach under 64 pixels (a query word's matches then lie in
 * its own target word or the two beside it), and a size its memory holds.
 */
function fits(p: WasmImageStatsParams): boolean {
  return p.width % 16 === 0 && p.height >= 1 && p.k >= 1 && p.k <= 128 && p.limit < 64 * 64 && p.width * p.height <= MOST_PIXELS;
}

/**
 * One image's counts from the wasm SIMD kernel: the same {@link ImageStats} as the JS path of
 * jsImageStats, bit for bit. Returns undefined where the kernel does not apply (see `fits`) or is
 * not compiled yet, and `'bad labels'` when a label is out of range (the caller finds the pixel
 * and throws). Internal to the typed-array engine.
 */
export function wasmImageStats(p: WasmImageStatsParams): ImageStats | 'bad labels' | undefined {
  const kernel = fits(p) ? loadMetricsKernel() : undefined;
  if (kernel === undefined) {
    kernelUse.fallbacks++;
    return undefined;
  }
  const { gt, pred, width, height, k, ignoreIndex, convention, limit } = p;
  const n = width * height;
  const davis = convention === 'davis';
  const at = kernel.prepare(width, height, k);
  if (at === 0) {
    kernelUse.fallbacks++; // the kernel's memory could not grow: the JS path
    return undefined;
  }
  const memory = new Uint8Array(kernel.memory.buffer); // after prepare: it may have grown the memory
  memory.set(gt, at);
  memory.set(pred, at + n);
  if (kernel.scan(width, height, k, ignoreIndex, davis ? 1 : 0) === 0) return 'bad labels';
  kernelUse.images++;
  const pairs = new Uint32Array(kernel.memory.buffer, kernel.pairsAddress(), 256 * (k + 1));
  const confusion = new Float64Array(k * k);
  for (let i = 0; i < k * k; i++) confusion[i] = pairs[i];
  // Which classes each map holds, from the pairs: rows are the truth, columns the prediction.
  // Under DAVIS a void pixel is background in both maps (rows ≥ k do not count); under bfscore a
  // prediction pixel on a void pixel is still its class's (every row counts).
  const present = memory.subarray(kernel.presentAddress(), kernel.presentAddress() + k);
  present.fill(0);
  for (let g = 0; g < 256; g++) {
    if (davis && g >= k) break;
    const row = g * k;
    for (let c = 0; c < k; c++) {
      if (pairs[row + c] === 0) continue;
      if (g < k) present[g] |= 1;
      present[c] |= 2;
    }
  }
  kernel.boundaries(width, height, k, davis ? 1 : 0, limit);
  const out = new Uint32Array(kernel.memory.buffer, kernel.outAddress(), 4 * k);
  const boundary: (BoundaryCounts | null)[] = new Array<BoundaryCounts | null>(k).fill(null);
  for (let c = 1; c < k; c++) {
    const [gtBoundary, gtMatched, predBoundary, predMatched] = out.subarray(4 * c, 4 * c + 4);
    // Present as jsImageStats decides it: DAVIS, pixels outside the void in either map; bfscore,
    // boundary pixels in either (every non-empty mask has some).
    if (davis ? present[c] === 0 : gtBoundary === 0 && predBoundary === 0) continue;
    boundary[c] = { gtBoundary, gtMatched, predBoundary, predMatched };
  }
  return { confusion, boundary };
}
