/**
 * downloadToFile against the fake Hub (a Hub origin that redirects to a CDN origin, on 127.0.0.1)
 * and a misbehaving server: the bytes and hashes right (the git blob id checked by `git
 * hash-object`), cut bodies continued, and every refusal leaving no file behind.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, stat, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, HttpError, OutputError } from '../../src/errors.js';
import { downloadToFile } from '../../src/io/download-to-file.js';
import { httpClient } from '../../src/io/http-client.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { STALLING_DATA, type StallingServer, startStallingServer } from '../helpers/stalling-server.js';
import { tempDir } from '../helpers/temp-dir.js';

const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7919) % 251);
const token = 'hf_DownloadSecret12345';
let hub: FakeHub;
let server: StallingServer;
let dir: string;
beforeAll(async () => {
  hub = await startFakeHub({ token });
  hub.addRepo({ repo: 'org/dl', files: { 'blob.bin': bytes, 'notes.txt': new TextEncoder().encode('hello\n') }, gated: true });
  server = await startStallingServer();
  dir = await tempDir('diffseg30k-download-');
});
afterAll(async () => {
  await hub.close();
  await server.close();
});
afterEach(() => {
  hub.faults.cdn = {};
});

const blobUrl = () => `${hub.endpoint}/datasets/org/dl/resolve/main/blob.bin`;
const FAST = { maxTries: 10, baseDelayMs: 1 };
const fetcher = () => httpClient({ retry: FAST, auth: { origin: hub.endpoint, token } });
let n = 0;
const target = () => join(dir, `file-${++n}.incomplete`);
const exists = (path: string) => stat(path).then(() => true, () => false);

describe('downloadToFile', () => {
  it('writes the body, hashed on the way, the token sent only to the Hub', async () => {
    const path = target();
    hub.log.length = 0;
    const got = await downloadToFile({ client: fetcher(), url: blobUrl(), path, expectedSize: bytes.length, expected: { sha256: hub.sha256(bytes) } });
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
    expect(got.bytes).toBe(bytes.length);
    expect(got.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(got.gitOid).toBe(execFileSync('git', ['hash-object', path], { encoding: 'utf8' }).trim());
    expect(hub.log.map((e) => [e.origin, e.authorization])).toEqual([
      ['hub', `Bearer ${token}`],
      ['cdn', undefined],
    ]);
  });

  it('streams to disk as it goes, never holding the file', async () => {
    const path = target();
    const seen: { reported: number; onDisk: number }[] = [];
    await downloadToFile({
      client: httpClient(),
      url: `${server.origin}/ok`,
      path,
      expectedSize: STALLING_DATA.length,
      onBytes: (reported) => void stat(path).then((s) => seen.push({ reported, onDisk: s.size })),
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(seen.length).toBeGreaterThan(1);
    const first = seen.reduce((a, b) => (a.reported < b.reported ? a : b));
    expect(first.reported).toBeLessThan(STALLING_DATA.length);
    expect(first.onDisk).toBeGreaterThanOrEqual(first.reported);
  });

  it('continues bodies cut short, and the bytes are whole', async () => {
    hub.faults.cdn = { cutEvery: 2 };
    const f = fetcher();
    const path = target();
    const got = await downloadToFile({ client: f, url: blobUrl(), path, expectedSize: bytes.length, expected: { sha256: hub.sha256(bytes) } });
    expect(got.sha256).toBe(hub.sha256(bytes));
    expect(f.stats.resumed).toBeGreaterThan(0);
    expect(new Uint8Array(await readFile(path))).toEqual(bytes);
  });

  it('refuses a Content-Length other than the listed size before writing, and leaves no file', async () => {
    const path = target();
    const f = fetcher();
    const error = await downloadToFile({ client: f, url: blobUrl(), path, expectedSize: 94_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/the server sends 300000 bytes \(its Content-Length\) of a file listed at 94000 bytes; refused/);
    expect(await exists(path)).toBe(false);
    expect(f.stats.bytes).toBeLessThan(bytes.length);
  });

  it('stops a body of unknown length as soon as it runs past the listed size', async () => {
    const path = target();
    const f = httpClient();
    const error = await downloadToFile({ client: f, url: `${server.origin}/endless`, path, expectedSize: 100_000 }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.message).toMatch(/the body runs past the 100000 bytes the file is listed at; refused/);
    expect(await exists(path)).toBe(false);
    expect(f.stats.bytes).toBeLessThan(1 << 20);
  });

  it('refuses a body that ends short, a hash that differs, and an error status, leaving no file', async () => {
    const short = target();
    const e1 = await downloadToFile({ url: `${server.origin}/chunked`, path: short, expectedSize: 1000 }).catch((e) => e);
    expect(e1.message).toMatch(/the body ended at 100 of the 1000 bytes/);
    const wrong = target();
    const e2 = await downloadToFile({ client: fetcher(), url: blobUrl(), path: wrong, expectedSize: bytes.length, expected: { sha256: '0'.repeat(64) } }).catch((e) => e);
    expect(e2.message).toMatch(/sha256 is [0-9a-f]{64}, not the 0{64} the listing gives/);
    const missing = target();
    const e3 = await downloadToFile({ client: fetcher(), url: `${hub.endpoint}/datasets/org/dl/resolve/main/nope.bin`, path: missing, expectedSize: 10 }).catch((e) => e);
    expect(e3).toBeInstanceOf(HttpError);
    expect(e3.status).toBe(404);
    const gitOid = createHash('sha1').update('blob 6\0hello\n').digest('hex');
    const e4 = await downloadToFile({ client: fetcher(), url: `${hub.endpoint}/datasets/org/dl/resolve/main/notes.txt`, path: target(), expectedSize: 6, expected: { gitOid: gitOid.replace(/^./, 'f') } }).catch((e) => e);
    expect(e4.message).toMatch(/git blob id is [0-9a-f]{40}, not the/);
    for (const path of [short, wrong, missing]) expect(await exists(path)).toBe(false);
  });

  it('quotes no token from an error body that echoes it', async () => {
    const f = httpClient({ auth: { origin: server.origin, token } });
    const error = await downloadToFile({ client: f, url: `${server.origin}/echo-json?status=401`, path: target(), expectedSize: 10 }).catch((e) => e);
    expect(error.status).toBe(401);
    expect(error.message).toMatch(/HTTP 401: Invalid credentials in Authorization header: Bearer \[redacted\]/);
    expect(error.message).not.toContain('DownloadSecret');
  });

  it('never writes through a file or a link already at the path', async () => {
    const victim = join(dir, 'victim.txt');
    await writeFile(victim, 'keep me');
    const link = join(dir, 'planted.incomplete');
    await symlink(victim, link);
    for (const path of [victim, link]) {
      const error = await downloadToFile({ client: fetcher(), url: blobUrl(), path, expectedSize: bytes.length }).catch((e) => e);
      expect(error).toBeInstanceOf(OutputError);
      expect(error.message).toMatch(/already exists/);
    }
    expect(await readFile(victim, 'utf8')).toBe('keep me');
  });

  it('ends on a passed deadline or an abort, leaving no file', async () => {
    const stalled = target();
    const f = httpClient({ timeouts: { idleMs: 100 }, retry: { maxTries: 2, baseDelayMs: 1 } });
    const error = await downloadToFile({ client: f, url: `${server.origin}/headers-only`, path: stalled, expectedSize: STALLING_DATA.length }).catch((e) => e);
    expect(error).toBeInstanceOf(HttpError);
    expect(error.deadline).toBe('idle');
    const aborted = target();
    const controller = new AbortController();
    const pending = downloadToFile({ url: `${server.origin}/trickle?every=10`, path: aborted, expectedSize: STALLING_DATA.length, signal: controller.signal }).catch((e) => e);
    setTimeout(() => controller.abort(new Error('stop here')), 100);
    expect((await pending).message).toBe('stop here');
    for (const path of [stalled, aborted]) expect(await exists(path)).toBe(false);
  });
});
