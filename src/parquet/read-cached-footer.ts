import type { ByteSource } from '../io/byte-source.js';
import { boundedCache } from '../internal/bounded-cache.js';
import { type ParquetFooter, readParquetFooter } from './read-parquet-footer.js';

/**
 * Footers parsed in this process, by the identity of the file's content: at most 1024 of them
 * and 16 MiB of footer bytes (a footer of a 100-row-group shard is about 150 KB).
 */
const footers = boundedCache<string, ParquetFooter>({ maxEntries: 1024, maxWeight: 16 << 20, weigh: (f) => f.byteLength - f.metadataStart });

/**
 * The parsed footer of a Parquet file: the one parsed before under `key` when there is one for a
 * file of this length, else read (and kept) now. `key` must name the file's content — a
 * location, a path and a version that vouches for the bytes (`RepoFile.version`) — so a changed
 * file, which has another version, is read afresh; `undefined` reads without caching.
 * A cached footer is frozen: every shard opened from it shares it.
 * @internal
 */
export async function readCachedFooter(params: { byteSource: ByteSource; key: string | undefined }): Promise<ParquetFooter> {
  const { byteSource, key } = params;
  const cached = key === undefined ? undefined : footers.get(key);
  // The length is known without a read; a file of another length is another file.
  if (cached && cached.byteLength === byteSource.byteLength) return cached;
  const footer = await readParquetFooter({ byteSource });
  if (key !== undefined) footers.set(key, deepFreeze(footer));
  return footer;
}

/** Freezes the footer's plain objects and arrays (its raw Thrift maps are internal). */
function deepFreeze(footer: ParquetFooter): ParquetFooter {
  for (const rg of footer.rowGroups) {
    for (const c of rg.columns) Object.freeze(c);
    Object.freeze(rg.columns);
    Object.freeze(rg);
  }
  for (const c of footer.columns) {
    Object.freeze(c.schemaRange);
    Object.freeze(c.leafRange);
    Object.freeze(c);
  }
  Object.freeze(footer.rowGroups);
  Object.freeze(footer.columns);
  Object.freeze(footer.keyValueMetadata);
  return Object.freeze(footer);
}
