/**
 * The per-image contract every metrics engine fulfils. {@link SegmentationMetrics} validates its
 * inputs once and then hands an {@link ImageStatsParams} to an engine (typed-array or tfjs); the
 * engine returns integer counts only, so accumulation is exact and engines are interchangeable.
 */

/** Boundary-pixel counts of one class in one image (bF1, docs/metrics.md). */
export interface BoundaryCounts {
  /** Number of ground-truth boundary pixels of the class. */
  gtBoundary: number;
  /** Ground-truth boundary pixels with a predicted boundary pixel at squared distance < θ². */
  gtMatched: number;
  /** Number of predicted boundary pixels of the class. */
  predBoundary: number;
  /** Predicted boundary pixels with a ground-truth boundary pixel at squared distance < θ². */
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
  /** θ in pixels: a boundary pixel matches when squared distance < θ² */
  tolerance: number;
}

/** Output of one engine call: integer counts that sum exactly across images. */
export interface ImageStats {
  /** numClasses² confusion increments, row-major [truth * K + pred]; gt pixels == ignoreIndex skipped */
  confusion: Float64Array;
  /** index = class id 0..K-1; entry for every class c ≥ 1 present in gt or pred, null otherwise (class 0 always null) */
  boundary: (BoundaryCounts | null)[];
}
