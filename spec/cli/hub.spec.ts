/**
 * The CLI on Hub sources (a fake Hub on 127.0.0.1 via HF_ENDPOINT): info, validate, demo, eval and
 * distort take hf:// URLs, and `download` fills the cache so that HF_HUB_OFFLINE=1 works.
 */
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { authorsZips, canonicalFiles } from '../helpers/hub-fixtures.js';
import { memoryIo } from './io.js';

let hub: FakeHub;
let dir: string;
const saved = { ...process.env };
beforeAll(async () => {
  hub = await startFakeHub();
  hub.addRepo({ repo: 'Chaos2629/Diffseg30k', files: await canonicalFiles() });
  hub.addRepo({ repo: 'org/authors', files: { 'authors-layout.zip': (await authorsZips()).zip } });
  dir = await mkdtemp(join(tmpdir(), 'diffseg-cli-hub-'));
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});
afterEach(() => {
  process.env = { ...saved };
});
function env(cache: string) {
  process.env.HF_ENDPOINT = hub.endpoint;
  process.env.HF_HUB_CACHE = join(dir, cache);
  delete process.env.HF_HUB_OFFLINE;
  delete process.env.DIFFSEG30K_SOURCE;
  delete process.env.HF_TOKEN;
}

describe('CLI on the Hub', () => {
  it('info with no dataset reads the default Hub repo; info hf:// of a zip layout counts mask-only records', async () => {
    env('a');
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['info', '--json'], io)).toBe(0);
    const d = JSON.parse(io.out());
    expect(d.source).toMatch(/^hf:\/\/datasets\/Chaos2629\/Diffseg30k@[0-9a-f]{40}$/);
    expect(d.splits.map((s: { name: string }) => s.name)).toEqual(['train', 'validation']);
    const zipIo = memoryIo({ cwd: dir });
    expect(await runCli(['info', 'hf://datasets/org/authors'], zipIo)).toBe(0);
    expect(zipIo.out()).toMatch(/mask-only records \(turns, base and quality unknown\): 6/);
  });

  it('validate, demo and distort accept hf:// URLs', async () => {
    env('b');
    const v = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'hf://datasets/Chaos2629/Diffseg30k', '--split', 'validation'], v)).toBe(0);
    expect(v.out()).toMatch(/^valid: hf:\/\/datasets\/Chaos2629\/Diffseg30k/);
    const vz = memoryIo({ cwd: dir });
    expect(await runCli(['validate', 'hf://datasets/org/authors'], vz)).toBe(0);
    const demo = memoryIo({ cwd: dir });
    expect(await runCli(['demo', '--data', 'hf://datasets/org/authors', '--out', join(dir, 'demo')], demo)).toBe(0);
    expect(demo.out()).toMatch(/\(mask only\)/);
    expect(demo.out()).toMatch(/6 images of split 'validation'|2 images of split 'validation'/);
    const distort = memoryIo({ cwd: dir });
    expect(await runCli(['distort', '--data', 'hf://datasets/Chaos2629/Diffseg30k', '--split', 'val', '--preset', 'jpeg80', '--out', join(dir, 'jpeg80'), '--limit', '3'], distort)).toBe(0);
    const distortZip = memoryIo({ cwd: dir });
    expect(await runCli(['distort', '--data', 'hf://datasets/org/authors', '--split', 'val', '--preset', 'jpeg80', '--out', join(dir, 'zip-jpeg80')], distortZip)).toBe(2);
    expect(distortZip.err()).toMatch(/is mask-only \(its turns are unknown\); distort writes the canonical format/);
  });

  it('download fills the cache; HF_HUB_OFFLINE=1 info then works with no request; a bad URL is a usage error', async () => {
    env('c');
    const io = memoryIo({ cwd: dir });
    expect(await runCli(['download', 'hf://datasets/Chaos2629/Diffseg30k', '--split', 'validation'], io)).toBe(0);
    expect(io.out()).toMatch(/data\/validation-00000-of-00001\.parquet .* downloaded, id checked/);
    expect(io.out()).toMatch(/: 3 downloaded \([\d.]+ MB\), 0 reused from blobs already in the cache \(0\.0 MB\), 0 already in the snapshot/);
    expect(io.out()).not.toMatch(/train-00000/);
    // A snapshot link gone, its blob still there: reused, not fetched again.
    const snapshots = join(process.env.HF_HUB_CACHE!, 'datasets--Chaos2629--Diffseg30k', 'snapshots');
    const [sha] = await readdir(snapshots);
    await rm(join(snapshots, sha, 'data', 'validation-00000-of-00001.parquet'));
    const again = memoryIo({ cwd: dir });
    const cdnBefore = hub.count('cdn');
    expect(await runCli(['download', 'hf://datasets/Chaos2629/Diffseg30k', '--split', 'validation'], again)).toBe(0);
    expect(again.out()).toMatch(/validation-00000-of-00001\.parquet .* blob already cached \(verified\), linked/);
    expect(again.out()).toMatch(/README\.md .* already cached \(verified\)/);
    expect(again.out()).toMatch(/: 0 downloaded \(0\.0 MB\), 1 reused from blobs already in the cache \([\d.]+ MB\), 2 already in the snapshot/);
    expect(hub.count('cdn')).toBe(cdnBefore);

    process.env.HF_HUB_OFFLINE = '1';
    const before = hub.count();
    const off = memoryIo({ cwd: dir });
    const code = await runCli(['validate', 'hf://datasets/Chaos2629/Diffseg30k', '--split', 'val'], off);
    expect(off.err() + off.out()).toMatch(/^valid/);
    expect(code).toBe(0);
    // The train split was not downloaded: reading it offline names the missing file.
    const partial = memoryIo({ cwd: dir });
    expect(await runCli(['info', 'hf://datasets/Chaos2629/Diffseg30k'], partial)).toBe(1);
    expect(partial.err()).toMatch(/offline \(HF_HUB_OFFLINE=1\): data\/train-00000-of-00002\.parquet is not in the cache/);
    const missing = memoryIo({ cwd: dir });
    expect(await runCli(['info', 'hf://datasets/org/authors'], missing)).toBe(1);
    expect(missing.err()).toMatch(/offline \(HF_HUB_OFFLINE=1\): revision main of org\/authors is not in the cache/);
    expect(hub.count()).toBe(before);

    const usage = memoryIo({ cwd: dir });
    expect(await runCli(['download', 'samples'], usage)).toBe(2);
    expect(usage.err()).toMatch(/not a Hub dataset/);
    await writeFile(join(dir, 'x'), '');
  });
});
