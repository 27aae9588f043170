import { SourceError } from '../errors.js';
import { type ByteSource, checkRange } from './byte-source.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * A {@link ByteSource} over bytes already in memory (a fetched file, a zip member, a test fixture).
 * Reads return copies, so a caller may keep or mutate them freely.
 * @example
 * const source = fromBuffer({ bytes, name: 'memory:shard.parquet' });
 */
export function fromBuffer(params: { bytes: Uint8Array; name?: string }): ByteSource {
  checkParams('fromBuffer', params, keysOf<Parameters<typeof fromBuffer>[0]>()('bytes', 'name'));
  const { bytes } = params;
  const name = params.name ?? 'memory';
  const source: ByteSource = {
    name,
    byteLength: bytes.length,
    async read(start, end) {
      const bad = checkRange(source, start, end);
      if (bad) throw new SourceError({ source: name, message: bad });
      return bytes.slice(start, end);
    },
  };
  return source;
}
