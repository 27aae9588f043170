import { FormatError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { type TStruct, TType, ThriftError, decodeStruct, getInt, getString, getStruct, getStructList } from './thrift.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Where one column chunk of one row group lies in the file. */
export interface ColumnChunkInfo {
  /** Dotted path of the leaf column, e.g. `image.bytes` or `turns.list.element.bbox.list.element`. */
  path: string;
  /** Top-level column the leaf belongs to, e.g. `image`. */
  column: string;
  /** First byte of the chunk (its dictionary page, else its first data page). */
  start: number;
  /** Compressed length of the chunk in bytes, page headers included. */
  length: number;
}

/** One row group as the footer describes it. */
export interface RowGroupInfo {
  /** Position of the row group in the file. */
  index: number;
  /** Rows in the row group. */
  numRows: number;
  /** Row index (within the file) of the row group's first row. */
  firstRow: number;
  /** Every leaf column chunk, in schema order. */
  columns: ColumnChunkInfo[];
}

/** A top-level column and where its subtree sits in the flattened Parquet schema. */
export interface TopLevelColumn {
  /** Column name. */
  name: string;
  /** `[start, end)` indices in the footer's schema element list. */
  schemaRange: [number, number];
  /** `[start, end)` indices of its leaf columns (= column chunk positions in every row group). */
  leafRange: [number, number];
}

/** The parsed footer of a Parquet file: enough to plan reads without touching any data page. */
export interface ParquetFooter {
  /** Name of the source the footer came from (for error messages). */
  file: string;
  /** Total file size. */
  byteLength: number;
  /** First byte of the Thrift `FileMetaData`. */
  metadataStart: number;
  /** Total rows. */
  numRows: number;
  /** Row groups in file order. */
  rowGroups: RowGroupInfo[];
  /** Top-level columns in schema order. */
  columns: TopLevelColumn[];
  /** The file's key-value metadata (e.g. `huggingface`, `ARROW:schema`). */
  keyValueMetadata: Record<string, string>;
  /** The writer that made the file, when it says. */
  createdBy: string | undefined;
  /** The decoded `FileMetaData`, kept to derive row-group files from. @internal */
  raw: TStruct;
}

const MAGIC = 0x31524150; // "PAR1" little-endian

/**
 * Reads and parses the footer of a Parquet file through a {@link ByteSource}: two reads (the last
 * 8 bytes, then the metadata), no data pages. Every inconsistency — a missing magic, a footer
 * longer than the file, a column chunk outside the data area — is a {@link FormatError} naming the
 * file, found here before any bytes reach parquet-wasm.
 * @example
 * const footer = await readParquetFooter({ byteSource: await fromFile({ path: 'data/train-00000-of-00001.parquet' }) });
 * console.log(footer.numRows, footer.rowGroups.length);
 */
export async function readParquetFooter(params: { byteSource: ByteSource }): Promise<ParquetFooter> {
  checkParams('readParquetFooter', params, keysOf<Parameters<typeof readParquetFooter>[0]>()('byteSource'));
  const { byteSource: source } = params;
  const file = source.name;
  const fail = (message: string, extra?: { rowGroup?: number; cause?: unknown }) =>
    new FormatError({ module: 'parquet', file, message, ...extra });
  const size = source.byteLength;
  if (size < 12) throw fail(`${size} bytes is too short to be a Parquet file (truncated?)`);
  const tail = await source.read(size - 8, size);
  const view = new DataView(tail.buffer, tail.byteOffset, 8);
  if (view.getUint32(4, true) !== MAGIC) {
    const magic = String.fromCharCode(...tail.subarray(4));
    throw fail(
      magic === 'PARE'
        ? 'encrypted Parquet files are not supported'
        : 'no PAR1 magic at the end of the file: it is truncated or not a Parquet file',
    );
  }
  const metadataLength = view.getUint32(0, true);
  const metadataStart = size - 8 - metadataLength;
  if (metadataStart < 4) {
    throw fail(`footer claims ${metadataLength} bytes of metadata but the file has only ${size} bytes (truncated?)`);
  }
  const metaBytes = await source.read(metadataStart, size - 8);
  let raw: TStruct;
  try {
    raw = decodeStruct(metaBytes).value;
    return interpret(raw, file, size, metadataStart);
  } catch (cause) {
    if (cause instanceof FormatError) throw cause;
    if (cause instanceof ThriftError) throw fail(`corrupt footer: ${cause.message}`, { cause });
    throw cause;
  }
}

function interpret(raw: TStruct, file: string, size: number, metadataStart: number): ParquetFooter {
  const fail = (message: string, rowGroup?: number) => new FormatError({ module: 'parquet', file, message, rowGroup });
  if (raw.has(8) || raw.has(9)) throw fail('encrypted Parquet files are not supported');
  const schema = getStructList(raw, 2);
  if (schema.length === 0) throw fail('corrupt footer: empty schema');
  const flatLeaves: boolean[] = [];
  const columns = topLevelColumns(schema, fail, flatLeaves);
  const leafCount = columns.length ? columns[columns.length - 1].leafRange[1] : 0;
  const leafColumn: string[] = [];
  for (const c of columns) for (let i = c.leafRange[0]; i < c.leafRange[1]; i++) leafColumn[i] = c.name;

  const keyValueMetadata: Record<string, string> = {};
  for (const kv of getStructList(raw, 5)) {
    const key = getString(kv, 1);
    if (key !== undefined) keyValueMetadata[key] = getString(kv, 2) ?? '';
  }

  const rowGroups: RowGroupInfo[] = [];
  let firstRow = 0;
  getStructList(raw, 4).forEach((rg, index) => {
    const numRows = getInt(rg, 3) ?? 0;
    const chunks = getStructList(rg, 1);
    if (chunks.length !== leafCount) {
      throw fail(`corrupt footer: ${chunks.length} column chunks for ${leafCount} schema columns`, index);
    }
    const infos = chunks.map((chunk, leaf): ColumnChunkInfo => {
      if (getString(chunk, 1) !== undefined) throw fail('column chunks in external files are not supported', index);
      const meta = getStruct(chunk, 3);
      if (!meta) throw fail(`corrupt footer: column chunk ${leaf} has no metadata`, index);
      const path = pathOf(meta);
      const dataOffset = getInt(meta, 9);
      const dictOffset = getInt(meta, 11);
      const length = getInt(meta, 7);
      if (dataOffset === undefined || length === undefined) throw fail(`corrupt footer: column chunk ${path} has no offset or size`, index);
      // A column outside any list has exactly one value (null or not) per row, so its value count
      // is the row count: a footer whose row count disagrees (a row group "of 0 rows" whose
      // chunks hold data) would otherwise drop or invent rows silently.
      const values = getInt(meta, 5);
      if (flatLeaves[leaf] && values !== undefined && values !== numRows) {
        throw fail(`corrupt footer: the row group says ${numRows} rows but column chunk ${path} holds ${values} values`, index);
      }
      // Some writers store 0 for "no dictionary page"; a dictionary page always precedes the data.
      const start = dictOffset !== undefined && dictOffset > 0 && dictOffset < dataOffset ? dictOffset : dataOffset;
      if (start < 4 || length < 0 || start + length > metadataStart) {
        throw fail(
          `column chunk ${path} claims bytes [${start}, ${start + length}) but the data area is [4, ${metadataStart}) of ${size} bytes (truncated or corrupt)`,
          index,
        );
      }
      return { path, column: leafColumn[leaf], start, length };
    });
    rowGroups.push({ index, numRows, firstRow, columns: infos });
    firstRow += numRows;
  });
  const numRows = getInt(raw, 3) ?? firstRow;
  if (numRows !== firstRow) throw fail(`corrupt footer: ${numRows} rows in total but the row groups hold ${firstRow}`);
  return { file, byteLength: size, metadataStart, numRows, rowGroups, columns, keyValueMetadata, createdBy: getString(raw, 6), raw };
}

function pathOf(meta: TStruct): string {
  const v = meta.get(3);
  if (!v || (v.type !== TType.LIST && v.type !== TType.SET)) return '?';
  return v.value.map((p) => (p.type === TType.BINARY ? new TextDecoder().decode(p.value) : '?')).join('.');
}

/** Splits the depth-first schema element list into top-level subtrees. */
function topLevelColumns(schema: TStruct[], fail: (m: string) => FormatError, flatLeaves: boolean[]): TopLevelColumn[] {
  const rootChildren = getInt(schema[0], 5) ?? 0;
  // Every element takes at least one schema entry: more children than entries is a lie, caught
  // before any walk can run past the end.
  if (rootChildren < 0 || rootChildren > schema.length - 1) {
    throw fail(`corrupt footer: the schema root claims ${rootChildren} columns but the schema has ${schema.length - 1} elements`);
  }
  let pos = 1;
  let leaf = 0;
  // Returns the leaves under the element at `pos` and advances past its subtree.
  const walk = (depth: number, repeated: boolean): number => {
    if (pos >= schema.length) throw fail('corrupt footer: schema ends inside a group');
    if (depth > 64) throw fail('corrupt footer: schema nested too deeply');
    const children = getInt(schema[pos], 5) ?? 0;
    if (children < 0 || children > schema.length - pos - 1) {
      throw fail(`corrupt footer: schema element ${pos} claims ${children} children but only ${schema.length - pos - 1} elements follow`);
    }
    // repetition_type 2 is REPEATED: below it, values per row vary.
    const below = repeated || getInt(schema[pos], 3) === 2;
    pos++;
    if (children === 0) {
      flatLeaves.push(!below);
      return 1;
    }
    let leaves = 0;
    for (let i = 0; i < children; i++) leaves += walk(depth + 1, below);
    return leaves;
  };
  const out: TopLevelColumn[] = [];
  for (let i = 0; i < rootChildren; i++) {
    if (pos >= schema.length) throw fail(`corrupt footer: the schema root claims ${rootChildren} columns but the schema ends after ${i}`);
    const start = pos;
    const name = getString(schema[pos], 4) ?? `column${i}`;
    const leaves = walk(1, false);
    out.push({ name, schemaRange: [start, pos], leafRange: [leaf, leaf + leaves] });
    leaf += leaves;
  }
  if (pos !== schema.length) throw fail('corrupt footer: schema has elements outside its root');
  return out;
}
