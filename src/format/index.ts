/**
 * The canonical Parquet shard format: writing a Hub-compatible dataset directory, reading its card
 * and layout, and reading shards a row group at a time with column projection.
 */
export { writeDataset, type WriteDatasetParams, type WriteDatasetSummary, type WrittenSplit } from './write-dataset.js';
export { openShard, type OpenShardParams, type Shard, type ShardRowGroup } from './open-shard.js';
export { openDataset, type DatasetLayout, type DatasetSplit } from './open-dataset.js';
export { readParquetFooter, type ParquetFooter, type RowGroupInfo, type ColumnChunkInfo, type TopLevelColumn } from './read-parquet-footer.js';
export { renderDatasetCard, type DatasetCardOptions, type CardSplit } from './render-dataset-card.js';
export { parseDatasetCard, type DatasetCard } from './parse-dataset-card.js';
export { shardName } from './shard-name.js';
export { RECORD_ARROW_SCHEMA, TURN_ARROW_TYPE, RECORD_COLUMNS, METADATA_COLUMNS, IMAGE_COLUMNS } from './arrow.js';
export { recordsToArrow } from './arrow-from-records.js';
export { arrowToRecords } from './arrow-to-records.js';
export { arrowToMetadata } from './arrow-to-metadata.js';
export { HF_FEATURES, hfFooterMetadata, hfFeaturesYaml, type HfYamlFeature } from './hf-features.js';
export { decodeImage } from '../codec/decode-image.js';
export { decodeLabelMap } from '../codec/decode-label-map.js';
