import { createHash } from 'node:crypto';
import { open as openFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HubError, SourceError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { concurrencyLimit } from '../io/concurrency-limit.js';
import { fromFile } from '../io/from-file.js';
import { httpClient } from '../io/http-client.js';
import type { HttpStats } from '../io/http-stats.js';
import { httpSource } from '../io/http-source.js';
import { redactUrl } from '../io/redact-url.js';
import type { RetryOptions } from '../io/retry-policy.js';
import type { HttpTimeouts } from '../io/http-timeouts.js';
import { downloadToFile } from '../io/download-to-file.js';
import { hubErrorOf } from './hub-error-of.js';
import { checkRepoId } from './check-repo-id.js';
import { checkRevision } from './check-revision.js';
import { DEFAULT_MAX_SMALL_FILE_BYTES, type DatasetSource, type RepoFile } from './dataset-source.js';
import { type HubCache, type StoredHow, openHubCache } from './hub-cache.js';
import { HUB_SETTINGS_KEYS, type HubSettingsParams, hubSettings } from './hub-settings.js';
import { isObjectId } from './is-object-id.js';
import { type HubFile, listHubTree } from './list-hub-tree.js';
import { resolveHubRevision } from './resolve-hub-revision.js';
import { checkParams, keysOf } from '../internal/check-params.js';

export type { HubFile } from './list-hub-tree.js';

/** Parameters of {@link hubSource}. */
export interface HubSourceParams extends HubSettingsParams {
  /** The dataset repo, `org/name`. */
  repo: string;
  /** Branch, tag or commit sha. It is resolved to a commit sha once, here, and every read uses the sha. @default 'main' */
  revision?: string;
  /**
   * A fetch every request goes through (the Hub's API, ranges, downloads), still with this
   * package's redirects, token per origin, retries, deadlines and checks around it.
   * @default none: requests go over `node:http`/`node:https`
   */
  fetch?: typeof globalThis.fetch;
  /** Retries of failed requests. @default 6 tries, 250 ms doubling, 30 s at most */
  retry?: RetryOptions;
  /**
   * Deadlines of every request: connect, idle, a minimum rate, and a total for API calls (see
   * docs/hub.md, "Deadlines and limits"). @default DEFAULT_TIMEOUTS
   */
  timeouts?: HttpTimeouts;
  /** Range requests in flight at once, over every file of the repo. @default 8 */
  maxInFlight?: number;
  /** Aborts every request of this source. */
  signal?: AbortSignal;
}

/** What {@link HubDatasetSource.download} did for one file. */
export interface DownloadedFile {
  /** Path in the repo. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Its path in the cache's snapshot folder. */
  cachePath: string;
  /** `true` when nothing was fetched for it (`how` is `cached` or `linked`). */
  cached: boolean;
  /**
   * `fetched`: its bytes came over the network; `linked`: its blob was already in the cache (put
   * there for another revision, or by Python) and only the snapshot link was made; `cached`: the
   * snapshot already held it. Whatever was reused was verified against the listing's id first.
   */
  how: 'fetched' | 'linked' | 'cached';
}

/** What a Hub source says of itself in JSON: where it reads, never the token. */
export interface HubSourceJSON {
  /** The source's name in messages (`hf://datasets/{repo}@{sha}`). */
  name: string;
  /** `org/name`. */
  repo: string;
  /** The commit sha every read uses. */
  revision: string;
  /** The Hub's URL. */
  endpoint: string;
  /** Whether it reads the cache only. */
  offline: boolean;
}

/** A Hub dataset repo at one commit: a {@link DatasetSource} plus what is Hub-specific. */
export interface HubDatasetSource extends DatasetSource {
  /** `org/name`. */
  readonly repo: string;
  /** The commit sha every read uses. */
  readonly revision: string;
  /** The revision as asked (`main`, a tag, a sha). */
  readonly requestedRevision: string;
  /** The Hub's URL. */
  readonly endpoint: string;
  /** The Python-compatible cache directory. */
  readonly cacheDir: string;
  /** Whether only the cache is read. */
  readonly offline: boolean;
  /** Requests, bytes, retries and redirects so far. */
  readonly stats: HttpStats;
  /** Every file of the commit (hidden ones such as `.gitattributes` included), with its git and LFS ids. */
  listHubFiles(): Promise<HubFile[]>;
  /**
   * Puts files (default: all, `.gitattributes` included) into the Python-compatible cache as
   * `huggingface_hub` lays it out — `blobs/{id}`, `snapshots/{sha}/{path}` links, `refs/{revision}`
   * and the listing `trees/{sha}.json` — so a later run, of this package or of Python, works with
   * `HF_HUB_OFFLINE=1`. Files the cache already holds are verified and reused; fetched ones are
   * written under a temporary name of this process, refused as soon as they pass their listed size,
   * and kept only when their sha256 (LFS) or git blob id matches the listing.
   * @throws {HubError} when a file's content does not match its id (nothing of it is kept).
   */
  download(params?: { paths?: readonly string[]; onFile?: (file: DownloadedFile, index: number, total: number) => void }): Promise<DownloadedFile[]>;
  /** What a log or a report may show: no token, ever. */
  toJSON(): HubSourceJSON;
}

/** The keys of {@link HubSourceParams}, checked at run time. @internal */
export const HUB_SOURCE_KEYS = keysOf<HubSourceParams>()(...HUB_SETTINGS_KEYS, 'repo', 'revision', 'fetch', 'retry', 'timeouts', 'maxInFlight', 'signal');

/** Files shown when a path is not in the repo. */
const SHOWN_FILES = 20;

/**
 * A dataset repo on the Hugging Face Hub (or a server speaking its API, e.g. via `HF_ENDPOINT`)
 * as a {@link DatasetSource}. The revision is resolved to a commit sha once, here; the listing
 * and every byte read use that sha, so a push to the repo mid-epoch can never mix two versions.
 * Files in the cache (see {@link HubDatasetSource.download}) are read from disk once their content
 * hashes to the listing's id (checked once per process per file); others by HTTP range requests
 * through the Hub's `/resolve/` URL (one redirect to the CDN, remembered), with retries, deadlines,
 * a bound on requests in flight, and checks that every response is of the same file. What the
 * server and the cache say is checked before it is used: ids, paths, sizes, links, pages. The token
 * goes only to the Hub's own origin, and into no message, log or `toJSON`.
 *
 * @throws {ArgumentError} for a repo id or revision that cannot be one (`..`, `%`, NUL …).
 * @throws {HubError} for a repo or revision that does not exist, a gated or private repo without
 *   a token that may read it (the message says to set `HF_TOKEN`), or, offline, a revision that is
 *   not in the cache.
 * @example
 * const source = await hubSource({ repo: 'Chaos2629/Diffseg30k' });
 * const layout = await openDataset({ source });
 */
export async function hubSource(params: HubSourceParams): Promise<HubDatasetSource> {
  checkParams('hubSource', params, HUB_SOURCE_KEYS);
  const settings = hubSettings({ endpoint: params.endpoint, accessToken: params.accessToken, cacheDir: params.cacheDir, offline: params.offline, env: params.env });
  const { endpoint, cacheDir, offline } = settings;
  const repo = checkRepoId(params.repo);
  const requestedRevision = checkRevision(params.revision ?? 'main');
  const cache = await openHubCache({ cacheDir, repo });
  const pageUrl = `${endpoint}/datasets/${repo}`;
  const client = httpClient({
    fetch: params.fetch,
    retry: params.retry,
    timeouts: params.timeouts,
    signal: params.signal,
    auth: settings.token ? { origin: endpoint, token: settings.token } : undefined,
  });

  /** Words an HTTP status for this repo: what the user should do about it. */
  const advice = (status: number | undefined, what: string): string => {
    if (status === 401 || status === 403) {
      return settings.token
        ? `the token given may not read ${repo} (for a gated dataset, accept its conditions at ${pageUrl} with the token's account)`
        : `${repo} is gated or private: accept its conditions at ${pageUrl} if it is gated, then set HF_TOKEN (or pass accessToken) to a token of that account`;
    }
    if (status === 404) return `${what} was not found (a private repo also answers 404 without a token: set HF_TOKEN)`;
    return `${what} failed`;
  };
  /** The Hub's word on a failed request for a file: advice for the statuses it explains, else nothing. */
  const fileError = (path: string) => (error: unknown) => hubErrorOf(error, { advice: (status) => ([401, 403, 404].includes(status) ? advice(status, path) : undefined) });

  /** What a source of this repo at commit `sha` says of itself, online or offline. */
  const identity = (sha: string, isOffline: boolean) => {
    const name = `hf://datasets/${repo}@${sha}`;
    return {
      name,
      repo,
      revision: sha,
      requestedRevision,
      endpoint,
      cacheDir,
      offline: isOffline,
      stats: client.stats,
      derivedCacheDir: derivedCacheDir(cacheDir, repo, sha),
      toJSON: (): HubSourceJSON => ({ name, repo, revision: sha, endpoint, offline: isOffline }),
    };
  };

  if (offline) return offlineSource({ cache, requestedRevision, repo, identity });

  const sha = await resolveHubRevision({ client, endpoint, repo, revision: requestedRevision, signal: params.signal, describeStatus: (status) => advice(status, `dataset repo ${repo} at revision ${requestedRevision}`) });
  const id = identity(sha, false);
  const { name } = id;
  const limit = concurrencyLimit({ max: params.maxInFlight ?? 8 });
  const resolveUrl = (path: string) => `${endpoint}/datasets/${repo}/resolve/${sha}/${path.split('/').map(encodeURIComponent).join('/')}`;

  let listing: Promise<Map<string, HubFile>> | undefined;
  /** Every file of the commit, hidden ones included, by path. */
  const allFiles = (): Promise<Map<string, HubFile>> => {
    listing ??= listHubTree({ client, endpoint, repo, sha, signal: params.signal, describeStatus: (status) => advice(status, `listing the files of ${repo} at ${sha}`) }).then(
      (files) => new Map(files.map((file) => [file.path, file])),
    );
    listing.catch(() => (listing = undefined));
    return listing;
  };
  /** The files a dataset reader sees: hidden ones (`.gitattributes`, `.cache/…`) left out. */
  const visibleFiles = async (): Promise<HubFile[]> => [...(await allFiles()).values()].filter((file) => !isHidden(file.path));
  const entryOf = async (path: string): Promise<HubFile> => {
    const all = await allFiles();
    const entry = all.get(path);
    if (entry) return entry;
    const paths = [...all.keys()].filter((p) => !isHidden(p));
    const near = paths.filter((p) => p.split('/').pop() === path.split('/').pop() || dirname(p) === dirname(path));
    const shown = (near.length ? near : paths).slice(0, SHOWN_FILES);
    throw new SourceError({
      source: `${name}/${path}`,
      message: `no such file in the repo at this revision; ${near.length ? 'similar' : 'the'} files are: ${shown.join(', ') || '(none)'}${paths.length > shown.length ? ` … (${paths.length} files in all)` : ''}`,
    });
  };
  /** The cached copy of a file of this commit, when one is there and hashes to the listing's id. */
  const cached = async (entry: HubFile): Promise<string | undefined> => {
    const found = await cache.snapshotFile({ sha, path: entry.path, expect: entry });
    // A bad copy is never served: the bytes come from the Hub, and `download` replaces it.
    return found.state === 'ok' ? found.path : undefined;
  };

  /** A file of the commit read by range requests; a failure of a read is the Hub's error. */
  const fileSource = (entry: HubFile): ByteSource => {
    const http = httpSource({ url: resolveUrl(entry.path), name: `${name}/${entry.path}`, byteLength: entry.size, client, limit, signal: params.signal });
    const wrap = fileError(entry.path);
    return {
      name: http.name,
      byteLength: http.byteLength,
      read: (start, end) =>
        http.read(start, end).catch((error: unknown) => {
          throw wrap(error);
        }),
    };
  };

  const source: HubDatasetSource = {
    ...id,
    remote: true,
    async listFiles() {
      // A file's id is its version: what is derived from it (footers, a card) is reused by id.
      return (await visibleFiles()).map(({ path, size, sha256, oid }) => ({ path, size, version: sha256 ?? oid }));
    },
    async listHubFiles() {
      return [...(await allFiles()).values()];
    },
    async readFile({ path, maxBytes = DEFAULT_MAX_SMALL_FILE_BYTES }) {
      const entry = (await allFiles()).get(path);
      if (!entry) return undefined;
      if (entry.size > maxBytes) throw new SourceError({ source: `${name}/${path}`, message: `is ${entry.size} bytes, more than the ${maxBytes} read whole` });
      const local = await cached(entry);
      if (local) return readSmallFile(local, entry.size);
      if (entry.size === 0) return new Uint8Array(0);
      // A range of exactly the listed size: a server that sends more is refused, not buffered.
      const bytes = await fileSource(entry).read(0, entry.size);
      const problem = integrityProblem(entry, bytes);
      if (problem) throw new HubError({ url: redactUrl(resolveUrl(path)), message: problem });
      return bytes;
    },
    async open({ path }): Promise<ByteSource> {
      const entry = await entryOf(path);
      const local = await cached(entry);
      if (local) return fromFile({ path: local });
      return fileSource(entry);
    },
    async download({ paths, onFile } = {}) {
      const all = await allFiles();
      const wanted = paths ? await Promise.all([...new Set([...paths, ...(all.has('.gitattributes') ? ['.gitattributes'] : [])])].map(entryOf)) : [...all.values()];
      // The listing first, as Python writes it: an interrupted download is then known to be partial.
      await cache.writeTree(sha, [...all.values()]);
      const done: DownloadedFile[] = [];
      for (const [i, entry] of wanted.entries()) {
        const url = resolveUrl(entry.path);
        const fetchTo = async (tmp: string) => void (await downloadToFile({ client, url, path: tmp, expectedSize: entry.size, signal: params.signal }).catch((error: unknown) => {
          throw fileError(entry.path)(error);
        }));
        const stored = await cache.store({ sha, file: entry, url: redactUrl(url), fetchTo });
        const file: DownloadedFile = { path: entry.path, size: entry.size, cachePath: stored.path, cached: stored.how !== 'fetched', how: stored.how };
        done.push(file);
        onFile?.(file, i, wanted.length);
      }
      // The ref Python's cache keeps, so an offline run can find the sha of `main`.
      if (requestedRevision !== sha) await cache.writeRef(requestedRevision, sha);
      return done;
    },
  };
  return source;
}

/** The source of a commit read from the cache alone (`HF_HUB_OFFLINE=1`). */
async function offlineSource(params: {
  cache: HubCache;
  requestedRevision: string;
  repo: string;
  identity: (sha: string, offline: boolean) => Omit<HubDatasetSource, 'listFiles' | 'listHubFiles' | 'readFile' | 'open' | 'download'>;
}): Promise<HubDatasetSource> {
  const { cache, requestedRevision, repo } = params;
  const sha = isObjectId(requestedRevision, 40) ? requestedRevision : await cache.readRef(requestedRevision);
  if (!sha || !(await cache.hasSnapshot(sha))) {
    throw new HubError({
      url: `hf://datasets/${repo}@${requestedRevision}`,
      message: `offline (HF_HUB_OFFLINE=1): revision ${requestedRevision} of ${repo} is not in the cache ${cache.cacheDir}; run \`npx diffseg30k download hf://datasets/${repo}${requestedRevision === 'main' ? '' : `@${requestedRevision}`}\` online first, or unset HF_HUB_OFFLINE`,
    });
  }
  const id = params.identity(sha, true);
  const { name } = id;
  // The listing `download` or Python saved: the whole repo, even when only some files were
  // fetched, so a split that is not cached is an error naming its files, not a split that
  // vanished. Without one (a cache `hf_hub_download` filled file by file), the snapshot's files.
  const listed = await cache.readTree(sha);
  const files: HubFile[] = listed ?? (await cache.listSnapshot(sha)).map((file) => ({ ...file, oid: undefined, sha256: undefined }));
  const byPath = new Map(files.map((file) => [file.path, file]));
  /** The verified cached file, or an error naming what is wrong; `undefined` when the repo has no such file. */
  const local = async (path: string): Promise<{ path: string; size: number } | undefined> => {
    const entry = byPath.get(path);
    if (!entry) return undefined;
    const found = await cache.snapshotFile({ sha, path, expect: listed ? entry : undefined });
    if (found.state === 'ok') return { path: found.path, size: entry.size };
    throw new HubError({
      url: `${name}/${path}`,
      message:
        found.state === 'missing'
          ? `offline (HF_HUB_OFFLINE=1): ${path} is not in the cache (${cache.storage}); download it online first`
          : `offline (HF_HUB_OFFLINE=1): the cached ${path} is not the file of this commit: ${found.why}; download it again online`,
    });
  };
  return {
    ...id,
    ...(listed ? {} : { partial: true }),
    listFiles: async () => files.filter((file) => !isHidden(file.path)).map(({ path, size, sha256, oid }) => ({ path, size, ...(sha256 ?? oid ? { version: sha256 ?? oid } : {}) })),
    listHubFiles: async () => files.map((file) => ({ ...file })),
    async readFile({ path, maxBytes = DEFAULT_MAX_SMALL_FILE_BYTES }) {
      const entry = byPath.get(path);
      if (!entry) return undefined;
      if (entry.size > maxBytes) throw new SourceError({ source: `${name}/${path}`, message: `is ${entry.size} bytes, more than the ${maxBytes} read whole` });
      const file = await local(path);
      return file && readSmallFile(file.path, file.size);
    },
    async open({ path }) {
      const file = await local(path);
      if (!file) throw new SourceError({ source: `${name}/${path}`, message: 'no such file in the cached snapshot' });
      return fromFile({ path: file.path });
    },
    async download() {
      throw new HubError({ url: name, message: 'offline (HF_HUB_OFFLINE=1): cannot download; unset HF_HUB_OFFLINE' });
    },
  };
}

/** Whether a repo path is hidden (a part starts with `.`): not a file of the dataset. */
function isHidden(path: string): boolean {
  return path.split('/').some((part) => part.startsWith('.'));
}

/**
 * A cached file already verified to be `size` bytes, read whole. A file that vanished or cannot
 * be read meanwhile (another process cleaning the cache, permissions) is a {@link SourceError}
 * naming it, never a raw fs error.
 */
async function readSmallFile(path: string, size: number): Promise<Uint8Array> {
  const failed = (cause: unknown): never => {
    throw cause instanceof SourceError ? cause : new SourceError({ source: path, message: `cannot read the cached file: ${(cause as Error).message}`, cause });
  };
  const handle = await openFile(path, 'r').catch(failed);
  try {
    const bytes = new Uint8Array(size);
    const { bytesRead } = await handle.read(bytes, 0, size, 0).catch(failed);
    if (bytesRead !== size) throw new SourceError({ source: path, message: `read ${bytesRead} of its ${size} bytes` });
    return bytes;
  } finally {
    await handle.close().catch(failed);
  }
}

/** Where derived data of a repo commit (zip directories) is kept: beside the Hub cache, keyed by sha. */
function derivedCacheDir(cacheDir: string, repo: string, sha: string): string {
  return join(dirname(cacheDir), 'diffseg30k', `datasets--${repo.split('/').join('--')}`, sha);
}

/** Why bytes are not the file the listing describes, or `undefined` when they are. */
function integrityProblem(entry: HubFile, bytes: Uint8Array): string | undefined {
  if (bytes.length !== entry.size) return `integrity: got ${bytes.length} bytes, the Hub lists ${entry.size}`;
  if (entry.sha256) {
    const got = createHash('sha256').update(bytes).digest('hex');
    if (got !== entry.sha256) return `integrity: sha256 ${got} differs from the Hub's LFS oid ${entry.sha256}`;
  } else if (entry.oid) {
    const got = createHash('sha1').update(`blob ${bytes.length}\0`).update(bytes).digest('hex');
    if (got !== entry.oid) return `integrity: git blob id ${got} differs from the Hub's ${entry.oid}`;
  }
  return undefined;
}
