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
  /** Bytes `[start, end)` into the first `end - start` bytes of `into`; resolves to that view. */
  const readInto = async (start: number, end: number, into: Uint8Array): Promise<Uint8Array> => {
    const bad = checkRange(source, start, end) ?? (into.length < end - start ? `a ${into.length}-byte buffer cannot hold [${start}, ${end})` : undefined);
    if (bad) throw new SourceError({ source: path, message: bad });
    const out = into.subarray(0, end - start);
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
  };
  const source: ByteSource = {
    name: path,
    byteLength,
    async read(start, end) {
      const bad = checkRange(source, start, end);
      if (bad) throw new SourceError({ source: path, message: bad });
      // Not zero-filled: every byte is read into it or the read throws, and zeroing a row group
      // of photographs (11 MB) cost as much as reading it from the page cache.
      return readInto(start, end, new Uint8Array(Buffer.allocUnsafeSlow(end - start).buffer, 0, end - start));
    },
  };
  READ_INTO.set(source, readInto);
  return source;
}

const READ_INTO = new WeakMap<ByteSource, (start: number, end: number, into: Uint8Array) => Promise<Uint8Array>>();

/**
 * For a source made by {@link fromFile}, a read into memory the caller provides (and reuses):
 * `(start, end, into)` fills `into`'s first `end - start` bytes and resolves to that view, with
 * the checks and errors of `read`. `undefined` for any other source. A 72 MB row group read into
 * fresh memory costs a page fault per 4 KiB, an mmap and a munmap, and a garbage collection of
 * the external memory: `diffseg30k distort` reuses a few buffers instead. Kept beside the object
 * rather than on it: `ByteSource` is a public contract, and this is for the package's own callers.
 * @internal
 */
export function readIntoOf(source: ByteSource): ((start: number, end: number, into: Uint8Array) => Promise<Uint8Array>) | undefined {
  return READ_INTO.get(source);
}
