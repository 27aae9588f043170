import { randomBytes } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, realpath, rename, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative, sep } from 'node:path';
import { HubError, UnsafePathError } from '../errors.js';
import { confinedPath } from '../internal/confined-path.js';
import type { RepoFile } from './dataset-source.js';
import { type DigestKind, fileDigest } from './file-digest.js';
import { isObjectId } from './is-object-id.js';
import type { HubFile } from './list-hub-tree.js';

/** What a cached file of a snapshot turned out to be. */
export type SnapshotFileState =
  | { state: 'ok'; path: string }
  | { state: 'missing' }
  /** There, but not the file it should be (or not provably so): never served. */
  | { state: 'bad'; why: string };

/** How a download put a file into the snapshot (`DownloadedFile.how`). */
export type StoredHow =
  /** The snapshot already held it, verified: nothing fetched, nothing written. */
  | 'cached'
  /** Its blob was already in the cache (another revision, or Python put it there), verified: only the link was made. */
  | 'linked'
  /** Its bytes were fetched. */
  | 'fetched';

/** What a file's content must hash to. */
interface Expected {
  kind: DigestKind;
  id: string;
  size: number | undefined;
  /** Where the id comes from, in a message. */
  from: string;
}

/** Largest ref file read: a ref is 40 bytes. */
const MAX_REF_BYTES = 4096;
/** Largest cached tree listing read (60k files take ~10 MB). */
const MAX_TREE_BYTES = 256 * 1024 * 1024;
/** The format of `trees/{sha}.json` that `huggingface_hub` writes and reads. */
const TREE_FORMAT_VERSION = 1;

/**
 * One dataset repo's folder of the Hugging Face cache, the layout Python's `huggingface_hub` uses
 * (`datasets--{org}--{name}/{blobs,snapshots,refs,trees}` and `.locks/`), with every path built
 * from validated parts and confined to the cache by {@link confinedPath} — the one place paths
 * under the cache are made — and every cached file trusted only once its content hashes to its id.
 * @internal
 */
export interface HubCache {
  /** The cache directory. */
  readonly cacheDir: string;
  /** This repo's folder in it. */
  readonly storage: string;
  /** The commit a ref (`main`, a tag, `refs/convert/parquet`) points at, from `refs/{ref}`; `undefined` when not cached. */
  readRef(ref: string): Promise<string | undefined>;
  /** Records `refs/{ref}` → sha (40 bytes, no newline, as Python writes it). */
  writeRef(ref: string, sha: string): Promise<void>;
  /** The cached listing of a commit, `trees/{sha}.json`; `undefined` when there is none. */
  readTree(sha: string): Promise<HubFile[] | undefined>;
  /** Writes `trees/{sha}.json` as Python writes it, so Python offline can snapshot this commit. */
  writeTree(sha: string, files: readonly HubFile[]): Promise<void>;
  /** Whether `snapshots/{sha}` exists. */
  hasSnapshot(sha: string): Promise<boolean>;
  /** The files present in `snapshots/{sha}` (hidden ones excluded), each link confined to the repo's folder. */
  listSnapshot(sha: string): Promise<RepoFile[]>;
  /**
   * A file of `snapshots/{sha}`, verified: by the listing's id when `expect` is given, else by the
   * blob it links to (blobs are named after their id). A file whose content does not hash to its
   * id, a link leaving the repo's folder, or a file that cannot be verified is `bad`.
   */
  snapshotFile(params: { sha: string; path: string; expect?: HubFile }): Promise<SnapshotFileState>;
  /**
   * Puts one file of commit `sha` into the cache: reused when the snapshot or the blob already
   * holds it (verified), else fetched by `fetchTo` into a temporary file of this process's own
   * (`blobs/{id}.{pid}-{random}.incomplete`), checked against the listing's size and id, renamed
   * into `blobs/{id}` and linked from `snapshots/{sha}/{path}`.
   * @throws {HubError} when the fetched bytes are not the file listed (the temporary file is removed).
   */
  store(params: {
    sha: string;
    file: HubFile;
    /** Fetches the file's bytes into a new file at `path`. */
    fetchTo: (path: string) => Promise<void>;
    /** Where the bytes come from (a URL without its query), for messages. */
    url: string;
  }): Promise<{ path: string; how: StoredHow }>;
}

/**
 * Opens the cache folder of one dataset repo (nothing is created until something is stored).
 * @throws {UnsafePathError} when the repo id would name a folder outside the cache.
 * @internal
 */
export async function openHubCache(params: { cacheDir: string; repo: string }): Promise<HubCache> {
  const { cacheDir } = params;
  const folder = `datasets--${params.repo.split('/').join('--')}`;
  const storage = await confinedPath({ root: cacheDir, parts: [folder] });
  const at = (...parts: string[]) => confinedPath({ root: storage, parts });
  const inFlight = new Map<string, Promise<{ path: string; how: StoredHow }>>();

  /** Writes a small file whole, through a temporary name of this process, so no reader sees half of it. */
  const writeWhole = async (path: string, text: string) => {
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, text);
      await rename(tmp, path);
    } catch (error) {
      await rm(tmp, { force: true });
      throw error;
    }
  };

  const expectedOf = (file: HubFile): Expected | undefined =>
    file.sha256
      ? { kind: 'sha256', id: file.sha256, size: file.size, from: "the Hub's LFS oid" }
      : file.oid
        ? { kind: 'git-blob', id: file.oid, size: file.size, from: "the Hub's git blob id" }
        : undefined;

  /** Why the file at `path` is not `expected`, or `undefined` when it is. */
  const mismatch = async (path: string, expected: Expected): Promise<string | undefined> => {
    const info = await stat(path);
    if (!info.isFile()) return 'it is not a regular file';
    if (expected.size !== undefined && info.size !== expected.size) return `it has ${info.size} bytes, the listing says ${expected.size}`;
    const got = await fileDigest({ path, kind: expected.kind });
    return got === expected.id ? undefined : `${expected.kind === 'sha256' ? 'sha256' : 'git blob id'} ${got || '(the file changed while read)'} differs from ${expected.from} ${expected.id}`;
  };

  const cache: HubCache = {
    cacheDir,
    storage,
    async readRef(ref) {
      const path = await at('refs', ref);
      const info = await stat(path).catch(() => undefined);
      if (!info) return undefined;
      const fail = (why: string) => new HubError({ url: path, message: `cache: the ref file ${why}` });
      if (!info.isFile() || info.size > MAX_REF_BYTES) throw fail('is not a small regular file');
      const sha = (await readFile(path, 'utf8')).trim();
      if (!isObjectId(sha, 40)) throw fail(`holds ${JSON.stringify(String(sha).slice(0, 60))}, not a commit sha`);
      return sha;
    },
    async writeRef(ref, sha) {
      await writeWhole(await at('refs', ref), sha);
    },
    async readTree(sha) {
      const path = await at('trees', `${sha}.json`);
      const info = await stat(path).catch(() => undefined);
      if (!info) return undefined;
      const fail = (why: string) => new HubError({ url: path, message: `cache: the cached listing ${why}; delete it, or download again online` });
      if (!info.isFile() || info.size > MAX_TREE_BYTES) throw fail(`is not a regular file of at most ${MAX_TREE_BYTES} bytes`);
      let data: unknown;
      try {
        data = JSON.parse(await readFile(path, 'utf8'));
      } catch {
        throw fail('is not JSON');
      }
      const { format_version: version, files } = (data ?? {}) as { format_version?: unknown; files?: unknown };
      if (version !== TREE_FORMAT_VERSION) throw fail(`has format_version ${JSON.stringify(version)}, not ${TREE_FORMAT_VERSION}`);
      if (files === null || typeof files !== 'object' || Array.isArray(files)) throw fail('has no `files` object');
      const out: HubFile[] = [];
      for (const [path_, info_] of Object.entries(files as Record<string, unknown>)) {
        const entry = info_ as { size?: unknown; blob_id?: unknown; lfs_sha256?: unknown; lfs_size?: unknown } | null;
        const bad = (why: string) => fail(`entry ${JSON.stringify(path_.slice(0, 200))} ${why}`);
        if (path_ === '' || path_.includes('\\') || path_.includes('\0') || path_.split('/').some((p) => p === '' || p === '.' || p === '..')) throw bad('is not a plain relative path');
        if (entry === null || typeof entry !== 'object') throw bad('is not an object');
        if (!isObjectId(entry.blob_id, 40)) throw bad('has no 40-hex blob_id');
        if (entry.lfs_sha256 != null && !isObjectId(entry.lfs_sha256, 64)) throw bad('has an lfs_sha256 that is not 64 hex digits');
        const size = entry.lfs_sha256 != null ? (entry.lfs_size ?? entry.size) : entry.size;
        if (!Number.isSafeInteger(size) || (size as number) < 0) throw bad('has no whole size');
        out.push({ path: path_, size: size as number, oid: entry.blob_id, sha256: (entry.lfs_sha256 as string | null) ?? undefined });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async writeTree(sha, files) {
      const entries: Record<string, unknown> = {};
      for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
        entries[f.path] = f.sha256 ? { size: f.size, blob_id: f.oid, lfs_sha256: f.sha256, lfs_size: f.size } : { size: f.size, blob_id: f.oid };
      }
      // json.dump(data, f, indent=1): the same bytes Python writes.
      await writeWhole(await at('trees', `${sha}.json`), JSON.stringify({ format_version: TREE_FORMAT_VERSION, files: entries }, null, 1));
    },
    async hasSnapshot(sha) {
      return (await stat(await at('snapshots', sha)).catch(() => undefined))?.isDirectory() ?? false;
    },
    async listSnapshot(sha) {
      const root = await at('snapshots', sha);
      const entries = await readdir(root, { recursive: true, withFileTypes: true });
      const out: RepoFile[] = [];
      for (const e of entries) {
        if (!e.isFile() && !e.isSymbolicLink()) continue;
        const path = relative(root, join(e.parentPath, e.name)).split(sep).join('/');
        if (path.split('/').some((p) => p.startsWith('.'))) continue;
        const target = await at('snapshots', sha, path);
        const info = await stat(target).catch(() => undefined);
        // A dangling link is a file that was never fetched: absent, so a read of it says so.
        if (info?.isFile()) out.push({ path, size: info.size });
      }
      return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    },
    async snapshotFile({ sha, path, expect }) {
      let file: string;
      try {
        file = await at('snapshots', sha, path);
      } catch (error) {
        if (error instanceof UnsafePathError) return { state: 'bad', why: error.message };
        throw error;
      }
      if (!(await lstat(file).catch(() => undefined))) return { state: 'missing' };
      const target = await realpath(file).catch(() => undefined);
      if (!target) return { state: 'missing' };
      let expected = expect && expectedOf(expect);
      if (!expected) {
        // No listing: a link into blobs/ names the id the content must have.
        const blobs = await realpath(join(storage, 'blobs')).catch(() => undefined);
        const id = basename(target);
        if (blobs && dirname(target) === blobs && isObjectId(id)) expected = { kind: id.length === 64 ? 'sha256' : 'git-blob', id, size: undefined, from: 'the name of its blob' };
      }
      if (!expected) return { state: 'bad', why: 'it is not a link to a blob and no listing says what it should hold, so it cannot be verified' };
      const why = await mismatch(target, expected).catch((error: Error) => `it cannot be read (${error.message})`);
      return why ? { state: 'bad', why } : { state: 'ok', path: file };
    },
    store({ sha, file, fetchTo, url }) {
      const expected = expectedOf(file);
      const id = expected?.id;
      if (!expected || !isObjectId(id)) {
        return Promise.reject(new HubError({ url, message: 'cache: the listing gives this file no id to name and check its blob by' }));
      }
      const key = `${sha}\0${file.path}`;
      let pending = inFlight.get(key);
      if (!pending) {
        pending = (async () => {
          const current = await cache.snapshotFile({ sha, path: file.path, expect: file });
          const link = await at('snapshots', sha, file.path);
          if (current.state === 'ok') return { path: link, how: 'cached' as const };
          const blob = await at('blobs', id);
          let how: StoredHow = 'linked';
          const have = await stat(blob).catch(() => undefined);
          if (!have || (await mismatch(blob, expected).catch(() => 'unreadable'))) {
            how = 'fetched';
            // Python's layout: an empty lock file per blob (Node has no flock; this process's own
            // temporary name below is what keeps two downloads of one blob apart).
            const lock = await confinedPath({ root: cacheDir, parts: ['.locks', folder, `${id}.lock`] });
            await mkdir(dirname(lock), { recursive: true });
            await writeFile(lock, '', { flag: 'a' });
            const tmp = await at('blobs', `${id}.${process.pid}-${randomBytes(6).toString('hex')}.incomplete`);
            await mkdir(dirname(tmp), { recursive: true });
            try {
              await fetchTo(tmp);
              const why = await mismatch(tmp, expected);
              if (why) throw new HubError({ url, message: `integrity: ${why}; nothing of the download was kept` });
              await rename(tmp, blob);
            } catch (error) {
              await rm(tmp, { force: true });
              throw error;
            }
          }
          await linkTo(link, blob);
          return { path: link, how };
        })().finally(() => inFlight.delete(key));
        inFlight.set(key, pending);
      }
      return pending;
    },
  };
  return cache;
}

/**
 * Makes `link` a relative symbolic link to `blob` (`../../blobs/{id}`, as Python makes it),
 * replacing whatever was there in one rename — never by deleting it first.
 */
async function linkTo(link: string, blob: string): Promise<void> {
  await mkdir(dirname(link), { recursive: true });
  const tmp = join(dirname(link), `.${basename(link)}.${process.pid}-${randomBytes(4).toString('hex')}.link`);
  await symlink(relative(dirname(link), blob), tmp);
  try {
    await rename(tmp, link);
  } catch (error) {
    await rm(tmp, { force: true });
    throw error;
  }
}
