import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, realpath, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HubError, SourceError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { concurrencyLimit } from '../io/concurrency-limit.js';
import { fromFile } from '../io/from-file.js';
import { httpFetch } from '../io/http-fetch.js';
import type { HttpStats } from '../io/http-stats.js';
import { httpSource } from '../io/http-source.js';
import { redactUrl } from '../io/redact-url.js';
import type { RetryOptions } from '../io/retry-policy.js';
import { DEFAULT_MAX_SMALL_FILE_BYTES, type DatasetSource, type RepoFile } from './dataset-source.js';
import { type HubSettingsParams, hubSettings } from './hub-settings.js';
import { localSource } from './local-source.js';

/** Parameters of {@link hubSource}. */
export interface HubSourceParams extends HubSettingsParams {
  /** The dataset repo, `org/name`. */
  repo: string;
  /** Branch, tag or commit sha. It is resolved to a commit sha once, here, and every read uses the sha. @default 'main' */
  revision?: string;
  /** The fetch that does the I/O (wrapped with retries and origin-bound auth). @default globalThis.fetch */
  fetch?: typeof globalThis.fetch;
  /** Retries of failed requests. @default 6 tries, 250 ms doubling, 30 s at most */
  retry?: RetryOptions;
  /** Range requests in flight at once, over every file of the repo. @default 8 */
  maxInFlight?: number;
  /** Aborts every request of this source. */
  signal?: AbortSignal;
}

/** One file of a Hub repo as its listing describes it. */
export interface HubFile extends RepoFile {
  /** The git blob id. */
  oid: string | undefined;
  /** The LFS object id: the sha256 of the content, for files stored with LFS. */
  sha256: string | undefined;
}

/** What {@link HubDatasetSource.download} did for one file. */
export interface DownloadedFile {
  /** Path in the repo. */
  path: string;
  /** Size in bytes. */
  size: number;
  /** Its path in the cache's snapshot folder. */
  cachePath: string;
  /** `true` when it was already in the cache (nothing fetched). */
  cached: boolean;
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
  /** Every file of the commit, with its git and LFS ids. */
  listHubFiles(): Promise<HubFile[]>;
  /**
   * Puts files (default: all) into the Python-compatible cache with `@huggingface/hub`'s
   * `downloadFileToCacheDir`, checks each fetched file against the Hub's LFS sha256 (or git blob
   * id), and records the revision → sha ref, so a later run works with `HF_HUB_OFFLINE=1`.
   * @throws {HubError} when a file's content does not match its id (the bad blob is removed).
   */
  download(params?: { paths?: readonly string[]; onFile?: (file: DownloadedFile, index: number, total: number) => void }): Promise<DownloadedFile[]>;
  /** What a log or a report may show: no token, ever. */
  toJSON(): HubSourceJSON;
}

/** Files shown when a path is not in the repo. */
const SHOWN_FILES = 20;

/**
 * A dataset repo on the Hugging Face Hub (or a server speaking its API, e.g. via `HF_ENDPOINT`)
 * as a {@link DatasetSource}. The revision is resolved to a commit sha once, here; the listing
 * and every byte read use that sha, so a push to the repo mid-epoch can never mix two versions.
 * Files in the cache (see {@link HubDatasetSource.download}) are read from disk; others by HTTP
 * range requests through the Hub's `/resolve/` URL (one redirect to the CDN, remembered), with
 * retries, a bound on requests in flight, and checks that every response is of the same file.
 * The token goes only to the Hub's own origin, and into no message, log or `toJSON`.
 *
 * @throws {HubError} for a repo or revision that does not exist, a gated or private repo without
 *   a token that may read it (the message says to set `HF_TOKEN`), or, offline, a revision that is
 *   not in the cache.
 * @example
 * const source = await hubSource({ repo: 'Chaos2629/Diffseg30k' });
 * const layout = await openDataset({ source });
 */
export async function hubSource(params: HubSourceParams): Promise<HubDatasetSource> {
  const settings = hubSettings(params);
  const { endpoint, cacheDir, offline } = settings;
  const repo = params.repo;
  const requestedRevision = params.revision ?? 'main';
  const storage = join(cacheDir, `datasets--${repo.split('/').join('--')}`);
  const pageUrl = `${endpoint}/datasets/${repo}`;
  const f = httpFetch({
    fetch: params.fetch,
    retry: params.retry,
    signal: params.signal,
    auth: settings.token ? { origin: endpoint, token: settings.token } : undefined,
  });
  const hub = await import('@huggingface/hub');
  const repoId = { type: 'dataset' as const, name: repo };

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
  const hubError = (error: unknown, what: string): Error => {
    if (error instanceof HubError || (error as Error)?.name === 'AbortError' || params.signal?.aborted) return error as Error;
    const status = (error as { statusCode?: number }).statusCode;
    const url = (error as { url?: string }).url;
    return new HubError({
      url: redactUrl(url ?? pageUrl),
      status,
      message: `${advice(status, what)}${status ? ` (HTTP ${status})` : ''}: ${firstLine((error as Error)?.message ?? String(error))}`,
      cause: error,
    });
  };

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
      stats: f.stats,
      derivedCacheDir: derivedCacheDir(cacheDir, repo, sha),
      toJSON: (): HubSourceJSON => ({ name, repo, revision: sha, endpoint, offline: isOffline }),
    };
  };

  // Offline: the ref and the snapshot come from the cache alone.
  if (offline) {
    let sha = /^[0-9a-f]{40}$/.test(requestedRevision) ? requestedRevision : undefined;
    if (!sha) {
      sha = await readFile(join(storage, 'refs', requestedRevision), 'utf8').then((s) => s.trim(), () => undefined);
    }
    const snapshot = sha && join(storage, 'snapshots', sha);
    if (!sha || !(await stat(snapshot!).then((s) => s.isDirectory(), () => false))) {
      throw new HubError({
        url: `hf://datasets/${repo}@${requestedRevision}`,
        message: `offline (HF_HUB_OFFLINE=1): revision ${requestedRevision} of ${repo} is not in the cache ${cacheDir}; run \`npx diffseg30k download hf://datasets/${repo}${requestedRevision === 'main' ? '' : `@${requestedRevision}`}\` online first, or unset HF_HUB_OFFLINE`,
      });
    }
    const id = identity(sha, true);
    const { name } = id;
    const local = await localSource({ path: snapshot!, name });
    // The listing `download` saved: the whole repo, even when only some files were downloaded, so
    // a split that is not cached is an error naming its files, not a split that vanished.
    const saved = await readFile(join(id.derivedCacheDir, 'listing.json'), 'utf8').then(
      (text) => JSON.parse(text) as HubFile[],
      () => undefined,
    );
    const missing = (path: string) =>
      new HubError({
        url: `${name}/${path}`,
        message: `offline (HF_HUB_OFFLINE=1): ${path} is not in the cache (${join(snapshot!, path)}); download it online first`,
      });
    const cachedFiles = async (): Promise<HubFile[]> => saved ?? (await local.listFiles()).map((file) => ({ ...file, oid: undefined, sha256: undefined }));
    return {
      ...id,
      listFiles: async () => (await cachedFiles()).map(({ path, size }) => ({ path, size })),
      listHubFiles: cachedFiles,
      async readFile(p) {
        if (saved?.some((f) => f.path === p.path) && !(await stat(join(snapshot!, p.path)).then((s) => s.isFile(), () => false))) throw missing(p.path);
        return local.readFile(p);
      },
      async open({ path }) {
        if (!(await stat(join(snapshot!, path)).then((s) => s.isFile(), () => false))) throw missing(path);
        return local.open({ path });
      },
      async download() {
        throw new HubError({ url: name, message: 'offline (HF_HUB_OFFLINE=1): cannot download; unset HF_HUB_OFFLINE' });
      },
    };
  }

  let sha: string;
  try {
    const info = await hub.datasetInfo({ name: repo, revision: requestedRevision, additionalFields: ['sha'], hubUrl: endpoint, fetch: f });
    sha = String((info as { sha?: unknown }).sha ?? '');
  } catch (error) {
    throw hubError(error, `dataset repo ${repo} at revision ${requestedRevision}`);
  }
  if (!/^[0-9a-f]{40}$/.test(sha)) {
    throw new HubError({ url: `${endpoint}/api/datasets/${repo}/revision/${requestedRevision}`, message: `the Hub gave no commit sha for revision ${requestedRevision} (got "${sha}")` });
  }
  const id = identity(sha, false);
  const { name } = id;
  const snapshot = join(storage, 'snapshots', sha);
  const limit = concurrencyLimit({ max: params.maxInFlight ?? 8 });
  const resolveUrl = (path: string) => `${endpoint}/datasets/${repo}/resolve/${sha}/${path.split('/').map(encodeURIComponent).join('/')}`;

  let listing: Promise<Map<string, HubFile>> | undefined;
  const files = (): Promise<Map<string, HubFile>> => {
    listing ??= (async () => {
      const out = new Map<string, HubFile>();
      try {
        for await (const entry of hub.listFiles({ repo: repoId, revision: sha, recursive: true, hubUrl: endpoint, fetch: f })) {
          if (entry.type !== 'file' || entry.path.split('/').some((p) => p.startsWith('.'))) continue;
          out.set(entry.path, { path: entry.path, size: entry.lfs?.size ?? entry.size, oid: entry.oid, sha256: entry.lfs?.oid });
        }
      } catch (error) {
        throw hubError(error, `listing the files of ${repo} at ${sha}`);
      }
      return new Map([...out].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    })();
    listing.catch(() => (listing = undefined));
    return listing;
  };
  const entryOf = async (path: string): Promise<HubFile> => {
    const all = await files();
    const entry = all.get(path);
    if (entry) return entry;
    const paths = [...all.keys()];
    const near = paths.filter((p) => p.split('/').pop() === path.split('/').pop() || dirname(p) === dirname(path));
    const shown = (near.length ? near : paths).slice(0, SHOWN_FILES);
    throw new SourceError({
      source: `${name}/${path}`,
      message: `no such file in the repo at this revision; ${near.length ? 'similar' : 'the'} files are: ${shown.join(', ') || '(none)'}${paths.length > shown.length ? ` … (${paths.length} files in all)` : ''}`,
    });
  };
  /** The cached copy of a file of this commit, when a complete one is there. */
  const cached = async (entry: HubFile): Promise<string | undefined> => {
    const path = join(snapshot, entry.path);
    const s = await stat(path).catch(() => undefined);
    return s?.isFile() && s.size === entry.size ? path : undefined;
  };

  const source: HubDatasetSource = {
    ...id,
    remote: true,
    async listFiles() {
      return [...(await files()).values()].map(({ path, size }) => ({ path, size }));
    },
    async listHubFiles() {
      return [...(await files()).values()];
    },
    async readFile({ path, maxBytes = DEFAULT_MAX_SMALL_FILE_BYTES }) {
      const entry = (await files()).get(path);
      if (!entry) return undefined;
      if (entry.size > maxBytes) throw new SourceError({ source: `${name}/${path}`, message: `is ${entry.size} bytes, more than the ${maxBytes} read whole` });
      const local = await cached(entry);
      if (local) return new Uint8Array(await readFile(local));
      const url = resolveUrl(path);
      const response = await limit.run(() => f(url, { signal: params.signal }));
      if (!response.ok) {
        await response.body?.cancel().catch(() => undefined);
        throw new HubError({ url: redactUrl(url), status: response.status, message: advice(response.status, path) });
      }
      const bytes = new Uint8Array(await response.arrayBuffer());
      const problem = integrityProblem(entry, bytes);
      if (problem) throw new HubError({ url: redactUrl(url), message: problem });
      return bytes;
    },
    async open({ path }): Promise<ByteSource> {
      const entry = await entryOf(path);
      const local = await cached(entry);
      if (local) return fromFile({ path: local });
      return httpSource({
        url: resolveUrl(path),
        name: `${name}/${path}`,
        byteLength: entry.size,
        fetch: f,
        limit,
        signal: params.signal,
        describeStatus: (status) => advice(status, path),
      });
    },
    async download({ paths, onFile } = {}) {
      const all = await files();
      const wanted = paths ? await Promise.all(paths.map(entryOf)) : [...all.values()];
      const done: DownloadedFile[] = [];
      for (const [i, entry] of wanted.entries()) {
        const had = await cached(entry);
        let cachePath: string;
        // downloadFileToCacheDir announces each download with console.debug, i.e. on stdout,
        // where it would corrupt a caller's output (`download --json`); progress is `onFile`'s job.
        const debug = console.debug;
        console.debug = () => undefined;
        try {
          cachePath = await hub.downloadFileToCacheDir({ repo: repoId, path: entry.path, revision: sha, cacheDir, hubUrl: endpoint, fetch: f });
        } catch (error) {
          throw hubError(error, `downloading ${entry.path}`);
        } finally {
          console.debug = debug;
        }
        if (!had) {
          const problem = await fileIntegrityProblem(entry, cachePath);
          if (problem) {
            // Never leave a bad blob where an offline run would trust it.
            const blob = await realpath(cachePath).catch(() => undefined);
            await rm(cachePath, { force: true });
            if (blob) await rm(blob, { force: true });
            throw new HubError({ url: redactUrl(resolveUrl(entry.path)), message: `${problem}; the download was removed from the cache` });
          }
        }
        const file = { path: entry.path, size: entry.size, cachePath, cached: Boolean(had) };
        done.push(file);
        onFile?.(file, i, wanted.length);
      }
      await mkdir(id.derivedCacheDir, { recursive: true });
      await writeFile(join(id.derivedCacheDir, 'listing.json'), JSON.stringify([...all.values()]));
      if (requestedRevision !== sha) {
        // The ref Python's cache keeps, so an offline run can find the sha of `main`.
        await mkdir(join(storage, 'refs', dirname(requestedRevision)), { recursive: true });
        await writeFile(join(storage, 'refs', requestedRevision), sha);
      }
      return done;
    },
  };
  return source;
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

async function fileIntegrityProblem(entry: HubFile, path: string): Promise<string | undefined> {
  const size = (await stat(path)).size;
  if (size !== entry.size) return `integrity: the downloaded file has ${size} bytes, the Hub lists ${entry.size}`;
  const hash = createHash(entry.sha256 ? 'sha256' : 'sha1');
  if (!entry.sha256) {
    if (!entry.oid) return undefined;
    hash.update(`blob ${size}\0`);
  }
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const got = hash.digest('hex');
  const want = entry.sha256 ?? entry.oid;
  return got === want ? undefined : `integrity: ${entry.sha256 ? 'sha256' : 'git blob id'} ${got} of the download differs from the Hub's ${entry.sha256 ? 'LFS oid' : 'git blob id'} ${want}`;
}

function firstLine(text: string): string {
  return text.split('\n')[0];
}
