/**
 * The Hugging Face cache is shared with Python's `huggingface_hub` both ways, proved against the
 * real client (not against our own reader): caches Python fills are read by the package, caches
 * the package fills are complete snapshots for Python (offline, by branch and by pinned sha), a
 * partial cache is partial for both, and downloads of one repo by Python and Node at the same time,
 * or by two Node processes, both succeed. Skipped, saying why, where no Python has huggingface_hub.
 */
import { execFile } from 'node:child_process';
import { lstat, readFile, readdir, readlink } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubError, SourceError } from '../../src/errors.js';
import { hubSource } from '../../src/repo/hub-source.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { canonicalFiles } from '../helpers/hub-fixtures.js';
import { findPython } from '../helpers/python.js';
import { collectSampleFields } from '../helpers/sample-fields.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const python = findPython(['huggingface_hub']);
const REPO = 'Chaos2629/Diffseg30k';

let hub: FakeHub;
let files: Record<string, Uint8Array>;
let sha: string;
beforeAll(async () => {
  hub = await startFakeHub();
  files = await canonicalFiles();
  sha = hub.addRepo({ repo: REPO, files });
});
afterAll(() => hub?.close());

/** Runs Python with the fake Hub as its endpoint and `cache` as its cache; returns its stdout's last line as JSON. */
async function py(cache: string, code: string, env: Record<string, string> = {}): Promise<unknown> {
  if (!python.ok) throw new Error(python.reason);
  const { stdout } = await run(python.path, ['-c', `import json\n${code}`], {
    env: { ...process.env, HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: cache, HF_HUB_DISABLE_TELEMETRY: '1', HF_HUB_DISABLE_PROGRESS_BARS: '1', ...env },
    timeout: 120_000,
  });
  return JSON.parse(stdout.trim().split('\n').pop()!);
}

const hubOpts = (cacheDir: string, offline = false) => ({ endpoint: hub.endpoint, cacheDir, offline, env: {} });
const samplesVal = () => collectSampleFields(loadSplit('val', { source: 'samples' }));

describe.skipIf(!python.ok)(`the Hub cache, shared with Python's huggingface_hub ${python.ok ? python.versions.huggingface_hub : ''}`, () => {
  it("reads offline what Python's snapshot_download put in the cache, identically, .gitattributes and the listing included", async () => {
    const cache = await tempDir('py-cache-');
    const path = await py(cache, `from huggingface_hub import snapshot_download\nprint(json.dumps(snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset')))`);
    expect(path).toBe(join(cache, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha));
    hub.log.length = 0;
    const source = await hubSource({ ...hubOpts(cache, true), repo: REPO });
    expect(source.revision).toBe(sha);
    expect((await source.listHubFiles()).map((f) => f.path).sort()).toEqual(Object.keys(files).sort());
    const got = await collectSampleFields(loadSplit('val', { source }));
    expect(got).toEqual(await samplesVal());
    expect(hub.log).toHaveLength(0);
  });

  it('writes a cache Python takes as a complete snapshot offline, by branch and by pinned sha, byte for byte', async () => {
    const cache = await tempDir('py-cache-');
    const online = await hubSource({ ...hubOpts(cache), repo: REPO });
    const done = await online.download();
    expect(done.map((d) => d.how)).toEqual(done.map(() => 'fetched'));
    const seen = (await py(
      cache,
      `import os, hashlib
from huggingface_hub import snapshot_download, scan_cache_dir
a = snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset', local_files_only=True)
b = snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset', revision=${JSON.stringify(sha)}, local_files_only=True)
files = {}
for root, _, names in os.walk(b):
    for n in names:
        p = os.path.join(root, n)
        files[os.path.relpath(p, b)] = hashlib.sha256(open(p, 'rb').read()).hexdigest()
info = scan_cache_dir()
repo = [r for r in info.repos if r.repo_id == ${JSON.stringify(REPO)}][0]
print(json.dumps({'a': a, 'b': b, 'files': files, 'warnings': [str(w) for w in info.warnings], 'nb_files': repo.nb_files, 'refs': sorted(list(repo.refs))}))`,
    )) as { a: string; b: string; files: Record<string, string>; warnings: string[]; nb_files: number; refs: string[] };
    expect(seen.a).toBe(seen.b);
    expect(seen.warnings).toEqual([]);
    expect(seen.refs).toEqual(['main']);
    expect(seen.nb_files).toBe(Object.keys(files).length);
    expect(Object.keys(seen.files).sort()).toEqual(Object.keys(files).sort());
    for (const [path, bytes] of Object.entries(files)) expect(seen.files[path], path).toBe(hub.sha256(bytes));
    // Python's own layout: relative links into blobs/, the listing, an empty lock per blob.
    const link = join(cache, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha, 'data', 'validation-00000-of-00001.parquet');
    expect((await lstat(link)).isSymbolicLink()).toBe(true);
    expect(await readlink(link)).toBe(`../../../blobs/${hub.sha256(files['data/validation-00000-of-00001.parquet'])}`);
    const tree = JSON.parse(await readFile(join(cache, 'datasets--Chaos2629--Diffseg30k', 'trees', `${sha}.json`), 'utf8'));
    expect(tree.format_version).toBe(1);
    expect(Object.keys(tree.files).sort()).toEqual(Object.keys(files).sort());
    expect((await readdir(join(cache, '.locks', 'datasets--Chaos2629--Diffseg30k'))).length).toBe(Object.keys(files).length);
  });

  it('a partial download is partial for Python too (the listing says what is missing), and complete for the patterns asked', async () => {
    const cache = await tempDir('py-cache-');
    const online = await hubSource({ ...hubOpts(cache), repo: REPO });
    await online.download({ paths: ['README.md', 'data/validation-00000-of-00001.parquet'] });
    const result = (await py(
      cache,
      `from huggingface_hub import snapshot_download
out = {}
try:
    snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset', local_files_only=True)
    out['all'] = 'complete'
except Exception as e:
    out['all'] = type(e).__name__
out['some'] = snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset', local_files_only=True, allow_patterns=['README.md', '.gitattributes', 'data/validation-*'])
print(json.dumps(out))`,
    )) as { all: string; some: string };
    expect(result.all).not.toBe('complete');
    expect(result.some).toBe(join(cache, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha));
  });

  it('reads a partial cache Python filled file by file (hf_hub_download): the cached split reads, a missing one is an error naming it', async () => {
    const cache = await tempDir('py-cache-');
    await py(
      cache,
      `from huggingface_hub import hf_hub_download
print(json.dumps([hf_hub_download(${JSON.stringify(REPO)}, f, repo_type='dataset') for f in ['README.md', 'data/validation-00000-of-00001.parquet']]))`,
    );
    const source = await hubSource({ ...hubOpts(cache, true), repo: REPO });
    expect(await collectSampleFields(loadSplit('val', { source }))).toEqual(await samplesVal());
    const error = await collectSampleFields(loadSplit('train', { source })).catch((e) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.message).toMatch(/split train is not available here.*data\/train-/);
  });

  it('Python and the package downloading one repo into one cache at the same time both succeed, to the same verified blobs', async () => {
    const cache = await tempDir('py-cache-');
    hub.faults.cdn = { delayMs: 150 };
    try {
      const online = await hubSource({ ...hubOpts(cache), repo: REPO });
      const [fromPython, fromNode] = await Promise.all([
        py(cache, `from huggingface_hub import snapshot_download\nprint(json.dumps(snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset')))`),
        online.download(),
      ]);
      expect(fromPython).toBe(join(cache, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha));
      expect(fromNode).toHaveLength(Object.keys(files).length);
    } finally {
      hub.faults.cdn = {};
    }
    const blobs = await readdir(join(cache, 'datasets--Chaos2629--Diffseg30k', 'blobs'));
    expect(blobs.filter((b) => b.includes('.'))).toEqual([]); // no temporary file of either left
    const offline = await hubSource({ ...hubOpts(cache, true), repo: REPO });
    expect(await collectSampleFields(loadSplit('val', { source: offline }))).toEqual(await samplesVal());
    for (const path of Object.keys(files)) expect(new Uint8Array(await readFile(join(offline.cacheDir, 'datasets--Chaos2629--Diffseg30k', 'snapshots', sha, path)))).toEqual(files[path]);
  });

  it('a cached file whose bytes were changed is never served: online it is read from the Hub again, offline it is a HubError', async () => {
    const cache = await tempDir('py-cache-');
    await py(cache, `from huggingface_hub import snapshot_download\nprint(json.dumps(snapshot_download(${JSON.stringify(REPO)}, repo_type='dataset')))`);
    const path = 'data/validation-00000-of-00001.parquet';
    const blob = join(cache, 'datasets--Chaos2629--Diffseg30k', 'blobs', hub.sha256(files[path]));
    const bytes = new Uint8Array(await readFile(blob));
    bytes[100] ^= 0xff;
    const { writeFile } = await import('node:fs/promises');
    await writeFile(blob, bytes);
    const offline = await hubSource({ ...hubOpts(cache, true), repo: REPO });
    const error = await collectSampleFields(loadSplit('val', { source: offline })).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.message).toMatch(/validation-00000-of-00001\.parquet is not the file of this commit: sha256 .* differs/);
    hub.log.length = 0;
    const online = await hubSource({ ...hubOpts(cache), repo: REPO });
    expect(await collectSampleFields(loadSplit('val', { source: online }))).toEqual(await samplesVal());
    expect(hub.log.some((e) => e.origin === 'cdn' && e.path.endsWith(hub.sha256(files[path])))).toBe(true);
    // download puts the right bytes back (the blob is fetched again: not counted as reused).
    const done = await online.download({ paths: [path] });
    expect(done.find((d) => d.path === path)?.how).toBe('fetched');
    expect(new Uint8Array(await readFile(blob))).toEqual(files[path]);
  });
});

describe('the Hub cache between processes', () => {
  it('two Node processes downloading one repo into one cache at the same time both succeed', async () => {
    const cache = await tempDir('py-cache-');
    const worker = fileURLToPath(new URL('./fixtures/download-worker.ts', import.meta.url));
    const arg = JSON.stringify({ endpoint: hub.endpoint, cacheDir: cache, repo: REPO });
    hub.faults.cdn = { delayMs: 150 };
    try {
      const results = await Promise.all([0, 1].map(() => run(process.execPath, ['--import', 'tsx', worker, arg], { timeout: 120_000 })));
      for (const { stdout } of results) expect(JSON.parse(stdout.trim())).toHaveLength(Object.keys(files).length);
    } finally {
      hub.faults.cdn = {};
    }
    expect((await readdir(join(cache, 'datasets--Chaos2629--Diffseg30k', 'blobs'))).filter((b) => b.includes('.'))).toEqual([]);
    const offline = await hubSource({ ...hubOpts(cache, true), repo: REPO });
    expect(await collectSampleFields(loadSplit('val', { source: offline }))).toEqual(await samplesVal());
  });
});
