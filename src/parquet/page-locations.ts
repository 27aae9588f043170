import { ThriftError, decodeStruct, getInt, getStructList } from './thrift.js';

/** Where one data page of a column chunk is, as the chunk's offset index says. */
export interface PageLocation {
  /** File offset of the page (its header). */
  offset: number;
  /** Bytes of the page, header included. */
  size: number;
  /** Row (within the row group) of the page's first value. */
  firstRow: number;
}

/**
 * The page locations of one column chunk from its offset index (Parquet's `OffsetIndex`, written
 * near the footer by parquet-rs, parquet-wasm and pyarrow's `write_page_index`), checked against
 * the chunk they describe: pages in order, inside the chunk, not overlapping, first rows rising
 * from 0 and below the row group's row count.
 *
 * The index is advisory — it only lets a reader fetch some pages of a chunk instead of all — and
 * the file may come from anyone, so an index that does not decode or does not fit its chunk is
 * answered with `undefined`, and the caller reads the whole chunk, whose pages are checked as
 * always. Pages that contradict a well-formed index are caught when they are read (their value
 * counts must equal the rows the index gives them).
 * @internal
 */
export function pageLocations(params: { bytes: Uint8Array; chunk: { start: number; length: number }; numRows: number }): PageLocation[] | undefined {
  const { bytes, chunk, numRows } = params;
  let raw;
  try {
    const { value, end } = decodeStruct(bytes, 0);
    if (end !== bytes.length) return undefined;
    raw = getStructList(value, 1);
  } catch (error) {
    if (error instanceof ThriftError || error instanceof RangeError || error instanceof TypeError) return undefined;
    throw error;
  }
  if (raw.length === 0) return undefined;
  const pages: PageLocation[] = [];
  let previousEnd = chunk.start;
  for (const [k, entry] of raw.entries()) {
    const offset = getInt(entry, 1);
    const size = getInt(entry, 2);
    const firstRow = getInt(entry, 3);
    if (offset === undefined || size === undefined || firstRow === undefined) return undefined;
    if (!Number.isSafeInteger(offset) || size <= 0 || offset < previousEnd || offset + size > chunk.start + chunk.length) return undefined;
    if (k === 0 ? firstRow !== 0 : firstRow <= pages[k - 1].firstRow || firstRow >= numRows) return undefined;
    pages.push({ offset, size, firstRow });
    previousEnd = offset + size;
  }
  return pages;
}
