/**
 * `diffseg30k/format` — the data format, for tools that open, import, write or inspect datasets
 * themselves: the record schema and its constants, opening a dataset and its shards, importing the
 * authors' other layouts, building samples from records, the Arrow schema and record ↔ Arrow
 * conversion, the Hugging Face features (footer key and card YAML), the dataset card, shard names,
 * the Parquet footer reader, the zip readers of the authors' archive layout, and the limits the
 * readers and writers enforce. A user of the dataset needs none of it: `loadSplit` and
 * `writeDataset` at the package root cover reading and writing.
 * @packageDocumentation
 */

// The data model beyond the labels at the root.
export { SPLITS, EDIT_TYPES, BASE_TYPES, BACKGROUND_LABEL, IGNORE_INDEX, IGNORE_LABEL, labelOfGenerator, generatorOfLabel, isGenerator, canonicalSplit } from '../schema/labels.js';
export { TurnSchema, RecordMetadataSchema, DatasetRecordSchema, ImageFieldSchema, MaskOnlyMetadataSchema, MaskOnlyRecordSchema, isMaskOnly } from '../schema/record.js';

// Opening, planning and importing datasets; samples of your own records.
export { openDataset, LOOSE_PAIRS, type OpenDatasetParams, type Dataset, type DatasetSplit, type LayoutKind } from './open-dataset.js';
export { planSplit } from '../stream/plan-split.js';
export type { SplitPlan } from '../stream/split-plan.js';
export { openShard, MAX_ROW_GROUP_BYTES, type OpenShardParams, type Shard, type RecordShard, type ShardRowGroup, type HuggingfaceKey } from './open-shard.js';
export { importDataset, type ImportDatasetParams, type ImportSummary, type ImportedSplit } from './import-dataset.js';
export { createSample } from '../sample/create-sample.js';
export { transformSample, type TransformedSample } from '../sample/transform-sample.js';

// Limits the readers and writers enforce, and the JPEG settings the transforms encode with.
export { MAX_RECORD_BYTES } from './write-dataset.js';
export { LOADER_STATE_LIMITS } from '../stream/loader-state.js';
export { JPEG_ENCODER_OPTIONS } from '../transforms/jpeg.js';

// Arrow, Parquet, the dataset card, shard and archive layouts.
export { RECORD_ARROW_SCHEMA, MASK_ONLY_ARROW_SCHEMA, TURN_ARROW_TYPE, RECORD_COLUMNS, METADATA_COLUMNS, IMAGE_COLUMNS } from '../parquet/arrow.js';
export { openImageMaskShard, isImageMaskSchema } from './open-image-mask-shard.js';
export { openPairShard, findPairs, isPairMember, PAIRS_PER_GROUP, type MemberPair } from './open-pair-shard.js';
export { splitOfDirectory, splitOfFileName, splitsFromPaths } from './split-from-paths.js';
export { LABEL_ORDER_KEY } from '../card/label-order-from-card.js';
export { recordsToArrow } from '../parquet/arrow-from-records.js';
export { arrowToRecords } from '../parquet/arrow-to-records.js';
export { arrowToMetadata } from '../parquet/arrow-to-metadata.js';
export { HF_FEATURES, hfFooterMetadata, hfFeaturesYaml, type HfYamlFeature, type HfFeature, type HfValueFeature, type HfImageFeature } from '../card/hf-features.js';
export { renderDatasetCard, type DatasetCardOptions, type CardSplit } from '../card/render-dataset-card.js';
export { parseDatasetCard, type DatasetCard } from '../card/parse-dataset-card.js';
export { shardName } from './shard-name.js';
export { readParquetFooter, type ParquetFooter, type RowGroupInfo, type ColumnChunkInfo, type TopLevelColumn } from '../parquet/read-parquet-footer.js';
export { readZipDirectory, type ZipDirectory, type ZipEntry } from '../repo/read-zip-directory.js';
export { readZipMember } from '../repo/read-zip-member.js';
