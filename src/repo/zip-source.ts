import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { SourceError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { fromBuffer } from '../io/from-buffer.js';
import { fromFile } from '../io/from-file.js';
import { DEFAULT_MAX_SMALL_FILE_BYTES, type DatasetSource, type RepoFile } from './dataset-source.js';
import { MAX_DIRECTORY_BYTES, type ZipDirectory, type ZipEntry, readZipDirectory } from './read-zip-directory.js';
import { readZipMember } from './read-zip-member.js';
import { checkParams } from '../internal/check-params.js';

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
   * A file to keep the central directory in, so it is read from the archive only once (for a Hub
   * file, beside the Hub cache and keyed by the commit sha). Its bytes are checked again on every
   * use; a file that fails the checks is ignored and rewritten. @default not cached
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
 * `directoryCache` is given — and then only the members asked for, stored or deflated. Every
 * variant standard writers make reads (ZIP64 with 0xFFFF disk fields, data descriptors, folder
 * prefixes, comments, long extra fields); `__MACOSX/` and dot entries are hidden from
 * `listFiles`. Names that escape the archive, members whose local records overlap, sizes that lie
 * and members that inflate beyond their declared size are {@link index!FormatError}s.
 * @example
 * const source = await zipSource({ path: 'samples/authors-layout.zip' });
 * const layout = await openDataset({ source });
 */
export async function zipSource(params: ZipSourceParams): Promise<ZipDatasetSource> {
  checkParams('zipSource', params, ['path', 'byteSource', 'name', 'directoryCache', 'maxMemberBytes']);
  const archive = params.byteSource ?? (params.path !== undefined ? await fromFile({ path: resolve(params.path) }) : undefined);
  if (!archive) throw new SourceError({ source: params.name ?? 'zip', message: 'zipSource needs a path or a byteSource' });
  const name = params.name ?? archive.name;
  const directory = await cachedDirectory(archive, params.directoryCache);
  const byName = new Map(directory.entries.map((e) => [e.name, e]));
  const visible = directory.entries.filter((e) => !isHidden(e.name));
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
      // Runs of members next to each other are fetched with one request: from the first one's
      // local header to where the record after the last one begins (or, should that be far, as
      // far as its local header, data and data descriptor can reach).
      let i = 0;
      while (i < order.length) {
        let j = i;
        while (j + 1 < order.length && entries[order[j + 1]].offset - entries[order[j]].end <= COALESCE_GAP) j++;
        signal?.throwIfAborted();
        const first = entries[order[i]];
        const last = entries[order[j]];
        const start = first.offset;
        const end = Math.min(archive.byteLength, last.end, last.offset + 30 + 256 + last.compressedSize + 24);
        const bytes = i === j ? undefined : await archive.read(start, end);
        for (let k = i; k <= j; k++) out[order[k]] = await member(entries[order[k]], bytes && { start, bytes });
        i = j + 1;
      }
      return out;
    },
  };
}

/**
 * Whether a member is hidden: a dot file or folder, and what macOS's Archive Utility adds —
 * `__MACOSX/` (AppleDouble `._` files of resource forks); never taken for records.
 */
function isHidden(name: string): boolean {
  return name.split('/').some((part, i, parts) => part.startsWith('.') || (part === '__MACOSX' && i < parts.length - 1));
}

/** What the directory cache file holds: the central directory's bytes, parsed and checked again on every use. */
interface SavedDirectory {
  version: 2;
  /** The archive's size: another size is another archive. */
  byteLength: number;
  zip64: boolean;
  directory: [number, number];
  count: number;
  /** The central directory, base64. */
  centralDirectory: string;
}

/**
 * The central directory, from `cache` when it describes this archive, else read (and cached).
 * The cache keeps the directory's bytes, not its parsed entries, and they go through the very
 * checks of a fresh read: a cache file that was tampered with can make the package read the
 * archive's tail again (it is then rewritten), never accept a member the archive would not give.
 */
async function cachedDirectory(archive: ByteSource, cache: string | undefined): Promise<ZipDirectory> {
  if (cache) {
    const saved = await readSaved(cache);
    if (saved?.version === 2 && saved.byteLength === archive.byteLength && typeof saved.centralDirectory === 'string' && Array.isArray(saved.directory)) {
      const known = { zip64: saved.zip64!, directory: saved.directory, count: saved.count!, bytes: new Uint8Array(Buffer.from(saved.centralDirectory, 'base64')) };
      const directory = await readZipDirectory({ byteSource: archive, known }).catch(() => undefined);
      if (directory) return directory;
    }
  }
  const directory = await readZipDirectory({ byteSource: archive });
  if (cache) {
    try {
      await mkdir(dirname(cache), { recursive: true });
      const saved: SavedDirectory = {
        version: 2,
        byteLength: archive.byteLength,
        zip64: directory.zip64,
        directory: directory.directory,
        count: directory.count,
        centralDirectory: Buffer.from(directory.bytes.buffer, directory.bytes.byteOffset, directory.bytes.byteLength).toString('base64'),
      };
      // Written whole then renamed, so a reader never sees half a file.
      const tmp = `${cache}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(saved));
      await rename(tmp, cache);
    } catch {
      // A cache that cannot be written only costs a re-read next time.
    }
  }
  return directory;
}

/** The saved directory in `cache`, or `undefined` when there is none or it is not one (too big to be one, not JSON). */
async function readSaved(cache: string): Promise<Partial<SavedDirectory> | undefined> {
  try {
    // base64 of the largest directory read, and a little JSON around it.
    if ((await stat(cache)).size > (MAX_DIRECTORY_BYTES / 3) * 4 + 4096) return undefined;
    const saved = JSON.parse(await readFile(cache, 'utf8')) as unknown;
    return saved && typeof saved === 'object' ? (saved as Partial<SavedDirectory>) : undefined;
  } catch {
    return undefined;
  }
}
