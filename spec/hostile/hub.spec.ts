/**
 * A malicious Hub: the fake Hub of the other specs, made to lie, echo credentials, loop, stall and
 * flood by an interceptor per case, plus caches on disk tampered with. Every case runs in a
 * process of its own (spec/hostile/fixtures/hub-case.ts) and must end in a typed error of the
 * package within its deadline, under a memory cap, with no token in anything it printed or threw,
 * and with nothing outside the case's cache and output folders changed.
 */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdir, readFile, readdir, rm, stat, symlink, writeFile } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hubSource } from '../../src/repo/hub-source.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { canonicalFiles } from '../helpers/hub-fixtures.js';
import { snapshot, tempDir } from './helpers.js';

const run = promisify(execFile);
const RUNNER = fileURLToPath(new URL('./fixtures/hub-case.ts', import.meta.url));
const TOKEN = 'hf_SeCrEtT0kenNobodyMaySee0123456789';
const REPO = 'org/hostile';
/** Peak resident memory a case may reach (a bare case peaks near 150 MB; a flood buffered would be GBs). */
const RSS_CAP_MB = 600;
/** What every case finishes within, its deadlines included. */
const CASE_DEADLINE_MS = 20_000;

let hub: FakeHub;
let files: Record<string, Uint8Array>;
let sha: string;
beforeAll(async () => {
  hub = await startFakeHub({ token: TOKEN });
  files = await canonicalFiles();
  sha = hub.addRepo({ repo: REPO, files, gated: true });
});
afterAll(() => hub?.close());

interface Outcome {
  ok: boolean;
  name?: string;
  code?: string;
  message?: string;
  inspected?: string;
  printed?: string;
  ms: number;
  maxRssMB: number;
}

/** A case's folders: its cache and output, and beside them things no case may touch. */
async function room(): Promise<{ root: string; cache: string; out: string; outside: string; before: () => Promise<Record<string, string>> }> {
  const root = await tempDir('diffseg30k-hostile-hub-');
  const cache = join(root, 'cache');
  const out = join(root, 'work', 'out');
  const outside = join(root, 'outside');
  await mkdir(join(outside, 'victim'), { recursive: true });
  await writeFile(join(outside, 'secret.txt'), 'do not read or delete');
  await writeFile(join(outside, 'victim', 'precious.bin'), new Uint8Array(1000).fill(7));
  await mkdir(join(root, 'work', 'x-0'), { recursive: true });
  await writeFile(join(root, 'work', 'x-0', 'keep.txt'), 'a sibling of --out');
  const untouchable = async () => {
    const all = await snapshot(root);
    return Object.fromEntries(Object.entries(all).filter(([p]) => !p.startsWith('cache') && !p.startsWith(join('work', 'out'))));
  };
  return { root, cache, out, outside, before: untouchable };
}

/** Runs one case in its own process and checks what every case must satisfy. */
async function hostile(params: {
  action: 'load' | 'download' | 'import' | 'cli-info' | 'open';
  room: Awaited<ReturnType<typeof room>>;
  source?: string;
  offline?: boolean;
  hub?: Record<string, unknown>;
}): Promise<Outcome> {
  const { room: r } = params;
  const before = await r.before();
  const env = {
    ...process.env,
    HOME: r.root,
    HF_HOME: join(r.root, 'hf-home'),
    HF_ENDPOINT: hub.endpoint,
    HF_HUB_CACHE: r.cache,
    HF_TOKEN: TOKEN,
    HF_HUB_OFFLINE: params.offline ? '1' : '0',
  };
  const arg = JSON.stringify({
    action: params.action,
    source: params.source ?? `hf://datasets/${REPO}`,
    out: r.out,
    hub: { retry: { maxTries: 2, baseDelayMs: 10, maxDelayMs: 50 }, ...params.hub },
  });
  const { stdout, stderr } = await run(process.execPath, ['--max-old-space-size=256', '--import', 'tsx', RUNNER, arg], { env, timeout: CASE_DEADLINE_MS * 2, maxBuffer: 64 * 1024 * 1024 });
  const outcome = JSON.parse(stdout.trim().split('\n').pop()!) as Outcome;
  expect(`${stdout}${stderr}`, 'the token appears in what the case printed').not.toContain(TOKEN);
  expect(outcome.ms, 'deadline').toBeLessThan(CASE_DEADLINE_MS);
  expect(outcome.maxRssMB, 'memory').toBeLessThan(RSS_CAP_MB);
  expect(await r.before(), 'something outside the cache and the output changed').toEqual(before);
  return outcome;
}

/** Expects a typed error of the package, with its code. */
function expectTyped(outcome: Outcome, code: string | RegExp, message?: RegExp): void {
  expect(outcome.ok, `expected a failure, got success`).toBe(false);
  expect(outcome.inspected, outcome.inspected).toMatch(/^\w*Error|^CliExit/);
  expect(outcome.code).toMatch(code);
  if (message) expect(outcome.message).toMatch(message);
}

/** The tree listing of the repo as the Hub sends it, to be altered. */
function listing(): Record<string, unknown>[] {
  const git = (b: Uint8Array) => createHashHex('sha1', `blob ${b.length}\0`, b);
  return Object.entries(files)
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([path, bytes]) => ({
      type: 'file',
      path,
      size: bytes.length,
      oid: git(bytes),
      ...(path.endsWith('.parquet') ? { lfs: { oid: hub.sha256(bytes), size: bytes.length, pointerSize: 134 } } : {}),
    }));
}

function createHashHex(algorithm: string, ...parts: (string | Uint8Array)[]): string {
  const h = createHash(algorithm);
  for (const p of parts) h.update(p);
  return h.digest('hex');
}

const isTree = (url: URL) => /\/api\/datasets\/[^/]+\/[^/]+\/tree\//.test(url.pathname);
const isRevision = (url: URL) => /\/api\/datasets\/[^/]+\/[^/]+\/revision\//.test(url.pathname);
const json = (res: ServerResponse, status: number, value: unknown, headers: Record<string, string> = {}) => {
  res.writeHead(status, { 'content-type': 'application/json', ...headers }).end(JSON.stringify(value));
  return true;
};

/** Sends `fill` forever (until the client goes away). */
function flood(res: ServerResponse, head: Record<string, string>, first: string, fill: string): true {
  res.writeHead(200, head);
  res.write(first);
  const chunk = Buffer.from(fill.repeat(Math.ceil(65536 / fill.length)));
  const pump = () => {
    while (res.write(chunk)) if (res.destroyed) return;
  };
  res.on('drain', pump);
  res.on('close', () => res.removeAllListeners('drain'));
  pump();
  return true;
}

describe('a hostile Hub: paths', () => {
  afterAll(() => void (hub.intercept = undefined));

  it.each([
    ['an LFS oid with ../ (download would name a blob after it)', (l: Record<string, unknown>[]) => ((l.find((e) => String(e.path).endsWith('.parquet'))!.lfs as Record<string, unknown>).oid = '../../../outside/secret.txt')],
    ['an LFS oid naming an existing outside file', (l: Record<string, unknown>[]) => ((l.find((e) => String(e.path).endsWith('.parquet'))!.lfs as Record<string, unknown>).oid = '/tmp/../etc/passwd')],
    ['a git oid with ../', (l: Record<string, unknown>[]) => (l.find((e) => e.path === 'README.md')!.oid = '../../outside/victim')],
    ['a path with ..', (l: Record<string, unknown>[]) => (l.find((e) => e.path === 'README.md')!.path = 'data/../../../outside/secret.txt')],
    ['an absolute path', (l: Record<string, unknown>[]) => (l.find((e) => e.path === 'README.md')!.path = '/etc/passwd')],
    ['a size that is not a number', (l: Record<string, unknown>[]) => (l.find((e) => e.path === 'README.md')!.size = '1e99')],
  ])('a listing with %s is refused before anything is written (download and load)', async (_what, alter) => {
    hub.intercept = ({ url, res }) => {
      if (!isTree(url)) return false;
      const l = listing();
      alter(l);
      return json(res, 200, l);
    };
    for (const action of ['download', 'load'] as const) {
      const r = await room();
      const outcome = await hostile({ action, room: r });
      expectTyped(outcome, 'HUB_ERROR', /tree listing: entry \d+/);
      // Nothing was written into the cache either: the listing was refused first.
      expect(await readdir(r.cache).catch(() => [])).not.toContain('blobs');
    }
  });

  it('a card naming a split ../../x is refused before import creates or deletes anything', async () => {
    const card = new TextDecoder().decode(files['README.md']).replace(/split: validation/, 'split: ../../x');
    expect(card).toContain('../../x');
    const cardBytes = new TextEncoder().encode(card);
    hub.intercept = ({ url, res, req }) => {
      if (isTree(url)) {
        const l = listing();
        const readme = l.find((e) => e.path === 'README.md')!;
        readme.size = cardBytes.length;
        readme.oid = createHashHex('sha1', `blob ${cardBytes.length}\0`, cardBytes);
        return json(res, 200, l);
      }
      if (url.pathname.endsWith('/README.md')) {
        const range = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
        const body = range ? cardBytes.subarray(Number(range[1]), Number(range[2]) + 1) : cardBytes;
        res.writeHead(range ? 206 : 200, { 'content-length': String(body.length), ...(range ? { 'content-range': `bytes ${range[1]}-${range[2]}/${cardBytes.length}` } : {}) }).end(body);
        return true;
      }
      return false;
    };
    const r = await room();
    const outcome = await hostile({ action: 'import', room: r });
    expectTyped(outcome, 'NOT_A_DATASET', /split "\.\.\/\.\.\/x"/);
    expect(await readFile(join(r.root, 'work', 'x-0', 'keep.txt'), 'utf8')).toBe('a sibling of --out');
  });

  it.each(['..', '.', 'x/.', 'main%00', 'main%2500', '../../outside', 'refs/../../x'])('the revision %j is an ArgumentError before any request or file', async (revision) => {
    hub.intercept = undefined;
    const r = await room();
    hub.log.length = 0;
    const outcome = await hostile({ action: 'open', room: r, source: `hf://datasets/${REPO}@${revision}` });
    expectTyped(outcome, 'INVALID_ARGUMENT');
    expect(hub.log).toHaveLength(0);
    expect(await stat(r.cache).catch(() => undefined)).toBeUndefined();
  });
});

describe('a hostile cache on disk (offline)', () => {
  /** A cache filled by a real download, to tamper with. */
  async function filledRoom() {
    hub.intercept = undefined;
    const r = await room();
    const source = await hubSource({ repo: REPO, endpoint: hub.endpoint, cacheDir: r.cache, accessToken: TOKEN, env: {} });
    await source.download();
    return { ...r, storage: join(r.cache, 'datasets--org--hostile') };
  }

  it('a snapshot link pointing outside the cache is never followed, even to a valid copy of the file', async () => {
    const r = await filledRoom();
    const path = 'data/validation-00000-of-00001.parquet';
    await writeFile(join(r.outside, 'copy.parquet'), files[path]);
    const link = join(r.storage, 'snapshots', sha, path);
    await rm(link);
    await symlink(join(r.outside, 'copy.parquet'), link);
    const outcome = await hostile({ action: 'load', room: r, offline: true });
    expectTyped(outcome, 'HUB_ERROR', /not the file of this commit: .*through a link/);
  });

  it('refs/main pointing outside the cache is a typed error, not a sha read from elsewhere', async () => {
    const r = await filledRoom();
    await writeFile(join(r.outside, 'sha'), sha);
    await rm(join(r.storage, 'refs', 'main'));
    await symlink(join(r.outside, 'sha'), join(r.storage, 'refs', 'main'));
    const outcome = await hostile({ action: 'open', room: r, offline: true });
    expectTyped(outcome, 'PATH_UNSAFE', /through a link/);
  });

  it.each([
    ['garbage in refs/main', async (s: string) => writeFile(join(s, 'refs', 'main'), '../../../outside')],
    ['a listing that is not JSON', async (s: string) => writeFile(join(s, 'trees', `${sha}.json`), '{"format_version": 1, "files": ')],
    ['a listing with sizes of the wrong type', async (s: string) => writeFile(join(s, 'trees', `${sha}.json`), JSON.stringify({ format_version: 1, files: { 'README.md': { size: 'big', blob_id: 'x' } } }))],
    ['a listing with a path leaving the snapshot', async (s: string) => writeFile(join(s, 'trees', `${sha}.json`), JSON.stringify({ format_version: 1, files: { '../../../outside/secret.txt': { size: 21, blob_id: 'a'.repeat(40) } } }))],
  ])('%s is a typed error', async (_what, tamper) => {
    const r = await filledRoom();
    await tamper(r.storage);
    const outcome = await hostile({ action: 'load', room: r, offline: true });
    expectTyped(outcome, 'HUB_ERROR', /cache: /);
  });

  it('a blob of the right size with one byte changed is never served: offline a HubError, online the Hub bytes', async () => {
    const r = await filledRoom();
    const path = 'data/validation-00000-of-00001.parquet';
    const blob = join(r.storage, 'blobs', hub.sha256(files[path]));
    const bytes = files[path].slice();
    bytes[500] ^= 1;
    await writeFile(blob, bytes);
    expectTyped(await hostile({ action: 'load', room: r, offline: true }), 'HUB_ERROR', /sha256 .* differs from the Hub's LFS oid/);
    hub.log.length = 0;
    const online = await hostile({ action: 'load', room: r });
    expect(online.ok, online.message).toBe(true);
    expect(hub.log.some((e) => e.origin === 'cdn' && e.path.endsWith(hub.sha256(files[path])))).toBe(true);
  });
});

describe('a hostile Hub: secrets', () => {
  afterAll(() => void (hub.intercept = undefined));

  it.each([
    ['the revision call', (url: URL) => isRevision(url), 401],
    ['the listing', (url: URL) => isTree(url), 403],
    ['a file', (url: URL) => url.pathname.includes('/resolve/'), 404],
    ['the CDN', (_url: URL, origin: string) => origin === 'cdn', 500],
  ])('an error body from %s echoing the Authorization header never reaches a message, a cause or the CLI', async (_what, match, status) => {
    hub.intercept = ({ url, req, res, origin }) => {
      if (!match(url, origin)) return false;
      const echo = `request refused; you sent: Authorization: ${req.headers.authorization ?? `Bearer ${TOKEN}`}; token=${TOKEN}; headers=${JSON.stringify(req.headers)}`;
      res.writeHead(status, { 'content-type': 'text/plain', 'x-echo': String(req.headers.authorization ?? TOKEN) }).end(echo);
      return true;
    };
    for (const action of ['load', 'cli-info'] as const) {
      const outcome = await hostile({ action, room: await room() });
      expect(outcome.ok).toBe(false);
      expect(JSON.stringify(outcome)).not.toContain(TOKEN);
      expect(JSON.stringify(outcome)).not.toContain(TOKEN.slice(3, 20));
    }
  });
});

describe('a hostile Hub: loops and floods', () => {
  afterAll(() => void (hub.intercept = undefined));

  it('a tree listing whose next link points to itself, or two pages linking to each other, is a pagination-loop error', async () => {
    for (const cycle of [1, 2]) {
      hub.intercept = ({ url, res }) => {
        if (!isTree(url)) return false;
        // The first page (no `page` parameter) lists files; then page 0 → 0 (cycle 1) or 1 → 0 → 1 (cycle 2).
        const page = url.searchParams.get('page');
        const next = new URL(url);
        next.searchParams.set('page', String((Number(page ?? -1) + 1) % cycle));
        return json(res, 200, page === null ? listing() : [], { link: `<${next.href}>; rel="next"` });
      };
      expectTyped(await hostile({ action: 'load', room: await room() }), 'HUB_ERROR', /pagination loop/);
    }
  });

  it('a next link to another host is refused (a listing never leaves the Hub)', async () => {
    hub.intercept = ({ url, res }) => (isTree(url) ? json(res, 200, listing(), { link: `<http://127.0.0.3:9/api/evil>; rel="next"` }) : false);
    expectTyped(await hostile({ action: 'load', room: await room() }), 'HUB_ERROR', /leaves the Hub/);
  });

  it.each([
    ['the revision call', (url: URL) => isRevision(url), '{"sha": "', ' '],
    ['a tree page', (url: URL) => isTree(url), '[', '{"type":"directory","path":"d","oid":"0"},'],
  ])('%s sent as an endless body is refused at its cap, in bounded memory', async (_what, match, first, fill) => {
    hub.intercept = ({ url, res }) => (match(url) ? flood(res, { 'content-type': 'application/json' }, first, fill) : false);
    expectTyped(await hostile({ action: 'load', room: await room() }), 'HUB_ERROR', /is more than \d+ bytes .*, more than the \d+ bytes it may be; refused/);
  });

  it('a file listed at its size but sent as 512 MiB is refused as soon as it passes the size, on disk and in memory', async () => {
    hub.intercept = ({ origin, res }) => (origin === 'cdn' ? flood(res, { 'content-type': 'application/octet-stream' }, '', 'x') : false);
    for (const action of ['download', 'load'] as const) {
      const r = await room();
      const outcome = await hostile({ action, room: r });
      expectTyped(outcome, 'HUB_ERROR');
      // No file of the cache is larger than the largest file the listing names.
      const largest = Math.max(...Object.values(files).map((b) => b.length));
      for (const e of await readdir(r.cache, { recursive: true, withFileTypes: true }).catch(() => [])) {
        if (e.isFile()) expect((await stat(join(e.parentPath, e.name))).size).toBeLessThanOrEqual(largest);
      }
    }
  });
});

/** Answers a CDN request's headers as the real file would (206 for a range, 200 for all of it), and no body yet. */
function promiseBytes(res: ServerResponse, req: IncomingMessage, url: URL): void {
  const size = Object.values(files).find((b) => url.pathname.endsWith(hub.sha256(b)))?.length ?? 1e6;
  const m = /bytes=(\d+)-(\d+)/.exec(req.headers.range ?? '');
  if (!m) return void res.writeHead(200, { 'content-length': String(size), etag: '"x"' });
  res.writeHead(206, { 'content-length': String(Number(m[2]) - Number(m[1]) + 1), 'content-range': `bytes ${m[1]}-${m[2]}/${size}`, etag: '"x"' });
}

describe('a hostile Hub: hangs', () => {
  afterAll(() => void (hub.intercept = undefined));
  /** Short deadlines, so each case ends in seconds. */
  const timeouts = { connectMs: 800, idleMs: 800, minBytesPerSecond: 4096, rateWindowMs: 1500, apiTotalMs: 3000 };
  const held = new Set<ServerResponse>();
  afterAll(() => {
    for (const res of held) res.destroy();
  });

  it.each([
    ['the revision call accepted and never answered', 'connect', ({ url, res }: { url: URL; res: ServerResponse; origin: string }) => isRevision(url) && (held.add(res), true)],
    ['a tree page whose headers come, then nothing', 'idle', ({ url, res }: { url: URL; res: ServerResponse; origin: string }) => {
      if (!isTree(url)) return false;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('[');
      held.add(res);
      return true;
    }],
    ['a file sent at a few bytes a second, forever', 'minBytesPerSecond', ({ url, res, origin, req }: { url: URL; res: ServerResponse; origin: string; req?: IncomingMessage }) => {
      if (origin !== 'cdn') return false;
      promiseBytes(res, req!, url);
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write('x')), 200);
      held.add(res);
      return true;
    }],
    ['a Content-Length larger than the body, the connection held', 'idle', ({ url, res, origin, req }: { url: URL; res: ServerResponse; origin: string; req?: IncomingMessage }) => {
      if (origin !== 'cdn') return false;
      // The length asked for promised, a few bytes of it sent, then nothing.
      promiseBytes(res, req!, url);
      res.write('PAR1');
      held.add(res);
      return true;
    }],
  ])('%s ends in a HubError naming the %s deadline', async (_what, deadline, behave) => {
    hub.intercept = (p) => behave(p as never);
    for (const action of ['load', 'download'] as const) {
      const outcome = await hostile({ action, room: await room(), hub: { timeouts } });
      expectTyped(outcome, 'HUB_ERROR', new RegExp(deadline));
    }
  });
});
