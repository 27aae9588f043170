import { mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { DataType, Table, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { ArgumentError, SchemaError } from '../errors.js';
import { checkParams, keysOf } from '../internal/check-params.js';
import { outputFailed } from '../internal/output-failed.js';
import { RECORD_ARROW_SCHEMA } from '../parquet/arrow.js';
import { recordsToArrow } from '../parquet/arrow-from-records.js';
import { hfFooterMetadata } from '../card/hf-features.js';
import { canonicalSplit } from '../schema/labels.js';
import { type AnyRecord, DatasetRecordSchema, MaskOnlyRecordSchema, isMaskOnly } from '../schema/record.js';
import type { Sample } from '../schema/sample.js';
import { type DatasetCardOptions, renderDatasetCard } from '../card/render-dataset-card.js';
import { shardName } from './shard-name.js';
import { stageDatasetDirectory } from './stage-dataset-directory.js';

/** What {@link writeDataset} wrote for one split. Field names follow the card's `dataset_info`. */
export interface WrittenSplit {
  /** Shard paths relative to the dataset directory, in order (`data/train-00000-of-00002.parquet`, …). */
  files: string[];
  /** Records written. */
  num_examples: number;
  /** Size of the split as Arrow data (its IPC stream bytes): what `datasets` calls `num_bytes`. */
  num_bytes: number;
  /** Total size of the split's Parquet files on disk. */
  download_size: number;
}

/** Summary returned by {@link writeDataset}. */
export interface WriteDatasetSummary {
  /** The dataset directory. */
  out: string;
  /** Path of the dataset card written (`{out}/README.md`), or `undefined` with `card: false`. */
  card: string | undefined;
  /** Per split, keyed by canonical split name. */
  splits: Record<string, WrittenSplit>;
}

/** Parameters of {@link writeDataset}. */
export interface WriteDatasetParams {
  /**
   * Dataset directory: missing or empty, or — with `overwrite` — a dataset written before.
   * Shards go to `{out}/data/`, the card to `{out}/README.md`.
   */
  out: string;
  /**
   * Replace the dataset already at `out`. Only a folder holding nothing but `README.md` and
   * `data/{split}-NNNNN-of-NNNNN.parquet` is replaced (all of it: splits not written this time
   * are gone afterwards); anything else there is refused with an {@link ArgumentError}.
   * @default false
   */
  overwrite?: boolean;
  /**
   * Records per split. Keys are split names (`val` is written as `validation`); each record's
   * own `split` must name the same split. Iterated once, in order, a row group at a time.
   *
   * An item may be a record or a {@link Sample} as `loadSplit` yields it (loaded without
   * `metadataOnly`): its metadata and its published `imageBytes`/`maskBytes` are written as they
   * are, never re-encoded, so `loadSplit` → `writeDataset` → `loadSplit` gives the same samples.
   * A sample without bytes (a metadata-only pass, or a `transformSample` result, whose pixels
   * no longer match the published file) is refused with an {@link ArgumentError} naming it.
   */
  splits: Record<string, Iterable<WritableItem> | AsyncIterable<WritableItem>>;
  /**
   * Rows per Parquet row group: the unit a reader fetches and decodes at once.
   * @default 100 (as `datasets` does for image columns: a row group of 512×512 PNGs is tens of MB)
   */
  rowGroupRows?: number;
  /**
   * Start a new shard once a shard holds this many bytes of Arrow data.
   * @default 500_000_000 (the Hub's customary `max_shard_size`)
   */
  maxShardBytes?: number;
  /**
   * Start a new shard once a shard holds this many rows.
   * @default Infinity
   */
  maxShardRows?: number;
  /** Dataset card options, or `false` to write no `README.md`. @default {} */
  card?: DatasetCardOptions | false;
  /** Aborts between row groups; what was written so far is removed and `out` is left as it was. */
  signal?: AbortSignal;
}

/** What a split of {@link writeDataset} may hold: records, or samples as `loadSplit` yields them. */
export type WritableItem = AnyRecord | Sample;

const WRITE_DATASET_KEYS = keysOf<WriteDatasetParams>()('out', 'overwrite', 'splits', 'rowGroupRows', 'maxShardBytes', 'maxShardRows', 'card', 'signal');

const SPLIT_NAME = /^\w+(\.\w+)*$/;
const BATCH_BYTE_BUDGET = 256 * 1024 * 1024;

/**
 * Most bytes of encoded image plus mask one record may hold: 256 MiB, a 8000×8000 RGB PNG of
 * noise and far more than any photo. parquet-wasm 0.8 aborts the whole process (an uncatchable
 * `RuntimeError: unreachable`) on a single value of about 500 MB; the limit keeps a record well
 * below that, so {@link writeDataset} refuses it with a {@link SchemaError} instead.
 */
export const MAX_RECORD_BYTES = 256 * 1024 * 1024;

/**
 * Writes records as a Hugging Face–compatible Parquet dataset: `data/{split}-{i:05d}-of-{n:05d}.parquet`
 * shards (image and mask pages uncompressed, the metadata columns ZSTD; `rowGroupRows` rows per row group, the `huggingface` features key in each footer)
 * and a dataset card `README.md` whose YAML declares `configs` and `dataset_info`.
 *
 * Records stream through: a row group is built, encoded by parquet-wasm's
 * `transformParquetStream` and appended to the shard file before the next is read, so memory holds
 * about one row group, never a whole shard.
 *
 * Nothing at `out` changes until every split is written: the dataset is built in a hidden folder
 * (beside `out`, or inside it when it exists) and moved into place at the end, so a failed,
 * aborted or killed write leaves what was there intact. A non-empty `out` is refused unless
 * `overwrite` is set, and even then only when it holds a dataset (a card and shards) and nothing
 * else; the whole dataset is then replaced, so write every split of a dataset in one call.
 *
 * Every record is parsed with `DatasetRecordSchema` first; a bad one throws a {@link SchemaError}
 * naming the record id and its position in the split (`row`, counted from 0). So does a record
 * holding more than {@link MAX_RECORD_BYTES} (256 MiB) of encoded image and mask.
 *
 * Samples are written as `Dataset.from_generator` writes what a generator yields: give it
 * `loadSplit(…)` (or a filtered view of it) and the samples become rows, bytes untouched.
 * @example
 * // The bundled samples scored 4 or more, written as a dataset of their own:
 * const summary = await writeDataset({
 *   out: 'out/my-dataset',
 *   splits: {
 *     train: loadSplit('train', { source: 'samples', minQuality: 4 }),
 *     validation: loadSplit('validation', { source: 'samples', minQuality: 4 }),
 *   },
 *   card: { title: 'My DiffSeg30k subset', body: 'Made with diffseg30k.' },
 * });
 * console.log(summary.splits.train.files); // ['data/train-00000-of-00001.parquet']
 */
export async function writeDataset(params: WriteDatasetParams): Promise<WriteDatasetSummary> {
  checkParams('writeDataset', params, WRITE_DATASET_KEYS);
  if (typeof params.out !== 'string' || params.out === '') throw new ArgumentError({ message: `writeDataset: out must be the path of a folder, got ${JSON.stringify(params.out) ?? 'undefined'}` });
  if (params.splits === null || typeof params.splits !== 'object') {
    throw new ArgumentError({ message: 'writeDataset: splits must map split names to records, e.g. { train: records, validation: moreRecords }' });
  }
  const rowGroupRows = params.rowGroupRows ?? 100;
  const maxShardBytes = params.maxShardBytes ?? 500_000_000;
  const maxShardRows = params.maxShardRows ?? Number.POSITIVE_INFINITY;
  if (!Number.isInteger(rowGroupRows) || rowGroupRows < 1) throw new ArgumentError({ message: `writeDataset: rowGroupRows must be a positive integer, got ${rowGroupRows}` });
  if (!(maxShardBytes > 0)) throw new ArgumentError({ message: `writeDataset: maxShardBytes must be positive, got ${maxShardBytes}` });
  if (!(maxShardRows >= 1)) throw new ArgumentError({ message: `writeDataset: maxShardRows must be at least 1, got ${maxShardRows}` });
  const entries = Object.entries(params.splits).map(([name, records]) => [canonicalSplit(name), records] as const);
  if (entries.length === 0) throw new ArgumentError({ message: 'writeDataset: no splits given' });
  const seen = new Set<string>();
  for (const [name] of entries) {
    if (!SPLIT_NAME.test(name)) throw new ArgumentError({ message: `writeDataset: split name "${name}" must be word characters (letters, digits, _) optionally joined by dots` });
    if (seen.has(name)) throw new ArgumentError({ message: `writeDataset: split "${name}" given twice (val is an alias of validation)` });
    seen.add(name);
  }

  const stage = await stageDatasetDirectory({ dir: params.out, overwrite: params.overwrite ?? false, verb: 'writeDataset' });
  const out: Record<string, WrittenSplit> = {};
  try {
    const dataDir = join(stage.staging, 'data');
    await mkdir(dataDir).catch(outputFailed({ path: dataDir, what: 'cannot create the folder' }));
    for (const [split, records] of entries) {
      const temps: string[] = [];
      const summary = await writeSplit({
        split,
        records,
        dataDir,
        rowGroupRows,
        maxShardRows,
        maxShardBytes,
        signal: params.signal,
        onTemp: (path) => temps.push(path),
      });
      const files: string[] = [];
      for (let i = 0; i < temps.length; i++) {
        const name = shardName({ split, index: i, count: temps.length });
        await rename(temps[i], join(dataDir, name)).catch(outputFailed({ path: join(params.out, 'data', name), what: 'cannot write' }));
        files.push(`data/${name}`);
      }
      out[split] = { ...summary, files };
    }
    if (params.card !== false) {
      const text = renderDatasetCard({ splits: out, ...(params.card ?? {}) });
      await writeFile(join(stage.staging, 'README.md'), text).catch(outputFailed({ path: join(params.out, 'README.md'), what: 'cannot write' }));
    }
    // Every split is complete: only now does anything at `out` change.
    await stage.commit();
  } catch (error) {
    await stage.discard();
    throw error;
  }
  return { out: params.out, card: params.card === false ? undefined : join(params.out, 'README.md'), splits: out };
}

async function writeSplit(p: {
  split: string;
  records: Iterable<WritableItem> | AsyncIterable<WritableItem>;
  dataDir: string;
  rowGroupRows: number;
  maxShardBytes: number;
  maxShardRows: number;
  signal: AbortSignal | undefined;
  onTemp: (path: string) => void;
}): Promise<Omit<WrittenSplit, 'files'>> {
  const iterator = iterate(p.records);
  try {
    return await writeShards(p, iterator);
  } catch (error) {
    // Let the caller's generator run its `finally` blocks (close files, connections).
    await iterator.return?.();
    throw error;
  }
}

async function writeShards(
  p: Parameters<typeof writeSplit>[0],
  iterator: AsyncIterator<WritableItem> | Iterator<WritableItem>,
): Promise<Omit<WrittenSplit, 'files'>> {
  let position = 0;
  let exhausted = false;
  let maskOnly: boolean | undefined;
  // A record that did not fit the previous batch's byte budget: the first of the next batch.
  let carried: AnyRecord | undefined;
  const done = () => exhausted && carried === undefined;

  /**
   * Validates and converts up to `limit` records; `undefined` once the split is exhausted.
   * `cut` says the byte budget ended the batch before `limit` rows.
   */
  const nextBatch = async (limit: number): Promise<{ rows: number; ipc: Uint8Array; cut: boolean } | undefined> => {
    p.signal?.throwIfAborted();
    if (done()) return undefined;
    const records: AnyRecord[] = [];
    let imageBytes = 0;
    let cut = false;
    // The byte budget keeps a batch — and so a row group, see the shard loop — within what
    // parquet-wasm can decode again (MAX_ROW_GROUP_BYTES), far from Arrow's 2 GiB int32-offset
    // limit: a record that would cross it starts the next batch.
    while (records.length < limit) {
      let record = carried;
      carried = undefined;
      if (record === undefined) {
        if (exhausted) break;
        const next = await iterator.next();
        if (next.done) {
          exhausted = true;
          break;
        }
        record = validate(next.value, p.split, position++);
        // One shard schema per split: every record annotated, or every one mask-only.
        const isMaskOnly = record.turns === null;
        maskOnly ??= isMaskOnly;
        if (isMaskOnly !== maskOnly) {
          throw new SchemaError({
            issues: [{ path: ['annotations'], message: `split ${p.split} mixes fully annotated and mask-only records; write them as separate datasets` }],
            recordId: record.id,
            row: position - 1,
          });
        }
      }
      const size = (record.image.bytes?.length ?? 0) + (record.mask.bytes?.length ?? 0);
      if (records.length > 0 && imageBytes + size > BATCH_BYTE_BUDGET) {
        carried = record;
        cut = true;
        break;
      }
      imageBytes += size;
      records.push(record);
    }
    if (records.length === 0) return undefined;
    const ipc = tableToIPC(new Table([recordsToArrow({ records })]), 'stream');
    return { rows: records.length, ipc, cut };
  };

  let numExamples = 0;
  let numBytes = 0;
  let downloadSize = 0;
  let shardIndex = 0;
  let next = await nextBatch(Math.min(p.rowGroupRows, p.maxShardRows));
  if (!next) {
    // An empty split still gets one (empty) shard, so the card's data_files pattern matches a file.
    const temp = join(p.dataDir, `.${p.split}-${shardIndex}.${process.pid}.tmp`);
    p.onTemp(temp);
    const empty = new Table(RECORD_ARROW_SCHEMA);
    const bytes = parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(empty, 'stream')), writerProperties(p.rowGroupRows));
    await writeFile(temp, bytes).catch(outputFailed({ path: temp, what: 'cannot write' }));
    return { num_examples: 0, num_bytes: 0, download_size: bytes.length };
  }
  while (next) {
    const temp = join(p.dataDir, `.${p.split}-${shardIndex}.${process.pid}.tmp`);
    p.onTemp(temp);
    let shardRows = 0;
    let shardBytes = 0;
    let failure: unknown;
    let pending: typeof next | undefined = next;
    next = undefined;
    // A batch cut by the byte budget leaves its row group open; the next batch would join it and
    // the row group could outgrow what a reader can decode, so the shard ends there instead.
    let rowGroupOpen = false;
    const full = () => shardRows >= p.maxShardRows || shardBytes >= p.maxShardBytes || rowGroupOpen;
    // Errors never go into the stream: a failing source stream can panic parquet-wasm. A failure
    // ends the shard cleanly instead, and is rethrown once the writer has finished.
    const input = new ReadableStream(
      {
        pull: async (controller) => {
          try {
            if (!pending && !full() && !done()) pending = await nextBatch(Math.min(p.rowGroupRows, p.maxShardRows - shardRows));
          } catch (error) {
            failure = error;
            pending = undefined;
          }
          if (!pending || failure !== undefined) {
            controller.close();
            return;
          }
          const { rows, ipc, cut } = pending;
          pending = undefined;
          rowGroupOpen = cut;
          shardRows += rows;
          shardBytes += ipc.byteLength;
          numExamples += rows;
          numBytes += ipc.byteLength;
          const table = parquet.Table.fromIPCStream(ipc);
          const batches = table.recordBatches();
          // Free the wasm-side table now rather than at GC: wasm memory never shrinks, so what a
          // row group leaves behind must be reusable by the next.
          table.free();
          for (const b of batches) controller.enqueue(b);
        },
      },
      { highWaterMark: 0 },
    );
    const output = await parquet.transformParquetStream(input, writerProperties(p.rowGroupRows));
    const handle = await open(temp, 'w').catch(outputFailed({ path: temp, what: 'cannot write' }));
    try {
      for await (const chunk of output as unknown as AsyncIterable<Uint8Array>) await handle.write(chunk).catch(outputFailed({ path: temp, what: 'cannot write' }));
    } finally {
      await handle.close().catch(outputFailed({ path: temp, what: 'cannot write' }));
    }
    if (failure !== undefined) throw failure;
    downloadSize += (await stat(temp).catch(outputFailed({ path: temp, what: 'cannot write' }))).size;
    shardIndex++;
    if (!done()) next = await nextBatch(Math.min(p.rowGroupRows, p.maxShardRows));
  }
  return { num_examples: numExamples, num_bytes: numBytes, download_size: downloadSize };
}

/**
 * Top-level columns that are neither structs nor lists: the only columns parquet-wasm 0.8 can give
 * settings of their own (a per-column setting names a column by one string, which never matches
 * a nested leaf such as `image.bytes`).
 */
const FLAT_COLUMNS = RECORD_ARROW_SCHEMA.fields.filter((f) => !DataType.isStruct(f.type) && !DataType.isList(f.type)).map((f) => f.name);

/**
 * Fresh properties for every file: parquet-wasm silently ignores a reused instance (docs/dependencies.md).
 *
 * Pages are stored uncompressed, except those of the flat metadata columns (ZSTD). The image and
 * mask bytes are PNG or JPEG files that ZSTD cannot shrink (a photograph's PNG gains nothing),
 * and an uncompressed page lets a reader take each file's bytes straight out of the column chunk
 * it fetched, without a decompression and the copies through wasm memory and Arrow that follow
 * it (docs/format.md §4.1). parquet-wasm cannot compress nested leaves apart from the image
 * columns, so the turns' strings are uncompressed too: a few hundred bytes a record.
 */
function writerProperties(rowGroupRows: number): parquet.WriterProperties {
  let builder = new parquet.WriterPropertiesBuilder()
    .setCompression(parquet.Compression.UNCOMPRESSED)
    .setMaxRowGroupSize(rowGroupRows)
    // Dictionary pages only cost time on unique image bytes, and ZSTD already folds the repeated
    // strings (generator names, edit types) that a dictionary would.
    .setDictionaryEnabled(false)
    // The Arrow schema's own copy of the key goes into `ARROW:schema` (pyarrow, `datasets`); only
    // this puts it among the Parquet key-value pairs too (DuckDB, hyparquet, the Hub's viewer).
    .setKeyValueMetadata(new Map([['huggingface', hfFooterMetadata()]]));
  for (const column of FLAT_COLUMNS) builder = builder.setColumnCompression(column, parquet.Compression.ZSTD);
  return builder.build();
}

/**
 * A sample as the record it was read from: its metadata and its published bytes. The lazy
 * decoders, the `file` it came from and the bytes' new homes (`imageBytes`) are not columns.
 */
function recordOfSample(sample: Sample, split: string, position: number): unknown {
  const { image, labelMap, binaryMask, turnMask, file, imageBytes, maskBytes, ...metadata } = sample as Sample & Record<string, unknown>;
  const missing = imageBytes === undefined ? 'image' : maskBytes === undefined ? 'mask' : undefined;
  if (missing) {
    const why =
      'original' in sample
        ? 'it is a transformSample result, whose pixels no longer match the published file; encode them (as `diffseg30k distort` does) into a record'
        : 'it was loaded with metadataOnly; load the split without metadataOnly to write it';
    throw new ArgumentError({ message: `writeDataset: split ${split}, row ${position}: sample ${sample.id} of ${file} has no ${missing} bytes: ${why}` });
  }
  if (metadata.label_order !== undefined) {
    // Its mask values are not the package's ids, and no column says so: written as they are, the
    // generators would be silently relabelled.
    throw new ArgumentError({
      message: `writeDataset: split ${split}, row ${position}: sample ${sample.id} of ${file} has a label_order (its mask values are not the package's label ids); import the dataset with importDataset, which records the order in its card`,
    });
  }
  return { ...metadata, image: { bytes: imageBytes, path: null }, mask: { bytes: maskBytes, path: null } };
}

function validate(item: WritableItem, split: string, position: number): AnyRecord {
  const record = (typeof (item as { image?: unknown })?.image === 'function' ? recordOfSample(item as Sample, split, position) : item) as AnyRecord;
  const id = typeof (record as { id?: unknown })?.id === 'string' ? (record as { id: string }).id : undefined;
  const parsed = (isMaskOnly(record) ? MaskOnlyRecordSchema : DatasetRecordSchema).safeParse(record);
  if (!parsed.success) {
    throw new SchemaError({
      issues: parsed.error.issues.map((i) => ({ path: i.path.map((x) => (typeof x === 'symbol' ? String(x) : x)), message: i.message })),
      recordId: id,
      row: position,
    });
  }
  const bytes = (parsed.data.image.bytes?.length ?? 0) + (parsed.data.mask.bytes?.length ?? 0);
  if (bytes > MAX_RECORD_BYTES) {
    throw new SchemaError({
      issues: [
        {
          path: ['image', 'bytes'],
          message: `the record holds ${bytes} bytes of image and mask, more than the ${MAX_RECORD_BYTES} (256 MiB) a record may hold (the Parquet writer cannot encode a value near 500 MB)`,
        },
      ],
      recordId: id,
      row: position,
    });
  }
  if (canonicalSplit(parsed.data.split) !== split) {
    throw new SchemaError({
      issues: [{ path: ['split'], message: `record says split "${parsed.data.split}" but is being written to split "${split}"` }],
      recordId: id,
      row: position,
    });
  }
  return parsed.data;
}

function iterate<T>(source: Iterable<T> | AsyncIterable<T>): AsyncIterator<T> | Iterator<T> {
  const asyncIt = (source as AsyncIterable<T>)[Symbol.asyncIterator];
  return asyncIt ? asyncIt.call(source) : (source as Iterable<T>)[Symbol.iterator]();
}
