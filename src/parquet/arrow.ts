/**
 * The Arrow schema of a DiffSeg30k Parquet shard (docs/format.md), column for column what Python's
 * `datasets` produces for the same features, so a shard written here and one written by
 * `Dataset.push_to_hub` are interchangeable.
 *
 * There is no `split` column. Like every Hub dataset, a shard belongs to the split its file name
 * (`data/{split}-…`) and the card's `configs` say; a reader fills each record's `split` from that.
 * A `split` column in a foreign file is tolerated and then wins.
 */
import { Binary, Field, Float32, Int8, Int32, Int64, List, Schema, Struct, Utf8 } from 'apache-arrow';
import { hfFooterMetadata } from '../card/hf-features.js';

/** Field of the Hugging Face `Image` layout: `struct<bytes: binary, path: string>`. */
const imageStruct = () => new Struct([new Field('bytes', new Binary(), true), new Field('path', new Utf8(), true)]);

/** The struct of one turn (one local edit), in column order. */
export const TURN_ARROW_TYPE = new Struct([
  new Field('index', new Int8(), false),
  new Field('generator', new Utf8(), false),
  new Field('label', new Int8(), false),
  new Field('edit_type', new Utf8(), false),
  new Field('prompt', new Utf8(), false),
  new Field('category', new Utf8(), true),
  new Field('object', new Utf8(), true),
  new Field('mask_rle', new Utf8(), false),
  new Field('area', new Int32(), false),
  new Field('bbox', new List(new Field('element', new Int32(), false)), false),
  // Last, so shards written before it existed differ only by a missing trailing field.
  new Field('variant', new Utf8(), true),
]);

/**
 * The Arrow schema of a shard, in column order. Nullable exactly where the format (docs/format.md) allows null
 * (the image structs are nullable as in `datasets`, though the writer always fills them).
 *
 * Its metadata carries the `huggingface` features key, as the schema of a `datasets` table does:
 * a Parquet writer embeds it in the file's `ARROW:schema`, which is where pyarrow and Python
 * `datasets` read schema metadata from (they ignore the Parquet key-value pair when a file has
 * an embedded Arrow schema), so `load_dataset("parquet", …)` decodes `image` and `mask` as images
 * even without the card.
 * @example
 * RECORD_ARROW_SCHEMA.fields.map((f) => f.name) // ['id', 'image', 'mask', 'width', …]
 */
export const RECORD_ARROW_SCHEMA = new Schema([
  new Field('id', new Utf8(), false),
  new Field('image', imageStruct(), true),
  new Field('mask', imageStruct(), true),
  new Field('width', new Int32(), false),
  new Field('height', new Int32(), false),
  new Field('base_type', new Utf8(), false),
  new Field('base_generator', new Utf8(), true),
  new Field('coco_id', new Int64(), true),
  new Field('base_prompt', new Utf8(), true),
  new Field('turns', new List(new Field('element', TURN_ARROW_TYPE, false)), false),
  new Field('num_turns', new Int8(), false),
  new Field('quality_score', new Float32(), true),
  new Field('quality_reason', new Utf8(), true),
], new Map([['huggingface', hfFooterMetadata()]]));

/**
 * The schema of a shard of mask-only records (written by `diffseg30k import` from the authors' zip
 * release or image/mask Parquet): the same columns and types, with `base_type`, `turns` and
 * `num_turns` nullable, since they are unknown. Fully annotated shards keep
 * {@link RECORD_ARROW_SCHEMA} exactly.
 */
export const MASK_ONLY_ARROW_SCHEMA = new Schema(
  RECORD_ARROW_SCHEMA.fields.map((f) => (['base_type', 'turns', 'num_turns'].includes(f.name) ? new Field(f.name, f.type, true) : f)),
  // The same `huggingface` key in the embedded Arrow schema, for pyarrow and `datasets`.
  RECORD_ARROW_SCHEMA.metadata,
);

/** Every column of a shard, in order. */
export const RECORD_COLUMNS: readonly string[] = RECORD_ARROW_SCHEMA.fields.map((f) => f.name);

/** The two encoded-image columns: the bulk of a shard's bytes. */
export const IMAGE_COLUMNS: readonly string[] = ['image', 'mask'];

/** The columns a metadata-only pass reads: everything but the images. */
export const METADATA_COLUMNS: readonly string[] = RECORD_COLUMNS.filter((c) => !IMAGE_COLUMNS.includes(c));
