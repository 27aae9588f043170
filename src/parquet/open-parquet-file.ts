import { type Schema, type Table, tableFromIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { ArgumentError, FormatError, HubError, SourceError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { IMAGE_COLUMNS } from './arrow.js';
import { pageSizes } from './page-sizes.js';
import { type ColumnChunkInfo, type ParquetFooter, readParquetFooter } from './read-parquet-footer.js';
import { type PageLocation, pageLocations } from './page-locations.js';
import { plainImageLeaves } from './plain-image-leaves.js';
import { type ImageCell, type PageSpan, readImageColumn } from './read-image-column.js';
import { getInt, getStructList } from './thrift.js';
import { buildRowGroupFile } from './row-group-file.js';

/**
 * Most bytes one read of a row group may hold or decompress to (the requested columns' pages,
 * as their headers declare them): 512 MiB. parquet-wasm holds a row group about three times over
 * while decoding it and aborts the whole process (an uncatchable `RuntimeError: unreachable`)
 * near 1 GB; past the limit a read is a {@link FormatError} instead, before anything is
 * decompressed — which also stops a decompression bomb. `writeDataset` never writes a larger
 * row group.
 */
export const MAX_ROW_GROUP_BYTES = 512 * 1024 * 1024;

/** Fetched column chunks of one row group: `chunks[i]` holds the bytes of `leaves[i]`, in file order. */
export interface ColumnChunks {
  /** The leaf columns fetched, as the footer lists them. */
  leaves: ColumnChunkInfo[];
  /** Their bytes: views of the reads (adjacent chunks are fetched in one read). */
  chunks: Uint8Array[];
}

/**
 * Any Parquet file, through a {@link ByteSource}: its footer in hand, a row group's column chunks
 * fetched on demand and decoded by parquet-wasm from bytes in hand (never from a URL), or — for
 * the encoded-image columns stored plain — read as views of the fetched bytes.
 */
export interface ParquetFile {
  /** The file's name (path or URL), used in every error message. */
  readonly file: string;
  /** The parsed footer (byte ranges of every column chunk). */
  readonly footer: ParquetFooter;
  /** The file's Arrow schema (as parquet-wasm reads it, without the embedded `ARROW:schema`). */
  readonly schema: Schema;
  /** Top-level column names in file order. */
  readonly columns: readonly string[];
  /**
   * The `[start, end)` byte ranges a read of these columns (default: all) of this row group
   * fetches, adjacent chunks merged.
   * @throws {ArgumentError} for a row group or column the file does not have.
   */
  byteRanges(params: { rowGroup: number; columns?: readonly string[] }): [number, number][];
  /**
   * Fetches the chunks of the named columns of one row group (adjacent chunks in one read), after
   * checking what they hold and will decompress to against {@link MAX_ROW_GROUP_BYTES}.
   * @throws {FormatError} past the limit, or for page headers that do not decode (file, row group).
   * @throws {SourceError} (or the source's {@link HubError}) for bytes the source could not deliver.
   */
  readColumnChunks(params: { rowGroup: number; columns: readonly string[] }): Promise<ColumnChunks>;
  /**
   * Decodes fetched chunks of the named columns with parquet-wasm, as an apache-arrow Table with
   * the columns in file order; values as Parquet stores them (int64 as BigInt).
   * @throws {FormatError} for bytes that do not decode, or a row count other than the footer's.
   */
  decodeTable(params: { rowGroup: number; columns: readonly string[]; chunks: readonly Uint8Array[] }): Table;
  /** {@link ParquetFile.readColumnChunks} then {@link ParquetFile.decodeTable}. */
  readTable(params: { rowGroup: number; columns?: readonly string[] }): Promise<Table>;
  /**
   * The cells of the `image` and `mask` columns among fetched chunks that are stored plain and
   * uncompressed (as `writeDataset` writes them), read without parquet-wasm: views of the
   * chunks, or with `copy` each file in a buffer of its own. A column stored any other way, or
   * not fetched, is absent.
   * @throws {FormatError} for pages that do not decode (file, row group).
   */
  readImageCells(params: { rowGroup: number; chunks: ColumnChunks; copy: boolean }): Record<string, ImageCell[]>;
  /**
   * The cells of the named Image-struct columns (e.g. `image` and `mask`) for at least the rows
   * `rows` (`[start, end)` within the row group), fetching only the pages that hold them, as the chunks' offset indexes
   * locate them: the first sample of a row group of photographs needs one page of about a
   * megabyte, not the whole row group. Answers for the rows every fetched page covers
   * (`rows`, a superset of the rows asked for); `undefined` when a column is not stored plain and
   * uncompressed or has no usable offset index (the caller reads whole chunks).
   * @throws {ArgumentError} for a row group, column or rows the file does not have.
   * @throws {FormatError} for pages that do not decode or contradict the index (file, row group).
   * @throws {SourceError} (or the source's {@link HubError}) for bytes the source could not deliver.
   */
  readImageRows(params: { rowGroup: number; columns: readonly string[]; rows: readonly [number, number]; copy: boolean }): Promise<{ rows: [number, number]; cells: Record<string, ImageCell[]> } | undefined>;
  /**
   * Whether {@link ParquetFile.readImageRows} may read these columns of this row group in part,
   * as far as the footer tells — each stored plain and uncompressed, each leaf with an offset
   * index — decided without reading a byte: `false` means it would answer `undefined`, so a caller
   * can go for the whole row group before fetching anything else for the part.
   * @throws {ArgumentError} for a row group or column the file does not have.
   */
  imageRowsReadable(params: { rowGroup: number; columns: readonly string[] }): boolean;
}

/** Parameters of {@link openParquetFile}. */
export interface OpenParquetFileParams {
  /** Where the file's bytes come from. */
  byteSource: ByteSource;
  /**
   * The file's footer, when it was already read from these very bytes (by
   * {@link readParquetFooter}): it is then not read again. One of another file length is refused.
   * @default read from `byteSource`
   */
  footer?: ParquetFooter;
}

/** Most bytes one column chunk's offset index may take: far above any real one (about 20 bytes a page). */
const MAX_OFFSET_INDEX_BYTES = 1 << 20;

/**
 * Page locations of each footer's column chunks, `"rowGroup:leaf"` → locations (`null`: none
 * usable), parsed once: a footer kept by a reader is opened again and again, and its file does not
 * change under it (a footer is kept per file version).
 */
const offsetIndexes = new WeakMap<ParquetFooter, Map<string, PageLocation[] | null>>();

/** The Arrow schema of each footer: derived once, since a footer kept by a reader is opened again and again. */
const schemas = new WeakMap<ParquetFooter, Schema>();

/**
 * Opens a Parquet file through a {@link ByteSource}: reads the footer (two small reads, no data
 * page) unless given, and derives the Arrow schema from it.
 *
 * All I/O goes through the source; parquet-wasm only ever decodes bytes already fetched (a small
 * in-memory file of the requested row group's requested column chunks, decoded synchronously),
 * so a corrupt or truncated file is a catchable {@link FormatError}, never a crashed process, and
 * wasm memory grows by at most one row group.
 * @throws {ArgumentError} for a footer of another file length; {@link FormatError} for a footer or
 *   schema that does not decode.
 */
export async function openParquetFile(params: OpenParquetFileParams): Promise<ParquetFile> {
  const { byteSource: source } = params;
  const file = source.name;
  if (params.footer && params.footer.byteLength !== source.byteLength) {
    throw new ArgumentError({ message: `parquet: ${file}: the footer given is of a file of ${params.footer.byteLength} bytes, but the source has ${source.byteLength}` });
  }
  const footer = params.footer ?? (await readParquetFooter({ byteSource: source }));
  let schema = schemas.get(footer);
  if (!schema) {
    try {
      schema = tableFromIPC(parquet.readSchema(buildRowGroupFile({ footer })).intoIPCStream()).schema;
    } catch (cause) {
      throw new FormatError({ module: 'parquet', file, message: `cannot read the schema: ${messageOf(cause)}`, cause });
    }
    schemas.set(footer, schema);
  }
  const columns = footer.columns.map((c) => c.name);

  const check = (rowGroup: number, wanted: readonly string[] | undefined): readonly string[] => {
    if (!Number.isInteger(rowGroup) || rowGroup < 0 || rowGroup >= footer.rowGroups.length) {
      throw new ArgumentError({ message: `parquet: ${file}: no row group ${rowGroup} (the file has ${footer.rowGroups.length})` });
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
   * Fetches source ranges for a read of row group `rowGroup`. A failure keeps the source's class
   * and code (a retry layer branches on SourceError; HubError's SOURCE_CHANGED means pin a
   * revision), now also saying which row group and what was read.
   */
  const fetchRanges = async (rowGroup: number, ranges: readonly [number, number][], what: string): Promise<Uint8Array[]> => {
    try {
      return await Promise.all(ranges.map(([a, b]) => source.read(a, b)));
    } catch (cause) {
      if ((cause as Error)?.name === 'AbortError') throw cause;
      const message = `row group ${rowGroup}: cannot fetch ${what}: ${messageOf(cause)}`;
      if (cause instanceof HubError) throw new HubError({ url: cause.url, range: cause.range, status: cause.status, code: cause.code as 'HUB_ERROR' | 'SOURCE_CHANGED', message, cause });
      throw new SourceError({ source: file, message, cause });
    }
  };

  /**
   * The pages the last {@link ParquetFile.readImageRows} fetched, held until the next read of whole
   * chunks: when that is of the same row group (a first sample read from its pages, then the rest
   * of its row group), it fetches only what lies around them, so no byte is fetched twice.
   */
  let lastPart: { rowGroup: number; ranges: [number, number][]; bytes: Uint8Array[] } | undefined;

  /** Fetches `ranges` of row group `rowGroup`, taking from `held` (fetched before) what it has instead of fetching that again. */
  const fetchAround = async (rowGroup: number, ranges: readonly [number, number][], what: string, held: NonNullable<typeof lastPart>): Promise<Uint8Array[]> => {
    // Per range: the held pieces inside it (held ranges are disjoint, in file order) and the gaps between them.
    const plans = ranges.map(([a, b]) => {
      const have = held.ranges.flatMap(([c, d], k) => (c < b && d > a ? [{ from: Math.max(a, c), to: Math.min(b, d), k }] : []));
      const gaps: [number, number][] = [];
      let at = a;
      for (const h of have) {
        if (h.from > at) gaps.push([at, h.from]);
        at = h.to;
      }
      if (at < b) gaps.push([at, b]);
      return { have, gaps };
    });
    const fetched = await fetchRanges(rowGroup, plans.flatMap((p) => p.gaps), what);
    let g = 0;
    return ranges.map(([a, b], i) => {
      const { have, gaps } = plans[i];
      if (have.length === 0) return fetched[g++];
      const bytes = new Uint8Array(b - a);
      for (const h of have) bytes.set(held.bytes[h.k].subarray(h.from - held.ranges[h.k][0], h.to - held.ranges[h.k][0]), h.from - a);
      for (const [c] of gaps) bytes.set(fetched[g++], c - a);
      return bytes;
    });
  };

  const readColumnChunks = async ({ rowGroup, columns: names }: { rowGroup: number; columns: readonly string[] }): Promise<ColumnChunks> => {
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
    const held = lastPart;
    lastPart = undefined;
    const fetched = held?.rowGroup === rowGroup ? await fetchAround(rowGroup, ranges, 'its column chunks', held) : await fetchRanges(rowGroup, ranges, 'its column chunks');
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

  const decodeTable = ({ rowGroup, columns: names, chunks }: { rowGroup: number; columns: readonly string[]; chunks: readonly Uint8Array[] }): Table => {
    const info = footer.rowGroups[rowGroup];
    const fail = (message: string, cause?: unknown) => new FormatError({ module: 'parquet', file, rowGroup, message, cause });
    let table: Table;
    try {
      const bytes = buildRowGroupFile({ footer, rowGroup, columns: names, chunks: [...chunks] });
      table = tableFromIPC(parquet.readParquet(bytes).intoIPCStream());
    } catch (cause) {
      throw fail(`cannot decode columns ${names.join(', ')}: ${messageOf(cause)} (corrupt page?)`, cause);
    }
    if (table.numRows !== info.numRows) throw fail(`decoded ${table.numRows} rows but the footer says ${info.numRows}`);
    return table;
  };

  const readTable = async ({ rowGroup, columns: wanted }: { rowGroup: number; columns?: readonly string[] }): Promise<Table> => {
    const names = check(rowGroup, wanted);
    const { chunks } = await readColumnChunks({ rowGroup, columns: names });
    return decodeTable({ rowGroup, columns: names, chunks });
  };

  const readImageCells = ({ rowGroup, chunks: { leaves, chunks }, copy }: { rowGroup: number; chunks: ColumnChunks; copy: boolean }): Record<string, ImageCell[]> => {
    const cells: Record<string, ImageCell[]> = {};
    for (const column of IMAGE_COLUMNS) {
      const mine = leaves.flatMap((c, k) => (c.column === column ? [chunks[k]] : []));
      if (mine.length === 0) continue;
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

  /** Where the footer puts the offset index of leaf `leaf` of a row group, when that is a place an index can be. */
  const offsetIndexAt = (rowGroup: number, leaf: number): { at: number; length: number } | undefined => {
    const chunk = getStructList(getStructList(footer.raw, 4)[rowGroup], 1)[leaf];
    const at = getInt(chunk, 4);
    const length = getInt(chunk, 5);
    // An index must lie between the first page and the footer, and be of a sane size.
    if (at === undefined || length === undefined || at < 4 || length <= 0 || length > MAX_OFFSET_INDEX_BYTES || at + length > footer.metadataStart) return undefined;
    return { at, length };
  };

  /** The leaves of each column of `names`, in file order, when the footer lets {@link ParquetFile.readImageRows} read them in part. */
  const partLeaves = (rowGroup: number, names: readonly string[]): Record<string, number[]> | undefined => {
    const leavesOf: Record<string, number[]> = {};
    for (const column of names) {
      const leaves = plainImageLeaves({ footer, rowGroup, column })?.map((l) => l.leaf).sort((a, b) => a - b);
      if (!leaves || leaves.some((leaf) => !offsetIndexAt(rowGroup, leaf))) return undefined;
      leavesOf[column] = leaves;
    }
    return leavesOf;
  };

  /** The page locations of leaves `leaves` of a row group (`null` for a leaf without a usable index), fetched in one read where they lie together. */
  const locate = async (rowGroup: number, leaves: readonly number[]): Promise<(PageLocation[] | null)[]> => {
    let known = offsetIndexes.get(footer);
    if (!known) offsetIndexes.set(footer, (known = new Map()));
    const missing = leaves.filter((leaf) => !known.has(`${rowGroup}:${leaf}`));
    if (missing.length) {
      const wanted: { leaf: number; at: number; length: number }[] = [];
      for (const leaf of missing) {
        const where = offsetIndexAt(rowGroup, leaf);
        if (where) wanted.push({ leaf, ...where });
        else known.set(`${rowGroup}:${leaf}`, null);
      }
      if (wanted.length) {
        // Written one after another before the footer: one read when they span little.
        const lo = Math.min(...wanted.map((w) => w.at));
        const hi = Math.max(...wanted.map((w) => w.at + w.length));
        const together = hi - lo <= MAX_OFFSET_INDEX_BYTES;
        const ranges: [number, number][] = together ? [[lo, hi]] : wanted.map((w) => [w.at, w.at + w.length]);
        const fetched = await fetchRanges(rowGroup, ranges, 'the offset indexes of its image columns');
        const info = footer.rowGroups[rowGroup];
        wanted.forEach((w, k) => {
          const bytes = together ? fetched[0].subarray(w.at - lo, w.at - lo + w.length) : fetched[k];
          const chunk = info.columns[w.leaf];
          known.set(`${rowGroup}:${w.leaf}`, pageLocations({ bytes, chunk, numRows: info.numRows }) ?? null);
        });
      }
    }
    return leaves.map((leaf) => known.get(`${rowGroup}:${leaf}`) ?? null);
  };

  const readImageRows = async ({ rowGroup, columns: names, rows, copy }: { rowGroup: number; columns: readonly string[]; rows: readonly [number, number]; copy: boolean }) => {
    check(rowGroup, names);
    const info = footer.rowGroups[rowGroup];
    const [start, end] = rows;
    if (!Number.isInteger(start) || !Number.isInteger(end) || start < 0 || end <= start || end > info.numRows) {
      throw new ArgumentError({ message: `parquet: ${file}: rows [${start}, ${end}) are not within row group ${rowGroup}'s ${info.numRows}` });
    }
    const leavesOf = partLeaves(rowGroup, names);
    if (!leavesOf) return undefined;
    const allLeaves = names.flatMap((c) => leavesOf[c]);
    const locations = await locate(rowGroup, allLeaves);
    if (locations.some((l) => l === null)) return undefined;
    // Per leaf, the run of pages holding rows [start, end): its bytes and the rows it holds.
    const spans = (locations as PageLocation[][]).map((pages) => {
      let first = 0;
      while (first + 1 < pages.length && pages[first + 1].firstRow <= start) first++;
      let last = first;
      while (last + 1 < pages.length && pages[last + 1].firstRow < end) last++;
      const upTo = last + 1 < pages.length ? pages[last + 1].firstRow : info.numRows;
      return { bytes: [pages[first].offset, pages[last].offset + pages[last].size] as [number, number], span: { firstRow: pages[first].firstRow, numRows: upTo - pages[first].firstRow } as PageSpan };
    });
    const from = Math.max(...spans.map((s) => s.span.firstRow));
    const to = Math.min(...spans.map((s) => s.span.firstRow + s.span.numRows));
    const stored = spans.reduce((n, s) => n + s.bytes[1] - s.bytes[0], 0);
    if (stored > MAX_ROW_GROUP_BYTES) {
      throw new FormatError({ module: 'parquet', file, rowGroup, message: `the image and mask pages of rows [${from}, ${to}) hold ${stored} bytes, more than the ${MAX_ROW_GROUP_BYTES} (512 MiB) one read may hold` });
    }
    // Pages that touch or nearly touch (a leaf's pages, the short path chunk after them) are one read.
    const order = spans.map((_, k) => k).sort((a, b) => spans[a].bytes[0] - spans[b].bytes[0]);
    const ranges: [number, number][] = [];
    const rangeOf = new Array<number>(spans.length);
    for (const k of order) {
      const [a, b] = spans[k].bytes;
      const last = ranges[ranges.length - 1];
      if (last && a <= last[1] + 4096) last[1] = Math.max(last[1], b);
      else ranges.push([a, b]);
      rangeOf[k] = ranges.length - 1;
    }
    const fetched = await fetchRanges(rowGroup, ranges, 'the pages of its image columns');
    lastPart = { rowGroup, ranges, bytes: fetched };
    const chunkOf = (k: number) => fetched[rangeOf[k]].subarray(spans[k].bytes[0] - ranges[rangeOf[k]][0], spans[k].bytes[1] - ranges[rangeOf[k]][0]);
    const cells: Record<string, ImageCell[]> = {};
    let k = 0;
    for (const column of names) {
      const mine = leavesOf[column].map(() => k++);
      let read: ImageCell[] | undefined;
      try {
        read = readImageColumn({ footer, rowGroup, column, chunks: mine.map(chunkOf), spans: mine.map((m) => spans[m].span), rows: [from, to] });
      } catch (cause) {
        throw new FormatError({ module: 'parquet', file, rowGroup, message: `cannot decode column ${column}, rows [${from}, ${to}): ${messageOf(cause)} (corrupt page, or an offset index that does not match its pages?)`, cause });
      }
      if (!read) return undefined;
      cells[column] = copy ? read.map((c) => c && { bytes: c.bytes && c.bytes.slice(), path: c.path }) : read;
    }
    return { rows: [from, to] as [number, number], cells };
  };

  return {
    file,
    footer,
    schema,
    columns,
    byteRanges,
    // Async all through, so a bad argument is a rejection like any other failure of a read.
    readColumnChunks: async (p) => readColumnChunks({ rowGroup: p.rowGroup, columns: check(p.rowGroup, p.columns) }),
    decodeTable,
    readTable,
    readImageCells,
    readImageRows,
    imageRowsReadable: ({ rowGroup, columns: names }) => partLeaves(rowGroup, check(rowGroup, names)) !== undefined,
  };
}

function messageOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : String(cause);
}
