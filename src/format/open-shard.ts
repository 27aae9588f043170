import { type Schema, type Table, tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { ArgumentError, FormatError, HubError, SourceError } from '../errors.js';
import { IMAGE_COLUMNS, METADATA_COLUMNS, RECORD_COLUMNS } from '../parquet/arrow.js';
import { arrowToMetadata } from '../parquet/arrow-to-metadata.js';
import { arrowToRecords } from '../parquet/arrow-to-records.js';
import { canonicalSplit } from '../schema/labels.js';
import type { AnyRecord, AnyRecordMetadata, DatasetRecord, RecordMetadata } from '../schema/record.js';
import type { ByteSource } from '../io/byte-source.js';
import { type ColumnChunkInfo, type ParquetFooter, readParquetFooter } from '../parquet/read-parquet-footer.js';
import { type ImageCell, readImageColumn } from '../parquet/read-image-column.js';
import { buildRowGroupFile } from '../parquet/row-group-file.js';
import { pageSizes } from '../parquet/page-sizes.js';
import { SHARD_NAME } from './shard-name.js';
import { shardSchemaProblems } from '../parquet/shard-schema.js';
import { maskOnlyRecord } from './mask-only-record.js';
import { isValidRow } from '../parquet/is-valid-row.js';
import { boundedCache } from '../internal/bounded-cache.js';
import type { Generator } from '../schema/labels.js';

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
}

/** An open Parquet shard: its footer in hand, its row groups read on demand. */
export interface Shard extends RecordShard {
  /** Split of the shard's records: the `split` param, else parsed from the file name, else `'train'`. */
  readonly split: string;
  /** Rows per row group (`rowGroups[i].numRows`). */
  readonly rowGroupRows: readonly number[];
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

/**
 * Most bytes one read of a row group may hold or decompress to (the requested columns' pages,
 * as their headers declare them): 512 MiB. parquet-wasm holds a row group about three times over
 * while decoding it and aborts the whole process (an uncatchable `RuntimeError: unreachable`)
 * near 1 GB; past the limit a read is a {@link FormatError} instead, before anything is
 * decompressed — which also stops a decompression bomb. `writeDataset` never writes a larger
 * row group.
 */
export const MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024;

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
   * {@link readParquetFooter}): it is then not read again. One of another file length is refused.
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

/**
 * Metadata of fully annotated row groups, by content key, split and row group, as decoded (never
 * handed out: reads get copies), with whether the group's image columns are stored plain (read
 * without parquet-wasm) once a full read has found out. Weighed by the characters it holds.
 */
const keptMetadata = boundedCache<string, { rows: readonly RecordMetadata[]; imagesPlain: boolean | undefined; weight: number }>({
  maxEntries: 4096,
  maxWeight: 32 << 20,
  weigh: (e) => e.weight,
});

/**
 * The Arrow schema of each footer and what keeps it from being a DiffSeg30k shard: derived once
 * per footer, since a footer kept by a reader is opened again and again.
 */
const schemas = new WeakMap<ParquetFooter, { schema: Schema; problems: string[] }>();

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
  const { byteSource: source } = params;
  const file = source.name;
  if (params.footer && params.footer.byteLength !== source.byteLength) {
    throw new ArgumentError({ message: `parquet: ${file}: the footer given is of a file of ${params.footer.byteLength} bytes, but the source has ${source.byteLength}` });
  }
  const footer = params.footer ?? (await readParquetFooter({ byteSource: source }));
  const layout = params.layout ?? 'diffseg30k';

  let derived = schemas.get(footer);
  if (!derived) {
    let schema: Schema;
    try {
      schema = tableFromIPC(parquet.readSchema(buildRowGroupFile({ footer })).intoIPCStream()).schema;
    } catch (cause) {
      throw new FormatError({ module: 'parquet', file, message: `cannot read the schema: ${messageOf(cause)}`, cause });
    }
    derived = { schema, problems: shardSchemaProblems(schema) };
    schemas.set(footer, derived);
  }
  const { schema, problems } = derived;
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
  const columns = footer.columns.map((c) => c.name);
  const rowGroups = footer.rowGroups.map((rg): ShardRowGroup => {
    const columnBytes: Record<string, number> = {};
    for (const c of rg.columns) columnBytes[c.column] = (columnBytes[c.column] ?? 0) + c.length;
    return { numRows: rg.numRows, firstRow: rg.firstRow, columnBytes };
  });

  const check = (rowGroup: number, wanted: readonly string[] | undefined): readonly string[] => {
    if (!Number.isInteger(rowGroup) || rowGroup < 0 || rowGroup >= rowGroups.length) {
      throw new ArgumentError({ message: `parquet: ${file}: no row group ${rowGroup} (the file has ${rowGroups.length})` });
    }
    const names = wanted ?? columns;
    if (names.length === 0) throw new ArgumentError({ message: `parquet: ${file}: no columns asked for` });
    const unknown = names.filter((c) => !columns.includes(c));
    if (unknown.length) throw new ArgumentError({ message: `parquet: ${file}: no column ${unknown.join(', ')} (the file has ${columns.join(', ')})` });
    return names;
  };

  const byteRanges = ({ rowGroup, columns: wanted }: { rowGroup: number; columns?: readonly string[] }) => {
    const names = check(rowGroup, wanted);
    const ranges: [number, number][] = [];
    for (const c of footer.rowGroups[rowGroup].columns) {
      if (!names.includes(c.column)) continue;
      const last = ranges[ranges.length - 1];
      if (last && last[1] === c.start) last[1] = c.start + c.length;
      else ranges.push([c.start, c.start + c.length]);
    }
    return ranges;
  };

  /**
   * Fetches the chunks of the named columns of one row group (adjacent chunks in one read), after
   * checking what they hold and will decompress to against {@link MAX_ROW_GROUP_BYTES}.
   * `chunks[i]` belongs to `leaves[i]`, in file order.
   */
  const fetchChunks = async (rowGroup: number, names: readonly string[]): Promise<{ leaves: ColumnChunkInfo[]; chunks: Uint8Array[] }> => {
    const info = footer.rowGroups[rowGroup];
    const ranges = byteRanges({ rowGroup, columns: names });
    const fail = (message: string, cause?: unknown) => new FormatError({ module: 'parquet', file, rowGroup, message, cause });
    const limit = (what: string, bytes: number) =>
      fail(
        `columns ${names.join(', ')} ${what} ${bytes} bytes, more than the ${MAX_ROW_GROUP_BYTES} (512 MiB) one read may decode ` +
          '(a decompression bomb, or row groups too large for parquet-wasm, which aborts the process past about 1 GB)',
      );
    const stored = ranges.reduce((n, [a, b]) => n + b - a, 0);
    if (stored > MAX_ROW_GROUP_BYTES) throw limit('hold', stored);
    let fetched: Uint8Array[];
    try {
      fetched = await Promise.all(ranges.map(([a, b]) => source.read(a, b)));
    } catch (cause) {
      if ((cause as Error)?.name === 'AbortError') throw cause;
      // The class and code stay the source's (a retry layer branches on SourceError; HubError's
      // SOURCE_CHANGED means pin a revision), now also saying which row group.
      const message = `row group ${rowGroup}: cannot fetch its column chunks: ${messageOf(cause)}`;
      if (cause instanceof HubError) throw new HubError({ url: cause.url, range: cause.range, status: cause.status, code: cause.code as 'HUB_ERROR' | 'SOURCE_CHANGED', message, cause });
      throw new SourceError({ source: file, message, cause });
    }
    const leaves = info.columns.filter((c) => names.includes(c.column));
    const chunks = leaves.map((c) => {
      const k = ranges.findIndex(([a, b]) => c.start >= a && c.start + c.length <= b);
      const base = ranges[k][0];
      return fetched[k].subarray(c.start - base, c.start - base + c.length);
    });
    // What the pages will decompress to, from their headers, before parquet-wasm allocates it.
    let decompressed = 0;
    for (const [k, chunk] of chunks.entries()) {
      try {
        decompressed += pageSizes(chunk).uncompressed;
      } catch (cause) {
        throw fail(`column chunk ${leaves[k].path}: ${messageOf(cause)}`, cause);
      }
    }
    if (decompressed > MAX_ROW_GROUP_BYTES) throw limit('decompress to', decompressed);
    return { leaves, chunks };
  };

  /** Decodes fetched chunks of the named columns (`chunks` as {@link fetchChunks} gives them) with parquet-wasm. */
  const decodeTable = (rowGroup: number, names: readonly string[], chunks: Uint8Array[]): Table => {
    const info = footer.rowGroups[rowGroup];
    const fail = (message: string, cause?: unknown) => new FormatError({ module: 'parquet', file, rowGroup, message, cause });
    let table: Table;
    try {
      const bytes = buildRowGroupFile({ footer, rowGroup, columns: names, chunks });
      table = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
    } catch (cause) {
      throw fail(`cannot decode columns ${names.join(', ')}: ${messageOf(cause)} (corrupt page?)`, cause);
    }
    if (table.numRows !== info.numRows) throw fail(`decoded ${table.numRows} rows but the footer says ${info.numRows}`);
    return table;
  };

  const readTable = async ({ rowGroup, columns: wanted }: { rowGroup: number; columns?: readonly string[] }): Promise<Table> => {
    const names = check(rowGroup, wanted);
    const { chunks } = await fetchChunks(rowGroup, names);
    return decodeTable(rowGroup, names, chunks);
  };

  /**
   * Full records of a row group. The image and mask columns, when stored plain and uncompressed
   * (as `writeDataset` writes them), are read without parquet-wasm and give views of the fetched
   * bytes — or, with `copy`, each file in a buffer of its own; every other column, and image
   * columns stored any other way, go through parquet-wasm.
   */
  const readFull = async (rowGroup: number, copy: boolean): Promise<AnyRecord[]> => {
    requireDiffseg();
    check(rowGroup, undefined);
    const key = keyOf(rowGroup);
    const kept = key === undefined ? undefined : keptMetadata.get(key);
    if (kept && kept.imagesPlain !== false) {
      // The metadata is known: only the image and mask chunks are fetched.
      const { leaves, chunks } = await fetchChunks(rowGroup, IMAGE_COLUMNS);
      const cells = imageCells(rowGroup, leaves, chunks, copy);
      kept.imagesPlain = Boolean(cells.image && cells.mask);
      if (kept.imagesPlain) {
        const rows = kept.rows.map((m, i) => {
          const { id, split: s, ...rest } = copyMetadata(m);
          return { id, split: s, image: cells.image[i], mask: cells.mask[i], ...rest };
        });
        // A cell that is not an Image struct: the usual path, where zod says what is wrong.
        if (rows.every((r) => isValidRow(r, true))) return rows as AnyRecord[];
      }
    }
    const wanted = check(rowGroup, [...RECORD_COLUMNS, ...(columns.includes('split') ? ['split'] : [])]);
    const { leaves, chunks } = await fetchChunks(rowGroup, wanted);
    const cells = imageCells(rowGroup, leaves, chunks, copy);
    const rest = wanted.filter((c) => !(c in cells));
    const table = decodeTable(rowGroup, rest, chunks.filter((_, k) => rest.includes(leaves[k].column)));
    const rows = arrowToRecords({ table, split, file, firstRow: rowGroups[rowGroup].firstRow, cells }) as AnyRecord[];
    if (!rows.some((r) => r.turns === null)) {
      keep(key, rows, Boolean(cells.image && cells.mask));
      return rows;
    }
    return finishMaskOnly(rows, rowGroup, (i) => rows[i].mask, (i) => rows[i].image) as Promise<AnyRecord[]>;
  };

  /** The image and mask cells read without parquet-wasm, for the columns stored plain (views of the chunks, or with `copy` copies). */
  const imageCells = (rowGroup: number, leaves: ColumnChunkInfo[], chunks: Uint8Array[], copy: boolean): Record<string, ImageCell[]> => {
    const cells: Record<string, ImageCell[]> = {};
    for (const column of IMAGE_COLUMNS) {
      const mine = leaves.flatMap((c, k) => (c.column === column ? [chunks[k]] : []));
      let read: ImageCell[] | undefined;
      try {
        read = readImageColumn({ footer, rowGroup, column, chunks: mine });
      } catch (cause) {
        throw new FormatError({ module: 'parquet', file, rowGroup, message: `cannot decode column ${column}: ${messageOf(cause)} (corrupt page?)`, cause });
      }
      if (read) cells[column] = copy ? read.map((c) => c && { bytes: c.bytes && c.bytes.slice(), path: c.path }) : read;
    }
    return cells;
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

  return {
    file,
    split,
    numRows: footer.numRows,
    rowGroups,
    rowGroupRows: rowGroups.map((g) => g.numRows),
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
      check(rowGroup, undefined);
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
  };
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

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}

