import { ArgumentError } from '../../errors.js';
import { boundaryMatchLimit } from '../boundary-match-limit.js';
import type { BoundaryCounts, ImageStats, ImageStatsParams } from '../image-stats.js';
import { loadTfjs } from './load-tfjs.js';
import type { TfModule, TfTensor, TfTensor4D } from './tf-module.js';
import type { TfjsLike } from './tfjs-like.js';
import { checkParams, keysOf } from '../../internal/check-params.js';

/** Parameters of {@link tfjsImageStats}: one validated image pair plus the tfjs to run on. */
export interface TfjsImageStatsParams extends ImageStatsParams {
  /**
   * The tfjs-core module to run on (its active backend does the work). Pass it from browser
   * bundles or when using tfjs-node-gpu.
   * @default '@tensorflow/tfjs-core', imported lazily
   */
  tf?: TfjsLike;
  /**
   * Largest number of pixels summed in one float32 reduction. Every count is an integer, and a
   * float32 sum of 0/1 values is exact only up to 2^24 (2^11 where WebGL falls back to half-float
   * textures), so bigger images are summed in blocks whose partial counts are added in float64
   * on the host. Lower it only to exercise the blocking on small images.
   * @default 2^24, or 2048 on WebGL without float32 render targets
   */
  blockPixels?: number;
  /**
   * Memory knob: stage 1 one-hot maps hold at most K × passPixels values and stage 2 mask
   * tensors at most 4 × passPixels (classes × pixels); larger images and class sets go through
   * in several passes. Lower it where GPU memory is tight; results do not change.
   * @default 2^20
   */
  passPixels?: number;
}

/** Largest pixel count whose 0/1 sum the active backend stores exactly. */
function exactBlockLimit(tf: TfModule): number {
  if (tf.getBackend() === 'webgl') {
    try {
      // Without float32 render targets (some mobile GPUs) WebGL stores tensors as float16, whose
      // integers are exact only up to 2^11.
      if (!tf.env().getBool('WEBGL_RENDER_FLOAT32_ENABLED')) return 2048;
    } catch {
      // Flag unknown to this tfjs build: assume float32 like every other backend.
    }
  }
  return 2 ** 24;
}

/**
 * Copies labels into float32 (tfjs has no uint8 dtype), mapping to -1 — which matches no class —
 * every pixel whose ground truth is the ignore label (`voidOf`, when given). float32 rather than
 * int32: every label is exact in it, and WebGPU in tfjs 4.22 miscompiles shaders on i32 buffers in
 * float32 tensors (see {@link indicator}), so only float32 tensors are used.
 */
function toFloat32(labels: Uint8Array, voidOf?: { gt: Uint8Array; ignore: number }): Float32Array {
  const out = new Float32Array(labels.length);
  if (voidOf === undefined) {
    out.set(labels);
    return out;
  }
  const { gt, ignore } = voidOf;
  for (let i = 0; i < labels.length; i++) out[i] = gt[i] === ignore ? -1 : labels[i];
  return out;
}

/**
 * 1 where a == b, else 0, for integer-valued float32 tensors (broadcasting): 1 − min(|a − b|, 1).
 * Arithmetic instead of cast(equal(a, b)): on WebGPU in tfjs 4.22 a bool→float32 cast keeps the
 * i32 buffer, and a later transpose of it (sum over a non-last axis) fails to compile and reads
 * back zeros. Exact for every label value. Intermediates are freed as it goes, so at most two
 * full-size tensors are alive (this runs on [K, pixels] and [classes, H, W] maps).
 */
function indicator(tf: TfModule, a: TfTensor, b: TfTensor): TfTensor {
  const diff = tf.sub(a, b);
  const distance = tf.abs(diff);
  diff.dispose();
  const capped = tf.minimum(distance, 1);
  distance.dispose();
  const out = tf.sub(1, capped);
  capped.dispose();
  return out;
}

/**
 * Runs the synchronous `fn` with WebGL's WEBGL_USE_SHAPES_UNIFORMS flag off, restoring it after.
 * With that flag on (off by default), tfjs 4.22 WebGL reuses a program compiled for one image
 * size on another and returned wrong boundary counts for a 160×120 map after a 64×48 one (seen
 * in the browser spec). Programs are chosen when ops are called, and no other code runs during a
 * synchronous block, so flipping the flag around it affects only this engine's ops.
 */
function withShapeSpecificPrograms<T>(tf: TfModule, fn: () => T): T {
  if (tf.getBackend() !== 'webgl') return fn();
  let previous = false;
  try {
    previous = tf.env().getBool('WEBGL_USE_SHAPES_UNIFORMS');
  } catch {
    // Flag unknown to this tfjs build: nothing to work around.
  }
  if (!previous) return fn();
  tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', false);
  try {
    return fn();
  } finally {
    tf.env().set('WEBGL_USE_SHAPES_UNIFORMS', previous);
  }
}

/**
 * Default pixels per pass: stage 1 one-hot maps are [K, PASS_PIXELS] at most, stage 2 masks at
 * most 4 · PASS_PIXELS pixels (channels × H × W), which bounds GPU memory on large images (a few
 * hundred MB at most) while 512×512 images with every class still go in one pass.
 */
const PASS_PIXELS = 2 ** 20;

/** [classes, H, W, 1] 0/1 masks of `classes` in a label map. */
function masksOf(tf: TfModule, labels: TfTensor, classes: number[], width: number, height: number): TfTensor {
  return tf.tidy(() => indicator(tf, tf.reshape(labels, [1, height, width, 1]), tf.tensor4d(classes, [classes.length, 1, 1, 1], 'float32')));
}

/**
 * bfscore boundary maps M ∧ ¬erode(M) of the masks, concatenated along the batch. The erosion is a
 * conv2d with the 4-neighbour cross; 'same' zero-pads, so a mask pixel on the image border always
 * has a 0 in its cross. A mask pixel is interior exactly when its cross sums to 5, so
 * boundary = M · min(5 − sum, 1) (arithmetic, not a bool cast: see {@link indicator}).
 */
function crossBoundaries(tf: TfModule, maskParts: TfTensor[]): TfTensor4D {
  const masks = (maskParts.length === 1 ? maskParts[0] : tf.concat(maskParts, 0)) as TfTensor4D;
  if (maskParts.length > 1) tf.dispose(maskParts);
  const crossSum = tf.conv2d(masks, tf.tensor4d([0, 1, 0, 1, 1, 1, 0, 1, 0], [3, 3, 1, 1]), 1, 'same');
  const open = tf.sub(5, crossSum);
  crossSum.dispose();
  const isEdge = tf.minimum(open, 1);
  open.dispose();
  const edges: TfTensor4D = tf.mul(masks, isEdge);
  masks.dispose();
  isEdge.dispose();
  return edges;
}

/** 1 where a 0/1 pair or block sum is mixed (neither all 0 nor all `full`): min(sum, full − sum, 1). */
function mixed(tf: TfModule, sum: TfTensor, full: number): TfTensor {
  return tf.tidy(() => tf.minimum(tf.minimum(sum, tf.sub(full, sum)), 1));
}

/**
 * DAVIS `seg2bmap` boundary maps of the masks, concatenated along the batch: a pixel whose mask
 * value differs from that of its east, south or south-east neighbour; the last row compares only
 * east, the last column only south, the bottom-right pixel nothing. Inside, "differs from one of
 * E, S, SE" is "its 2×2 block {M, E, S, SE} is mixed": one `conv2d` with a 2×2 kernel of ones
 * ('valid') sums every block, and a sum of 1..3 is a boundary pixel. The last row and column are
 * 1×2 and 2×1 sums on thin slices (mixed = sum of 1), the corner is 0; the four pieces are
 * concatenated back to H × W. Arithmetic only, no bool casts (see {@link indicator}).
 */
function seg2bmapBoundaries(tf: TfModule, maskParts: TfTensor[]): TfTensor4D {
  const masks = (maskParts.length === 1 ? maskParts[0] : tf.concat(maskParts, 0)) as TfTensor4D;
  if (maskParts.length > 1) tf.dispose(maskParts);
  const [channels, height, width] = masks.shape;
  const edges = tf.tidy(() => {
    const slice = (y: number, x: number, h: number, w: number) => tf.slice(masks, [0, y, x, 0], [channels, h, w, 1]);
    const zero = (h: number, w: number) => tf.zeros([channels, h, w, 1]);
    // Last row: pixel (x, H−1) against (x + 1, H−1), for x < W − 1; then the corner.
    const lastRow = width > 1 ? tf.concat([mixed(tf, tf.add(slice(height - 1, 0, 1, width - 1), slice(height - 1, 1, 1, width - 1)), 2), zero(1, 1)], 2) : zero(1, 1);
    if (height === 1) return lastRow;
    // Last column: pixel (W−1, y) against (W−1, y + 1), for y < H − 1.
    const lastColumn = mixed(tf, tf.add(slice(0, width - 1, height - 1, 1), slice(1, width - 1, height - 1, 1)), 2);
    if (width === 1) return tf.concat([lastColumn, lastRow], 1);
    const blocks = tf.conv2d(masks, tf.ones([2, 2, 1, 1]) as TfTensor4D, 1, 'valid'); // [C, H−1, W−1, 1]
    const inner = tf.concat([mixed(tf, blocks, 4), lastColumn], 2);
    return tf.concat([inner, lastRow], 1);
  }) as TfTensor4D;
  masks.dispose();
  return edges;
}

/**
 * Per-channel sums of `x` ([C, H, W, 1] or [C, n]) as [C, blocks]: pixels are split into blocks
 * of at most `block` so every float32 partial sum is an exact integer.
 */
function blockSums(tf: TfModule, x: TfTensor, n: number, block: number, blocks: number): TfTensor {
  const channels = x.shape[0];
  let flat = tf.reshape(x, [channels, n]);
  const pad = blocks * block - n;
  if (pad > 0) flat = tf.pad(flat, [[0, 0], [0, pad]]);
  return tf.sum(tf.reshape(flat, [channels, blocks, block]), 2);
}

/**
 * Dilates 0/1 maps [C, H, W, 1] by the disk dx² + dy² ≤ limit (an integer: the largest squared
 * distance that matches, see boundaryMatchLimit): the result is 1 exactly at the pixels that have
 * a 1 within that squared distance.
 *
 * The disk is the union over |dy| ≤ v of rows |dx| ≤ w(v), w(v) = max{w : w² + v² < θ²}. Because
 * w shrinks as v grows, disk = ∪_v hmax_{w(v)}(vmax_v(x)), where vmax/hmax are running maxima
 * over vertical/horizontal windows (maxPool). Only the v where w(v) drops matter, and the
 * vertical maxima chain (a window of 2a+1 after one of 2b+1 is one of 2(a+b)+1), so the cost is
 * about 2·θ maxPools instead of one conv2d with a (2θ+1)² kernel. Out-of-image pixels take part
 * in no window, which is exact because they are never boundary pixels; for the same reason v is
 * capped at H − 1 and w at W − 1.
 */
function dilateByDisk(tf: TfModule, x: TfTensor, limit: number): TfTensor {
  if (limit < 0) return tf.zerosLike(x); // no offset is close enough, not even (0, 0)
  // Offsets beyond the image's extent join no two pixels, so a disk wider than the image is
  // capped to it: the same result with fewer, smaller windows.
  const [, height, width] = x.shape;
  /** Largest d ≥ 0 with d² + other² ≤ limit, capped at `cap` (caller ensures other² ≤ limit). */
  const largest = (other: number, cap: number): number => {
    const room = limit - other * other;
    let d = Math.min(cap, Math.floor(Math.sqrt(room)));
    while (d > 0 && d * d > room) d--; // sqrt rounding, either way
    while (d < cap && (d + 1) * (d + 1) <= room) d++;
    return d;
  };
  const reach = largest(0, height - 1);
  const halfWidth = (v: number): number => largest(v, width - 1);
  const input = x as TfTensor4D;
  let vertical = input;
  let reached = 0;
  let near: TfTensor4D | undefined;
  for (let v = 0; v <= reach; v++) {
    const w = halfWidth(v);
    if (v < reach && halfWidth(v + 1) === w) continue; // a taller window with the same row width covers it
    if (v > reached) {
      const next: TfTensor4D = tf.maxPool(vertical, [2 * (v - reached) + 1, 1], 1, 'same');
      if (vertical !== input) vertical.dispose();
      vertical = next;
      reached = v;
    }
    const rows: TfTensor4D = w > 0 ? tf.maxPool(vertical, [1, 2 * w + 1], 1, 'same') : vertical;
    if (near === undefined) {
      near = rows === vertical ? tf.clone(rows) : rows;
    } else {
      const merged: TfTensor4D = tf.maximum(near, rows);
      near.dispose();
      if (rows !== vertical) rows.dispose();
      near = merged;
    }
  }
  if (vertical !== input) vertical.dispose();
  return near as TfTensor;
}

/**
 * Confusion increments and boundary counts of one image pair (definitions in docs/metrics.md),
 * computed with tfjs-core ops on whatever backend is active (cpu, wasm, webgl, webgpu,
 * tfjs-node-gpu), with results identical to the typed-array engine, under either convention.
 *
 * - confusion: one-hot(gt)ᵀ · one-hot(pred) with a batched `matMul` (ignored ground truth is
 *   an all-zero row), in pixel blocks of at most 2^24 (2^11 on half-float WebGL) so float32
 *   counts stay exact; the prediction's per-class pixel counts come along;
 * - boundaries, only for the classes ≥ 1 present in either map (batched, in groups bounded by
 *   `passPixels`): bfscore's M ∧ ¬erode(M), the erosion a `conv2d` with the 4-neighbour cross
 *   and zero padding; or DAVIS's `seg2bmap`, a `conv2d` over 2×2 blocks (void pixels removed
 *   from the prediction first);
 * - matching, only for classes present in both maps: each boundary map dilated by the disk
 *   dx² + dy² ≤ limit, the convention's exact integer tolerance (chained `maxPool`s), then
 *   multiplied with the other map's boundary.
 *
 * Only count tensors are read back, twice per call: (K + 1) × K numbers per block, then at most
 * 4 per present class per block. Every intermediate tensor is disposed. Inputs must be validated
 * by the caller (equal lengths, width and height ≥ 1, labels < numClasses or the ignore index).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-webgl';
 * await tf.setBackend('webgl');
 * const stats = await tfjsImageStats({ tf, gt, pred, width: 512, height: 512, numClasses: 9, ignoreIndex: 255, boundary: 'davis' });
 * ```
 */
export async function tfjsImageStats(params: TfjsImageStatsParams): Promise<ImageStats> {
  checkParams('tfjsImageStats', params, keysOf<Parameters<typeof tfjsImageStats>[0]>()('tf', 'blockPixels', 'passPixels', 'gt', 'pred', 'width', 'height', 'numClasses', 'ignoreIndex', 'boundary', 'tolerance'));
  for (const knob of ['blockPixels', 'passPixels'] as const) {
    const value = params[knob];
    if (value !== undefined && !(Number.isInteger(value) && value >= 1)) {
      throw new ArgumentError({ message: `metrics: tfjs engine: ${knob} must be a positive integer, got ${String(value)}` });
    }
  }
  const tf = await loadTfjs({ tf: params.tf as TfModule | undefined });
  const { width, height, numClasses: k, boundary: convention = 'bfscore' } = params;
  const matchLimit = boundaryMatchLimit({ width, height, boundary: convention, tolerance: params.tolerance });
  const boundaries = convention === 'davis' ? seg2bmapBoundaries : crossBoundaries;
  const n = width * height;
  // Blocks are a multiple of 4 pixels, padded with label -1 (no class): WebGL packs tensors
  // 2×2 per texel and its packed matMul was seen to read a lane past an odd shared dimension as
  // label 0, counting a phantom background pixel; with explicit padding every lane is real.
  const limit = Math.max(4, params.blockPixels ?? exactBlockLimit(tf));
  const block = Math.min(Math.ceil(n / 4) * 4, Math.floor(limit / 4) * 4);
  const blocks = Math.ceil(n / block);
  const passPixels = Math.max(1, params.passPixels ?? PASS_PIXELS);

  const gtLabels = tf.tensor1d(toFloat32(params.gt, { gt: params.gt, ignore: params.ignoreIndex }), 'float32');
  // DAVIS removes void pixels from the prediction's masks too (and so from its class counts).
  const predLabels = tf.tensor1d(toFloat32(params.pred, convention === 'davis' ? { gt: params.gt, ignore: params.ignoreIndex } : undefined), 'float32');
  try {
    // Stage 1: confusion matrix and per-class prediction pixel counts, in passes of at most
    // passPixels pixels (whole blocks) so the [K, pixels] one-hot maps stay small on a GPU.
    const span = Math.max(block, Math.floor(passPixels / block) * block);
    const stage1 = withShapeSpecificPrograms(tf, () => tf.tidy(() => {
      const classIds = tf.range(0, k, 1, 'float32');
      const gtIds = tf.reshape(classIds, [1, k, 1]);
      const predIds = tf.reshape(classIds, [1, 1, k]);
      const parts: TfTensor[] = [];
      for (let start = 0; start < n; start += span) {
        const length = Math.min(span, n - start);
        const passBlocks = Math.ceil(length / block);
        parts.push(
          tf.tidy(() => {
            const piece = (labels: TfTensor): TfTensor => {
              const sliced = length === n ? labels : tf.slice(labels, [start], [length]);
              return passBlocks * block > length ? tf.pad(sliced, [[0, passBlocks * block - length]], -1) : sliced;
            };
            // [blocks, K, block] and [blocks, block, K], so matMul needs no transpose.
            const gtHot = indicator(tf, tf.reshape(piece(gtLabels), [passBlocks, 1, block]), gtIds);
            const predHot = indicator(tf, tf.reshape(piece(predLabels), [passBlocks, block, 1]), predIds);
            // Row K of each block: the prediction's pixel count per class.
            return tf.concat([tf.matMul(gtHot, predHot), tf.sum(predHot, 1, true)], 1); // [blocks, K + 1, K]
          }),
        );
      }
      return parts.length === 1 ? parts[0] : tf.concat(parts, 0);
    }));
    const stage1Data = await stage1.data().finally(() => stage1.dispose());
    const confusion = new Float64Array(k * k);
    const predCount = new Float64Array(k);
    for (let b = 0; b < stage1Data.length / ((k + 1) * k); b++) {
      const offset = b * (k + 1) * k;
      for (let i = 0; i < k * k; i++) confusion[i] += stage1Data[offset + i];
      for (let c = 0; c < k; c++) predCount[c] += stage1Data[offset + k * k + c];
    }
    const gtCount = new Float64Array(k);
    for (let g = 0; g < k; g++) for (let p = 0; p < k; p++) gtCount[g] += confusion[g * k + p];

    // Stage 2: boundaries of the classes c ≥ 1 present in either map. Classes in both maps need
    // both boundaries and the matching; a class in one map only has an empty other boundary,
    // so only its present side is computed and nothing can match.
    const both: number[] = [];
    const gtOnly: number[] = [];
    const predOnly: number[] = [];
    for (let c = 1; c < k; c++) {
      if (gtCount[c] > 0 && predCount[c] > 0) both.push(c);
      else if (gtCount[c] > 0) gtOnly.push(c);
      else if (predCount[c] > 0) predOnly.push(c);
    }
    const boundary: (BoundaryCounts | null)[] = new Array<BoundaryCounts | null>(k).fill(null);
    if (both.length + gtOnly.length + predOnly.length === 0) return { confusion, boundary };

    // Classes go through in groups so no [channels, H, W] tensor exceeds 4 · passPixels pixels;
    // small images take one group. Each group's rows are recorded to read the counts back.
    const groupSize = (channelsPerClass: number): number => Math.max(1, Math.floor((4 * passPixels) / (n * channelsPerClass)));
    type Row = { c: number; field: keyof BoundaryCounts };
    const rows: Row[] = [];
    const stage2 = withShapeSpecificPrograms(tf, () => tf.tidy(() => {
      const parts: TfTensor[] = [];
      const sums = (x: TfTensor): TfTensor => blockSums(tf, x, n, block, blocks);
      for (let i = 0; i < both.length; i += groupSize(2)) {
        const group = both.slice(i, i + groupSize(2));
        const g = group.length;
        parts.push(
          tf.tidy(() => {
            const edges = boundaries(tf, [masksOf(tf, gtLabels, group, width, height), masksOf(tf, predLabels, group, width, height)]);
            const near = dilateByDisk(tf, edges, matchLimit);
            // A gt edge pixel matches where the dilated pred edges are 1, and vice versa.
            const gtMatched = tf.mul(tf.slice(edges, [0, 0, 0, 0], [g, height, width, 1]), tf.slice(near, [g, 0, 0, 0], [g, height, width, 1]));
            const predMatched = tf.mul(tf.slice(edges, [g, 0, 0, 0], [g, height, width, 1]), tf.slice(near, [0, 0, 0, 0], [g, height, width, 1]));
            near.dispose();
            return tf.concat([sums(edges), sums(gtMatched), sums(predMatched)], 0); // [4g, blocks]
          }),
        );
        for (const field of ['gtBoundary', 'predBoundary', 'gtMatched', 'predMatched'] as const) {
          for (const c of group) rows.push({ c, field });
        }
      }
      for (const [classes, labels, field] of [
        [gtOnly, gtLabels, 'gtBoundary'],
        [predOnly, predLabels, 'predBoundary'],
      ] as const) {
        for (let i = 0; i < classes.length; i += groupSize(1)) {
          const group = classes.slice(i, i + groupSize(1));
          parts.push(tf.tidy(() => sums(boundaries(tf, [masksOf(tf, labels, group, width, height)]))));
          for (const c of group) rows.push({ c, field });
        }
      }
      return parts.length === 1 ? parts[0] : tf.concat(parts, 0); // [rows, blocks]
    }));
    const stage2Data = await stage2.data().finally(() => stage2.dispose());
    for (const c of [...both, ...gtOnly, ...predOnly]) boundary[c] = { gtBoundary: 0, gtMatched: 0, predBoundary: 0, predMatched: 0 };
    rows.forEach(({ c, field }, row) => {
      let total = 0;
      for (let b = 0; b < blocks; b++) total += stage2Data[row * blocks + b];
      (boundary[c] as BoundaryCounts)[field] = total;
    });
    return { confusion, boundary };
  } finally {
    gtLabels.dispose();
    predLabels.dispose();
  }
}
