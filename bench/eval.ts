/**
 * `diffseg30k eval` end to end, as a user runs it, against the Python script a researcher would
 * write for the same job (not a test; nothing is asserted but agreement of the scores).
 *
 *   npm run build && npx tsx bench/eval.ts [--images 1000] [--sizes 256,1024] [--rounds 3] [--python-rounds N] [--workers 2]
 *
 * (`--python-rounds` defaults to `--rounds`, and to 1 at 1024² and over, where one reference run
 * of 1,000 images takes 10–20 minutes; the JS rounds still run before and after it.)
 *
 * Data, made at bench time in a temporary folder (BENCH_EVAL_DIR keeps it, and reuses it): per
 * size, a canonical dataset of `--images` records written with `writeDataset` (1–3 blob-shaped
 * edits each, 1:4:5; image bytes from four photo-like PNGs, which eval reads past but never
 * decodes) and a folder of `<id>.png` predictions, 8-bit grey PNGs as `Image.fromarray(pred)
 * .save()` writes them, of seven kinds in turn: exact, smooth (outlines a few pixels off,
 * sometimes the wrong generator), shifted by 2–5 % of the side, relabelled, noisy (smooth plus
 * 5 % of pixels relabelled at random), extra false-positive blobs, and empty.
 *
 * Candidates, each a fresh process timed wall-clock from spawn to exit:
 *   - `node dist/cli/main.js eval --data <dir> --split validation --pred <dir> --json <file>`
 *     (default --task both, bfscore), without `--workers` and with `--workers N` (default 2, the
 *     cores of the development machine);
 *   - reference: `$PYTHON bench/eval-reference.py` — pyarrow reads the shards a row group at a
 *     time (only id, width, height, mask), PIL decodes both PNGs, np.bincount confusion
 *     (DeepLabV3Plus-Pytorch's StreamSegMetrics), boundary F1 under the package's bfscore
 *     convention with scipy.ndimage.distance_transform_edt, for both tasks.
 * Rounds interleave the candidates (rotating which goes first); each keeps its best round (other
 * processes on a shared machine only ever add time); the median is printed too. After the first
 * round, eval's JSON and the reference's scores are compared (every score of both tasks: accuracy,
 * mIoU, bF1, per-class IoU and bF1, the confusion matrices).
 *
 * The split between decode and metric time: Python reports its own (summed inside the script,
 * from its best run). For JS an in-process pass does what eval does per image — `loadSplit` →
 * `labelMap()` (prefetch 0, as eval asks), the prediction read (synchronously, as eval does) and
 * decoded by `decodeLabelMap`, then `update` of both tasks' `SegmentationMetrics` — timing the
 * two parts separately (best of two passes).
 * The load average is printed before and after each size.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { GENERATORS, SegmentationMetrics, type SegmentationResult, loadSplit, toBinaryLabels, writeDataset } from '../src/index.js';
import { decodeLabelMap } from '../src/mask/index.js';
import { mulberry32 } from '../spec/fixtures/mulberry32.js';
import { type Blob, editedRecords, labelMapPng, paintBlob, randomBlob } from './edited-records.js';
import { printTable } from './harness.js';
import { photoPng } from './photo-png.js';
import { PYTHON } from './python.js';

const { values } = parseArgs({
  options: {
    images: { type: 'string', default: '1000' },
    sizes: { type: 'string', default: '256,1024' },
    rounds: { type: 'string', default: '3' },
    'python-rounds': { type: 'string' },
    workers: { type: 'string', default: '2' },
  },
});
const IMAGES = Number(values.images);
const SIZES = values.sizes.split(',').map(Number);
const ROUNDS = Number(values.rounds);
/** Python's rounds: as many as JS's, but one at 1024² and over by default (a run of 1,000 images takes 10–20 minutes there). */
const pythonRounds = (size: number) => Number(values['python-rounds'] ?? (size >= 1024 ? 1 : ROUNDS));
const WORKERS = Number(values.workers);
const SPLIT = 'validation';
const root = resolve(import.meta.dirname, '..');
const CLI = join(root, 'dist', 'cli', 'main.js');
const KINDS = ['exact', 'smooth', 'shifted', 'relabelled', 'noisy', 'extra', 'empty'] as const;

/** A prediction of the given kind for the truth painted from `blobs` (edit order). */
function prediction(blobs: Blob[], labels: Uint8Array, size: number, kind: (typeof KINDS)[number], rand: () => number): Uint8Array {
  if (kind === 'exact') return labels.slice();
  const pred = new Uint8Array(size * size);
  if (kind === 'empty') return pred;
  for (const b of blobs) {
    if (kind === 'shifted') {
      const far = size * (0.02 + rand() * 0.03);
      const angle = rand() * 6.28;
      paintBlob(pred, size, { ...b, cx: b.cx + far * Math.cos(angle), cy: b.cy + far * Math.sin(angle) });
    } else if (kind === 'relabelled') {
      paintBlob(pred, size, { ...b, label: 1 + ((b.label + Math.floor(rand() * (GENERATORS.length - 1))) % GENERATORS.length) });
    } else {
      const shift = size / 128;
      paintBlob(pred, size, {
        ...b,
        label: rand() < 0.2 ? 1 + Math.floor(rand() * GENERATORS.length) : b.label,
        cx: b.cx + (rand() * 2 - 1) * shift,
        cy: b.cy + (rand() * 2 - 1) * shift,
        r: b.r * (0.95 + rand() * 0.1),
        waves: [...b.waves, [0.02, 17, rand() * 6.28]],
      });
    }
  }
  if (kind === 'noisy') for (let i = 0; i < pred.length; i++) if (rand() < 0.05) pred[i] = Math.floor(rand() * (GENERATORS.length + 1));
  if (kind === 'extra') for (let e = 2 + Math.floor(rand() * 3); e > 0; e--) paintBlob(pred, size, { ...randomBlob(size, rand), r: size * (0.02 + rand() * 0.08) });
  return pred;
}

/** The dataset and prediction folder of one size (reused when a kept folder already has them). */
async function makeData(dir: string, size: number): Promise<{ data: string; pred: string }> {
  const data = join(dir, `data-${size}-${IMAGES}`);
  const pred = join(dir, `pred-${size}-${IMAGES}`);
  if (existsSync(join(data, 'README.md'))) return { data, pred };
  await rm(pred, { recursive: true, force: true });
  await mkdir(pred, { recursive: true });
  const images = await Promise.all([0, 1, 2, 3].map((k) => photoPng(size, size, k)));
  const rand = mulberry32(size);
  async function* records() {
    let i = 0;
    for await (const { record, blobs, labels } of editedRecords({ count: IMAGES, size, image: (i) => images[i % images.length], split: SPLIT })) {
      await writeFile(join(pred, `${record.id}.png`), await labelMapPng(prediction(blobs, labels, size, KINDS[i++ % KINDS.length], rand), size, size));
      yield record;
    }
  }
  await writeDataset({ out: data, splits: { [SPLIT]: records() } });
  return { data, pred };
}

/** Wall-clock seconds of a child process, which must exit 0. */
function timed(command: string, args: string[]): Promise<number> {
  const start = performance.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise((performance.now() - start) / 1000) : reject(new Error(`${command} ${args.join(' ')} exited ${code}: ${stderr.trim()}`))));
  });
}

/** The scores both sides report (the reference computes these of `SegmentationResult`). */
type Scores = Pick<SegmentationResult, 'accuracy' | 'miou' | 'bf1' | 'iou' | 'bf1PerClass' | 'confusion'>;

/** Differences between eval's scores and the reference's, every field of both tasks (empty when they agree to 1e-12). */
function disagreements(js: Record<'binary' | 'semantic', Scores>, py: Record<'binary' | 'semantic', Scores>): string[] {
  const out: string[] = [];
  const close = (a: number | null, b: number | null) => (a === null || b === null ? a === b : Math.abs(a - b) <= 1e-12);
  for (const task of ['binary', 'semantic'] as const) {
    const a = js[task];
    const b = py[task];
    for (const key of ['accuracy', 'miou', 'bf1'] as const) if (!close(a[key], b[key])) out.push(`${task}.${key}: eval ${a[key]}, python ${b[key]}`);
    for (const key of ['iou', 'bf1PerClass'] as const) a[key].forEach((v, c) => !close(v, b[key][c]) && out.push(`${task}.${key}[${c}]: eval ${v}, python ${b[key][c]}`));
    if (JSON.stringify(a.confusion) !== JSON.stringify(b.confusion)) out.push(`${task}.confusion differs`);
  }
  return out;
}

/** Seconds decoding and measuring, summed over the images, of eval's per-image work done in this process. */
async function jsSplit(data: string, pred: string): Promise<{ decode: number; metric: number }> {
  const semantic = new SegmentationMetrics({ numClasses: 9 });
  const binary = new SegmentationMetrics({ numClasses: 2 });
  let decode = 0;
  let metric = 0;
  let t = performance.now();
  for await (const s of loadSplit(SPLIT, { source: data, rank: 0, worldSize: 1, prefetch: 0 })) {
    const gt = await s.labelMap();
    const path = join(pred, `${s.id}.png`);
    const p = await decodeLabelMap({ bytes: readFileSync(path), name: path, width: s.width, height: s.height });
    const u = performance.now();
    decode += u - t;
    semantic.update({ gt, pred: p, width: s.width, height: s.height });
    binary.update({ gt: toBinaryLabels(gt), pred: toBinaryLabels(p), width: s.width, height: s.height });
    t = performance.now();
    metric += t - u;
  }
  return { decode: decode / 1000, metric: metric / 1000 };
}

const load = () => loadavg().map((l) => l.toFixed(1)).join(', ');
const keep = process.env.BENCH_EVAL_DIR;
const tmp = keep ?? (await mkdtemp(join(tmpdir(), 'diffseg30k-bench-eval-')));
if (keep) await mkdir(keep, { recursive: true });
try {
  for (const size of SIZES) {
    const made = performance.now();
    const { data, pred } = await makeData(tmp, size);
    console.log(`\n${IMAGES} images at ${size}×${size}: data ready in ${((performance.now() - made) / 1000).toFixed(1)} s; load average ${load()}`);
    const jsonOut = join(tmp, 'eval.json');
    const pyOut = join(tmp, 'python.json');
    const evalArgs = [CLI, 'eval', '--data', data, '--split', SPLIT, '--pred', pred, '--json', jsonOut];
    const candidates: Record<string, { rounds: number; run: () => Promise<number> }> = {
      'diffseg30k eval': { rounds: ROUNDS, run: () => timed(process.execPath, evalArgs) },
      [`diffseg30k eval --workers ${WORKERS}`]: { rounds: ROUNDS, run: () => timed(process.execPath, [...evalArgs, '--workers', String(WORKERS)]) },
      'python reference': { rounds: pythonRounds(size), run: () => timed(PYTHON, [join(import.meta.dirname, 'eval-reference.py'), data, SPLIT, pred, pyOut]) },
    };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(candidates).map((k) => [k, []]));
    type PythonResult = { decodeSeconds: number; metricSeconds: number; versions: Record<string, string> } & Record<'binary' | 'semantic', Scores>;
    let bestPython: PythonResult | undefined;
    const names = Object.keys(candidates);
    for (let r = 0; r < Math.max(ROUNDS, pythonRounds(size)); r++) {
      for (let k = 0; k < names.length; k++) {
        const name = names[(k + r) % names.length];
        if (times[name].length >= candidates[name].rounds) continue;
        let seconds: number;
        try {
          seconds = await candidates[name].run();
        } catch (error) {
          if (name !== 'python reference') throw error;
          console.log(`python reference skipped (${PYTHON}): ${(error as Error).message.split('\n').pop()}`);
          candidates[name].rounds = 0;
          continue;
        }
        if (name === 'python reference' && seconds < Math.min(Infinity, ...times[name])) bestPython = JSON.parse(await readFile(pyOut, 'utf8'));
        times[name].push(seconds);
      }
      if (r === 0 && bestPython) {
        // After the first round: eval's JSON (the last JS run's; both write the same numbers) against the reference's.
        const js = JSON.parse(await readFile(jsonOut, 'utf8')).overall;
        const differ = disagreements(js, bestPython);
        console.log(differ.length === 0 ? `scores: eval's JSON and the Python reference agree on every score of both tasks (to 1e-12; confusion matrices equal) — semantic mIoU ${js.semantic.miou.toFixed(4)}, bF1 ${js.semantic.bf1.toFixed(4)}` : `scores DISAGREE:\n  ${differ.join('\n  ')}`);
      }
    }
    if (!bestPython) continue;
    const splits = [await jsSplit(data, pred), await jsSplit(data, pred)];
    const jsParts = splits.reduce((a, b) => (b.decode + b.metric < a.decode + a.metric ? b : a));
    const best = (name: string) => Math.min(...times[name]);
    const median = (name: string) => [...times[name]].sort((a, b) => a - b)[Math.floor(times[name].length / 2)];
    const ms = (seconds: number) => ((1000 * seconds) / IMAGES).toFixed(2);
    printTable(
      `eval end to end, ${IMAGES} images at ${size}×${size} (ms/image = wall time of the whole process ÷ images; best and median of the rounds run)`,
      ['candidate', 'rounds', 'best ms/image', 'median ms/image', 'python / this (best)', 'python / this (median)'],
      names.map((name) => [name, times[name].length, ms(best(name)), ms(median(name)), `${(best('python reference') / best(name)).toFixed(1)}×`, `${(median('python reference') / median(name)).toFixed(1)}×`]),
    );
    printTable(
      'where the time goes, ms/image summed inside one process (JS: eval\'s per-image work in this process, best of 2 passes; Python: its best run)',
      ['side', 'decode (shard read + both PNGs)', 'metrics (both tasks)', 'metric share'],
      [
        ['JS (one thread)', ms(jsParts.decode), ms(jsParts.metric), `${((100 * jsParts.metric) / (jsParts.decode + jsParts.metric)).toFixed(0)} %`],
        ['Python', ms(bestPython.decodeSeconds), ms(bestPython.metricSeconds), `${((100 * bestPython.metricSeconds) / (bestPython.decodeSeconds + bestPython.metricSeconds)).toFixed(0)} %`],
      ],
    );
    console.log(`Python ${Object.entries(bestPython.versions).map(([k, v]) => `${k} ${v}`).join(', ')}; Node ${process.version}; load average ${load()}`);
  }
} finally {
  if (!keep) await rm(tmp, { recursive: true, force: true });
}
