/**
 * hubSource and the hf:// default against a real HTTP server on 127.0.0.1 (spec/helpers/fake-hub):
 * the canonical layout end to end, through injected faults, with the token kept to the Hub's
 * origin, the revision pinned, integrity checked, and offline mode reading only the cache.
 */
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DiffsegError, HttpError, HubError, SourceError } from '../../src/errors.js';
import { openDataset } from '../../src/format/open-dataset.js';
import { openShard } from '../../src/format/open-shard.js';
import { fromFile } from '../../src/io/from-file.js';
import { hubSource } from '../../src/repo/hub-source.js';
import { resolveSource } from '../../src/repo/resolve-source.js';
import { samplesDirectory } from '../../src/repo/samples-source.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { canonicalFiles } from '../helpers/hub-fixtures.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import { makeRecord } from '../fixtures/make-record.js';
import { noisePng } from '../format/make-records.js';
import { collectSampleFields } from '../helpers/sample-fields.js';

const TOKEN = 'hf_fake_secret_token_0123456789';
const FAST = { maxTries: 8, baseDelayMs: 2, maxDelayMs: 2000 };
let hub: FakeHub;
let cache: string;
let files: Record<string, Uint8Array>;
const saved = { ...process.env };

beforeAll(async () => {
  hub = await startFakeHub({ token: TOKEN, pageSize: 2 });
  files = await canonicalFiles();
  hub.addRepo({ repo: 'Chaos2629/Diffseg30k', files });
  hub.addRepo({ repo: 'org/gated', files, gated: true });
  cache = await mkdtemp(join(tmpdir(), 'diffseg-hub-cache-'));
});
afterAll(async () => {
  await hub.close();
  await rm(cache, { recursive: true, force: true });
});
afterEach(() => {
  hub.faults.hub = {};
  hub.faults.cdn = {};
  process.env = { ...saved };
});

const hubOpts = (extra: Record<string, unknown> = {}) => ({ endpoint: hub.endpoint, cacheDir: join(cache, 'none'), retry: FAST, env: {}, ...extra });


describe('hubSource: the canonical layout over HTTP', () => {
  it('loadSplit with no source reads hf://datasets/Chaos2629/Diffseg30k at HF_ENDPOINT, identical to a local read', async () => {
    process.env.HF_ENDPOINT = hub.endpoint;
    process.env.HF_HUB_CACHE = join(cache, 'default');
    delete process.env.DIFFSEG30K_SOURCE;
    delete process.env.HF_HUB_OFFLINE;
    const before = hub.count();
    const remote = await collectSampleFields(loadSplit('val'));
    const local = await collectSampleFields(loadSplit('val', { source: 'samples' }));
    expect(remote.length).toBeGreaterThan(0);
    expect(remote).toEqual(local);
    expect(hub.count()).toBeGreaterThan(before);
    expect(hub.log.some((e) => e.origin === 'cdn')).toBe(true);
  });

  it('DIFFSEG30K_SOURCE picks another default', async () => {
    process.env.DIFFSEG30K_SOURCE = 'samples';
    const source = await resolveSource({});
    expect(source.name).toBe('samples');
  });

  it('resolves the revision to a sha once and names it; toJSON carries no token', async () => {
    const source = await hubSource({ ...hubOpts({ accessToken: TOKEN }), repo: 'org/gated' });
    expect(source.revision).toMatch(/^[0-9a-f]{40}$/);
    expect(source.name).toBe(`hf://datasets/org/gated@${source.revision}`);
    expect(JSON.stringify(source)).not.toContain(TOKEN);
    expect(JSON.stringify(source.toJSON())).toContain(source.revision);
    // The listing is paginated (2 per page here) and hides dot files.
    expect((await source.listFiles()).map((f) => f.path)).toEqual(Object.keys(files).filter((p) => !p.startsWith('.')).sort());
  });

  it('streams every sample exactly once, byte-identical, through 500s, resets, cut bodies and 429s', async () => {
    const local = await collectSampleFields(loadSplit('train', { source: 'samples' }));
    hub.faults.cdn = { every500: 3, cutEvery: 4, rateLimitEvery: 7, resetEvery: 11 };
    hub.faults.hub = { every500: 5, rateLimitEvery: 6 };
    const source = await hubSource({ ...hubOpts(), repo: 'Chaos2629/Diffseg30k' });
    const remote = await collectSampleFields(loadSplit('train', { source }));
    expect(remote).toEqual(local);
    expect(source.stats.retries).toBeGreaterThan(5);
    expect(source.stats.resumed).toBeGreaterThan(0);
    expect(hub.log.filter((e) => e.status === 500).length).toBeGreaterThan(0);
  });

  it('gives up after the tries allowed with a HubError naming the URL, range and last cause', async () => {
    const source = await hubSource({ ...hubOpts({ retry: { maxTries: 3, baseDelayMs: 1 } }), repo: 'Chaos2629/Diffseg30k' });
    const shard = await source.open({ path: 'data/validation-00000-of-00001.parquet' });
    hub.faults.cdn = { every500: 1 };
    const error = await shard.read(100, 200).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.message).toMatch(/gave up after 3 tries; last cause: HTTP 500/);
    expect(error.message).toContain('bytes [100, 200)');
    expect(error.message).not.toContain('sig=');
    // The HTTP layer's error is the cause, its fields carried over, not parsed from its message.
    expect(error.cause).toBeInstanceOf(HttpError);
    expect(error.cause.code).toBe('HTTP_ERROR');
    expect(error.range).toEqual([100, 200]);
    expect(error.cause.range).toEqual([100, 200]);
    expect(error.status).toBe(500);
    expect(error.url).toBe(error.cause.url);
  });

  it("a file's error status is a HubError that says what to do, with the HttpError as its cause", async () => {
    const source = await hubSource({ ...hubOpts({ accessToken: TOKEN }), repo: 'org/gated' });
    const path = 'data/validation-00000-of-00001.parquet';
    const shard = await source.open({ path });
    // The file's URL now answers 404 (as the Hub does for a file that is gone, or a private repo without a token).
    hub.intercept = ({ url, res }) => (url.pathname.includes('/resolve/') ? (res.writeHead(404).end('Entry not found'), true) : false);
    try {
      const error = await shard.read(0, 10).catch((e) => e);
      expect(error).toBeInstanceOf(HubError);
      expect(error.code).toBe('HUB_ERROR');
      expect(error.status).toBe(404);
      expect(error.message).toMatch(new RegExp(`^hub: .*/resolve/${source.revision}/data/validation-00000-of-00001\\.parquet, bytes \\[0, 10\\): HTTP 404: ${path.replace(/\./g, '\\.')} was not found \\(a private repo also answers 404 without a token: set HF_TOKEN\\)$`));
      expect(error.cause).toBeInstanceOf(HttpError);
      expect(error.cause.reason).toBe('HTTP 404');
      const small = await source.readFile({ path: 'README.md' }).catch((e) => e);
      expect(small).toBeInstanceOf(HubError);
      expect(small.message).toMatch(/README\.md was not found/);
    } finally {
      hub.intercept = undefined;
    }
  });

  it('honours Retry-After', async () => {
    const source = await hubSource({ ...hubOpts(), repo: 'Chaos2629/Diffseg30k' });
    const shard = await source.open({ path: 'data/validation-00000-of-00001.parquet' });
    hub.faults.cdn = { rateLimitEvery: 1, retryAfter: '1' };
    const started = Date.now();
    const pending = shard.read(0, 10);
    await new Promise((r) => setTimeout(r, 300));
    hub.faults.cdn = {};
    await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('sends the token to the Hub only, never to the CDN origin, and says HF_TOKEN when it is missing', async () => {
    hub.log.length = 0;
    const source = await hubSource({ ...hubOpts({ accessToken: TOKEN }), repo: 'org/gated' });
    const got = await collectSampleFields(loadSplit('val', { source }));
    expect(got.length).toBeGreaterThan(0);
    const hubRequests = hub.log.filter((e) => e.origin === 'hub');
    const cdnRequests = hub.log.filter((e) => e.origin === 'cdn');
    expect(cdnRequests.length).toBeGreaterThan(0);
    expect(hubRequests.every((e) => e.authorization === `Bearer ${TOKEN}`)).toBe(true);
    expect(cdnRequests.every((e) => e.authorization === undefined)).toBe(true);

    const denied = await hubSource({ ...hubOpts(), repo: 'org/gated' }).catch((e) => e);
    expect(denied).toBeInstanceOf(HubError);
    expect(denied.status).toBe(401);
    expect(denied.message).toMatch(/gated or private.*HF_TOKEN/);
    const wrong = await hubSource({ ...hubOpts({ accessToken: 'hf_wrong' }), repo: 'org/gated' }).catch((e) => e);
    expect(wrong.message).toMatch(/the token given may not read org\/gated/);
    expect(`${wrong.message} ${JSON.stringify(wrong)}`).not.toContain('hf_wrong');
  });

  it('fails at once on a missing repo, revision or path, saying what exists', async () => {
    hub.log.length = 0;
    const missing = await hubSource({ ...hubOpts(), repo: 'nobody/nothing' }).catch((e) => e);
    expect(missing).toBeInstanceOf(HubError);
    expect(missing.status).toBe(404);
    expect(hub.log).toHaveLength(1);
    const badRev = await hubSource({ ...hubOpts(), repo: 'Chaos2629/Diffseg30k', revision: 'v9' }).catch((e) => e);
    expect(badRev.message).toMatch(/revision v9 was not found/);
    const source = await hubSource({ ...hubOpts(), repo: 'Chaos2629/Diffseg30k' });
    const noFile = await source.open({ path: 'data/test-00000-of-00001.parquet' }).catch((e) => e);
    expect(noFile).toBeInstanceOf(SourceError);
    expect(noFile.message).toContain('data/validation-00000-of-00001.parquet');
  });

  it('pins the revision: a push mid-read does not change what an open source reads', async () => {
    hub.addRepo({ repo: 'org/moving', files });
    const source = await hubSource({ ...hubOpts(), repo: 'org/moving' });
    const first = await collectSampleFields(loadSplit('val', { source, limit: 2 }));
    const other = files['data/train-00000-of-00002.parquet'];
    hub.push({ repo: 'org/moving', files: { 'data/validation-00000-of-00001.parquet': other, 'README.md': new TextEncoder().encode('---\n---\n') } });
    expect(await collectSampleFields(loadSplit('val', { source, limit: 2 }))).toEqual(first);
    const fresh = await hubSource({ ...hubOpts(), repo: 'org/moving' });
    expect(fresh.revision).not.toBe(source.revision);
  });

  it('a file that changes under its URL mid-read is a SOURCE_CHANGED error, never mixed data', async () => {
    hub.addRepo({ repo: 'org/changing', files });
    const source = await hubSource({ ...hubOpts(), repo: 'org/changing' });
    const path = 'data/train-00000-of-00002.parquet';
    const shard = await source.open({ path });
    await shard.read(0, 100);
    const bytes = files[path].slice();
    bytes[50] ^= 0xff;
    hub.changeBlob({ sha256: hub.sha256(files[path]), bytes });
    const error = await shard.read(100, 200).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.code).toBe('SOURCE_CHANGED');
    expect(error.message).toMatch(/changed on the server while being read.*pin a revision/);
    expect(error.cause).toBeInstanceOf(HttpError);
    expect(error.cause.code).toBe('SOURCE_CHANGED');
    hub.changeBlob({ sha256: hub.sha256(files[path]), bytes: files[path] });
  });

  it('honours an AbortSignal mid-request', async () => {
    const controller = new AbortController();
    const source = await hubSource({ ...hubOpts({ retry: { maxTries: 50, baseDelayMs: 50 } }), repo: 'Chaos2629/Diffseg30k', signal: controller.signal });
    const shard = await source.open({ path: 'data/validation-00000-of-00001.parquet' });
    hub.faults.cdn = { every500: 1 };
    const pending = shard.read(0, 1000);
    setTimeout(() => controller.abort(), 100);
    const error = await pending.catch((e) => e);
    expect(error.name).toBe('AbortError');
  });

  it('download fills the Python-compatible cache (sha256 checked); HF_HUB_OFFLINE=1 then reads only the cache', async () => {
    const dir = join(cache, 'dl');
    const online = await hubSource({ ...hubOpts({ cacheDir: dir }), repo: 'Chaos2629/Diffseg30k' });
    hub.faults.cdn = { cutEvery: 2 };
    const done = await online.download();
    hub.faults.cdn = {};
    expect(done.map((d) => d.path).sort()).toEqual(Object.keys(files).sort());
    expect(Object.keys(files)).toContain('.gitattributes');
    const sha = online.revision;
    expect((await readFile(join(dir, 'datasets--Chaos2629--Diffseg30k', 'refs', 'main'), 'utf8')).trim()).toBe(sha);
    expect(new Uint8Array(await readFile(join(dir, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha, 'README.md')))).toEqual(files['README.md']);

    hub.log.length = 0;
    const offline = await hubSource({ ...hubOpts({ cacheDir: dir, offline: true }), repo: 'Chaos2629/Diffseg30k' });
    expect(offline.revision).toBe(sha);
    const got = await collectSampleFields(loadSplit('val', { source: offline }));
    expect(got).toEqual(await collectSampleFields(loadSplit('val', { source: 'samples' })));
    expect(hub.log).toHaveLength(0);

    const missingRev = await hubSource({ ...hubOpts({ cacheDir: dir, offline: true }), repo: 'Chaos2629/Diffseg30k', revision: 'v2' }).catch((e) => e);
    expect(missingRev.message).toMatch(/offline \(HF_HUB_OFFLINE=1\): revision v2 .* not in the cache/);
    await rm(join(dir, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha, 'data', 'train-00001-of-00002.parquet'));
    const offline2 = await hubSource({ ...hubOpts({ cacheDir: dir, env: { HF_HUB_OFFLINE: '1' } }), repo: 'Chaos2629/Diffseg30k' });
    const gone = await offline2.open({ path: 'data/train-00001-of-00002.parquet' }).catch((e) => e);
    expect(gone.message).toMatch(/offline.*train-00001-of-00002.parquet is not in the cache/);
    expect(hub.log).toHaveLength(0);
  });

  it('download refuses a file whose sha256 differs from the LFS oid, and removes it', async () => {
    hub.addRepo({ repo: 'org/corrupt', files });
    const path = 'data/validation-00000-of-00001.parquet';
    const bytes = files[path].slice();
    bytes[10] ^= 1;
    hub.changeBlob({ sha256: hub.sha256(files[path]), bytes });
    const dir = join(cache, 'corrupt');
    const source = await hubSource({ ...hubOpts({ cacheDir: dir }), repo: 'org/corrupt' });
    const error = await source.download({ paths: [path] }).catch((e) => e);
    hub.changeBlob({ sha256: hub.sha256(files[path]), bytes: files[path] });
    expect(error).toBeInstanceOf(HubError);
    expect(error.message).toMatch(/integrity: sha256 .* differs from the Hub's LFS oid/);
    const snap = join(dir, 'datasets--org--corrupt', 'snapshots', source.revision, path);
    await expect(readFile(snap)).rejects.toThrow();
    expect(error).toBeInstanceOf(DiffsegError);
  });

  it('openDataset and the layout work on an hf:// source string', async () => {
    const layout = await openDataset({ source: 'hf://datasets/Chaos2629/Diffseg30k@main', hub: hubOpts() });
    expect(layout.splits.map((s) => s.name)).toEqual(['train', 'validation']);
    expect(layout.source.revision).toMatch(/^[0-9a-f]{40}$/);
    void samplesDirectory;
  });
});

describe('loadSplit on a Hub source', () => {
  it('fetches each image and mask byte once in a full pass, shuffled or not (nothing fetched on speculation)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diffseg-hub-rowgroups-'));
    try {
      // Row groups of two 512² noise images (~1.6 MB a read, enough for any read-ahead to kick in),
      // two shards of four row groups.
      const records = await Promise.all(
        Array.from({ length: 16 }, async (_, i) => ({ ...(await makeRecord({ id: `big-${i}`, width: 512, height: 512, turns: [], split: 'train' })), image: { bytes: await noisePng(i, 512), path: null } })),
      );
      await writeDataset({ out: dir, splits: { train: records }, rowGroupRows: 2, maxShardRows: 8 });
      const served: Record<string, Uint8Array> = {};
      const chunks: { blob: string; start: number; end: number }[] = [];
      for (const path of ['README.md', ...(await readdir(join(dir, 'data'))).map((f) => `data/${f}`)]) {
        served[path] = new Uint8Array(await readFile(join(dir, path)));
        if (!path.endsWith('.parquet')) continue;
        const shard = await openShard({ byteSource: await fromFile({ path: join(dir, path) }) });
        for (const g of shard.footer.rowGroups) {
          for (const c of g.columns) if (c.column === 'image' || c.column === 'mask') chunks.push({ blob: hub.sha256(served[path]), start: c.start, end: c.start + c.length });
        }
      }
      hub.addRepo({ repo: 'org/rowgroups', files: served });
      for (const shuffle of [false, true]) {
        hub.log.length = 0;
        const source = await hubSource({ ...hubOpts(), repo: 'org/rowgroups' });
        let n = 0;
        for await (const s of loadSplit('train', { source, shuffle, seed: 3 })) {
          await s.image();
          n++;
        }
        expect(n).toBe(16);
        // How many times each image/mask byte was fetched, from the CDN's own log: every one at
        // least once, and again only where a shard's footer was fetched with the bytes before it
        // (the 64 KiB read at a file's end), not a row group fetched ahead and never used.
        let missing = 0;
        let again = 0;
        for (const c of chunks) {
          const seen = new Uint8Array(c.end - c.start);
          for (const e of hub.log) {
            const m = /bytes=(\d+)-(\d+)/.exec(e.range ?? '');
            if (e.origin !== 'cdn' || !m || !e.path.includes(c.blob)) continue;
            for (let b = Math.max(c.start, Number(m[1])); b < Math.min(c.end, Number(m[2]) + 1); b++) seen[b - c.start]++;
          }
          for (const t of seen) {
            if (t === 0) missing++;
            else again += t - 1;
          }
        }
        expect({ shuffle, missing }).toEqual({ shuffle, missing: 0 });
        expect(again).toBeLessThanOrEqual(2 * 64 * 1024);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("passes loadSplit's signal to the Hub source, so an abort stops a request mid-body", async () => {
    const controller = new AbortController();
    hub.faults.cdn = { every500: 1 };
    const pending = collectSampleFields(loadSplit('val', { source: 'hf://datasets/Chaos2629/Diffseg30k', hub: hubOpts({ retry: { maxTries: 50, baseDelayMs: 50 } }), signal: controller.signal }));
    setTimeout(() => controller.abort(), 150);
    const error = await pending.catch((e) => e);
    hub.faults.cdn = {};
    expect(error.name).toBe('AbortError');
  });

  it('download writes nothing to stdout', async () => {
    // @huggingface/hub announces downloads with console.debug (stdout): catch anything it says.
    const writes: string[] = [];
    const log = console.debug;
    console.debug = (...args: unknown[]) => void writes.push(args.join(' '));
    try {
      const source = await hubSource({ ...hubOpts({ cacheDir: join(cache, 'quiet') }), repo: 'Chaos2629/Diffseg30k' });
      await source.download({ paths: ['README.md'] });
    } finally {
      console.debug = log;
    }
    expect(writes).toEqual([]);
  });
});
