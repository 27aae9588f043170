/**
 * Time to first sample: what every `loadSplit` call costs before its first sample — small
 * evaluations, tests, notebooks and every epoch pay it — and a short pass measured against
 * Python.
 *
 * 1. Time to first sample, warm (same process, after a few calls): `loadSplit(split, { source })`
 *    until the first `next()` has settled — metadata-only, and full until the first sample's
 *    `image()` and `labelMap()` have settled too; and full with `shuffle: true` (a training epoch,
 *    a new `epoch` each call: a planned read). Median and p90 over every timed call. Goal: median
 *    ≤ 5 ms. For context, Python `datasets`: `load_dataset(dir, split=…)` (warm: its Arrow cache
 *    already built) plus decoding the first row's image and mask.
 * 2. A 16-record full pass (`limit: 16`, `image()` and `labelMap()` of each sample awaited, the
 *    split opened afresh each time) against Python `datasets` iterating the same split, already
 *    loaded (`load_dataset` done outside the timing), decoding image and mask of 16 rows with PIL
 *    to numpy (bench/first-sample-reference.py). Goal: loader / Python ≤ 1.2.
 *
 * Data: the bundled samples (validation: 16 records at 256², one shard of two row groups) and,
 * written by `writeDataset` at bench time into a temporary directory and removed after, 256
 * photo-like records at 256² (sensor noise over gradients: PNGs that inflate like photographs)
 * in four shards of 64 rows, one row group each (writeDataset's default row groups hold 100). A local directory's parsed footers and card are reused only
 * for files that have not changed for two seconds, so the bench waits that long after writing.
 *
 * Rounds interleave the loader and the Python process (which stays up between rounds), so load
 * from other processes falls on both alike; the load average is printed before and after.
 *
 *   npx tsx bench/first-sample.ts [--rounds 10] [--calls 6] [--row-group-rows 100]
 *
 * (`--calls` per round and measure: 10 rounds of 6 give 60 timed calls of each; `--row-group-rows`
 * for the photo-like set, whose shards hold 64 rows.)
 */
import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { parseArgs } from 'node:util';
import { type DatasetRecord, loadSplit, writeDataset } from '../src/index.js';
import { openDataset, openShard } from '../src/format/index.js';
import { countingSource, fromFile } from '../src/io/index.js';
import { samplesDirectory } from '../src/repo/index.js';
import { printTable } from './harness.js';
import { photoPng } from './photo-png.js';
import { PYTHON } from './python.js';

const { values } = parseArgs({
  options: { rounds: { type: 'string', default: '10' }, calls: { type: 'string', default: '6' }, 'row-group-rows': { type: 'string', default: '100' } },
});
const ROUNDS = Number(values.rounds);
const CALLS = Number(values.calls);
/** Rows per row group of the photo-like set (writeDataset's default: 100; each shard holds 64 here). */
const ROW_GROUP_ROWS = Number(values['row-group-rows']);
const PASS_RECORDS = 16;
const SPLIT = 'validation';

/** Milliseconds from `loadSplit` to its first sample (with `image()` and `labelMap()` settled unless metadata-only). */
async function firstSample(source: string, metadataOnly: boolean, shuffleEpoch?: number): Promise<number> {
  const start = performance.now();
  const stream = loadSplit(SPLIT, { source, metadataOnly, ...(shuffleEpoch === undefined ? {} : { shuffle: true, epoch: shuffleEpoch }) });
  const first = await stream.next();
  if (first.done) throw new Error(`bench: ${source} has no ${SPLIT} sample`);
  if (!metadataOnly) await Promise.all([first.value.image(), first.value.labelMap()]);
  const ms = performance.now() - start;
  await stream.return(undefined);
  return ms;
}

/** Milliseconds of a full pass over the first 16 records. */
async function pass(source: string): Promise<number> {
  const start = performance.now();
  let n = 0;
  for await (const s of loadSplit(SPLIT, { source, limit: PASS_RECORDS })) {
    await s.image();
    await s.labelMap();
    n++;
  }
  if (n !== PASS_RECORDS) throw new Error(`bench: ${source} gave ${n} records, not ${PASS_RECORDS}`);
  return performance.now() - start;
}

/** 256 photo-like 256² records (the samples' validation metadata and masks, 16 copies) in 4 shards of 64 (writeDataset's default row groups). */
async function makeData(dir: string): Promise<string> {
  const base: DatasetRecord[] = [];
  for await (const s of loadSplit(SPLIT, { source: 'samples' })) {
    if (s.annotations === 'mask-only') throw new Error(`bench: ${s.id} is mask-only; the samples are fully annotated`);
    const { file: _f, imageBytes, maskBytes, image: _i, labelMap: _l, binaryMask: _b, turnMask: _t, ...meta } = s;
    base.push({ ...meta, image: { bytes: imageBytes!, path: `${s.id}.png` }, mask: { bytes: maskBytes!, path: `${s.id}.mask.png` } });
  }
  const records = await Promise.all(
    Array.from({ length: 16 }, (_, c) => base.map((r) => ({ ...r, id: `${r.id}-c${c}` }))).flat().map(async (r, k) => ({ ...r, image: { bytes: await photoPng(r.width, r.height, k), path: r.image.path } })),
  );
  const out = join(dir, 'photo-256');
  await writeDataset({ out: out, splits: { [SPLIT]: records }, maxShardRows: 64, rowGroupRows: ROW_GROUP_ROWS });
  return out;
}

/**
 * What a full first sample fetches of the split's first row group: with offset indexes, the pages
 * holding its first record (and the row group's metadata columns, on a cold open), else all of it.
 */
async function firstRead(dir: string): Promise<string> {
  const layout = await openDataset({ source: dir });
  const path = layout.split(SPLIT).files[0].path;
  const counted = countingSource({ source: await fromFile({ path: join(dir, path) }) });
  const shard = await openShard({ byteSource: counted.source, split: SPLIT });
  const group = shard.rowGroups[0];
  const whole = Object.values(group.columnBytes).reduce((n, b) => n + b, 0);
  const before = counted.stats.bytes;
  const range = await shard.readRecordViewRange?.({ rowGroup: 0, rows: [0, 1] });
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(2)} MB`;
  if (!range) return `the whole first row group (${group.numRows} rows, ${mb(whole)}): no offset index, or images not stored plain`;
  return `rows [${range.rows[0]}, ${range.rows[1]}) of the first row group's ${group.numRows}: ${mb(counted.stats.bytes - before)} cold (metadata columns included), of the row group's ${mb(whole)}`;
}

/** The Python reference process: one JSON answer per command line. */
function startPython(): { ask: (command: string) => Promise<Record<string, unknown>>; stop: () => void } {
  const child = spawn(PYTHON, [join(import.meta.dirname, 'first-sample-reference.py')], { stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  const exited = new Promise<never>((_, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => reject(new Error(`${PYTHON} exited (${code}): ${stderr.trim().split('\n').pop()}`)));
  });
  exited.catch(() => undefined);
  return {
    async ask(command) {
      child.stdin.write(`${command}\n`);
      const line = await Promise.race([lines.next(), exited]);
      if (line.done) throw new Error(`${PYTHON} closed its output: ${stderr.trim().split('\n').pop()}`);
      const answer = JSON.parse(line.value) as Record<string, unknown>;
      if (answer.error) throw new Error(String(answer.error));
      return answer;
    },
    stop() {
      child.stdin.end('quit\n');
    },
  };
}

const quantile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');

const tmp = await mkdtemp(join(tmpdir(), 'diffseg30k-bench-first-sample-'));
const python = startPython();
try {
  const made = await makeData(tmp);
  // Parsed footers and cards are reused only for files unchanged for 2 s (see RepoFile.version).
  await sleep(2100);
  const sets = [
    { name: 'samples (16 × 256², 1 shard)', key: 'samples', source: 'samples', dir: samplesDirectory() },
    { name: `photo-like 256 × 256², 4 shards, row groups of ≤ ${ROW_GROUP_ROWS}`, key: 'photo', source: made, dir: made },
  ];
  let version = '';
  const pythonNote: string[] = [];
  for (const set of sets) {
    try {
      const answer = await python.ask(`load ${set.key} ${set.dir} ${SPLIT}`);
      version = String(answer.datasets);
    } catch (error) {
      pythonNote.push(`${set.name}: python reference skipped (${PYTHON}: ${(error as Error).message})`);
    }
  }
  const hasPython = pythonNote.length === 0;
  console.log(`load average before: ${load()}`);

  type Series = Record<'meta' | 'full' | 'shuffled' | 'pass' | 'pyPass' | 'pyOpen', number[]>;
  const series = new Map<string, Series>(sets.map((s) => [s.key, { meta: [], full: [], shuffled: [], pass: [], pyPass: [], pyOpen: [] }]));
  // Warm: JIT, the process-wide caches, the page cache.
  for (const set of sets) {
    for (let i = 0; i < 5; i++) {
      await firstSample(set.source, true);
      await firstSample(set.source, false);
      await firstSample(set.source, false, i);
      await pass(set.source);
    }
  }
  for (let round = 0; round < ROUNDS; round++) {
    for (const set of sets) {
      const s = series.get(set.key)!;
      for (let i = 0; i < CALLS; i++) s.meta.push(await firstSample(set.source, true));
      for (let i = 0; i < CALLS; i++) s.full.push(await firstSample(set.source, false));
      // A training epoch: shuffled, a new epoch (so a new order) each call.
      for (let i = 0; i < CALLS; i++) s.shuffled.push(await firstSample(set.source, false, round * CALLS + i));
      for (let i = 0; i < CALLS; i++) s.pass.push(await pass(set.source));
      if (hasPython) {
        s.pyPass.push(...((await python.ask(`pass ${set.key} ${CALLS} ${PASS_RECORDS}`)).ms as number[]));
        if (round % 2 === 0) s.pyOpen.push(...((await python.ask(`open ${set.key} 1`)).ms as number[]));
      }
    }
  }
  const after = load();

  const first: (string | number)[][] = [];
  const passes: (string | number)[][] = [];
  for (const set of sets) {
    const s = series.get(set.key)!;
    const ok = (ms: number) => (ms <= 5 ? '✓' : '✗');
    first.push([set.name, 'metadata-only', s.meta.length, quantile(s.meta, 0.5), quantile(s.meta, 0.9), ok(quantile(s.meta, 0.5)), hasPython ? quantile(s.pyOpen, 0.5) : '—']);
    first.push([set.name, 'full', s.full.length, quantile(s.full, 0.5), quantile(s.full, 0.9), ok(quantile(s.full, 0.5)), hasPython ? quantile(s.pyOpen, 0.5) : '—']);
    first.push([set.name, 'full, shuffled', s.shuffled.length, quantile(s.shuffled, 0.5), quantile(s.shuffled, 0.9), ok(quantile(s.shuffled, 0.5)), '—']);
    const ratio = hasPython ? quantile(s.pass, 0.5) / quantile(s.pyPass, 0.5) : undefined;
    passes.push([
      set.name,
      s.pass.length,
      quantile(s.pass, 0.5),
      quantile(s.pass, 0.9),
      hasPython ? quantile(s.pyPass, 0.5) : '—',
      hasPython ? quantile(s.pyPass, 0.9) : '—',
      ratio === undefined ? '—' : `${ratio.toFixed(2)}× ${ratio <= 1.2 ? '✓' : '✗'}`,
    ]);
  }
  printTable(
    'Time to first sample, warm (ms; loadSplit until the first next() settles, and for full also its image() and labelMap(); goal: median ≤ 5 ms)',
    ['data', 'mode', 'calls', 'median', 'p90', '≤ 5 ms', 'Python load_dataset + first row, warm (median)'],
    first,
  );
  printTable(
    `${PASS_RECORDS}-record full pass (ms; loadSplit with limit ${PASS_RECORDS}, image() + labelMap() of each, the split opened each time) vs Python datasets ${version} iterating the split already loaded, PIL decode to numpy (goal: loader / Python ≤ 1.2)`,
    ['data', 'passes', 'loader median', 'loader p90', 'Python median', 'Python p90', 'loader / Python (medians)'],
    passes,
  );
  for (const set of sets) console.log(`${set.name}: a full first sample reads ${await firstRead(set.dir)}`);
  for (const note of pythonNote) console.log(note);
  console.log(`load average before: see above; after: ${after} (2 cores shared: a loaded machine slows both sides)`);
} finally {
  python.stop();
  await rm(tmp, { recursive: true, force: true });
}
