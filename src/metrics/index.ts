/**
 * `diffseg30k/metrics` — below the accumulators at the root, for custom engines, pools and
 * reports: the per-image engines (`jsImageStats`, and `tfjsImageStats` on a backend chosen with
 * `useTfjsBackend`) whose counts a `SegmentationMetrics` adds with `addImageStats`; the worker
 * pool `evaluatePredictions` uses; average precision; the default boundary tolerance; and the
 * names of the evaluation's groupings and classes.
 * @packageDocumentation
 */
export type { ImageStats, ImageStatsParams, BoundaryCounts } from './image-stats.js';
export { jsImageStats } from './js-image-stats.js';
export { tfjsImageStats, type TfjsImageStatsParams } from './tfjs/tfjs-image-stats.js';
export { useTfjsBackend, type TfjsBackendName, type UseTfjsBackendParams } from './tfjs/use-backend.js';
export { MetricsPool, type MetricsPoolOptions, type MetricsPoolJob } from './metrics-pool.js';
export { averagePrecision } from './average-precision.js';
export { defaultBoundaryTolerance } from './default-boundary-tolerance.js';
export { EVALUATION_GROUPINGS, TASK_CLASS_NAMES } from './evaluate-predictions.js';
export { DependencyError } from '../errors.js';
