import type { Schema, Table } from 'apache-arrow';
import { ArgumentError, FormatError } from '../errors.js';
import { IMAGE_COLUMNS, METADATA_COLUMNS, RECORD_COLUMNS } from '../parquet/arrow.js';
import { arrowToMetadata } from '../parquet/arrow-to-metadata.js';
import { arrowToRecords } from '../parquet/arrow-to-records.js';
import { canonicalSplit } from '../schema/labels.js';
import type { AnyRecord, AnyRecordMetadata, DatasetRecord, RecordMetadata } from '../schema/record.js';
import type { ByteSource } from '../io/byte-source.js';
import { openParquetFile } from '../parquet/open-parquet-file.js';
import { plainImageLeaves } from '../parquet/plain-image-leaves.js';
import type { ParquetFooter } from '../parquet/read-parquet-footer.js';
import { SHARD_NAME } from './shard-name.js';
import { shardSchemaProblems } from '../parquet/shard-schema.js';
import { maskOnlyRecord } from './mask-only-record.js';
import { isValidRow } from '../parquet/is-valid-row.js';
import type { ImageCell } from '../parquet/read-image-column.js';
import { boundedCache } from '../internal/bounded-cache.js';
import { checkParams, keysOf } from '../internal/check-params.js';
import type { Generator } from '../schema/labels.js';

export { MAX_ROW_GROUP_BYTES } from '../parquet/open-parquet-file.js';

/** The parsed `huggingface` key-value metadata of a shard, as Python `datasets` writes it. */
export interface HuggingfaceKey {
  /** The dataset info. */
  info?: {
    /** `Features.to_dict()`: `{"_type": "Image"}` for an image column. */
    features?: Record<string, unknown>;
  };
}

/** One row group of a shard, as its footer describes it. */
export interface ShardRowGroup {
  /** Rows in the row group. */
  numRows: number;
  /** Row index (within the shard) of its first row. */
  firstRow: number;
  /** Compressed bytes per top-level column (e.g. `{ id: 812, image: 4_123_456, … }`). */
  columnBytes: Record<string, number>;
}

/**
 * One file of a split, read a row group at a time — what every dataset layout gives the
 * streaming layer: a canonical Parquet {@link Shard}, or the reader of another layout.
 */
export interface RecordShard {
  /** The file's name (path or URL), used in every error message. */
  readonly file: string;
  /** Split of the shard's records. */
  readonly split: string;
  /** Total rows. */
  readonly numRows: number;
  /** Row groups in file order: the unit of reading, planning and partitioning. */
  readonly rowGroups: readonly ShardRowGroup[];
  /**
   * The records of row group `rowGroup` without `image`/`mask`: no image byte is read.
   * @throws {SchemaError} for a row that breaks the data model (file, row, record id, zod path).
   * @throws {FormatError} for bytes that do not decode (file, row group).
   * @throws {SourceError} (with the source's error as `cause`) for bytes the source could not deliver.
   */
  readMetadata(rowGroup: number): Promise<AnyRecordMetadata[]>;
  /**
   * Full records (with `image` and `mask` bytes) of row group `rowGroup`. Layouts without turns
   * give mask-only records (`annotations: 'mask-only'`, `turns: null`).
   * @throws {SchemaError} for a row that breaks the data model (file, row, record id, zod path).
   * @throws {FormatError} for bytes that do not decode (file, row group).
   */
  readRecords(rowGroup: number): Promise<AnyRecord[]>;
  /**
   * Like {@link RecordShard.readRecords}, but the `image` and `mask` bytes may be views of one
   * buffer holding the whole row group, as read — no copy: a record kept keeps that buffer alive.
   * For readers that hand records on and let them go (the loader).
   */
  readRecordViews?(rowGroup: number): Promise<AnyRecord[]>;
  /**
   * Like {@link RecordShard.readRecordViews} for some rows of a row group: at least rows
   * `[start, end)`, fetching only the image and mask pages that hold them (as the chunks' offset
   * indexes locate them), so a row group of photographs can be started on before all of it has
   * arrived. Answers with the rows it covers (`rows`, whole pages: a superset of those asked for)
   * and their records in order; `undefined` when the shard cannot read part of a row group (images
   * not stored plain, no offset index, mask-only rows): then read the whole row group.
   * @throws {ArgumentError} for rows outside the row group.
   * @throws {SchemaError} / {@link FormatError} / `SourceError` as {@link RecordShard.readRecords}.
   */
  readRecordViewRange?(params: {
    /** The row group. */
    rowGroup: number;
    /** `[start, end)`: rows within the row group. */
    rows: readonly [number, number];
  }): Promise<
    | {
        /** `[from, to)`: the rows read, whole pages (`from ≤ start`, `to ≥ end`). */
        rows: [number, number];
        /** Their records, row `from` first. */
        records: AnyRecord[];
      }
    | undefined
  >;
}

/** An open Parquet shard: its footer in hand, its row groups read on demand. */
export interface Shard extends RecordShard {
  /** Split of the shard's records: the `split` param, else parsed from the file name, else `'train'`. */
  readonly split: string;
  /** Rows of each row group (`rowGroups[i].numRows`). */
  readonly rowGroupSizes: readonly number[];
  /** Top-level column names in file order. */
  readonly columns: readonly string[];
  /** The file's Arrow schema (as parquet-wasm reads it, without the embedded `ARROW:schema`). */
  readonly schema: Schema;
  /** Whether the file has the DiffSeg30k columns (always true unless opened with `layout: 'any'`). */
  readonly isDiffseg: boolean;
  /** The Parquet key-value metadata. */
  readonly keyValueMetadata: Readonly<Record<string, string>>;
  /** The parsed `huggingface` key (`{ info: { features } }`), when present and valid JSON. */
  readonly huggingface: HuggingfaceKey | undefined;
  /** The parsed footer (byte ranges of every column chunk). */
  readonly footer: ParquetFooter;
  /**
   * The named top-level columns (default: all) of one row group, as an apache-arrow Table with
   * the columns in file order. Values are as Parquet stores them (int64 as BigInt, float32 as is).
   * @throws {FormatError} for bytes that do not decode (file, row group).
   */
  readTable(params: { rowGroup: number; columns?: readonly string[] }): Promise<Table>;
  /**
   * The `[start, end)` byte ranges {@link Shard.readTable} would fetch for these columns of this
   * row group (adjacent chunks merged): for planning, prefetching and I/O accounting.
   */
  byteRanges(params: { rowGroup: number; columns?: readonly string[] }): [number, number][];
}

/** Parameters of {@link openShard}. */
export interface OpenShardParams {
  /** Where the shard's bytes come from (`fromFile`, `fromBuffer`, an HTTP source …). */
  byteSource: ByteSource;
  /** Split to give the records. @default parsed from a `{split}-00000-of-00001.parquet` name, else `'train'` */
  split?: string;
  /**
   * `'diffseg30k'` rejects a file without the DiffSeg30k columns at open (a {@link FormatError}
   * listing what is missing); `'any'` opens any Parquet file for {@link Shard.readTable}.
   * @default 'diffseg30k'
   */
  layout?: 'diffseg30k' | 'any';
  /** The generator behind mask values 1, 2, … of mask-only rows. @default the package's label ids */
  labelOrder?: readonly Generator[];
  /**
   * The file's footer, when it was already read from these very bytes (by
   * `readParquetFooter`, from `diffseg30k/format`): it is then not read again. One of another file length is refused.
   * @default read from `byteSource`
   */
  footer?: ParquetFooter;
  /**
   * A name for the file's content — its location, path and a version that changes whenever its
   * bytes do (`RepoFile.version`): the metadata decoded from its row groups is then kept in a
   * process-wide cache (32 MiB) under this name, and the next shard opened with the same name
   * reads a row group's metadata from there instead of decoding it again (each read gets copies).
   * @default nothing is kept
   */
  contentKey?: string;
}

/** The keys of {@link OpenShardParams}, checked at run time. */
const OPEN_SHARD_KEYS = keysOf<OpenShardParams>()('byteSource', 'split', 'layout', 'labelOrder', 'footer', 'contentKey');

/** The metadata of a fully annotated row group (never handed out: reads get copies), and whether its images are stored plain once a full read has found out. */
interface KeptMetadata {
  rows: readonly RecordMetadata[];
  imagesPlain: boolean | undefined;
  weight: number;
}

/**
 * Metadata of fully annotated row groups, by content key, split and row group, as decoded (never
 * handed out: reads get copies), with whether the group's image columns are stored plain (read
 * without parquet-wasm) once a full read has found out. Weighed by the characters it holds.
 */
const keptMetadata = boundedCache<string, KeptMetadata>({
  maxEntries: 4096,
  maxWeight: 32 << 20,
  weigh: (e) => e.weight,
});

/** What keeps each file's schema from being a DiffSeg30k shard's: derived once per schema, since a footer kept by a reader is opened again and again. */
const schemaProblems = new WeakMap<Schema, string[]>();

/**
 * Opens a Parquet shard through a {@link ByteSource}: reads the footer (two small reads, no data
 * page), checks the schema, and returns a {@link Shard} that reads one row group at a time with
 * column projection.
 *
 * All I/O goes through the source; parquet-wasm only ever decodes bytes already fetched (a small
 * in-memory file of the requested row group's requested column chunks, decoded synchronously),
 * so a corrupt or truncated file is a catchable {@link FormatError}, never a crashed process, and
 * wasm memory grows by at most one row group.
 * @example
 * const shard = await openShard({ byteSource: await fromFile({ path: 'data/validation-00000-of-00001.parquet' }) });
 * for (let g = 0; g < shard.rowGroups.length; g++) {
 *   for (const meta of await shard.readMetadata(g)) console.log(meta.id, meta.num_turns);
 * }
 */
export async function openShard(params: OpenShardParams): Promise<Shard> {
  checkParams('openShard', params, OPEN_SHARD_KEYS);
  checkByteSource(params.byteSource);
  const parquetFile = await openParquetFile({ byteSource: params.byteSource, footer: params.footer });
  const { file, footer, schema, columns } = parquetFile;
  const layout = params.layout ?? 'diffseg30k';
  let problems = schemaProblems.get(schema);
  if (!problems) {
    problems = shardSchemaProblems(schema);
    schemaProblems.set(schema, problems);
  }
  if (layout === 'diffseg30k' && problems.length) {
    throw new FormatError({
      module: 'parquet',
      file,
      message: `not a DiffSeg30k shard (foreign schema): ${problems.join('; ')}; the file has columns ${schema.fields.map((f) => f.name).join(', ') || '(none)'}`,
    });
  }

  // The base name of a path or URL (`hf://…/data/train-00000-of-00002.parquet?download=1`).
  const baseName = file.split(/[?#]/)[0].split(/[\\/:]/).pop() ?? file;
  const split = canonicalSplit(params.split ?? SHARD_NAME.exec(baseName)?.[1] ?? 'train');
  let huggingface: Shard['huggingface'];
  try {
    const raw = footer.keyValueMetadata.huggingface;
    huggingface = raw === undefined ? undefined : JSON.parse(raw);
  } catch {
    // A malformed informative key does not make the data unreadable.
    huggingface = undefined;
  }
  const rowGroups = footer.rowGroups.map((rg): ShardRowGroup => {
    const columnBytes: Record<string, number> = {};
    for (const c of rg.columns) columnBytes[c.column] = (columnBytes[c.column] ?? 0) + c.length;
    return { numRows: rg.numRows, firstRow: rg.firstRow, columnBytes };
  });
  const { byteRanges, readTable, readColumnChunks, decodeTable, readImageCells, readImageRows, imageRowsReadable } = parquetFile;

  /**
   * Full records of a row group. The image and mask columns, when stored plain and uncompressed
   * (as `writeDataset` writes them), are read without parquet-wasm and give views of the fetched
   * bytes — or, with `copy`, each file in a buffer of its own; every other column, and image
   * columns stored any other way, go through parquet-wasm.
   */
  const readFull = async (rowGroup: number, copy: boolean): Promise<AnyRecord[]> => {
    requireDiffseg();
    byteRanges({ rowGroup }); // checks the row group
    const kept = keptFor(rowGroup);
    // The metadata is known: only the image and mask chunks are fetched, when they can be read
    // without parquet-wasm (the footer says whether they are stored so; else reading them alone
    // would only fetch them again with the rest).
    if (kept && kept.imagesPlain !== false && IMAGE_COLUMNS.every((column) => plainImageLeaves({ footer, rowGroup, column }))) {
      const cells = readImageCells({ rowGroup, chunks: await readColumnChunks({ rowGroup, columns: IMAGE_COLUMNS }), copy });
      kept.imagesPlain = Boolean(cells.image && cells.mask);
      if (kept.imagesPlain) {
        const rows = kept.rows.map((m, i) => recordOf(m, cells.image[i], cells.mask[i]));
        // A cell that is not an Image struct: the usual path, where zod says what is wrong.
        if (rows.every((r) => r !== undefined)) return rows;
      }
    }
    const wanted = [...RECORD_COLUMNS, ...(columns.includes('split') ? ['split'] : [])];
    const fetched = await readColumnChunks({ rowGroup, columns: wanted });
    const cells = readImageCells({ rowGroup, chunks: fetched, copy });
    const rest = wanted.filter((c) => !(c in cells));
    const table = decodeTable({ rowGroup, columns: rest, chunks: fetched.chunks.filter((_, k) => rest.includes(fetched.leaves[k].column)) });
    const rows = arrowToRecords({ table, split, file, firstRow: rowGroups[rowGroup].firstRow, cells }) as AnyRecord[];
    if (!rows.some((r) => r.turns === null)) {
      keep(keyOf(rowGroup), rows, Boolean(cells.image && cells.mask));
      return rows;
    }
    return finishMaskOnly(rows, rowGroup, (i) => rows[i].mask, (i) => rows[i].image) as Promise<AnyRecord[]>;
  };

  /** Rows `rows` (or the whole pages around them) of a fully annotated row group, images as views; see {@link RecordShard.readRecordViewRange}. */
  const readRange = async (params: { rowGroup: number; rows: readonly [number, number] }): Promise<{ rows: [number, number]; records: AnyRecord[] } | undefined> => {
    checkParams('readRecordViewRange', params, RANGE_KEYS);
    const { rowGroup } = params;
    requireDiffseg();
    byteRanges({ rowGroup }); // checks the row group
    const kept = keptFor(rowGroup);
    // Images that cannot be read in part (compressed, as pyarrow writes them by default, or
    // without an offset index) are known from the footer: the caller's whole-row-group read then
    // fetches the metadata columns once, not after them again.
    if (kept?.imagesPlain === false || !imageRowsReadable({ rowGroup, columns: IMAGE_COLUMNS })) return undefined;
    // The metadata of the whole row group is small (and kept for the next pass where the source
    // has a content key); the image pages are what a part of the row group saves.
    const metadata = kept ? kept.rows : await shard.readMetadata(rowGroup);
    if (metadata.some((m) => m.turns === null)) return undefined;
    if (!kept) recent = { rowGroup, rows: metadata as RecordMetadata[], imagesPlain: undefined, weight: 0 };
    const read = await readImageRows({ rowGroup, columns: IMAGE_COLUMNS, rows: params.rows, copy: false });
    if (!read?.cells.image || !read.cells.mask) return undefined;
    const [from, to] = read.rows;
    const records: AnyRecord[] = [];
    for (let row = from; row < to; row++) {
      const record = recordOf(metadata[row] as RecordMetadata, read.cells.image[row - from], read.cells.mask[row - from]);
      // A cell that is not an Image struct: the whole row group's usual path says what is wrong.
      if (!record) return undefined;
      records.push(record);
    }
    return { rows: [from, to], records };
  };

  /**
   * The metadata of the row group last read in part, when no content key keeps it (or the cache
   * let it go): the rest of that row group, read next, then fetches only its image pages.
   */
  let recent: ({ rowGroup: number } & KeptMetadata) | undefined;
  /** What is known of a row group's metadata: kept under the content key, else read last in part. */
  const keptFor = (rowGroup: number): KeptMetadata | undefined => {
    const key = keyOf(rowGroup);
    return (key === undefined ? undefined : keptMetadata.get(key)) ?? (recent?.rowGroup === rowGroup ? recent : undefined);
  };
  const keyOf = (rowGroup: number) => (params.contentKey === undefined ? undefined : `${params.contentKey}\u0000${split}\u0000${rowGroup}`);
  /** Keeps copies of the metadata of a fully annotated row group under `key`. */
  const keep = (key: string | undefined, rows: readonly AnyRecordMetadata[], imagesPlain: boolean | undefined) => {
    if (key === undefined) return;
    const metadata = rows.map((r) => {
      const { image: _image, mask: _mask, ...m } = r as RecordMetadata & Partial<AnyRecord>;
      return copyMetadata(m);
    });
    keptMetadata.set(key, { rows: metadata, imagesPlain, weight: metadata.reduce((n, m) => n + metadataWeight(m), 0) });
  };

  /**
   * Replaces each mask-only row by the record its mask describes (generators from the label ids,
   * sizes checked); the mask comes from `maskOf(i)`, the image of a full record from `imageOf(i)`.
   */
  const finishMaskOnly = (
    rows: AnyRecordMetadata[],
    rowGroup: number,
    maskOf: (i: number) => { bytes?: Uint8Array | null; path?: string | null } | null | undefined,
    imageOf?: (i: number) => { bytes: Uint8Array | null; path: string | null } | undefined,
  ): Promise<AnyRecordMetadata[]> =>
    Promise.all(
      rows.map(async (r, i) => {
        if (r.turns !== null) return r;
        const row = rowGroups[rowGroup].firstRow + i;
        const mask = maskOf(i);
        if (!mask?.bytes) throw new FormatError({ module: 'parquet', file, rowGroup, row, message: `record ${r.id}: mask-only, but it has no mask bytes` });
        const image = imageOf?.(i);
        return maskOnlyRecord({
          id: r.id,
          split: r.split,
          file,
          row,
          labelOrder: params.labelOrder,
          mask: { bytes: mask.bytes.slice(), path: mask.path ?? null },
          image: image?.bytes ? { bytes: image.bytes, path: image.path } : undefined,
        });
      }),
    );

  const requireDiffseg = () => {
    if (problems.length) throw new FormatError({ module: 'parquet', file, message: `not a DiffSeg30k shard: ${problems.join('; ')}` });
  };

  const shard: Shard = {
    file,
    split,
    numRows: footer.numRows,
    rowGroups,
    rowGroupSizes: rowGroups.map((g) => g.numRows),
    columns,
    schema,
    isDiffseg: problems.length === 0,
    keyValueMetadata: footer.keyValueMetadata,
    huggingface,
    footer,
    byteRanges,
    readTable,
    async readMetadata(rowGroup) {
      requireDiffseg();
      byteRanges({ rowGroup }); // checks the row group
      const key = keyOf(rowGroup);
      const kept = key === undefined ? undefined : keptMetadata.get(key);
      if (kept) return kept.rows.map(copyMetadata);
      const wanted = [...METADATA_COLUMNS, ...(columns.includes('split') ? ['split'] : [])];
      const table = await readTable({ rowGroup, columns: wanted });
      const rows = arrowToMetadata({ table, split, file, firstRow: rowGroups[rowGroup].firstRow }) as AnyRecordMetadata[];
      if (!rows.some((r) => r.turns === null)) {
        keep(key, rows, undefined);
        return rows;
      }
      // Mask-only rows (an imported release): their generators are in the mask alone.
      const masks = await readTable({ rowGroup, columns: ['mask'] });
      return finishMaskOnly(rows, rowGroup, (i) => masks.getChild('mask')?.get(i));
    },
    readRecords: (rowGroup) => readFull(rowGroup, true),
    readRecordViews: (rowGroup) => readFull(rowGroup, false),
    readRecordViewRange: readRange,
  };
  return shard;
}

const RANGE_KEYS = keysOf<Parameters<NonNullable<RecordShard['readRecordViewRange']>>[0]>()('rowGroup', 'rows');

/**
 * The full record of kept metadata (copied) and its image and mask cells, fields in the order a
 * row group's decode gives them (`id`, `split`, `image`, `mask`, then the rest); `undefined` when a
 * cell is not an Image struct, for the caller to take the decoding path that says what is wrong.
 */
function recordOf(metadata: RecordMetadata, image: ImageCell, mask: ImageCell): AnyRecord | undefined {
  const { id, split, ...rest } = copyMetadata(metadata);
  const record = { id, split, image, mask, ...rest };
  return isValidRow(record, true) ? (record as AnyRecord) : undefined;
}

/** A record's metadata in objects of its own (the strings, immutable, are shared). */
function copyMetadata(m: RecordMetadata): RecordMetadata {
  return { ...m, turns: m.turns.map((t) => ({ ...t, bbox: [...t.bbox] as typeof t.bbox })) };
}

/** About the bytes a record's metadata holds: its characters, twice, and a little per object. */
function metadataWeight(m: RecordMetadata): number {
  let chars = m.id.length + (m.base_prompt?.length ?? 0) + (m.quality_reason?.length ?? 0) + 64;
  for (const t of m.turns) chars += t.prompt.length + t.mask_rle.length + (t.object?.length ?? 0) + (t.category?.length ?? 0) + 64;
  return 2 * chars;
}

/** A byte source, or an ArgumentError saying what was passed instead (a forgotten `await` above all). */
function checkByteSource(source: unknown): void {
  if (typeof (source as PromiseLike<unknown> | null)?.then === 'function') {
    throw new ArgumentError({ message: 'openShard: byteSource is a Promise; await it first: openShard({ byteSource: await fromFile({ path }) })' });
  }
  const s = source as Partial<ByteSource> | null;
  if (s === null || typeof s !== 'object' || typeof s.read !== 'function' || typeof s.byteLength !== 'number') {
    throw new ArgumentError({ message: `openShard: byteSource must be a ByteSource ({ name, byteLength, read(start, end) }), e.g. await fromFile({ path }); got ${s === null ? 'null' : typeof s}` });
  }
}
