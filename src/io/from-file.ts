import { open, stat } from 'node:fs/promises';
import { SourceError } from '../errors.js';
import { type ByteSource, checkRange } from './byte-source.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * A {@link ByteSource} over a local file. Each read opens, reads and closes the file, so a source
 * holds no descriptor and needs no `close()`; the OS page cache makes repeated opens cheap.
 * @example
 * const source = await fromFile({ path: 'data/validation-00000-of-00001.parquet' });
 * const footerLength = await source.read(source.byteLength - 8, source.byteLength - 4);
 */
export async function fromFile(params: { path: string }): Promise<ByteSource> {
  checkParams('fromFile', params, keysOf<Parameters<typeof fromFile>[0]>()('path'));
  const { path } = params;
  let byteLength: number;
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new Error('not a regular file');
    byteLength = info.size;
  } catch (cause) {
    throw new SourceError({ source: path, message: `cannot open: ${(cause as Error).message}`, cause });
  }
  const source: ByteSource = {
    name: path,
    byteLength,
    async read(start, end) {
      const bad = checkRange(source, start, end);
      if (bad) throw new SourceError({ source: path, message: bad });
      // Not zero-filled: every byte is read into it or the read throws, and zeroing a row group
      // of photographs (11 MB) cost as much as reading it from the page cache.
      const out = new Uint8Array(Buffer.allocUnsafeSlow(end - start).buffer, 0, end - start);
      let handle;
      try {
        handle = await open(path, 'r');
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
          if (bytesRead === 0) throw new Error(`file ended after ${start + done} bytes (was it truncated while reading?)`);
          done += bytesRead;
        }
      } catch (cause) {
        throw new SourceError({ source: path, message: `read [${start}, ${end}) failed: ${(cause as Error).message}`, cause });
      } finally {
        await handle?.close();
      }
      return out;
    },
  };
  return source;
}
