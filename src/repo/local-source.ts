import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DiffsegError, SourceError } from '../errors.js';
import { fromFile } from '../io/from-file.js';
import { DEFAULT_MAX_SMALL_FILE_BYTES, type DatasetSource, type RepoFile } from './dataset-source.js';

/**
 * A {@link DatasetSource} over a local directory (a dataset written by `writeDataset`, a Hugging
 * Face cache snapshot — a tree of links into `blobs/` —, any folder of shards).
 *
 * @param params.path - the directory.
 * @param params.name - what to call it in messages. @default the absolute path
 * @throws {DiffsegError} code `NOT_A_DATASET` when `path` does not exist or is not a directory.
 * @example
 * const source = await localSource({ path: '/data/diffseg30k' });
 * const layout = await openDataset({ source });
 */
export async function localSource(params: { path: string; name?: string }): Promise<DatasetSource> {
  const root = resolve(params.path);
  const name = params.name ?? root;
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new DiffsegError({ code: 'NOT_A_DATASET', message: `dataset: ${name}: not a dataset: ${info ? 'it is not a directory' : 'it does not exist'}` });
  }

  const full = (path: string): string => {
    const abs = resolve(root, ...path.split('/'));
    if (abs !== root && !abs.startsWith(root + sep)) throw new SourceError({ source: name, message: `path ${path} leaves the directory` });
    return abs;
  };

  return {
    name,
    revision: undefined,
    async listFiles() {
      let entries;
      try {
        entries = await readdir(root, { recursive: true, withFileTypes: true });
      } catch (cause) {
        throw new SourceError({ source: name, message: `cannot list: ${(cause as Error).message}`, cause });
      }
      const out: RepoFile[] = [];
      for (const e of entries) {
        if (!e.isFile() && !e.isSymbolicLink()) continue;
        const abs = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
        const path = relative(root, abs).split(sep).join('/');
        if (path.split('/').some((p) => p.startsWith('.'))) continue;
        const s = await stat(abs).catch(() => undefined);
        if (!s?.isFile()) continue;
        out.push({ path, size: s.size });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async readFile({ path, maxBytes = DEFAULT_MAX_SMALL_FILE_BYTES }) {
      const abs = full(path);
      let s;
      try {
        s = await stat(abs);
      } catch (cause) {
        if ((cause as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
        throw new SourceError({ source: abs, message: `cannot read: ${(cause as Error).message}`, cause });
      }
      // Checked before opening: opening a named pipe for reading blocks until a writer appears.
      if (!s.isFile()) throw new SourceError({ source: abs, message: 'is not a regular file' });
      if (s.size > maxBytes) throw new SourceError({ source: abs, message: `is ${s.size} bytes, more than the ${maxBytes} read whole` });
      const handle = await open(abs, 'r').catch((cause) => {
        throw new SourceError({ source: abs, message: `cannot read: ${(cause as Error).message}`, cause });
      });
      try {
        const bytes = new Uint8Array(s.size);
        let done = 0;
        while (done < bytes.length) {
          const { bytesRead } = await handle.read(bytes, done, bytes.length - done, done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === bytes.length ? bytes : bytes.slice(0, done);
      } catch (cause) {
        throw new SourceError({ source: abs, message: `cannot read: ${(cause as Error).message}`, cause });
      } finally {
        await handle.close();
      }
    },
    async open({ path }) {
      return fromFile({ path: full(path) });
    },
  };
}
