/**
 * A stand-in for the Hugging Face Hub on 127.0.0.1, for specs and the bench: two real HTTP
 * servers, the Hub (API + `/resolve/`) on 127.0.0.1 and a "CDN" on 127.0.0.2 (another host), speaking
 * the endpoints `@huggingface/hub` and diffseg30k use:
 *
 * - `GET  /api/datasets/{org}/{name}/revision/{rev}` → `{ id, sha, … }`
 * - `GET  /api/datasets/{org}/{name}/tree/{rev}?recursive=true` → paginated by `Link: <…>; rel="next"`
 * - `POST /api/datasets/{org}/{name}/paths-info/{rev}` → path infos (size, oid, lfs)
 * - `GET  /datasets/{org}/{name}/resolve/{rev}/{path}` → a small file directly (ranges honoured),
 *   an LFS file (Parquet, zip, PNG) as a 302 to `{cdn}/blobs/{sha256}?sig=…`
 * - `GET  {cdn}/blobs/{sha256}` → the bytes, single ranges honoured, ETag = content hash
 *
 * Gated repos answer 401 without the right bearer token. Every request is logged (origin, path,
 * range, the Authorization header it carried) and faults can be injected on either origin: every
 * Nth request a 500, a reset connection, a body cut halfway, a 429 with `Retry-After`, and blobs
 * whose content changes on the CDN.
 */
import { createHash } from 'node:crypto';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One repo: its commits (files by path) and branches. */
export interface FakeRepo {
  /** Commit sha → files. */
  commits: Map<string, Map<string, Uint8Array>>;
  /** Branch or tag → commit sha. */
  refs: Map<string, string>;
  /** Whether a token is needed. */
  gated: boolean;
}

/** A logged request. */
export interface LoggedRequest {
  origin: 'hub' | 'cdn';
  method: string;
  path: string;
  range: string | undefined;
  authorization: string | undefined;
  status: number;
}

/** Faults, per origin; counters are per origin too. All optional, all mutable at any time. */
export interface Faults {
  /** Every Nth request answers 500. */
  every500?: number;
  /** Every Nth request has its connection reset before any response. */
  resetEvery?: number;
  /** Every Nth GET with a body sends half of it, then drops the connection. */
  cutEvery?: number;
  /** Every Nth request answers 429 with this `Retry-After` (seconds). */
  rateLimitEvery?: number;
  /** `Retry-After` value of the 429s. @default '0' */
  retryAfter?: string;
  /** Every body waits this long before it is sent (to make two clients' downloads overlap). */
  delayMs?: number;
}

/** A running fake Hub. */
export interface FakeHub {
  /** The Hub's origin (what `HF_ENDPOINT` is set to). */
  endpoint: string;
  /** The CDN's origin. */
  cdn: string;
  /** Every request so far. */
  log: LoggedRequest[];
  /**
   * A misbehaviour (the hostile specs set it): called for every request before it is served;
   * answering it (and returning true) replaces the normal answer. `body` is the request's body.
   */
  intercept?: (p: { origin: 'hub' | 'cdn'; req: IncomingMessage; res: ServerResponse; url: URL; body: Buffer }) => boolean;
  /** Faults of the Hub and of the CDN. */
  faults: { hub: Faults; cdn: Faults };
  /** Creates (or replaces) a repo with one commit on `main`; returns the commit sha. */
  addRepo(params: { repo: string; files: Record<string, Uint8Array>; gated?: boolean }): string;
  /** A new commit on `main` with some files replaced (or added); returns its sha. */
  push(params: { repo: string; files: Record<string, Uint8Array> }): string;
  /** Makes the CDN serve other bytes for a blob (a file "changed under" its URL). */
  changeBlob(params: { sha256: string; bytes: Uint8Array }): void;
  /** sha256 of bytes (a file's LFS oid). */
  sha256(bytes: Uint8Array): string;
  /** Requests made per origin since the log was last cleared. */
  count(origin?: 'hub' | 'cdn'): number;
  close(): Promise<void>;
}

const isLfs = (path: string) => /\.(parquet|zip|png|jpe?g|webp|bin)$/i.test(path);
const hex = (algorithm: string, ...parts: (string | Uint8Array)[]) => {
  // Hashes of whole files are asked on every request: remember them per buffer.
  const memo = parts.length === 1 && typeof parts[0] !== 'string' ? hashes.get(parts[0]) : undefined;
  if (memo?.[algorithm]) return memo[algorithm];
  const h = createHash(algorithm);
  for (const p of parts) h.update(p);
  const digest = h.digest('hex');
  if (parts.length === 1 && typeof parts[0] !== 'string') hashes.set(parts[0], { ...memo, [algorithm]: digest });
  return digest;
};
const hashes = new WeakMap<Uint8Array, Record<string, string>>();
const gitOids = new WeakMap<Uint8Array, string>();
const gitOid = (bytes: Uint8Array) => {
  let oid = gitOids.get(bytes);
  if (!oid) gitOids.set(bytes, (oid = hex('sha1', `blob ${bytes.length}\0`, bytes)));
  return oid;
};

/**
 * Starts the two servers.
 * @param params.token - the token gated repos accept.
 * @param params.pageSize - tree entries per page (small, to exercise pagination).
 */
export async function startFakeHub(params: { token?: string; pageSize?: number } = {}): Promise<FakeHub> {
  const repos = new Map<string, FakeRepo>();
  const blobs = new Map<string, Uint8Array>();
  const log: LoggedRequest[] = [];
  const faults: FakeHub['faults'] = { hub: {}, cdn: {} };
  const counters = { hub: 0, cdn: 0 };
  const pageSize = params.pageSize ?? 1000;
  let commitCounter = 0;

  const commit = (files: Map<string, Uint8Array>): string => {
    const sha = hex('sha1', `commit ${++commitCounter} ${[...files.keys()].join(',')}`);
    for (const [path, bytes] of files) if (isLfs(path)) blobs.set(hex('sha256', bytes), bytes);
    return sha;
  };

  /** Applies the origin's faults; returns true when the request was answered (or dropped) here. */
  const fault = (origin: 'hub' | 'cdn', req: IncomingMessage, res: ServerResponse, entry: LoggedRequest): boolean => {
    const n = ++counters[origin];
    const f = faults[origin];
    if (f.resetEvery && n % f.resetEvery === 0) {
      entry.status = 0;
      req.socket.destroy();
      return true;
    }
    if (f.every500 && n % f.every500 === 0) {
      entry.status = 500;
      res.writeHead(500, { 'content-type': 'text/plain' }).end('injected failure');
      return true;
    }
    if (f.rateLimitEvery && n % f.rateLimitEvery === 0) {
      entry.status = 429;
      res.writeHead(429, { 'retry-after': f.retryAfter ?? '0', 'content-type': 'text/plain' }).end('slow down');
      return true;
    }
    return false;
  };

  /** Sends bytes honouring a single `Range`, maybe cutting the body (fault). */
  const sendBytes = (origin: 'hub' | 'cdn', req: IncomingMessage, res: ServerResponse, entry: LoggedRequest, bytes: Uint8Array, headers: Record<string, string>) => {
    const range = req.headers.range;
    let start = 0;
    let end = bytes.length; // exclusive
    let status = 200;
    if (range) {
      const m = /^bytes=(\d*)-(\d*)$/.exec(range);
      if (!m || (m[1] === '' && m[2] === '')) {
        entry.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      if (m[1] === '') start = Math.max(0, bytes.length - Number(m[2]));
      else {
        start = Number(m[1]);
        end = m[2] === '' ? bytes.length : Math.min(bytes.length, Number(m[2]) + 1);
      }
      if (start >= bytes.length || start >= end) {
        entry.status = 416;
        res.writeHead(416, { 'content-range': `bytes */${bytes.length}` }).end();
        return;
      }
      status = 206;
      headers['content-range'] = `bytes ${start}-${end - 1}/${bytes.length}`;
    }
    entry.status = status;
    const body = bytes.subarray(start, end);
    res.writeHead(status, { ...headers, 'accept-ranges': 'bytes', 'content-length': String(body.length) });
    const f = faults[origin];
    if (req.method === 'GET' && f.cutEvery && counters[origin] % f.cutEvery === 0 && body.length >= 2) {
      res.write(body.subarray(0, body.length >> 1), () => res.socket?.destroy());
      return;
    }
    if (f.delayMs) setTimeout(() => res.end(req.method === 'HEAD' ? undefined : body), f.delayMs);
    else res.end(req.method === 'HEAD' ? undefined : body);
  };

  const json = (res: ServerResponse, entry: LoggedRequest, status: number, value: unknown, headers: Record<string, string> = {}) => {
    entry.status = status;
    res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
  };

  let endpoint = '';
  let cdnOrigin = '';

  const hubServer = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', endpoint);
    const entry: LoggedRequest = { origin: 'hub', method: req.method ?? 'GET', path: url.pathname + url.search, range: req.headers.range, authorization: req.headers.authorization, status: 0 };
    log.push(entry);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    if (fault('hub', req, res, entry)) return;
    if (self.intercept?.({ origin: 'hub', req, res, url, body: Buffer.concat(chunks) })) return;
    const api = /^\/api\/datasets\/([^/]+)\/([^/]+)\/(revision|tree|paths-info)\/(.+)$/.exec(url.pathname);
    const resolve = /^\/datasets\/([^/]+)\/([^/]+)\/resolve\/([^/]+)\/(.+)$/.exec(url.pathname);
    const m = api ?? resolve;
    if (!m) return json(res, entry, 404, { error: 'Not found' });
    const repoName = `${m[1]}/${m[2]}`;
    const repo = repos.get(repoName);
    if (!repo) return json(res, entry, 404, { error: 'Repository not found' }, { 'x-error-code': 'RepoNotFound' });
    if (repo.gated && req.headers.authorization !== `Bearer ${params.token}`) {
      return json(res, entry, 401, { error: 'Access to this dataset is restricted. You must be authenticated.' }, { 'x-error-code': 'GatedRepo' });
    }
    let rev: string;
    let rest = '';
    if (api) {
      const tail = decodeURIComponent(api[4]);
      if (api[3] === 'tree') {
        // tree/{rev}[/{path}]: the revision is a sha or a branch without slashes here.
        const slash = tail.indexOf('/');
        rev = slash < 0 ? tail : tail.slice(0, slash);
        rest = slash < 0 ? '' : tail.slice(slash + 1);
      } else rev = tail;
    } else {
      rev = decodeURIComponent(resolve![3]);
      rest = resolve![4].split('/').map(decodeURIComponent).join('/');
    }
    const sha = repo.refs.get(rev) ?? (repo.commits.has(rev) ? rev : undefined);
    if (!sha) return json(res, entry, 404, { error: `Invalid rev id: ${rev}` }, { 'x-error-code': 'RevisionNotFound' });
    const files = repo.commits.get(sha)!;
    const info = (path: string, bytes: Uint8Array) => ({
      type: 'file',
      path,
      size: bytes.length,
      oid: gitOid(bytes),
      ...(isLfs(path) ? { lfs: { oid: hex('sha256', bytes), size: bytes.length, pointerSize: 134 } } : {}),
    });

    if (api?.[3] === 'revision') {
      return json(res, entry, 200, { _id: repoName, id: repoName, sha, private: false, gated: repo.gated ? 'auto' : false, downloads: 0, likes: 0, lastModified: '2025-01-01T00:00:00.000Z' });
    }
    if (api?.[3] === 'tree') {
      const prefix = rest ? `${rest}/` : '';
      const recursive = url.searchParams.get('recursive') === 'true';
      const items: unknown[] = [];
      const dirs = new Set<string>();
      for (const [path, bytes] of [...files].sort(([a], [b]) => (a < b ? -1 : 1))) {
        if (!path.startsWith(prefix)) continue;
        const inner = path.slice(prefix.length).split('/');
        for (let d = 1; d < inner.length; d++) {
          const dir = prefix + inner.slice(0, d).join('/');
          if (!dirs.has(dir) && (recursive || d === 1)) {
            dirs.add(dir);
            items.push({ type: 'directory', path: dir, size: 0, oid: hex('sha1', dir) });
          }
        }
        if (recursive || inner.length === 1) items.push(info(path, bytes));
      }
      const cursor = Number(url.searchParams.get('cursor') ?? 0);
      const page = items.slice(cursor, cursor + pageSize);
      const headers: Record<string, string> = {};
      if (cursor + pageSize < items.length) {
        const next = new URL(url);
        next.searchParams.set('cursor', String(cursor + pageSize));
        headers.link = `<${next.href}>; rel="next"`;
      }
      return json(res, entry, 200, page, headers);
    }
    if (api?.[3] === 'paths-info') {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { paths?: string[] };
      const out = (body.paths ?? []).filter((p) => files.has(p)).map((p) => ({ ...info(p, files.get(p)!), lastCommit: { id: sha, title: 'commit', date: '2025-01-01T00:00:00.000Z' } }));
      return json(res, entry, 200, out);
    }
    // resolve
    const bytes = files.get(rest);
    if (!bytes) return json(res, entry, 404, { error: 'Entry not found' }, { 'x-error-code': 'EntryNotFound' });
    if (isLfs(rest)) {
      const oid = hex('sha256', bytes);
      entry.status = 302;
      res.writeHead(302, {
        location: `${cdnOrigin}/blobs/${oid}?sig=${hex('sha1', oid, 'secret').slice(0, 16)}&expires=9999999999`,
        'x-linked-size': String(bytes.length),
        'x-linked-etag': `"${oid}"`,
        'x-repo-commit': sha,
      });
      res.end();
      return;
    }
    sendBytes('hub', req, res, entry, bytes, { etag: `"${gitOid(bytes)}"`, 'x-repo-commit': sha, 'content-type': 'application/octet-stream' });
  });

  const cdnServer = createServer((req, res) => {
    const url = new URL(req.url ?? '/', cdnOrigin);
    const entry: LoggedRequest = { origin: 'cdn', method: req.method ?? 'GET', path: url.pathname, range: req.headers.range, authorization: req.headers.authorization, status: 0 };
    log.push(entry);
    if (fault('cdn', req, res, entry)) return;
    if (self.intercept?.({ origin: 'cdn', req, res, url, body: Buffer.alloc(0) })) return;
    const m = /^\/blobs\/([0-9a-f]{64})$/.exec(url.pathname);
    const bytes = m && url.searchParams.has('sig') ? blobs.get(m[1]) : undefined;
    if (!bytes) {
      entry.status = 403;
      res.writeHead(403, { 'content-type': 'text/plain' }).end('AccessDenied');
      return;
    }
    sendBytes('cdn', req, res, entry, bytes, { etag: `"${hex('md5', bytes)}"`, 'content-type': 'application/octet-stream' });
  });

  // The CDN on another loopback address, so another host as well as another origin: Python's
  // huggingface_hub follows a redirect to the same host (any port) but not to another one.
  const listen = (server: Server, host: string) =>
    new Promise<string>((resolve) => server.listen(0, host, () => resolve(`http://${host}:${(server.address() as AddressInfo).port}`)));
  endpoint = await listen(hubServer, '127.0.0.1');
  cdnOrigin = await listen(cdnServer, '127.0.0.2');

  const self: FakeHub = {
    endpoint,
    cdn: cdnOrigin,
    log,
    faults,
    addRepo({ repo, files, gated = false }) {
      const map = new Map(Object.entries(files));
      const sha = commit(map);
      repos.set(repo, { commits: new Map([[sha, map]]), refs: new Map([['main', sha]]), gated });
      return sha;
    },
    push({ repo, files }) {
      const r = repos.get(repo)!;
      const map = new Map(r.commits.get(r.refs.get('main')!)!);
      for (const [path, bytes] of Object.entries(files)) map.set(path, bytes);
      const sha = commit(map);
      r.commits.set(sha, map);
      r.refs.set('main', sha);
      return sha;
    },
    changeBlob({ sha256, bytes }) {
      blobs.set(sha256, bytes);
    },
    sha256: (bytes) => hex('sha256', bytes),
    count: (origin) => log.filter((e) => !origin || e.origin === origin).length,
    async close() {
      for (const s of [hubServer, cdnServer]) {
        s.closeAllConnections();
        await new Promise<void>((resolve) => s.close(() => resolve()));
      }
    },
  };
  return self;
}
