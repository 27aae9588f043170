import { type TStruct, ThriftError, decodeStruct, getInt } from './thrift.js';

/** What the page headers of one column chunk say. */
export interface PageSizes {
  /** Pages in the chunk (dictionary page included). */
  pages: number;
  /** Sum of the pages' `uncompressed_page_size`: the bytes a reader must decompress into. */
  uncompressed: number;
}

/**
 * Walks the page headers of one column chunk (`PageHeader` structs, each followed by its
 * `compressed_page_size` bytes) without decompressing anything, so a reader knows how much memory
 * the chunk will take before handing it to a decoder — a page declaring gigabytes is a
 * decompression bomb, refused before any allocation.
 * @throws {ThriftError} for a header that does not parse or a page that runs past the chunk.
 * @internal
 */
export function pageSizes(chunk: Uint8Array): PageSizes {
  let offset = 0;
  let pages = 0;
  let uncompressed = 0;
  while (offset < chunk.length) {
    let header: TStruct;
    let end: number;
    try {
      ({ value: header, end } = decodeStruct(chunk, offset));
    } catch (cause) {
      throw new ThriftError(`page ${pages} at byte ${offset}: unreadable page header (${(cause as Error).message})`);
    }
    const size = getInt(header, 2);
    const compressed = getInt(header, 3);
    if (size === undefined || compressed === undefined || size < 0 || compressed < 0) {
      throw new ThriftError(`page ${pages} at byte ${offset}: page header without valid sizes`);
    }
    if (end + compressed > chunk.length) {
      throw new ThriftError(`page ${pages} at byte ${offset}: its ${compressed} bytes run past the end of the column chunk (${chunk.length} bytes)`);
    }
    uncompressed += size;
    pages++;
    offset = end + compressed;
  }
  return { pages, uncompressed };
}
