import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SourceError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { fromBuffer } from '../io/from-buffer.js';
import { fromFile } from '../io/from-file.js';
import { DEFAULT_MAX_SMALL_FILE_BYTES, type DatasetSource, type RepoFile } from './dataset-source.js';
import { type ZipDirectory, type ZipEntry, readZipDirectory } from './read-zip-directory.js';
import { readZipMember } from './read-zip-member.js';

/** A zip archive as a dataset location: its members are the files. */
export interface ZipDatasetSource extends DatasetSource {
  /** The archive's bytes. */
  readonly archive: ByteSource;
  /** Its central directory (directories excluded), read once. */
  readonly entries: readonly ZipEntry[];
  /**
   * Several members at once: members that sit next to each other in the archive (an image and
   * its mask) are fetched with one range request.
   */
  readMembers(params: { names: readonly string[]; signal?: AbortSignal }): Promise<Uint8Array[]>;
}

/** Parameters of {@link zipSource}: a local `path`, or any `byteSource` (e.g. a zip on the Hub). */
export interface ZipSourceParams {
  /** A local zip file. */
  path?: string;
  /** The archive's bytes, when it is not a local file. */
  byteSource?: ByteSource;
  /** What to call the archive in messages. @default the path or the byte source's name */
  name?: string;
  /**
   * A file to keep the parsed central directory in, so it is read from the archive only once
   * (for a Hub file, beside the Hub cache and keyed by the commit sha). @default not cached
   */
  directoryCache?: string;
  /** Refuse members larger than this once inflated. @default 512 MiB */
  maxMemberBytes?: number;
}

/** Gap between two members up to which one request fetches both (the bytes between are wasted). */
const COALESCE_GAP = 4096;

/**
 * A zip archive (local, or any {@link ByteSource} such as a zip on the Hub) as a
 * {@link DatasetSource} whose files are its members: the authors' release of DiffSeg30k is zip
 * archives of `<dir>/<8 digits>.image.png` + `.mask.png` pairs. Only the end-of-central-directory
 * records (ZIP64 included) and the central directory are read at open — once, if
 * `directoryCache` is given — and then only the members asked for, stored or deflated. Names
 * that escape the archive, overlapping members, sizes that lie and members that inflate beyond
 * their declared size are {@link FormatError}s.
 * @example
 * const source = await zipSource({ path: 'samples/authors-layout.zip' });
 * const layout = await openDataset({ source });
 */
export async function zipSource(params: ZipSourceParams): Promise<ZipDatasetSource> {
  const archive = params.byteSource ?? (params.path !== undefined ? await fromFile({ path: resolve(params.path) }) : undefined);
  if (!archive) throw new SourceError({ source: params.name ?? 'zip', message: 'zipSource needs a path or a byteSource' });
  const name = params.name ?? archive.name;
  const directory = await cachedDirectory(archive, params.directoryCache);
  const byName = new Map(directory.entries.map((e) => [e.name, e]));
  const visible = directory.entries.filter((e) => !e.name.split('/').some((p) => p.startsWith('.')));
  const files: RepoFile[] = visible.map((e) => ({ path: e.name, size: e.size })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const entryOf = (path: string): ZipEntry => {
    const entry = byName.get(path);
    if (!entry) throw new SourceError({ source: `${name}/${path}`, message: `no such member in the archive (it has ${directory.entries.length})` });
    return entry;
  };
  const member = (entry: ZipEntry, prefetched?: { start: number; bytes: Uint8Array }) =>
    readZipMember({ byteSource: archive, entry, maxBytes: params.maxMemberBytes, prefetched });

  return {
    name,
    revision: undefined,
    archive,
    entries: directory.entries,
    async listFiles() {
      return files.map((f) => ({ ...f }));
    },
    async readFile({ path, maxBytes = DEFAULT_MAX_SMALL_FILE_BYTES }) {
      const entry = byName.get(path);
      if (!entry) return undefined;
      if (entry.size > maxBytes) throw new SourceError({ source: `${name}/${path}`, message: `is ${entry.size} bytes, more than the ${maxBytes} read whole` });
      return member(entry);
    },
    async open({ path }) {
      return fromBuffer({ bytes: await member(entryOf(path)), name: `${name}/${path}` });
    },
    async readMembers({ names, signal }) {
      const entries = names.map(entryOf);
      const order = entries.map((e, i) => i).sort((a, b) => entries[a].offset - entries[b].offset);
      const out: Uint8Array[] = new Array(entries.length);
      // Runs of members next to each other are fetched with one request.
      let i = 0;
      while (i < order.length) {
        let j = i;
        const endOf = (e: ZipEntry) => e.offset + 30 + 256 + e.compressedSize;
        while (j + 1 < order.length && entries[order[j + 1]].offset - (entries[order[j]].offset + 30 + entries[order[j]].compressedSize) <= COALESCE_GAP + 256) j++;
        signal?.throwIfAborted();
        const first = entries[order[i]];
        const last = entries[order[j]];
        const start = first.offset;
        const end = Math.min(archive.byteLength, endOf(last) + last.name.length);
        const bytes = i === j ? undefined : await archive.read(start, end);
        for (let k = i; k <= j; k++) out[order[k]] = await member(entries[order[k]], bytes && { start, bytes });
        i = j + 1;
      }
      return out;
    },
  };
}

/** The central directory, from `cache` when it describes this archive, else read (and cached). */
async function cachedDirectory(archive: ByteSource, cache: string | undefined): Promise<ZipDirectory> {
  if (cache) {
    const saved = await readFile(cache, 'utf8').then(
      (text) => JSON.parse(text) as { byteLength: number; directory: ZipDirectory },
      () => undefined,
    );
    if (saved && saved.byteLength === archive.byteLength && Array.isArray(saved.directory?.entries)) return saved.directory;
  }
  const directory = await readZipDirectory({ byteSource: archive });
  if (cache) {
    try {
      await mkdir(dirname(cache), { recursive: true });
      // Written whole then renamed, so a reader never sees half a file.
      const tmp = `${cache}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify({ byteLength: archive.byteLength, directory }));
      await rename(tmp, cache);
    } catch {
      // A cache that cannot be written only costs a re-read next time.
    }
  }
  return directory;
}
