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
import { plainImageLeaves } from './plain-image-leaves.js';
import type { ParquetFooter } from './read-parquet-footer.js';
import { type TStruct, ThriftError, decodeStruct, getInt, getStruct } from './thrift.js';

/** One cell of an Image column: `null` for a null struct. */
export type ImageCell = { bytes: Uint8Array | null; path: string | null } | null;

const PLAIN = 0;
const RLE = 3;
const DATA_PAGE = 0;
const DATA_PAGE_V2 = 3;

/** Rows `[firstRow, firstRow + numRows)` of the row group, held by the pages of one fetched span. */
export interface PageSpan {
  firstRow: number;
  numRows: number;
}

/**
 * The cells of Image column `column` in one row group, from its two leaf chunks as fetched
 * (`chunks`, in the file's leaf order) — whole chunks, or with `spans` a run of whole pages of
 * each (as an offset index locates them) holding the rows `spans[i]` says; then only the rows
 * `rows` (held by both spans) are returned, cell 0 being row `rows[0]`. The `bytes` values are
 * views of the chunks' buffer.
 * @returns `undefined` when the column is not such a struct, or a chunk is not stored the plain
 *   way (the caller then decodes it with parquet-wasm).
 * @throws {ThriftError} for pages that contradict themselves or the footer (corrupt data).
 */
export function readImageColumn(params: {
  footer: ParquetFooter;
  rowGroup: number;
  column: string;
  chunks: readonly Uint8Array[];
  spans?: readonly PageSpan[];
  rows?: readonly [number, number];
}): ImageCell[] | undefined {
  const { footer, rowGroup, chunks } = params;
  const leaves = plainImageLeaves({ footer, rowGroup, column: params.column });
  if (!leaves || chunks.length !== 2) return undefined;
  const groupRows = footer.rowGroups[rowGroup].numRows;
  const spans = params.spans ?? [
    { firstRow: 0, numRows: groupRows },
    { firstRow: 0, numRows: groupRows },
  ];
  const [from, to] = params.rows ?? [0, groupRows];
  const read: { levels: Uint8Array; values: (Uint8Array | undefined)[] }[] = [];
  for (const [k, leaf] of leaves.entries()) {
    if (from < spans[k].firstRow || to > spans[k].firstRow + spans[k].numRows) throw new RangeError(`rows [${from}, ${to}) are not all in the pages read`);
    const pages = readPlainPages(chunks[k], spans[k].numRows, leaf.maxLevel, params.spans ? `the offset index's ${spans[k].numRows} rows for these pages` : `the row group's ${groupRows} rows`);
    if (!pages) return undefined;
    read.push(pages);
  }
  const [a, b] = leaves[0].name === 'bytes' ? [read[0], read[1]] : [read[1], read[0]];
  const [bytesLeaf, pathLeaf] = leaves[0].name === 'bytes' ? leaves : [leaves[1], leaves[0]];
  const [aFirst, bFirst] = leaves[0].name === 'bytes' ? [spans[0].firstRow, spans[1].firstRow] : [spans[1].firstRow, spans[0].firstRow];
  const decoder = new TextDecoder('utf-8', { fatal: true });
  const cells: ImageCell[] = new Array(to - from);
  for (let row = from; row < to; row++) {
    const i = row - from;
    const ia = row - aFirst;
    const ib = row - bFirst;
    const present = a.levels[ia] >= bytesLeaf.structLevel;
    if (present !== b.levels[ib] >= pathLeaf.structLevel) throw new ThriftError(`row ${row}: the struct is null in one leaf and not in the other`);
    if (!present) {
      cells[i] = null;
      continue;
    }
    const path = b.values[ib];
    let text: string | null = null;
    if (path) {
      try {
        text = decoder.decode(path);
      } catch {
        throw new ThriftError(`row ${row}: path is not UTF-8`);
      }
    }
    cells[i] = { bytes: a.values[ia] ?? null, path: text };
  }
  return cells;
}

/**
 * Definition levels and values of a non-repeated BYTE_ARRAY leaf's chunk whose pages are all
 * PLAIN and uncompressed (v1 or v2 data pages), or `undefined` for any other kind of chunk.
 */
function readPlainPages(chunk: Uint8Array, numRows: number, maxLevel: number, expected: string): { levels: Uint8Array; values: (Uint8Array | undefined)[] } | undefined {
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
    if (count < 0 || row + count > numRows) throw new ThriftError(`the pages hold more values than ${expected}`);
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
  if (row !== numRows) throw new ThriftError(`the pages hold ${row} values, not ${expected}`);
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
