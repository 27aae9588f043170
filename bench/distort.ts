/**
 * `diffseg30k distort` end to end, as a user runs it, against the Python script a researcher
 * would write for the same job (not a test; nothing is asserted).
 *
 *   npm run build && npx tsx bench/distort.ts [--records 1000] [--size 512] [--presets jpeg60,jpeg80,resize256,resize1024] [--rounds 3] [--limit resize1024=250 …]
 *
 * (`--limit preset=n`: that preset distorts only the first n records, on both sides — the
 * reference's resize1024 takes seconds a record on a loaded machine.)
 *
 * Data, made at bench time in a temporary folder (BENCH_DISTORT_DIR keeps it, and reuses it): a
 * canonical dataset of `--records` records at `--size`² (512: the paper's models are trained at
 * 512 and evaluated at 256 and 1024) written with `writeDataset`, each with 1–3 blob-shaped
 * edits (1:4:5) and a photo-like PNG image of its own (sensor noise over gradients: PNGs that
 * inflate and compress like photographs).
 *
 * Candidates, per preset of the paper's Table 3, each a fresh process timed wall-clock from spawn
 * to exit, writing into an empty folder:
 *   - `node dist/cli/main.js distort --data <dir> --split validation --preset <p> --out <dir>`;
 *   - reference: `$PYTHON bench/distort-reference.py distort …` — pyarrow reads the shards a row
 *     group at a time, PIL encodes (`save(f, "JPEG", quality=q)`) or resizes (`LANCZOS` image,
 *     `NEAREST` mask and turn masks, turn RLE re-encoded with numpy, PNG saved), pyarrow writes
 *     the same columns with the source's schema (ZSTD, 100-row row groups, no card).
 * Rounds interleave the two (rotating which goes first) preset by preset; each keeps its best
 * round, and the median is printed too, with each side's CPU time per record (user + system, every
 * thread, from bash's `times`: the work done, whatever the load) and the cores it kept busy
 * (CPU ÷ wall). After the first round of each preset the two outputs are
 * compared by `distort-reference.py compare`: same records (ids, sizes, every turn's mask_rle,
 * area, bbox, the mask pixels), total shard bytes, mean image bytes, and for JPEG the PSNR of the
 * first 100 images against the source and the quantisation tables; for resize the PSNR between
 * libvips' and PIL's Lanczos-3 images. The load average is printed before and after.
 *
 * Two more measures say what bounds the ratio (`--no-bounds` leaves them out):
 *   - `diffseg30k distort, one core`: the same command under `taskset -c 0`, interleaved with the
 *     others, so the table shows how the command scales from one core to the machine's;
 *   - for the presets that are one encode (JPEG), what sharp alone takes: the same encoder the
 *     command uses (`jpeg(q)`'s, standard Huffman tables) on the same PNG files already in memory,
 *     4 in flight as the command keeps them, nothing read, checked or written (best of 3 rounds in
 *     this process, wall and CPU). With the command's start-up (a `--limit 1` run, best of 3), it
 *     gives the best ratio any program built on sharp could reach on this machine.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { loadSplit, robustnessPreset, writeDataset } from '../src/index.js';
import { encoderOf } from '../src/transforms/internal/encoder.js';
import { editedRecords } from './edited-records.js';
import { printTable } from './harness.js';
import { photoPng } from './photo-png.js';
import { PYTHON } from './python.js';

const { values } = parseArgs({
  options: {
    records: { type: 'string', default: '1000' },
    size: { type: 'string', default: '512' },
    presets: { type: 'string', default: 'jpeg60,jpeg80,resize256,resize1024' },
    rounds: { type: 'string', default: '3' },
    limit: { type: 'string', multiple: true, default: [] },
    'no-bounds': { type: 'boolean', default: false },
  },
});
const BOUNDS = !values['no-bounds'];
const RECORDS = Number(values.records);
const SIZE = Number(values.size);
const PRESETS = values.presets.split(',');
const ROUNDS = Number(values.rounds);
/** `--limit resize1024=250`: distort only the first records with that preset (both sides). */
const LIMITS = Object.fromEntries(values.limit.map((l) => [l.split('=')[0], Number(l.split('=')[1])]));
const SPLIT = 'validation';
const CLI = join(resolve(import.meta.dirname, '..'), 'dist', 'cli', 'main.js');
const REFERENCE = join(import.meta.dirname, 'distort-reference.py');

/**
 * Wall-clock seconds of a child process, which must exit 0; its CPU seconds (user + system, all
 * threads), read from bash's `times` after it exits; and what it printed. CPU time says how much
 * work each side does whatever the machine's load, and CPU ÷ wall how many cores it kept busy.
 */
function timed(command: string, args: string[]): Promise<{ seconds: number; cpu: number; stdout: string }> {
  const start = performance.now();
  return new Promise((resolvePromise, reject) => {
    // `times` prints the shell's own times, then its children's: the last line is the command's.
    const child = spawn('bash', ['-c', '"$@"; code=$?; times >&2; exit $code', 'timed', command, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const seconds = (performance.now() - start) / 1000;
      if (code !== 0) return reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`));
      const children = stderr.trim().split('\n').pop() ?? '';
      const cpu = [...children.matchAll(/(\d+)m([\d.]+)s/g)].reduce((sum, [, m, s]) => sum + 60 * Number(m) + Number(s), 0);
      resolvePromise({ seconds, cpu, stdout });
    });
  });
}

interface Comparison {
  records: number;
  problems: string[];
  problemCount: number;
  shardBytes: Record<'diffseg30k' | 'python', number>;
  meanImageBytes: Record<'diffseg30k' | 'python', number>;
  psnrImages: number;
  meanPsnr: Partial<Record<'diffseg30k' | 'python', number>>;
  sameQuantisation: boolean | null;
}

/**
 * What sharp alone takes to encode the first `count` images of the split with the preset's own
 * encoder: the files read into memory first (not timed), then encoded 4 at a time as the command
 * keeps 4 records in flight; best of 3 rounds, wall and CPU (every thread of this process) per
 * record. `undefined` for a preset that is not one encode.
 */
async function sharpAlone(params: { data: string; preset: string; count: number }): Promise<{ wall: number; cpu: number } | undefined> {
  const encoder = encoderOf(robustnessPreset(params.preset).transform);
  if (!encoder) return undefined;
  const files: Uint8Array[] = [];
  for await (const sample of loadSplit(SPLIT, { source: params.data, limit: params.count, prefetch: 0 })) files.push(Buffer.from(sample.imageBytes!));
  let best = { wall: Infinity, cpu: Infinity };
  for (let round = 0; round < 3; round++) {
    const cpu = process.cpuUsage();
    const start = performance.now();
    let next = 0;
    await Promise.all(
      Array.from({ length: 4 }, async () => {
        while (next < files.length) await encoder(files[next++]);
      }),
    );
    const used = process.cpuUsage(cpu);
    const wall = (performance.now() - start) / files.length;
    if (wall < best.wall) best = { wall, cpu: (used.user + used.system) / 1000 / files.length };
  }
  return best;
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(', ');
const keep = process.env.BENCH_DISTORT_DIR;
const tmp = keep ?? (await mkdtemp(join(tmpdir(), 'diffseg30k-bench-distort-')));
if (keep) await mkdir(keep, { recursive: true });
try {
  const data = join(tmp, `data-${SIZE}-${RECORDS}`);
  const made = performance.now();
  if (!existsSync(join(data, 'README.md'))) {
    // A photograph of its own per record: the reference's shards compress repeated image bytes
    // (ZSTD over its image column), which would flatter its output size.
    const records = async function* () {
      for await (const { record } of editedRecords({ count: RECORDS, size: SIZE, image: (k) => photoPng(SIZE, SIZE, k), split: SPLIT })) yield record;
    };
    await writeDataset({ out: data, splits: { [SPLIT]: records() } });
  }
  console.log(`${RECORDS} records at ${SIZE}×${SIZE}: data ready in ${((performance.now() - made) / 1000).toFixed(1)} s; load average ${load()}`);
  const jsOut = join(tmp, 'out-diffseg30k');
  const pyOut = join(tmp, 'out-python');
  /** The command line of `diffseg30k distort` over the first `count` records with `preset`, into `jsOut`. */
  const distortArgs = (preset: string, count: number) => [CLI, 'distort', '--data', data, '--split', SPLIT, '--preset', preset, '--out', jsOut, '--limit', String(count)];
  const clean = () => Promise.all([rm(jsOut, { recursive: true, force: true }), rm(pyOut, { recursive: true, force: true })]);

  const rows: (string | number)[][] = [];
  const bytes: (string | number)[][] = [];
  const bounds: (string | number)[][] = [];
  // The command's fixed cost: start-up, imports, the first row group read, the shard written.
  let startup = Infinity;
  if (BOUNDS) {
    for (let r = 0; r < 3; r++) {
      await clean();
      const run = await timed(process.execPath, distortArgs(PRESETS[0], 1));
      startup = Math.min(startup, run.seconds);
    }
    console.log(`diffseg30k distort --limit 1 (start-up, one row group read, one record written): best of 3 ${startup.toFixed(2)} s`);
  }
  let versions = '';
  for (const preset of PRESETS) {
    const count = Math.min(RECORDS, LIMITS[preset] ?? RECORDS);
    const candidates: Record<string, () => Promise<{ seconds: number; cpu: number }>> = {
      'diffseg30k distort': async () => {
        await rm(jsOut, { recursive: true, force: true }); // the one-core run writes there too
        return timed(process.execPath, distortArgs(preset, count));
      },
      'python reference': async () => {
        const run = await timed(PYTHON, [REFERENCE, 'distort', data, SPLIT, preset, pyOut, String(count)]);
        versions = Object.entries(JSON.parse(run.stdout.trim().split('\n').pop()!).versions as Record<string, string>).map(([k, v]) => `${k} ${v}`).join(', ');
        return run;
      },
    };
    if (BOUNDS) {
      candidates['diffseg30k distort, one core'] = async () => {
        await rm(jsOut, { recursive: true, force: true });
        return timed('taskset', ['-c', '0', process.execPath, ...distortArgs(preset, count)]);
      };
    }
    const names = Object.keys(candidates);
    const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < ROUNDS; r++) {
      await clean();
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        const run = await candidates[name]();
        times[name].push(run.seconds);
        cpu[name].push(run.cpu);
      }
      if (r === 0) {
        const result = join(tmp, 'compare.json');
        await timed(PYTHON, [REFERENCE, 'compare', data, SPLIT, preset, jsOut, pyOut, result]);
        const c = JSON.parse(await readFile(result, 'utf8')) as Comparison;
        if (c.problemCount > 0) console.log(`${preset}: the outputs DIFFER in ${c.problemCount} places:\n  ${c.problems.join('\n  ')}`);
        const mb = (n: number) => (n / 1e6).toFixed(1);
        const kb = (n: number) => (n / 1024).toFixed(1);
        const quality =
          c.sameQuantisation === null
            ? `PSNR of diffseg30k's image against PIL's: ${c.meanPsnr.diffseg30k?.toFixed(1)} dB`
            : `PSNR against the source: ${c.meanPsnr.diffseg30k?.toFixed(2)} / ${c.meanPsnr.python?.toFixed(2)} dB; quantisation tables ${c.sameQuantisation ? 'identical' : 'DIFFERENT'}`;
        bytes.push([preset, c.problemCount === 0 ? `same (${c.records} records)` : `${c.problemCount} differences`, `${mb(c.shardBytes.diffseg30k)} / ${mb(c.shardBytes.python)}`, `${kb(c.meanImageBytes.diffseg30k)} / ${kb(c.meanImageBytes.python)}`, `${(c.meanImageBytes.diffseg30k / c.meanImageBytes.python).toFixed(3)}`, `${quality} (${c.psnrImages} images)`]);
      }
    }
    await clean();
    const best = (name: string) => Math.min(...times[name]);
    const median = (name: string) => [...times[name]].sort((a, b) => a - b)[Math.floor(times[name].length / 2)];
    const ms = (seconds: number) => ((1000 * seconds) / count).toFixed(1);
    /** CPU ms per record, median of the rounds, and the cores it kept busy (CPU ÷ wall, summed over the rounds). */
    const work = (name: string) => {
      const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
      return `${ms([...cpu[name]].sort((a, b) => a - b)[Math.floor(cpu[name].length / 2)])} (${(sum(cpu[name]) / sum(times[name])).toFixed(2)})`;
    };
    rows.push([preset, count, ms(best('diffseg30k distort')), ms(median('diffseg30k distort')), ms(best('python reference')), ms(median('python reference')), `${(best('python reference') / best('diffseg30k distort')).toFixed(2)}×`, `${(median('python reference') / median('diffseg30k distort')).toFixed(2)}×`, work('diffseg30k distort'), work('python reference')]);
    if (BOUNDS) {
      const oneCore = 'diffseg30k distort, one core';
      const alone = await sharpAlone({ data, preset, count });
      const cpuMs = (name: string) => (1000 * [...cpu[name]].sort((a, b) => a - b)[Math.floor(cpu[name].length / 2)]) / count;
      // The best any program on sharp could do here: its start-up plus sharp's own work, nothing else.
      const reachable = alone ? best('python reference') / (startup + (alone.wall * count) / 1000) : undefined;
      bounds.push([
        preset,
        ms(best(oneCore)),
        `${(best(oneCore) / best('diffseg30k distort')).toFixed(2)}×`,
        alone ? alone.wall.toFixed(2) : '—',
        alone ? alone.cpu.toFixed(2) : '—',
        alone ? (cpuMs('diffseg30k distort') - alone.cpu).toFixed(2) : '—',
        reachable ? `${reachable.toFixed(2)}×` : '—',
        `${(best('python reference') / best('diffseg30k distort')).toFixed(2)}×`,
      ]);
    }
    console.log(`${preset} done; load average ${load()}`);
  }
  printTable(
    `distort end to end, records at ${SIZE}×${SIZE} (ms/record = wall time of the whole process ÷ records; best and median of ${ROUNDS} interleaved rounds)`,
    ['preset', 'records', 'diffseg30k best', 'median', 'python best', 'median', 'python / diffseg30k (best)', '(median)', 'diffseg30k CPU ms/record (cores)', 'python CPU ms/record (cores)'],
    rows,
  );
  printTable('output compared (diffseg30k / python)', ['preset', 'records', 'shards MB', 'mean image KiB', 'image bytes ratio', 'quality'], bytes);
  if (BOUNDS) {
    printTable(
      `what bounds the ratio (start-up ${startup.toFixed(2)} s; sharp alone: the preset's encoder on the PNG files in memory, 4 in flight, best of 3)`,
      ['preset', 'one core ms/record', '2 cores speed-up', 'sharp alone ms/record', 'sharp alone CPU ms/record', 'distort CPU beyond sharp ms/record', 'best reachable on sharp (python / (start-up + sharp alone))', 'reached'],
      bounds,
    );
  }
  console.log(`Python ${versions}; Node ${process.version}; load average ${load()}`);
} finally {
  if (!keep) await rm(tmp, { recursive: true, force: true });
}
