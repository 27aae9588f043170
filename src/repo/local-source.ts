import { open, readdir, stat } from 'node:fs/promises';
import { join, relative, resolve, sep } from 'node:path';
import { DatasetError, DiffsegError, SourceError } from '../errors.js';
import { concurrencyLimit } from '../io/concurrency-limit.js';
import { fromFile } from '../io/from-file.js';
import { DEFAULT_MAX_SMALL_FILE_BYTES, type DatasetSource, type RepoFile } from './dataset-source.js';
import { checkParams } from '../internal/check-params.js';

/** Files stat'ed at once while listing. */
const STAT_CONCURRENCY = 16;

/**
 * How long after its last change a file's stat vouches for its content (its `version`). A file
 * can be rewritten within one timestamp tick without its times moving: a few milliseconds on
 * Linux filesystems, up to 2 s on FAT; a change that comes later than this moves them.
 */
const SETTLED_NS = 2_000_000_000n;

/**
 * A {@link DatasetSource} over a local directory (a dataset written by `writeDataset`, a Hugging
 * Face cache snapshot — a tree of links into `blobs/` —, any folder of shards).
 *
 * Each listed file carries a `version` (device, inode, size, modification and change times) once
 * it has not changed for two seconds, so what a reader derived from it can be reused until it
 * changes.
 *
 * @param params.path - the directory.
 * @param params.name - what to call it in messages. @default the absolute path
 * @throws {DiffsegError} code `NOT_A_DATASET` when `path` does not exist or is not a directory.
 * @example
 * const source = await localSource({ path: '/data/diffseg30k' });
 * const layout = await openDataset({ source });
 */
export async function localSource(params: { path: string; name?: string }): Promise<DatasetSource> {
  checkParams('localSource', params, ['path', 'name']);
  const root = resolve(params.path);
  const name = params.name ?? root;
  const info = await stat(root).catch(() => undefined);
  if (!info?.isDirectory()) {
    throw new DatasetError({ code: 'NOT_A_DATASET', source: name, message: `not a dataset: ${info ? 'it is not a directory' : 'it does not exist'}` });
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
      const candidates: { abs: string; path: string }[] = [];
      for (const e of entries) {
        if (!e.isFile() && !e.isSymbolicLink()) continue;
        const abs = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
        const path = relative(root, abs).split(sep).join('/');
        if (path.split('/').some((p) => p.startsWith('.'))) continue;
        candidates.push({ abs, path });
      }
      // Taken before any stat: a file whose times are older than this by SETTLED_NS was already
      // settled when it was stat'ed.
      const now = BigInt(Date.now()) * 1_000_000n;
      const limit = concurrencyLimit({ max: STAT_CONCURRENCY });
      // In parallel: one stat after another costs a thread-pool round trip each.
      const listed = await Promise.all(
        candidates.map(({ abs, path }) =>
          limit.run(async (): Promise<RepoFile | undefined> => {
            let s;
            try {
              s = await stat(abs, { bigint: true });
            } catch (cause) {
              // A link to nothing may be a shard that was never downloaded or was moved: skipping it
              // would read a shorter split without a word.
              throw new SourceError({ source: name, message: `${path} is a broken link (${(cause as Error).message}); remove it or restore what it points to`, cause });
            }
            if (!s.isFile()) return undefined;
            const settled = now - s.mtimeNs > SETTLED_NS && now - s.ctimeNs > SETTLED_NS;
            return { path, size: Number(s.size), ...(settled ? { version: `${s.dev}:${s.ino}:${s.size}:${s.mtimeNs}:${s.ctimeNs}` } : {}) };
          }),
        ),
      );
      const out = listed.filter((f): f is RepoFile => f !== undefined);
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
