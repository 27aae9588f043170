/**
 * Metrics of DESIGN §3: segmentation accumulators (confusion matrix, IoU, boundary F1) with a
 * typed-array engine and a lazily loaded tfjs engine, image-level detection (accuracy, AP), and a
 * worker pool for whole-split evaluation.
 */
export * from './image-stats.js';
export * from './metrics-error.js';
export * from './default-boundary-tolerance.js';
export * from './js-image-stats.js';
export * from './segmentation-metrics.js';
export * from './to-binary-labels.js';
export * from './average-precision.js';
export * from './detection-metrics.js';
export * from './metrics-pool.js';
// The tfjs engine's public face. load-tfjs.ts and tf-module.ts stay internal: their declarations
// reference @tensorflow/tfjs-core, which users without the optional peer dependency do not have.
export * from './tfjs/tfjs-image-stats.js';
export * from './tfjs/use-backend.js';
export * from './tfjs/tfjs-like.js';
