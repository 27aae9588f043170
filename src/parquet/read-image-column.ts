/**
 * A reader for one kind of column chunk only — the Hugging Face Image layout
 * (`struct<bytes: binary, path: string>`) stored as `writeDataset` stores it: PLAIN pages, no
 * compression, no dictionary — that takes each value straight out of the bytes already fetched.
 *
 * Why not parquet-wasm, which reads everything else: it copies a row group's bytes into wasm
 * memory, decodes them into Arrow buffers, copies those out as an IPC stream, and the records
 * then copy each image once more, so that a 1024² photograph (about 3 MB) cost more to get out of
 * the file than libvips takes to decode it (bench/loader.ts). Here a value is a view of the
 * fetched chunk: no copy at all. Anything else — a compressed or dictionary-encoded chunk, as
 * pyarrow and older versions of the package write, an unknown encoding or page kind — answers
 * `undefined`, and the caller decodes the column with parquet-wasm as before.
 * @internal
 */
import type { ParquetFooter } from './read-parquet-footer.js';
import { type TStruct, ThriftError, decodeStruct, getInt, getString, getStruct, getStructList } from './thrift.js';

/** One cell of an Image column: `null` for a null struct. */
export type ImageCell = { bytes: Uint8Array | null; path: string | null } | null;

const BYTE_ARRAY = 6;
const OPTIONAL = 1;
const REQUIRED = 0;
const UNCOMPRESSED = 0;
const PLAIN = 0;
const RLE = 3;
const DATA_PAGE = 0;
const DATA_PAGE_V2 = 3;

/** A leaf of the struct: where its chunk is and how its definition levels read. */
interface Leaf {
  name: 'bytes' | 'path';
  /** Position among the file's leaf columns (= column chunk index in a row group). */
  leaf: number;
  /** Definition level at or above which the struct is present. */
  structLevel: number;
  /** Definition level of a present value (the maximum). */
  maxLevel: number;
}

/**
 * The leaves of top-level column `column` when it is exactly `struct<bytes: binary, path:
 * binary>` (either order, each optional or required, not repeated), else `undefined`.
 */
function imageColumnLeaves(footer: ParquetFooter, column: string): Leaf[] | undefined {
  const top = footer.columns.find((c) => c.name === column);
  if (!top) return undefined;
  const schema = getStructList(footer.raw, 2);
  const [from, to] = top.schemaRange;
  const group = schema[from];
  const groupRepetition = getInt(group, 3) ?? REQUIRED;
  if (to - from !== 3 || getInt(group, 5) !== 2 || (groupRepetition !== OPTIONAL && groupRepetition !== REQUIRED)) return undefined;
  const structLevel = groupRepetition === OPTIONAL ? 1 : 0;
  const leaves: Leaf[] = [];
  for (let i = 1; i < 3; i++) {
    const element = schema[from + i];
    const name = getString(element, 4);
    const repetition = getInt(element, 3) ?? REQUIRED;
    if ((name !== 'bytes' && name !== 'path') || getInt(element, 1) !== BYTE_ARRAY || (getInt(element, 5) ?? 0) !== 0) return undefined;
    if (repetition !== OPTIONAL && repetition !== REQUIRED) return undefined;
    leaves.push({ name, leaf: top.leafRange[0] + i - 1, structLevel, maxLevel: structLevel + (repetition === OPTIONAL ? 1 : 0) });
  }
  return leaves[0].name === leaves[1].name ? undefined : leaves;
}

/**
 * The cells of Image column `column` in one row group, from its two leaf chunks as fetched
 * (`chunks`, in the file's leaf order). The `bytes` values are views of the chunks' buffer.
 * @returns `undefined` when the column is not such a struct, or a chunk is not stored the plain
 *   way (the caller then decodes it with parquet-wasm).
 * @throws {ThriftError} for pages that contradict themselves or the footer (corrupt data).
 */
export function readImageColumn(params: {
  footer: ParquetFooter;
  rowGroup: number;
  column: string;
  chunks: readonly Uint8Array[];
}): ImageCell[] | undefined {
  const { footer, rowGroup, chunks } = params;
  const leaves = imageColumnLeaves(footer, params.column);
  if (!leaves || chunks.length !== 2) return undefined;
  const numRows = footer.rowGroups[rowGroup].numRows;
  const chunkMeta = getStructList(getStructList(footer.raw, 4)[rowGroup], 1);
  const read: { levels: Uint8Array; values: (Uint8Array | undefined)[] }[] = [];
  for (const [k, leaf] of leaves.entries()) {
    const meta = getStruct(chunkMeta[leaf.leaf], 3);
    if (!meta || getInt(meta, 4) !== UNCOMPRESSED || (getInt(meta, 11) ?? 0) > 0) return undefined;
    const pages = readPlainPages(chunks[k], numRows, leaf.maxLevel);
    if (!pages) return undefined;
    read.push(pages);
  }
  const [a, b] = leaves[0].name === 'bytes' ? [read[0], read[1]] : [read[1], read[0]];
  const [bytesLeaf, pathLeaf] = leaves[0].name === 'bytes' ? leaves : [leaves[1], leaves[0]];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const cells: ImageCell[] = new Array(numRows);
  for (let i = 0; i < numRows; i++) {
    const present = a.levels[i] >= bytesLeaf.structLevel;
    if (present !== b.levels[i] >= pathLeaf.structLevel) throw new ThriftError(`row ${i}: the struct is null in one leaf and not in the other`);
    if (!present) {
      cells[i] = null;
      continue;
    }
    const path = b.values[i];
    let text: string | null = null;
    if (path) {
      try {
        text = decoder.decode(path);
      } catch {
        throw new ThriftError(`row ${i}: path is not UTF-8`);
      }
    }
    cells[i] = { bytes: a.values[i] ?? null, path: text };
  }
  return cells;
}

/**
 * Definition levels and values of a non-repeated BYTE_ARRAY leaf's chunk whose pages are all
 * PLAIN and uncompressed (v1 or v2 data pages), or `undefined` for any other kind of chunk.
 */
function readPlainPages(chunk: Uint8Array, numRows: number, maxLevel: number): { levels: Uint8Array; values: (Uint8Array | undefined)[] } | undefined {
  const levels = new Uint8Array(numRows);
  const values: (Uint8Array | undefined)[] = new Array(numRows);
  const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  const bitWidth = maxLevel === 0 ? 0 : 32 - Math.clz32(maxLevel);
  let row = 0;
  let offset = 0;
  while (offset < chunk.length) {
    let header: TStruct;
    ({ value: header, end: offset } = decodeStruct(chunk, offset));
    const type = getInt(header, 1);
    const size = getInt(header, 3) ?? -1;
    if (size < 0 || offset + size > chunk.length) throw new ThriftError(`a page of ${size} bytes runs past the end of its column chunk`);
    const body = offset;
    offset += size;
    let count: number;
    let levelsAt: number;
    let levelsEnd: number;
    let valuesAt: number;
    if (type === DATA_PAGE) {
      const h = getStruct(header, 5);
      if (!h || getInt(h, 2) !== PLAIN || (maxLevel > 0 && getInt(h, 3) !== RLE) || size !== getInt(header, 2)) return undefined;
      count = getInt(h, 1) ?? -1;
      levelsAt = body;
      levelsEnd = body;
      if (maxLevel > 0) {
        // v1: the levels' byte length, then the levels.
        if (body + 4 > offset) throw new ThriftError('a data page ends inside its definition levels');
        levelsAt = body + 4;
        levelsEnd = levelsAt + view.getUint32(body, true);
      }
      valuesAt = levelsEnd;
    } else if (type === DATA_PAGE_V2) {
      const h = getStruct(header, 8);
      if (!h || getInt(h, 4) !== PLAIN || (getInt(h, 6) ?? 0) !== 0) return undefined;
      // `is_compressed` defaults to true, but a chunk whose codec is UNCOMPRESSED compresses nothing.
      count = getInt(h, 1) ?? -1;
      levelsAt = body;
      levelsEnd = body + (getInt(h, 5) ?? -1);
      valuesAt = levelsEnd;
    } else if (type === 2) {
      return undefined; // a dictionary page
    } else {
      continue; // an index page: nothing to read
    }
    if (count < 0 || row + count > numRows) throw new ThriftError(`pages hold more than the row group's ${numRows} values`);
    if (levelsEnd < levelsAt || levelsEnd > offset) throw new ThriftError('definition levels run past the end of their page');
    if (maxLevel > 0) decodeLevels(chunk, levelsAt, levelsEnd, bitWidth, levels, row, count);
    else levels.fill(0, row, row + count);
    let at = valuesAt;
    for (let i = row; i < row + count; i++) {
      if (levels[i] > maxLevel) throw new ThriftError(`definition level ${levels[i]} above the column's ${maxLevel}`);
      if (levels[i] !== maxLevel) continue;
      if (at + 4 > offset) throw new ThriftError('a page ends inside its values');
      const length = view.getUint32(at, true);
      at += 4;
      if (at + length > offset) throw new ThriftError(`a value of ${length} bytes runs past the end of its page`);
      values[i] = chunk.subarray(at, at + length);
      at += length;
    }
    row += count;
  }
  if (row !== numRows) throw new ThriftError(`the pages hold ${row} values, the row group ${numRows} rows`);
  return { levels, values };
}

/** Decodes `count` levels of the RLE / bit-packed hybrid encoding in `[from, to)` into `out` from `start`. */
function decodeLevels(bytes: Uint8Array, from: number, to: number, bitWidth: number, out: Uint8Array, start: number, count: number): void {
  let at = from;
  let n = 0;
  const byteWidth = (bitWidth + 7) >> 3;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; shift < 35; shift += 7) {
      if (at >= to) throw new ThriftError('definition levels cut short');
      const b = bytes[at++];
      value += (b & 0x7f) * 2 ** shift;
      if (b < 0x80) return value;
    }
    throw new ThriftError('definition levels: overlong run header');
  };
  while (n < count) {
    const header = varint();
    if (header % 2 === 0) {
      // A run of one value.
      const run = header / 2;
      if (at + byteWidth > to) throw new ThriftError('definition levels cut short');
      let value = 0;
      for (let i = 0; i < byteWidth; i++) value |= bytes[at++] << (8 * i);
      const take = Math.min(run, count - n);
      out.fill(value, start + n, start + n + take);
      n += take;
    } else {
      // Groups of 8 bit-packed values, least significant bits first.
      const values = ((header - 1) / 2) * 8;
      const end = at + (values * bitWidth) / 8;
      if (end > to) throw new ThriftError('definition levels cut short');
      const mask = (1 << bitWidth) - 1;
      for (let i = 0; i < values && n < count; i++, n++) {
        const bit = i * bitWidth;
        const byte = at + (bit >> 3);
        const word = bytes[byte] | (byte + 1 < to ? bytes[byte + 1] << 8 : 0);
        out[start + n] = (word >> (bit & 7)) & mask;
      }
      at = end;
    }
  }
}
