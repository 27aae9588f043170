/**
 * diffseg30k — the TypeScript SDK and data format of the DiffSeg30k benchmark: stream a split,
 * decode images and label maps, apply the paper's protocols and distortions, and score
 * predictions with the paper's metrics.
 *
 * The root exports what a user of the dataset needs; the Parquet/Arrow internals that dataset
 * tooling may want (footers, Arrow schemas, card rendering) live at `diffseg30k/format`.
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
  RleError,
  SchemaError,
  FormatError,
  SourceError,
  HubError,
  OutputError,
  DatasetError, DependencyError, type ErrorContext,
  type DiffsegErrorCode,
  type ErrorParams,
  type SchemaIssue,
  type HttpDeadline,
} from './errors.js';

// The data model.
export {
  GENERATORS,
  EDIT_TYPES,
  BASE_TYPES,
  SPLITS,
  LABELS,
  IGNORE_LABEL,
  BACKGROUND_LABEL,
  IGNORE_INDEX,
  NUM_CLASSES,
  labelOfGenerator,
  generatorOfLabel,
  isGenerator,
  canonicalSplit,
  type Generator,
  type EditType,
  type BaseType,
  type SplitName,
  type LabelInfo,
} from './schema/labels.js';
export {
  TurnSchema,
  RecordMetadataSchema,
  DatasetRecordSchema,
  ImageFieldSchema,
  type Turn,
  type RecordMetadata,
  type DatasetRecord,
  type ImageField,
  MaskOnlyMetadataSchema,
  MaskOnlyRecordSchema,
  isMaskOnly,
  type MaskOnlyMetadata,
  type MaskOnlyRecord,
  type AnyRecordMetadata,
  type AnyRecord,
} from './schema/record.js';
export type { Sample, AnnotatedSample, MaskOnlySample, SampleBase } from './schema/sample.js';
export type { DecodedImage, ImageSize, LabelledImage } from './schema/decoded.js';
export { DECODE_MEMORY_BYTES, MAX_IMAGE_PIXELS } from './schema/limits.js';

// Masks (COCO RLE, byte for byte pycocotools) and pixel decoding.
export { encodeRle } from './mask/encode-rle.js';
export { decodeRle } from './mask/decode-rle.js';
export { rleArea } from './mask/rle-area.js';
export { rleBbox } from './mask/rle-bbox.js';
export { composeLabelMap, type LabelledMask } from './mask/compose-label-map.js';
export { binaryMaskOf } from './mask/binary-mask-of.js';
export type { Rle, CompressedRle } from './mask/rle-counts.js';
export { decodeImage } from './codec/decode-image.js';
export { decodeLabelMap } from './codec/decode-label-map.js';
export { encodeLabelMap, type EncodeLabelMapParams } from './codec/encode-label-map.js';

// Bytes and dataset locations.
export type { ByteSource } from './io/byte-source.js';
export { fromFile } from './io/from-file.js';
export { fromBuffer } from './io/from-buffer.js';
export { countingSource, type CountingSource, type ReadStats } from './io/counting-source.js';
export type { DatasetSource, RepoFile } from './repo/dataset-source.js';
export { localSource } from './repo/local-source.js';
export { samplesSource, samplesDirectory } from './repo/samples-source.js';
export { resolveSource, DEFAULT_SOURCE, type SourceLike, type SourceParams, type HubOptions } from './repo/resolve-source.js';

// The Hugging Face Hub and zip archives (the HTTP and zip plumbing below them: diffseg30k/io, diffseg30k/format).
export { hubSource, type HubSourceParams, type HubDatasetSource, type HubSourceJSON, type HubFile, type DownloadedFile } from './repo/hub-source.js';
export type { StoredHow } from './repo/hub-cache.js';
export { hubSettings, type HubSettings, type HubSettingsParams } from './repo/hub-settings.js';
export { parseHfUrl, type HfUrl } from './repo/parse-hf-url.js';
export { zipSource, type ZipDatasetSource, type ZipSourceParams } from './repo/zip-source.js';
export type { HttpStats } from './io/http-stats.js';
export type { RetryOptions } from './io/retry-policy.js';
export type { HttpTimeouts } from './io/http-timeouts.js';

// Reading and writing datasets.
export { loadSplit, type LoadSplitOptions, type SplitStream } from './stream/load-split.js';
export type { SplitOrderOptions } from './stream/load-split-options.js';
export { planSplit } from './stream/plan-split.js';
export type { SplitPlan } from './stream/split-plan.js';
export { LOADER_STATE_LIMITS, type LoaderState } from './stream/loader-state.js';
export type { PartitionMode, EpochSegment } from './stream/order-epoch.js';
export { ResumeError } from './stream/resume-error.js';
export { openDataset, type OpenDatasetParams, type DatasetLayout, type DatasetSplit, type LayoutKind } from './format/open-dataset.js';
export { openShard, MAX_ROW_GROUP_BYTES, type OpenShardParams, type Shard, type RecordShard, type ShardRowGroup, type HuggingfaceKey } from './format/open-shard.js';
export { writeDataset, MAX_RECORD_BYTES, type WriteDatasetParams, type WriteDatasetSummary, type WrittenSplit, type WritableItem } from './format/write-dataset.js';
export { importDataset, type ImportDatasetParams, type ImportSummary, type ImportedSplit } from './format/import-dataset.js';
export { createSample } from './sample/create-sample.js';
export { transformSample, type TransformedSample } from './sample/transform-sample.js';
export { describeDataset, type DescribeDatasetParams, type DatasetDescription, type SplitDescription } from './stats/describe-dataset.js';
export {
  datasetStatistics,
  type DatasetStatistics,
  type StatisticsPanel,
  type PanelCoverage,
  type CategoryCounts,
  type AreaRatioCounts,
  type EditCounts,
  type RoundCounts,
  type BaseImageCounts,
} from './stats/dataset-statistics.js';
export { AREA_RATIO_EDGES } from './stats/area-ratio-bins.js';
export { statisticsFigure } from './stats/statistics-figure.js';
export { statisticsMarkdown } from './stats/statistics-markdown.js';
export { writeStatistics, type WrittenStatistics } from './stats/write-statistics.js';
export { rasterizeSvg, type RasterizedSvg } from './charts/rasterize-svg.js';
export { validateRecord, type RecordValidation } from './validate/validate-record.js';
export { validateDataset, type ValidateDatasetParams, type DatasetValidation, type DatasetProblem } from './validate/validate-dataset.js';
export { renderOverlay } from './visualize/render-overlay.js';
export {
  evaluatePredictions,
  EVALUATION_GROUPINGS,
  TASK_CLASS_NAMES,
  type EvaluatePredictionsParams,
  type EvaluationItem,
  type EvaluationRecord,
  type EvaluationReport,
  type EvaluationTask,
  type EvaluationGrouping,
  type GroupReport,
  type TaskReport,
} from './metrics/evaluate-predictions.js';

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
export { TransformError } from './transforms/transform-error.js';
export { applyTransform, type ApplyTransformParams } from './transforms/apply-transform.js';
export { jpeg, JPEG_ENCODER_OPTIONS } from './transforms/jpeg.js';
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
export { toBatches, IMAGENET_NORMALIZATION, type Batch, type BatchableSample, type Normalization, type ToBatchesOptions } from './transforms/to-batches.js';
export { toTfDataset, type ToTfDatasetOptions, type TfDataLike, type TfDatasetOf, type SampleSource } from './adapters/to-tf-dataset.js';

// Metrics.
export {
  SegmentationMetrics,
  type MetricsEngine,
  type MetricsImage,
  type SegmentationMetricsOptions,
  type SegmentationResult,
  type SegmentationMetricsJSON,
} from './metrics/segmentation-metrics.js';
export { MetricsError } from './metrics/metrics-error.js';
export { toBinaryLabels } from './metrics/to-binary-labels.js';
export { defaultBoundaryTolerance } from './metrics/default-boundary-tolerance.js';
export { averagePrecision } from './metrics/average-precision.js';
export { DetectionMetrics, type DetectionMetricsOptions, type DetectionResult, type DetectionMetricsJSON } from './metrics/detection-metrics.js';
export { MetricsPool, type MetricsPoolOptions, type MetricsPoolJob } from './metrics/metrics-pool.js';
export type { ImageStats, ImageStatsParams, BoundaryCounts, BoundaryConvention } from './metrics/image-stats.js';
export { jsImageStats } from './metrics/js-image-stats.js';
export { tfjsImageStats, type TfjsImageStatsParams } from './metrics/tfjs/tfjs-image-stats.js';
export { useTfjsBackend, type TfjsBackendName, type UseTfjsBackendParams } from './metrics/tfjs/use-backend.js';
export type { TfjsLike } from './metrics/tfjs/tfjs-like.js';
