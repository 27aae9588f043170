import type { BoundaryCounts, ImageStats, ImageStatsParams } from '../image-stats.js';
import { loadTfjs } from './load-tfjs.js';
import type { TfModule, TfTensor, TfTensor4D } from './tf-module.js';
import type { TfjsLike } from './tfjs-like.js';

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
 * Copies labels into float32 (tfjs has no uint8 dtype), mapping `ignore` to -1, which matches no
 * class. float32 rather than int32: every label is exact in it, and WebGPU in tfjs 4.22 miscompiles
 * shaders on i32 buffers in float32 tensors (see {@link indicator}), so only float32 tensors are
 * used.
 */
function toFloat32(labels: Uint8Array, ignore: number | undefined): Float32Array {
  const out = new Float32Array(labels.length);
  for (let i = 0; i < labels.length; i++) {
    const v = labels[i];
    out[i] = v === ignore ? -1 : v;
  }
  return out;
}

/**
 * 1 where a == b, else 0, for integer-valued float32 tensors (broadcasting): 1 − min(|a − b|, 1).
 * Arithmetic instead of cast(equal(a, b)): on WebGPU in tfjs 4.22 a bool→float32 cast keeps the
 * i32 buffer, and a later transpose of it (sum over a non-last axis) fails to compile and reads
 * back zeros. Exact for every label value.
 */
function indicator(tf: TfModule, a: TfTensor, b: TfTensor): TfTensor {
  return tf.sub(1, tf.minimum(tf.abs(tf.sub(a, b)), 1));
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
 * Dilates 0/1 maps [C, H, W, 1] by the open disk dx² + dy² < θ²: the result is 1 exactly at the
 * pixels that have a 1 within squared distance < θ².
 *
 * The disk is the union over |dy| ≤ v of rows |dx| ≤ w(v), w(v) = max{w : w² + v² < θ²}. Because
 * w shrinks as v grows, disk = ∪_v hmax_{w(v)}(vmax_v(x)), where vmax/hmax are running maxima
 * over vertical/horizontal windows (maxPool). Only the v where w(v) drops matter, and the
 * vertical maxima chain (a window of 2a+1 after one of 2b+1 is one of 2(a+b)+1), so the cost is
 * about 2·θ maxPools instead of one conv2d with a (2θ+1)² kernel. Out-of-image pixels take part
 * in no window, which is exact because they are never boundary pixels.
 */
function dilateByDisk(tf: TfModule, x: TfTensor, tolerance: number): TfTensor {
  const t2 = tolerance * tolerance;
  if (!(t2 > 0)) return tf.zerosLike(x); // the open disk of radius 0 holds no offset
  let reach = 0;
  while ((reach + 1) * (reach + 1) < t2) reach++;
  const halfWidth = (v: number): number => {
    let w = 0;
    while ((w + 1) * (w + 1) + v * v < t2) w++;
    return w;
  };
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
 * Confusion increments and boundary counts of one image pair (DESIGN §3), computed with
 * tfjs-core ops on whatever backend is active (cpu, wasm, webgl, webgpu, tfjs-node-gpu), with
 * results identical to the typed-array engine.
 *
 * - confusion: one-hot(gt)ᵀ · one-hot(pred) with `matMul` (ignored ground truth is an all-zero
 *   row), in pixel blocks of at most 2^24 so float32 counts stay exact;
 * - boundaries: M ∧ ¬erode(M), the erosion a `conv2d` with the 4-neighbour cross and zero
 *   padding, for all present classes of both maps batched;
 * - matching: each boundary map dilated by the open disk of radius θ (chained `maxPool`s), then
 *   multiplied with the other map's boundary.
 *
 * Only count tensors are read back: K² + K numbers, then 4 per present class. Every intermediate
 * tensor is disposed. Inputs must be validated by the caller (equal lengths, labels < numClasses
 * or the ignore index).
 *
 * @example
 * ```ts
 * import * as tf from '@tensorflow/tfjs-core';
 * import '@tensorflow/tfjs-backend-webgl';
 * await tf.setBackend('webgl');
 * const stats = await tfjsImageStats({ tf, gt, pred, width: 512, height: 512, numClasses: 9, ignoreIndex: 255, tolerance: 5.43 });
 * ```
 */
export async function tfjsImageStats(params: TfjsImageStatsParams): Promise<ImageStats> {
  const tf = await loadTfjs({ tf: params.tf as TfModule | undefined });
  const { width, height, numClasses: k, tolerance } = params;
  const n = width * height;
  // Blocks are a multiple of 4 pixels, padded with label -1 (no class): WebGL packs tensors
  // 2×2 per texel and its packed matMul was seen to read a lane past an odd shared dimension as
  // label 0, counting a phantom background pixel; with explicit padding every lane is real.
  const limit = Math.max(4, params.blockPixels ?? exactBlockLimit(tf));
  const block = Math.min(Math.ceil(n / 4) * 4, Math.floor(limit / 4) * 4);
  const blocks = Math.ceil(n / block);

  const gtLabels = tf.tensor1d(toFloat32(params.gt, params.ignoreIndex), 'float32');
  const predLabels = tf.tensor1d(toFloat32(params.pred, undefined), 'float32');
  try {
    // Stage 1: confusion matrix and per-class prediction pixel counts ([blocks, K, K], [blocks, K]).
    const [confusionBlocks, predCountBlocks] = tf.tidy(() => {
      const classIds = tf.range(0, k, 1, 'float32');
      const padded = (labels: TfTensor): TfTensor =>
        blocks * block > n ? tf.pad(labels, [[0, blocks * block - n]], -1) : labels;
      // Built directly as [blocks, K, block] and [blocks, block, K], so matMul needs no transpose.
      const gtHot = indicator(tf, tf.reshape(padded(gtLabels), [blocks, 1, block]), tf.reshape(classIds, [1, k, 1]));
      const predHot = indicator(tf, tf.reshape(padded(predLabels), [blocks, block, 1]), tf.reshape(classIds, [1, 1, k]));
      return [tf.matMul(gtHot, predHot), tf.sum(predHot, 1)];
    });
    const [confusionData, predCountData] = await Promise.all([confusionBlocks.data(), predCountBlocks.data()]).finally(
      () => {
        confusionBlocks.dispose();
        predCountBlocks.dispose();
      },
    );
    const confusion = new Float64Array(k * k);
    const predCount = new Float64Array(k);
    for (let b = 0; b < blocks; b++) {
      for (let i = 0; i < k * k; i++) confusion[i] += confusionData[b * k * k + i];
      for (let c = 0; c < k; c++) predCount[c] += predCountData[b * k + c];
    }
    const gtCount = new Float64Array(k);
    for (let g = 0; g < k; g++) for (let p = 0; p < k; p++) gtCount[g] += confusion[g * k + p];

    // Stage 2: boundaries of the classes present in either map. Classes present in both come
    // first, so their gt/pred channels are the leading runs of each half of the batch.
    const both: number[] = [];
    const onlyOne: number[] = [];
    for (let c = 1; c < k; c++) {
      if (gtCount[c] > 0 && predCount[c] > 0) both.push(c);
      else if (gtCount[c] > 0 || predCount[c] > 0) onlyOne.push(c);
    }
    const present = [...both, ...onlyOne];
    const boundary: (BoundaryCounts | null)[] = new Array<BoundaryCounts | null>(k).fill(null);
    if (present.length === 0) return { confusion, boundary };
    const p = present.length;
    const q = both.length;

    const countBlocks = tf.tidy(() => {
      const ids = tf.tensor4d(present, [p, 1, 1, 1], 'float32');
      const image = (labels: TfTensor): TfTensor => indicator(tf, tf.reshape(labels, [1, height, width, 1]), ids);
      // [2P, H, W, 1]: gt masks of the present classes, then pred masks.
      const masks = tf.concat([image(gtLabels), image(predLabels)], 0) as TfTensor4D;
      const cross = tf.tensor4d([0, 1, 0, 1, 1, 1, 0, 1, 0], [3, 3, 1, 1]);
      // 'same' zero-pads, so a mask pixel on the image border always has a 0 in its cross.
      const crossSum = tf.conv2d(masks, cross, 1, 'same');
      // A mask pixel is interior when its cross sums to 5; min(5 − sum, 1) is 0 there and 1 on
      // the boundary (arithmetic, not a bool cast, for the WebGPU reason above).
      const edges = tf.mul(masks, tf.minimum(tf.sub(5, crossSum), 1));
      masks.dispose();
      crossSum.dispose();
      const parts = [blockSums(tf, edges, n, block, blocks)];
      if (q > 0) {
        const gtEdges = tf.slice(edges, [0, 0, 0, 0], [q, height, width, 1]);
        const predEdges = tf.slice(edges, [p, 0, 0, 0], [q, height, width, 1]);
        const pairEdges = tf.concat([gtEdges, predEdges], 0);
        const near = dilateByDisk(tf, pairEdges, tolerance);
        // A gt edge pixel matches where the dilated pred edges are 1, and vice versa.
        const swapped = tf.concat(
          [tf.slice(near, [q, 0, 0, 0], [q, height, width, 1]), tf.slice(near, [0, 0, 0, 0], [q, height, width, 1])],
          0,
        );
        near.dispose();
        const matched = tf.mul(pairEdges, swapped);
        parts.push(blockSums(tf, matched, n, block, blocks));
      }
      return tf.concat(parts, 0); // [2P + 2Q, blocks]
    });
    const countData = await countBlocks.data().finally(() => countBlocks.dispose());
    const total = (row: number): number => {
      let s = 0;
      for (let b = 0; b < blocks; b++) s += countData[row * blocks + b];
      return s;
    };
    present.forEach((c, i) => {
      const matched = i < q;
      boundary[c] = {
        gtBoundary: total(i),
        gtMatched: matched ? total(2 * p + i) : 0,
        predBoundary: total(p + i),
        predMatched: matched ? total(2 * p + q + i) : 0,
      };
    });
    return { confusion, boundary };
  } finally {
    gtLabels.dispose();
    predLabels.dispose();
  }
}
