/**
 * The training loader's throughput, as ratios against references measured in the same run on the
 * same bytes:
 *
 * 1. decode: `loadSplit` with `prefetch`, the consumer awaiting `image()` and `labelMap()` of
 *    each sample — against the fastest way to decode the same PNG bytes held in memory in a
 *    tight loop (sharp one at a time, sharp 4 at a time, the package's synchronous decoder, or
 *    the two mixed). Goal ≥ 90 %.
 * 2. shuffled (`shuffle: true`, default buffer) against unshuffled. Goal ≥ 90 %.
 * 3. against Python `datasets` iterating the same shards with PIL decode to numpy (when
 *    `$PYTHON`, default `python3`, has `datasets`). Goal ≥ 2×.
 * 4. peak memory above the start with a small and a large `prefetch`.
 * 5. the package's Parquet reader against hyparquet (bench/hyparquet/: the same loadSplit with the
 *    row groups read by hyparquet over the same ByteSource), after checking both give the same
 *    samples: the loader's throughput, and row groups read alone with no metadata kept. The
 *    measured decision is in docs/dependencies.md.
 *
 * Data, written by `writeDataset` at bench time into a temporary directory and removed after:
 * the bundled validation split repeated (256², the synthetic textures), the same through the
 * `resize1024` preset (1024²), and photo-like images at both sizes (sensor noise over gradients:
 * PNGs that inflate like a photograph's, the hard case for every decoder).
 *
 *   npm run build && npx tsx bench/loader.ts [--rounds 3] [--copies 8] [--seconds 1.5] [--only photo]
 *
 * BENCH_LOADER_DIR keeps the data there (and reuses what an earlier run left); `--only` runs the
 * sets whose name contains the word.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual, parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import sharp from 'sharp';
import type { DatasetRecord, Sample } from '../src/index.js';
import { printTable } from './harness.js';
import { type Reader, setReader, useReaderSwitch } from './hyparquet/reader.js';
import { PYTHON } from './python.js';

// The package's modules are imported after the reader switch is in place (a module graph keeps
// the modules it was linked with), so that the same loadSplit can read with either reader.
useReaderSwitch();
const { loadSplit, writeDataset } = await import('../src/index.js');
const { openShard } = await import('../src/format/index.js');
const { fromFile } = await import('../src/io/index.js');
const { decodeImage, decodeLabelMap } = await import('../src/mask/index.js');
const { decodePngSync } = await import('../src/codec/internal/decode-png-sync.js');
const { photoPng } = await import('./photo-png.js');
const { hyparquetShard } = await import('./hyparquet/hyparquet-shard.js');

const { values } = parseArgs({ options: { rounds: { type: 'string', default: '3' }, copies: { type: 'string', default: '8' }, seconds: { type: 'string', default: '1.5' }, only: { type: 'string' } } });
const ROUNDS = Number(values.rounds);
const MIN_SECONDS = Number(values.seconds);
const COPIES = Number(values.copies);
const root = resolve(import.meta.dirname, '..');
const hyparquetVersion = (JSON.parse(readFileSync(join(root, 'node_modules', 'hyparquet', 'package.json'), 'utf8')) as { version: string }).version;

/**
 * Records per second of each candidate: in every round each runs its pass over and over for at
 * least `MIN_SECONDS` and is credited the records it got through in that time; rounds interleave
 * the candidates (so load from other processes falls on all of them alike), after a warm-up
 * round, and each keeps its best round. A pass over these sets lasts tens of milliseconds, so
 * timing single passes would let one candidate's garbage be collected on the next one's clock.
 */
async function bestOf(candidates: Record<string, () => Promise<number>>, rounds = ROUNDS): Promise<Record<string, number>> {
  const out: Record<string, number> = {};
  const round = async (name: string, fn: () => Promise<number>) => {
    const start = performance.now();
    const cpu = process.cpuUsage();
    let records = 0;
    do records += await fn();
    while (performance.now() - start < MIN_SECONDS * 1000);
    const used = process.cpuUsage(cpu);
    perCpuSecond[name] = Math.max(perCpuSecond[name] ?? 0, records / ((used.user + used.system) / 1e6));
    return records / ((performance.now() - start) / 1000);
  };
  for (const [name, fn] of Object.entries(candidates)) {
    await round(name, fn);
    out[name] = 0;
    perCpuSecond[name] = 0;
  }
  for (let r = 0; r < rounds; r++) {
    for (const [name, fn] of Object.entries(candidates)) out[name] = Math.max(out[name], await round(name, fn));
  }
  return out;
}

/**
 * Records per second of CPU time (every thread of the process: sharp's pool too) of the latest
 * {@link bestOf}, best round: on a machine shared with other work, the measure least moved by it.
 */
const perCpuSecond: Record<string, number> = {};

async function records(source: string, split: string): Promise<DatasetRecord[]> {
  const out: DatasetRecord[] = [];
  for await (const s of loadSplit(split, { source, rank: 0, worldSize: 1 })) {
    if (s.annotations === 'mask-only') throw new Error(`bench: ${s.id} is mask-only; the bench writes canonical data`);
    const { file: _file, imageBytes, maskBytes, image: _i, labelMap: _l, binaryMask: _b, turnMask: _t, ...meta } = s;
    out.push({ ...meta, image: { bytes: imageBytes!, path: `${s.id}.png` }, mask: { bytes: maskBytes!, path: `${s.id}.mask.png` } });
  }
  return out;
}

async function makeData(dir: string): Promise<{ name: string; dir: string }[]> {
  const sets = [
    { name: 'textures 256²', dir: join(dir, 'textures-256') },
    { name: 'textures 1024²', dir: join(dir, 'textures-1024') },
    { name: 'photo-like 256²', dir: join(dir, 'photo-256') },
    { name: 'photo-like 1024²', dir: join(dir, 'photo-1024') },
  ];
  if (sets.every((s) => existsSync(join(s.dir, 'README.md')))) return sets;
  const base = await records('samples', 'validation');
  const copies = (list: DatasetRecord[], n: number) => Array.from({ length: n }, (_, c) => list.map((r) => ({ ...r, id: `${r.id}-c${c}` }))).flat();
  const small = join(dir, 'textures-256');
  await writeDataset({ out: small, splits: { validation: copies(base, COPIES) }, rowGroupRows: 16 });
  const big = join(dir, 'textures-1024');
  execFileSync(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'distort', '--data', small, '--split', 'validation', '--preset', 'resize1024', '--out', big, '--limit', String(base.length * 2)], { stdio: 'ignore' });
  const photo = join(dir, 'photo-256');
  const photoRecords = await Promise.all(copies(base, COPIES).map(async (r, k) => ({ ...r, image: { bytes: await photoPng(r.width, r.height, k), path: r.image.path } })));
  await writeDataset({ out: photo, splits: { validation: photoRecords }, rowGroupRows: 16 });
  const photoBig = join(dir, 'photo-1024');
  const bigRecords = await records(big, 'validation');
  const photoBigRecords = await Promise.all(bigRecords.slice(0, 16).map(async (r, k) => ({ ...r, image: { bytes: await photoPng(r.width, r.height, k), path: r.image.path } })));
  await writeDataset({ out: photoBig, splits: { validation: photoBigRecords }, rowGroupRows: 4 });
  return sets;
}

/** The ways to decode the same PNG bytes held in memory, as tight loops over every record. */
function decoders(bytes: { image: Uint8Array; mask: Uint8Array }[]): Record<string, () => Promise<number>> {
  const sharpImage = (b: Uint8Array) => sharp(b, { failOn: 'error' }).raw({ depth: 'uchar' }).toBuffer();
  const sharpMask = (b: Uint8Array) => sharp(b, { failOn: 'error' }).extractChannel(0).raw({ depth: 'uchar' }).toBuffer();
  const inFlight = async (n: number, one: (i: number) => Promise<unknown>) => {
    let next = 0;
    await Promise.all(
      Array.from({ length: n }, async () => {
        while (next < bytes.length) await one(next++);
      }),
    );
    return bytes.length;
  };
  return {
    'sharp, one at a time': async () => {
      for (const b of bytes) {
        await sharpImage(b.image);
        await sharpMask(b.mask);
      }
      return bytes.length;
    },
    'sharp, 4 in flight': () => inFlight(4, (i) => Promise.all([sharpImage(bytes[i].image), sharpMask(bytes[i].mask)])),
    'sync JS decoder': async () => {
      for (const b of bytes) {
        if (!decodePngSync(b.image, 1 << 26) || !decodePngSync(b.mask, 1 << 26)) throw new Error('not a plain PNG');
      }
      return bytes.length;
    },
    'sharp image 4 in flight + sync mask': () =>
      inFlight(4, async (i) => {
        decodePngSync(bytes[i].mask, 1 << 26);
        await sharpImage(bytes[i].image);
      }),
    'decodeImage + decodeLabelMap, 4 in flight': () =>
      inFlight(4, (i) => Promise.all([decodeImage({ bytes: bytes[i].image, name: 'i' }), decodeLabelMap({ bytes: bytes[i].mask, name: 'm' })])),
    'decodeImage + decodeLabelMap, 8 in flight': () =>
      inFlight(8, (i) => Promise.all([decodeImage({ bytes: bytes[i].image, name: 'i' }), decodeLabelMap({ bytes: bytes[i].mask, name: 'm' })])),
  };
}

async function loaderPass(dir: string, options: { shuffle?: boolean; prefetch?: number }, reader: Reader = 'package'): Promise<number> {
  setReader(reader);
  try {
    let n = 0;
    for await (const s of loadSplit('validation', { source: dir, rank: 0, worldSize: 1, ...options })) {
      await s.image();
      await s.labelMap();
      n++;
    }
    return n;
  } finally {
    setReader('package');
  }
}

/** Every sample of the split as plain data (metadata, bytes, decoded pixels), read with `reader`. */
async function samplesWith(dir: string, reader: Reader): Promise<unknown[]> {
  setReader(reader);
  try {
    const out: unknown[] = [];
    for await (const s of loadSplit('validation', { source: dir, rank: 0, worldSize: 1 })) {
      const { image: _i, labelMap: _l, binaryMask: _b, turnMask: _t, ...fields } = s as Sample & Record<string, unknown>;
      out.push({ ...fields, pixels: (await s.image()).data, labels: await s.labelMap() });
    }
    return out;
  } finally {
    setReader('package');
  }
}

/**
 * Row groups read alone (no pixel decoding), with no metadata kept between reads: each read
 * decodes the metadata columns (parquet-wasm, or hyparquet with hyparquet-compressors for ZSTD)
 * and takes out the image and mask bytes (views of the fetched pages, or hyparquet's).
 */
async function rowGroupPass(files: string[], reader: Reader): Promise<number> {
  let n = 0;
  for (const path of files) {
    const byteSource = await fromFile({ path });
    const opened = await openShard({ byteSource });
    const shard = reader === 'hyparquet' ? hyparquetShard({ shard: opened, byteSource }) : opened;
    for (let g = 0; g < shard.rowGroups.length; g++) n += (await shard.readRecordViews!(g)).length;
  }
  return n;
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Live ArrayBuffer bytes: collected twice around a pause (V8 frees array buffers on a background sweeper). */
async function liveBytes(): Promise<number> {
  gc();
  await new Promise((r) => setTimeout(r, 30));
  gc();
  return process.memoryUsage().arrayBuffers;
}

/** Peak of live ArrayBuffer memory above the start of a pass, in MB, measured at every sample (the one in hand kept alive). */
async function peakMemory(dir: string, prefetch: number): Promise<number> {
  const start = await liveBytes();
  let peak = 0;
  for await (const s of loadSplit('validation', { source: dir, rank: 0, worldSize: 1, prefetch })) {
    const image = await s.image();
    const labels = await s.labelMap();
    peak = Math.max(peak, (await liveBytes()) - start);
    if (image.data.length + labels.length === 0) throw new Error('empty sample');
  }
  return peak / 1e6;
}

function python(dir: string): { rate: number; version: string } | string {
  const script = join(import.meta.dirname, 'loader-reference.py');
  const run = spawnSync(PYTHON, [script, dir, 'validation', String(ROUNDS), String(MIN_SECONDS)], { encoding: 'utf8' });
  if (run.status !== 0) return `python reference skipped (${PYTHON}: ${(run.error?.message ?? run.stderr).trim().split('\n').pop()})`;
  const r = JSON.parse(run.stdout.trim().split('\n').pop()!) as { rate: number; datasets: string };
  return { rate: r.rate, version: r.datasets };
}

const keep = process.env.BENCH_LOADER_DIR;
const tmp = keep ?? (await mkdtemp(join(tmpdir(), 'diffseg30k-bench-loader-')));
if (keep) await mkdir(keep, { recursive: true });
try {
  const sets = (await makeData(tmp)).filter((s) => !values.only || s.name.includes(values.only));
  const rows: (string | number)[][] = [];
  const readerRows: (string | number)[][] = [];
  const notes: string[] = [];
  for (const set of sets) {
    const bytes = (await records(set.dir, 'validation')).map((r) => ({ image: r.image.bytes!, mask: r.mask.bytes! }));
    const n = bytes.length;
    // The hyparquet reader is timed only once it gives the very samples the package's does.
    if (!isDeepStrictEqual(await samplesWith(set.dir, 'hyparquet'), await samplesWith(set.dir, 'package'))) {
      throw new Error(`bench: ${set.name}: the hyparquet reader gives other samples than the package's`);
    }
    const rates = await bestOf({
      ...decoders(bytes),
      'loadSplit': () => loaderPass(set.dir, {}),
      'loadSplit shuffled': () => loaderPass(set.dir, { shuffle: true }),
      'loadSplit, hyparquet reader': () => loaderPass(set.dir, {}, 'hyparquet'),
    });
    const shardFiles = (await readdir(join(set.dir, 'data'))).filter((f) => f.endsWith('.parquet')).map((f) => join(set.dir, 'data', f));
    const loaderCpu = { package: perCpuSecond['loadSplit'], hyparquet: perCpuSecond['loadSplit, hyparquet reader'] };
    const groups = await bestOf({ package: () => rowGroupPass(shardFiles, 'package'), hyparquet: () => rowGroupPass(shardFiles, 'hyparquet') });
    const percent = (a: number, b: number) => `${((100 * a) / b).toFixed(1)} %`;
    readerRows.push([
      set.name,
      rates['loadSplit'],
      rates['loadSplit, hyparquet reader'],
      percent(rates['loadSplit, hyparquet reader'], rates['loadSplit']),
      percent(loaderCpu.hyparquet, loaderCpu.package),
      groups.package,
      groups.hyparquet,
      percent(groups.hyparquet, groups.package),
      percent(perCpuSecond.hyparquet, perCpuSecond.package),
    ]);
    const decoderRates = Object.entries(rates).filter(([k]) => !k.startsWith('loadSplit'));
    const fastest = decoderRates.reduce((a, b) => (b[1] > a[1] ? b : a));
    const plain = rates['loadSplit'];
    const shuffled = rates['loadSplit shuffled'];
    const py = python(set.dir);
    rows.push([
      set.name,
      n,
      `${(bytes.reduce((s, b) => s + b.image.length, 0) / n / 1024).toFixed(0)} KiB`,
      plain,
      `${fastest[1].toFixed(0)} (${fastest[0]})`,
      `${((100 * plain) / fastest[1]).toFixed(0)} %`,
      `${((100 * shuffled) / plain).toFixed(0)} %`,
      typeof py === 'string' ? '—' : py.rate,
      typeof py === 'string' ? '—' : `${(plain / py.rate).toFixed(2)}×`,
    ]);
    if (typeof py === 'string') notes.push(`${set.name}: ${py}`);
    else notes.push(`${set.name}: datasets ${py.version}`);
    notes.push(`${set.name}: in-memory decoders (records/s): ${decoderRates.map(([k, r]) => `${k} ${r.toFixed(0)}`).join('; ')}`);
  }
  printTable(
    `loadSplit throughput (records/s; image() + labelMap() of every sample; default prefetch 4; passes repeated for ≥ ${MIN_SECONDS} s a round, each pass opening the split afresh; best of ${ROUNDS} interleaved rounds)`,
    ['data', 'records', 'image', 'loadSplit', 'fastest decoder of the same bytes', 'loader / decoder', 'shuffled / plain', 'Python datasets+PIL', 'loader / Python'],
    rows,
  );
  for (const note of notes) console.log(note);
  printTable(
    `The package's Parquet reader against hyparquet ${hyparquetVersion} (+ hyparquet-compressors for ZSTD) on the same shards (records/s, best of ${ROUNDS} interleaved rounds; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`,
    ['data', 'loadSplit', 'loadSplit, hyparquet reader', 'hyparquet / package', 'same, per CPU second', 'row groups alone, package', 'row groups alone, hyparquet', 'hyparquet / package', 'same, per CPU second'],
    readerRows,
  );

  const big = sets[sets.length - 1];
  const memRows: (string | number)[][] = [];
  for (const prefetch of big ? [1, 4, 16] : []) memRows.push([big.name, prefetch, await peakMemory(big.dir, prefetch)]);
  if (big) printTable('Peak live memory above the start of a pass (MB of ArrayBuffers): decoded samples (4.2 MB each at 1024²) plus the encoded row groups held (two of 4 rows, ~2.9 MB a row here)', ['data', 'prefetch', 'peak MB'], memRows);
} finally {
  if (!keep) await rm(tmp, { recursive: true, force: true });
}
