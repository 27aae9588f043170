/**
 * diffseg30k — the TypeScript SDK and data format of the DiffSeg30k benchmark: stream a split,
 * apply the paper's protocols and distortions, batch it for training, and score predictions with
 * the paper's metrics.
 *
 * The root holds what a user of the dataset needs. Everything else lives at a subpath, by
 * audience: `diffseg30k/format` (the record schema, Parquet shards, the dataset card, opening and
 * importing datasets), `diffseg30k/sources` (where a dataset lives: the Hub, a zip, a folder, the
 * bundled samples), `diffseg30k/io` (the byte layer and HTTP), `diffseg30k/mask` (COCO RLE,
 * label maps, decoding pixels), `diffseg30k/metrics` (the per-image engines, the worker pool,
 * average precision) and `diffseg30k/stats` (dataset statistics, figures, overlays).
 *
 * @example
 * ```ts
 * import { loadSplit } from 'diffseg30k';
 * for await (const s of loadSplit('val', { source: 'samples' })) {
 *   const labels = await s.labelMap(); // 0 background, 1..8 generators, 255 ignore
 * }
 * ```
 * @packageDocumentation
 */

// Errors: every failure is a DiffsegError with a stable `code`.
export {
  DiffsegError,
  ArgumentError,
  SchemaError,
  FormatError,
  SourceError,
  HubError,
  OutputError,
  DatasetError,
  type ErrorContext,
  type DiffsegErrorCode,
  type ErrorParams,
  type SchemaIssue,
  type HttpDeadline,
} from './errors.js';
export { ResumeError } from './stream/resume-error.js';
export { TransformError } from './transforms/transform-error.js';
export { MetricsError } from './metrics/metrics-error.js';

// The labels (the rest of the data model: diffseg30k/format).
export { GENERATORS, LABELS, NUM_CLASSES, type Generator, type EditType, type BaseType, type SplitName, type LabelInfo } from './schema/labels.js';
export type { Turn, RecordMetadata, DatasetRecord, ImageField, MaskOnlyMetadata, MaskOnlyRecord, AnyRecordMetadata, AnyRecord } from './schema/record.js';
export type { Sample, AnnotatedSample, MaskOnlySample, SampleBase } from './schema/sample.js';
export type { DecodedImage, ImageSize, LabelledImage } from './schema/decoded.js';

// Loading a split.
export { loadSplit, type LoadSplitOptions, type SplitStream } from './stream/load-split.js';
export type { SplitOrderOptions } from './stream/load-split-options.js';
export type { LoaderState } from './stream/loader-state.js';
export type { PartitionMode, EpochSegment } from './stream/order-epoch.js';
export type { SourceLike, SourceParams, HubOptions } from './repo/resolve-source.js';
export type { DatasetSource, RepoFile } from './repo/dataset-source.js';

// The paper's protocols: splits, filters, holdouts.
export { splitOf, type SplitParams, type SplitSide } from './splits/split-of.js';
export { splitRecords, type SplitResult } from './splits/split-records.js';
export { HOLDOUT_PRESETS, type HoldoutPreset, type HeldOut } from './splits/holdout-presets.js';
export { holdoutSide, type HoldoutSide, type HoldoutRecord } from './splits/holdout-side.js';
export { crossGeneratorSplit, type CrossGeneratorCounts, type CrossGeneratorSplitResult } from './splits/cross-generator-split.js';
export { recordFilter, type RecordFilterOptions, type FilterableRecord, type RecordPredicate } from './splits/record-filter.js';
export { filterRecords } from './splits/filter-records.js';

// Distortions, augmentation and batching.
export type { Transform, TransformContext, TransformResult, Geometry, EncodedImage, EncodedInput } from './transforms/transform.js';
export { applyTransform, type ApplyTransformParams } from './transforms/apply-transform.js';
export { jpeg } from './transforms/jpeg.js';
export { webp } from './transforms/webp.js';
export { resize } from './transforms/resize.js';
export { scale } from './transforms/scale.js';
export { gaussianBlur } from './transforms/gaussian-blur.js';
export { gaussianNoise } from './transforms/gaussian-noise.js';
export { crop, type CropRect } from './transforms/crop.js';
export { randomCrop } from './transforms/random-crop.js';
export { flip } from './transforms/flip.js';
export { randomFlip } from './transforms/random-flip.js';
export { compose } from './transforms/compose.js';
export { ROBUSTNESS_PRESETS, robustnessPreset, type RobustnessPreset } from './transforms/robustness-preset.js';
export { toBatches, type Batch, type BatchableSample, type Normalization, type ToBatchesOptions } from './transforms/to-batches.js';
export { toTfDataset, type ToTfDatasetOptions, type TfDataLike, type TfDatasetOf, type SampleSource } from './adapters/to-tf-dataset.js';

// Metrics and evaluation.
export {
  SegmentationMetrics,
  type MetricsEngine,
  type MetricsImage,
  type SegmentationMetricsOptions,
  type SegmentationResult,
  type SegmentationMetricsJSON,
} from './metrics/segmentation-metrics.js';
export { DetectionMetrics, type DetectionMetricsOptions, type DetectionResult, type DetectionMetricsJSON } from './metrics/detection-metrics.js';
export type { BoundaryConvention } from './metrics/image-stats.js';
export type { TfjsLike } from './metrics/tfjs/tfjs-like.js';
export { toBinaryLabels } from './metrics/to-binary-labels.js';
export {
  evaluatePredictions,
  type EvaluatePredictionsParams,
  type EvaluationItem,
  type EvaluationRecord,
  type EvaluationReport,
  type EvaluationTask,
  type EvaluationGrouping,
  type GroupReport,
  type TaskReport,
} from './metrics/evaluate-predictions.js';

// Writing and validating datasets.
export { writeDataset, type WriteDatasetParams, type WriteDatasetSummary, type WrittenSplit, type WritableItem } from './format/write-dataset.js';
export { validateRecord, type RecordValidation } from './validate/validate-record.js';
export { validateDataset, type ValidateDatasetParams, type DatasetValidation, type DatasetProblem } from './validate/validate-dataset.js';
