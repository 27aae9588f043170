/**
 * The per-image contract every metrics engine fulfils. {@link SegmentationMetrics} validates its
 * inputs once and then hands an {@link ImageStatsParams} to an engine (typed-array or tfjs); the
 * engine returns integer counts only, so accumulation is exact and engines are interchangeable.
 */

/**
 * Which boundary-F1 convention to score with (docs/metrics.md compares them):
 * - `'bfscore'` — MATLAB `bfscore` (Csurka et al. 2013): boundary M ∧ ¬erode(M) with a
 *   4-neighbour cross and zero padding; a pixel matches at squared distance **<** θ²,
 *   θ = 0.0075 × diagonal; ignored ground-truth pixels belong to no class.
 * - `'davis'` — the DAVIS 2016/2017 benchmark's `db_eval_boundary`: boundary by `seg2bmap` (a
 *   pixel that differs from its east, south or south-east neighbour; the image border is not a
 *   boundary); a pixel matches at squared distance **≤** r², r = ceil(0.008 × diagonal); void
 *   (ground-truth `ignoreIndex`) pixels are set to background in both masks before boundaries
 *   are taken.
 */
export type BoundaryConvention = 'bfscore' | 'davis';

/** Boundary-pixel counts of one class in one image (bF1). */
export interface BoundaryCounts {
  /** Number of ground-truth boundary pixels of the class. */
  gtBoundary: number;
  /** Ground-truth boundary pixels with a predicted boundary pixel within tolerance. */
  gtMatched: number;
  /** Number of predicted boundary pixels of the class. */
  predBoundary: number;
  /** Predicted boundary pixels with a ground-truth boundary pixel within tolerance. */
  predMatched: number;
}

/** Input of one engine call: one already-validated ground-truth/prediction pair. */
export interface ImageStatsParams {
  /** Ground-truth label map, row-major, `width * height` entries. */
  gt: Uint8Array;
  /** Predicted label map, row-major, `width * height` entries, every value < numClasses. */
  pred: Uint8Array;
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /** Number of classes K (labels 0..K-1). */
  numClasses: number;
  /** Ground-truth label excluded from every count. */
  ignoreIndex: number;
  /**
   * Boundary convention.
   * @default 'bfscore'
   */
  boundary?: BoundaryConvention;
  /**
   * Tolerance in pixels (≥ 0): θ for `'bfscore'` (match when squared distance < θ²), r for
   * `'davis'` (match when ≤ r²). Compared exactly in integers.
   * @default the convention's own for this image size: bfscore 0.0075 × diagonal (decided as
   * 160000·d² < 9·(w² + h²)), davis ceil(0.008 × diagonal)
   */
  tolerance?: number;
}

/** Output of one engine call: integer counts that sum exactly across images. */
export interface ImageStats {
  /** numClasses² confusion increments, row-major [truth * K + pred]; gt pixels == ignoreIndex skipped */
  confusion: Float64Array;
  /**
   * Index = class id 0..K-1; an entry for every class c ≥ 1 present in the ground truth or the
   * prediction, null otherwise (class 0 always null). Under `'bfscore'` a present class always
   * has boundary pixels; under `'davis'` it may have none (a class covering the whole image),
   * and prediction pixels on void pixels do not make a class present.
   */
  boundary: (BoundaryCounts | null)[];
}
