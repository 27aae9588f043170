/**
 * `diffseg30k/format` — the formats' internals, for tools that write or inspect shards and
 * archives themselves: the Arrow schema and record ↔ Arrow conversion, the Hugging Face features
 * (footer key and card YAML), the dataset card, shard names, the Parquet footer reader, and the
 * zip central-directory and member readers of the authors' archive layout.
 * Users of the dataset need none of it: `loadSplit`, `openDataset`, `openShard` and
 * `writeDataset` at the package root cover reading and writing.
 * @packageDocumentation
 */
export { RECORD_ARROW_SCHEMA, MASK_ONLY_ARROW_SCHEMA, TURN_ARROW_TYPE, RECORD_COLUMNS, METADATA_COLUMNS, IMAGE_COLUMNS } from '../parquet/arrow.js';
export { openImageMaskShard, isImageMaskSchema } from './open-image-mask-shard.js';
export { openPairShard, findPairs, isPairMember, PAIRS_PER_GROUP, type MemberPair } from './open-pair-shard.js';
export { splitOfDirectory, splitOfFileName } from './split-from-paths.js';
export { LABEL_ORDER_KEY } from '../card/label-order-from-card.js';
export { recordsToArrow } from '../parquet/arrow-from-records.js';
export { arrowToRecords } from '../parquet/arrow-to-records.js';
export { arrowToMetadata } from '../parquet/arrow-to-metadata.js';
export { HF_FEATURES, hfFooterMetadata, hfFeaturesYaml, type HfYamlFeature, type HfFeature, type HfValueFeature, type HfImageFeature } from '../card/hf-features.js';
export { renderDatasetCard, type DatasetCardOptions, type CardSplit } from '../card/render-dataset-card.js';
export { parseDatasetCard, type DatasetCard } from '../card/parse-dataset-card.js';
export { shardName } from './shard-name.js';
export { readParquetFooter, type ParquetFooter, type RowGroupInfo, type ColumnChunkInfo, type TopLevelColumn } from '../parquet/read-parquet-footer.js';
export { LOOSE_PAIRS } from './open-dataset.js';
export { splitsFromPaths } from './split-from-paths.js';
export { readZipDirectory, type ZipDirectory, type ZipEntry } from '../repo/read-zip-directory.js';
export { readZipMember } from '../repo/read-zip-member.js';
