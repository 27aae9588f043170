/**
 * Hub streaming against the fake Hub of the specs (a Hub origin and a CDN origin on 127.0.0.1),
 * on realistic data written here by writeDataset: 1024×1024 PNG images (smooth content plus
 * sensor-like noise, ~1–3 MB each) with one to three rectangular edits each. Run:
 * `npx tsx bench/hub.ts`. Every number is measured in this run; the reference of each ratio is
 * named next to it:
 *
 * 1. metadata-only pass of a split: bytes fetched / bytes of the shards (target ≤ 2 %), and image
 *    or mask bytes fetched (target 0, checked against every column chunk of the footers);
 * 2. time to the first sample from a cold cache, in requests after the revision call (target ≤ 4);
 * 3. one zip member read once the central directory is cached: bytes fetched / member bytes
 *    (target ≤ 1.05);
 * 4. full-decode throughput (image + label map) over loopback, prefetch on: samples/s over the
 *    Hub / samples/s from the same shards on local disk, in the same round (target ≥ 0.90). The
 *    server runs in a process of its own, as a real Hub is not in the reader's event loop. Beside
 *    it, the CPU time per sample of the reader (Hub and local passes) and of the server (Linux's
 *    /proc): both share this machine's cores, so the CPU a Hub read adds bounds the ratio.
 *
 * BENCH_HUB_RECORDS sets the number of records (default 48); BENCH_HUB_DIR keeps the data there.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import sharp from 'sharp';
import { type DatasetRecord, type Generator, GENERATORS, loadSplit, writeDataset } from '../src/index.js';
import { labelOfGenerator, openDataset, openShard } from '../src/format/index.js';
import { hubSource, zipSource } from '../src/repo/index.js';
import { composeLabelMap, encodeRle, rleArea, rleBbox } from '../src/mask/index.js';
import { fromFile } from '../src/io/from-file.js';
import { mulberry32 } from '../spec/fixtures/mulberry32.js';
import { startFakeHub } from '../spec/helpers/fake-hub.js';
import { printTable } from './harness.js';

const SIZE = 1024;
const RECORDS = Number(process.env.BENCH_HUB_RECORDS ?? 48);
const ROW_GROUP = 8;
const dir = process.env.BENCH_HUB_DIR ?? (await mkdtemp(join(tmpdir(), 'diffseg-bench-hub-')));
await mkdir(dir, { recursive: true });

/** A 1024² RGB image: gradients (what PNG compresses like a photo) plus noise, and its edits. */
async function record(i: number): Promise<DatasetRecord> {
  const rand = mulberry32(1000 + i);
  const rgb = new Uint8Array(SIZE * SIZE * 3);
  const [a, b, c] = [rand() * 6, rand() * 6, rand() * 6];
  for (let y = 0; y < SIZE; y++) {
    for (let x = 0; x < SIZE; x++) {
      const k = (y * SIZE + x) * 3;
      const n = (rand() - 0.5) * 24;
      rgb[k] = 128 + 90 * Math.sin(x / 97 + a) + n;
      rgb[k + 1] = 128 + 90 * Math.sin(y / 83 + b) + n;
      rgb[k + 2] = 128 + 90 * Math.sin((x + y) / 151 + c) + n;
    }
  }
  const turns = Array.from({ length: 1 + (i % 3) }, (_, index) => {
    const generator = GENERATORS[Math.floor(rand() * GENERATORS.length)] as Generator;
    const w = 100 + Math.floor(rand() * 300);
    const h = 100 + Math.floor(rand() * 300);
    const x0 = Math.floor(rand() * (SIZE - w));
    const y0 = Math.floor(rand() * (SIZE - h));
    const mask = new Uint8Array(SIZE * SIZE);
    for (let y = y0; y < y0 + h; y++) mask.fill(1, y * SIZE + x0, y * SIZE + x0 + w);
    for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) rgb[(y * SIZE + x) * 3] ^= 0x20;
    const rle = encodeRle({ mask, height: SIZE, width: SIZE });
    return {
      index,
      generator,
      label: labelOfGenerator(generator),
      edit_type: 'attribute' as const,
      prompt: `turn the object number ${index} of image ${i} into something else entirely`,
      category: 'food',
      object: 'bowl',
      mask_rle: rle.counts,
      area: rleArea(rle),
      bbox: rleBbox(rle),
    };
  });
  const labels = composeLabelMap({ turns, height: SIZE, width: SIZE });
  const png = async (data: Uint8Array, channels: 1 | 3) => {
    const img = sharp(data, { raw: { width: SIZE, height: SIZE, channels } });
    return new Uint8Array(await (channels === 1 ? img.toColourspace('b-w') : img).png().toBuffer());
  };
  return {
    id: `bench-${String(i).padStart(5, '0')}`,
    split: 'train',
    image: { bytes: await png(rgb, 3), path: `${i}.png` },
    mask: { bytes: await png(labels, 1), path: `${i}.mask.png` },
    width: SIZE,
    height: SIZE,
    base_type: 'real',
    base_generator: null,
    coco_id: i,
    base_prompt: null,
    turns,
    num_turns: turns.length,
    quality_score: 4,
    quality_reason: 'the edit blends in with the surroundings and follows the prompt',
  };
}

console.log(`writing ${RECORDS} records of ${SIZE}² PNG …`);
const records: DatasetRecord[] = [];
for (let i = 0; i < RECORDS; i++) records.push(await record(i));
const local = join(dir, 'dataset');
await rm(local, { recursive: true, force: true });
await writeDataset({ out: local, splits: { train: records }, rowGroupRows: ROW_GROUP, maxShardRows: RECORDS / 2 });
const files: Record<string, Uint8Array> = { 'README.md': new Uint8Array(await readFile(join(local, 'README.md'))) };
for (const name of await readdir(join(local, 'data'))) files[`data/${name}`] = new Uint8Array(await readFile(join(local, 'data', name)));
// The authors' layout: stored members, each image followed by its mask.
const pad = (n: number) => String(n + 1).padStart(8, '0');
const zip = zipSync(
  Object.fromEntries(
    records.flatMap((r, i) => [
      [`train/${pad(i)}.image.png`, [r.image.bytes!, { level: 0 }]],
      [`train/${pad(i)}.mask.png`, [r.mask.bytes!, { level: 0 }]],
    ]),
  ),
);
await writeFile(join(dir, 'train.zip'), zip);

const hub = await startFakeHub();
hub.addRepo({ repo: 'bench/canonical', files });
hub.addRepo({ repo: 'bench/authors', files: { 'train.zip': zip } });
const opts = (cache: string) => ({ endpoint: hub.endpoint, cacheDir: join(dir, 'caches', cache), env: {} });
const shardPaths = Object.keys(files).filter((p) => p.endsWith('.parquet')).sort();

// 1. Metadata-only pass: what is fetched, and whether any of it lies in an image or mask chunk.
let shardBytes = 0;
const imageChunks: { blob: string; start: number; end: number }[] = [];
for (const path of shardPaths) {
  shardBytes += files[path].length;
  const shard = await openShard({ byteSource: await fromFile({ path: join(local, path) }) });
  for (const g of shard.footer.rowGroups) {
    for (const c of g.columns) if (c.column === 'image' || c.column === 'mask') imageChunks.push({ blob: hub.sha256(files[path]), start: c.start, end: c.start + c.length });
  }
}
hub.log.length = 0;
const meta = await hubSource({ ...opts('meta'), repo: 'bench/canonical' });
let metaRecords = 0;
for await (const _ of loadSplit('train', { source: meta, metadataOnly: true })) metaRecords++;
let imageBytesFetched = 0;
for (const e of hub.log.filter((x) => x.origin === 'cdn')) {
  const m = /bytes=(\d+)-(\d+)/.exec(e.range ?? '');
  if (!m) continue;
  const [a, b] = [Number(m[1]), Number(m[2]) + 1];
  const blob = e.path.split('/').pop();
  for (const c of imageChunks) if (c.blob === blob) imageBytesFetched += Math.max(0, Math.min(b, c.end) - Math.max(a, c.start));
}
const metaBytes = meta.stats.bytes;

// 2. Time to the first sample, cold cache, in requests after the revision call — up to the
// request of row group 0 (the next row group's prefetch, issued before the first sample is handed
// out, does not delay it and is not counted).
hub.log.length = 0;
const cold = await hubSource({ ...opts('cold'), repo: 'bench/canonical' });
const afterRevision = hub.log.length;
const stream = loadSplit('train', { source: cold });
const first = await stream.next();
await (first.value as { image(): Promise<unknown> }).image();
const firstShard = await openShard({ byteSource: await fromFile({ path: join(local, shardPaths[0]) }) });
const rg0 = firstShard.footer.rowGroups[0].columns[0].start;
const all = hub.log.slice(afterRevision);
const firstLog = all.slice(0, all.findIndex((e) => e.origin === 'cdn' && e.range?.startsWith(`bytes=${rg0}-`)) + 1);
const firstRedirects = firstLog.filter((e) => e.status === 302).length;
await stream.return(undefined);

// 3. A zip member once the central directory is cached (openDataset reads and caches it).
const zipHub = await hubSource({ ...opts('zip'), repo: 'bench/authors' });
await openDataset({ source: zipHub });
const again = await hubSource({ ...opts('zip'), repo: 'bench/authors' });
const archive = await zipSource({
  byteSource: await again.open({ path: 'train.zip' }),
  directoryCache: join(again.derivedCacheDir!, 'zip-directory', `${encodeURIComponent('train.zip')}.json`),
});
const member = archive.entries.find((e) => e.name.endsWith('00000007.image.png'))!;
const before = again.stats.bytes;
const requestsBefore = again.stats.requests;
await archive.readFile({ path: member.name, maxBytes: 1e9 });
const memberBytes = again.stats.bytes - before;

// 4. Full-decode throughput, Hub over loopback vs local files (the same shards).
/** Samples per second of a full-decode pass: over the whole pass, and from the first sample on (the start-up is measure 2). */
async function decodeAll(source: NonNullable<Parameters<typeof loadSplit>[1]>['source']): Promise<{ total: number; steady: number; cpu: number; serverCpu: number }> {
  const c0 = process.cpuUsage();
  const s0 = serverCpuMs();
  const t0 = process.hrtime.bigint();
  let t1 = t0;
  let n = 0;
  for await (const s of loadSplit('train', { source })) {
    if (n === 0) t1 = process.hrtime.bigint();
    await s.image();
    await s.labelMap();
    n++;
  }
  const t2 = process.hrtime.bigint();
  const c = process.cpuUsage(c0);
  return { total: n / (Number(t2 - t0) / 1e9), steady: n / (Number(t2 - t1) / 1e9), cpu: (c.user + c.system) / 1000 / n, serverCpu: (serverCpuMs() - s0) / n };
}
/** CPU time of the server process so far, in ms (Linux's /proc; 0 elsewhere). */
function serverCpuMs(): number {
  try {
    const fields = readFileSync(`/proc/${server.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) * (1000 / 100);
  } catch {
    return 0;
  }
}
const server = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'hub-server.ts'), 'bench/canonical', local], { stdio: ['pipe', 'pipe', 'inherit'] });
const endpoint = await new Promise<string>((resolve) => server.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())));
type Rates = { total: number; steady: number; cpu: number; serverCpu: number };
const rounds: { local: Rates; remote: Rates }[] = [];
await decodeAll(local); // warm-up: sharp's thread pool, the page cache
for (let r = 0; r < 5; r++) {
  const l = await decodeAll(local);
  const remote = await decodeAll(await hubSource({ endpoint, cacheDir: join(dir, 'caches', `tp${r}`), env: {}, repo: 'bench/canonical' }));
  rounds.push({ local: l, remote });
}
server.stdin.end();
// Medians of per-round ratios: the two passes of a round ran under the same machine load.
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const steadyRatio = median(rounds.map((r) => r.remote.steady / r.local.steady));
const totalRatio = median(rounds.map((r) => r.remote.total / r.local.total));
const localRate = median(rounds.map((r) => r.local.steady));
const remoteRate = median(rounds.map((r) => r.remote.steady));
const localCpu = median(rounds.map((r) => r.local.cpu));
const remoteCpu = median(rounds.map((r) => r.remote.cpu));
const serverCpu = median(rounds.map((r) => r.remote.serverCpu));

printTable(
  `Hub streaming over loopback (${RECORDS} records of ${SIZE}² PNG, ${(shardBytes / 1e6).toFixed(1)} MB in ${shardPaths.length} shards, row groups of ${ROW_GROUP})`,
  ['measure', 'value', 'reference', 'ratio', 'target'],
  [
    ['metadata-only pass: bytes fetched', metaBytes, `shard bytes ${shardBytes}`, `${((100 * metaBytes) / shardBytes).toFixed(3)} %`, '≤ 2 %'],
    ['metadata-only pass: image/mask bytes fetched', imageBytesFetched, `${metaRecords} records read`, imageBytesFetched === 0 ? 'none' : 'SOME', '0'],
    ['first sample, cold cache: requests after the revision call', firstLog.length - firstRedirects, `+ ${firstRedirects} redirect to the CDN`, '', '≤ 4'],
    ['zip member, directory cached: bytes fetched', memberBytes, `member ${member.compressedSize} B, ${again.stats.requests - requestsBefore} request(s)`, `${(memberBytes / member.compressedSize).toFixed(4)}×`, '≤ 1.05×'],
    ['full decode from the first sample: samples/s over the Hub', remoteRate, `local files ${localRate.toFixed(2)}/s`, steadyRatio.toFixed(3), '≥ 0.90'],
    ['full decode, whole pass with start-up', '', 'local files, same round', totalRatio.toFixed(3), ''],
    ['CPU ms per sample: reader + server (Hub)', `${remoteCpu.toFixed(2)} + ${serverCpu.toFixed(2)}`, `local files ${localCpu.toFixed(2)}`, ((remoteCpu + serverCpu) / localCpu).toFixed(3), ''],
  ],
);
console.log(`\nrequests up to the first sample:\n  ${firstLog.map((e) => `${e.origin} ${e.method} ${e.path.split('?')[0].slice(0, 60)}… ${e.range ?? ''} → ${e.status}`).join('\n  ')}`);

await hub.close();
if (!process.env.BENCH_HUB_DIR) await rm(dir, { recursive: true, force: true });
