/**
 * Metrics bench (not a test):
 *   npx tsx bench/metrics.ts [--images N] [--sizes 512,1024] [--kinds smooth,noisy,…] [--rounds 5] [--no-pool] [--no-tfjs] [--pool-only]
 *
 * On the same synthetic data in one run — label maps with 9 classes and one to three irregular
 * blob edits per image, at 512×512 and 1024×1024 — it times per image, for each kind of
 * prediction a detector produces during training:
 *   - smooth:  outlines shifted by a few pixels and wobbling, sometimes the wrong generator;
 *   - noisy:   the smooth prediction with 5 % of its pixels relabelled at random (early training);
 *   - shifted: the truth moved by 2–5 % of the image size (a boundary mostly out of tolerance);
 *   - extra:   the smooth prediction plus two to four false-positive blobs;
 *   - mix:     a realistic mix — shifted, relabelled, empty, 5 % noise, extra blobs, exact;
 * the typed-array engine (`SegmentationMetrics.update`, validation included) under both boundary
 * conventions, against the Python reference bench/metrics-reference.py on the same files:
 * np.bincount confusion as DeepLabV3Plus-Pytorch's StreamSegMetrics plus bF1 with
 * scipy.ndimage.distance_transform_edt (bfscore), and the same confusion plus davis2017-evaluation's
 * seg2bmap + cv2.dilate by skimage's disk (DAVIS); only its metric work is timed. Python runs as
 * a long-lived subprocess that times one round of the images of a size and kind when asked, and
 * the JS timings of that size and kind run between its rounds, so both sides see the same load
 * from the rest of the machine (whose 1-minute load average is printed on every row). It also
 * times the confusion part of an update against a plain read of both maps. Then the tfjs engine
 * on cpu and wasm (two images), and `MetricsPool` with one and two workers against one thread.
 *
 * JS times are the best 40 ms window over the rounds; Python's are, per image, the best round,
 * averaged over the images (other processes on a shared machine only ever add time). A second
 * table repeats the comparison in CPU time of each whole process (JS process.cpuUsage, Python
 * time.process_time — every thread of each, so cv2's parallel dilate counts in full): on a
 * loaded machine wall time also holds the waits for a core, which fall unevenly on JS's 40 ms
 * windows and Python's few-millisecond runs; CPU time does not. It checks
 * that every engine's counts equal the typed-array engine's, and prints the ratios the issue sets
 * as goals: update ≥ 50× numpy + scipy and ≥ 10× the cv2 DAVIS reference on every kind, and the
 * confusion part ≤ 2× a plain read. Every row says which path of the engine ran (the wasm SIMD
 * kernel, or the JS loops where it does not apply) and times the JS path too, in the same rounds.
 */
import { type ChildProcessByStdio, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { BoundaryConvention, ImageStats, ImageStatsParams } from '../src/metrics/image-stats.js';
import { jsImageStats } from '../src/metrics/js-image-stats.js';
import { kernelUse, loadMetricsKernel } from '../src/metrics/load-metrics-kernel.js';
import { MetricsPool } from '../src/metrics/metrics-pool.js';
import { scanLabelMaps } from '../src/metrics/scan-label-maps.js';
import { SegmentationMetrics } from '../src/metrics/segmentation-metrics.js';
import { PYTHON } from './python.js';
import { paintBlob as paint, randomBlob } from './edited-records.js';
import { mulberry32 as rng } from '../spec/fixtures/mulberry32.js';

const K = 9;
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const KIND_NAMES = ['smooth', 'noisy', 'shifted', 'extra', 'mix'] as const;
type Kind = (typeof KIND_NAMES)[number];
const IMAGES = Number(flag('images', '6'));
const SIZES = flag('sizes', '512,1024').split(',').map(Number);
const KINDS = flag('kinds', KIND_NAMES.join(',')).split(',') as Kind[];
const TFJS_IMAGES = Number(flag('tfjs-images', '2'));
/** Interleaved rounds of JS and Python timings per size and kind. */
const ROUNDS = Number(flag('rounds', '5'));
const POOL = !args.includes('--no-pool');
/** Only the MetricsPool rows: to measure them again when the machine is quieter. */
const POOL_ONLY = args.includes('--pool-only');
const TFJS = !args.includes('--no-tfjs');
const CONVENTIONS: BoundaryConvention[] = ['bfscore', 'davis'];

const randomLabel = (rand: () => number) => 1 + Math.floor(rand() * (K - 1));

/** Relabels `rate` of the pixels to a uniformly random label 0..K-1 (some keep their label). */
function addNoise(map: Uint8Array, rate: number, rand: () => number) {
  for (let i = 0; i < map.length; i++) if (rand() < rate) map[i] = Math.floor(rand() * K);
}

/** One image of the given kind: 1–3 edits (object-sized blobs, some on the border) and a prediction. */
function makePair(size: number, kind: Kind, index: number, rand: () => number): { gt: Uint8Array; pred: Uint8Array } {
  const gt = new Uint8Array(size * size);
  const pred = new Uint8Array(size * size);
  const blobs = Array.from({ length: 1 + Math.floor(rand() * 3) }, () => randomBlob(size, rand));
  for (const b of blobs) paint(gt, size, b);
  const style = kind === 'mix' ? (['shifted', 'relabelled', 'empty', 'noisy', 'extra', 'exact'] as const)[index % 6] : kind;
  if (style === 'empty') return { gt, pred };
  if (style === 'exact') return { gt, pred: gt.slice() };
  for (const b of blobs) {
    if (style === 'shifted') {
      const far = size * (0.02 + rand() * 0.03);
      const angle = rand() * 6.28;
      paint(pred, size, { ...b, cx: b.cx + far * Math.cos(angle), cy: b.cy + far * Math.sin(angle) });
    } else if (style === 'relabelled') {
      paint(pred, size, { ...b, label: 1 + ((b.label + Math.floor(rand() * (K - 2))) % (K - 1)) });
    } else {
      // smooth, noisy, extra: shifted by a few pixels, wobblier outline, sometimes the wrong generator.
      const shift = size / 128;
      paint(pred, size, {
        ...b,
        label: rand() < 0.2 ? randomLabel(rand) : b.label,
        cx: b.cx + (rand() * 2 - 1) * shift,
        cy: b.cy + (rand() * 2 - 1) * shift,
        r: b.r * (0.95 + rand() * 0.1),
        waves: [...b.waves, [0.02, 17, rand() * 6.28]],
      });
    }
  }
  if (style === 'noisy') addNoise(pred, 0.05, rand);
  if (style === 'extra') for (let e = 2 + Math.floor(rand() * 3); e > 0; e--) paint(pred, size, { ...randomBlob(size, rand), r: size * (0.02 + rand() * 0.08) });
  return { gt, pred };
}

/** CPU milliseconds this process (all its threads) has used. */
function processCpuMs(): number {
  const used = process.cpuUsage();
  return (used.user + used.system) / 1000;
}

/**
 * Milliseconds per call of `f(i)` over the inputs: the best of `windows` windows of at least
 * `minMs` each, in wall time and (separately, the best window of each) in CPU time of the whole
 * process. The best window, not the mean, because the machine is shared and other processes
 * only ever add time; short windows, because on a busy machine a short window is likelier to run
 * undisturbed. CPU time leaves out the time spent waiting for a core, which wall time cannot on
 * a loaded machine. Callers warm up first (see {@link warm}).
 */
function time(count: number, f: (i: number) => void, windows: number, minMs = 40): { wall: number; cpu: number } {
  let wall = Infinity;
  let cpu = Infinity;
  for (let w = 0; w < windows; w++) {
    let calls = 0;
    const startCpu = processCpuMs();
    const start = performance.now();
    do {
      for (let i = 0; i < count; i++) f(i);
      calls += count;
    } while (performance.now() - start < minMs);
    wall = Math.min(wall, (performance.now() - start) / calls);
    cpu = Math.min(cpu, (processCpuMs() - startCpu) / calls);
  }
  return { wall, cpu };
}

/** The smaller of two timings, wall and CPU each. */
const fastest = (a: { wall: number; cpu: number }, b: { wall: number; cpu: number }) => ({ wall: Math.min(a.wall, b.wall), cpu: Math.min(a.cpu, b.cpu) });
const NEVER = { wall: Infinity, cpu: Infinity };

/** Runs `f` over the inputs for about `ms` milliseconds: JIT and caches warm before timing. */
function warm(count: number, f: (i: number) => void, ms = 60): void {
  const start = performance.now();
  do for (let i = 0; i < count; i++) f(i);
  while (performance.now() - start < ms);
}

/**
 * A plain read of both maps — every 32-bit word of each loaded once — the least any count must
 * do. XOR-folded: a running sum would overflow int32 on some maps and send V8 to float
 * arithmetic, making the read itself depend on the data.
 */
let readSink = 0;
function plainRead(gt: Uint8Array, pred: Uint8Array): void {
  const g = new Int32Array(gt.buffer, gt.byteOffset, gt.length >>> 2);
  const p = new Int32Array(pred.buffer, pred.byteOffset, pred.length >>> 2);
  let fold = 0;
  for (let j = 0; j < g.length; j++) fold ^= g[j] ^ p[j];
  readSink ^= fold;
}

/**
 * The confusion part of an update, as the typed-array engine runs it: one pass over both maps
 * that checks every label and counts every pair (and marks where boundaries may be, for the
 * boundary step that follows).
 */
let confusionPairs = new Float64Array(0);
let confusionMarks = new Int32Array(0);
let confusionPredMarks = new Int32Array(0);
function confusionPart(gt: Uint8Array, pred: Uint8Array, width: number, height: number): void {
  const marks = height * (((width >>> 2) + 31) >>> 5);
  if (confusionPairs.length === 0) confusionPairs = new Float64Array(256 * K + 4);
  if (confusionMarks.length < marks) {
    confusionMarks = new Int32Array(marks);
    confusionPredMarks = new Int32Array(marks);
  }
  confusionPairs.fill(0);
  confusionMarks.fill(0, 0, marks);
  confusionPredMarks.fill(0, 0, marks);
  if (!scanLabelMaps({ gt, pred, width, height, k: K, ignoreIndex: 255, pairs: confusionPairs, gtDirty: confusionMarks, predDirty: confusionPredMarks })) throw new Error('invalid label in bench data');
}

/**
 * The confusion part of an update on the wasm path: the maps copied into the kernel's memory and
 * its one pass that checks every label and counts every pair (the boundary step then reads the
 * copies).
 */
function kernelConfusionPart(gt: Uint8Array, pred: Uint8Array, width: number, height: number): void {
  const kernel = loadMetricsKernel();
  if (kernel === undefined) throw new Error('the wasm kernel is not available');
  const at = kernel.prepare(width, height, K);
  const memory = new Uint8Array(kernel.memory.buffer);
  memory.set(gt, at);
  memory.set(pred, at + gt.length);
  if (kernel.scan(width, height, K, 255, 0) === 0) throw new Error('invalid label in bench data');
}

/** `f` with the kernel switched off: the JS path of jsImageStats, for the "js path" columns. */
function onJsPath<T>(f: (i: number) => T): (i: number) => T {
  return (i) => {
    kernelUse.off = true;
    try {
      return f(i);
    } finally {
      kernelUse.off = false;
    }
  };
}

async function timeAsync(count: number, f: (i: number) => Promise<unknown>): Promise<number> {
  await f(0);
  const start = performance.now();
  for (let i = 0; i < count; i++) await f(i);
  return (performance.now() - start) / count;
}

const plain = (s: { confusion: ArrayLike<number>; boundary: unknown[] }) => JSON.stringify([Array.from(s.confusion), s.boundary]);

type TfjsEngine = { tfjsImageStats: (p: ImageStatsParams & { tf?: unknown }) => Promise<ImageStats>; useTfjsBackend: (p: { backend: 'cpu' | 'wasm' }) => Promise<unknown> };
async function loadTfjsEngine(): Promise<TfjsEngine | string> {
  try {
    // Variable specifiers: the bench must still run (without those rows) where the tfjs engine is absent.
    const statsModule = './../src/metrics/tfjs/tfjs-image-stats.js';
    const backendModule = './../src/metrics/tfjs/use-backend.js';
    const stats = (await import(statsModule)) as Pick<TfjsEngine, 'tfjsImageStats'>;
    const backend = (await import(backendModule)) as Pick<TfjsEngine, 'useTfjsBackend'>;
    return { tfjsImageStats: stats.tfjsImageStats, useTfjsBackend: backend.useTfjsBackend };
  } catch (error) {
    return (error as Error).message;
  }
}

/** One image's timings (seconds of one run) from a round of the Python reference, and its counts when asked. */
interface PythonImage {
  confusionSeconds: number;
  bfscoreSeconds: number;
  davisSeconds: number;
  /** The same runs in CPU seconds of the whole Python process (time.process_time). */
  confusionCpuSeconds: number;
  bfscoreCpuSeconds: number;
  davisCpuSeconds: number;
  confusion?: number[];
  bfscore?: unknown[];
  davis?: unknown[];
}
interface PythonVersions {
  numpy: string;
  scipy: string;
  davisDilation: string;
}

/**
 * bench/metrics-reference.py as a long-lived process serving one round at a time, so Python's
 * rounds interleave with the JS timings and both sides run under the same load from elsewhere.
 * While it works, this process waits on its pipe (it does not compete for a core).
 */
class PythonReference {
  private readonly child: ChildProcessByStdio<Writable, Readable, null>;
  private readonly lines: AsyncIterator<string>;

  private constructor(child: ChildProcessByStdio<Writable, Readable, null>) {
    this.child = child;
    this.lines = createInterface({ input: child.stdout })[Symbol.asyncIterator]();
  }

  static async start(dir: string): Promise<{ reference: PythonReference; versions: PythonVersions }> {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'metrics-reference.py');
    const child = spawn(PYTHON, [script, dir], { stdio: ['pipe', 'pipe', 'inherit'] });
    const reference = new PythonReference(child);
    const failed = new Promise<never>((_, reject) => {
      child.once('error', reject);
      child.once('exit', (code) => reject(new Error(`${PYTHON} ${script} exited with code ${code}`)));
    });
    const first = await Promise.race([reference.next(), failed]);
    return { reference, versions: (first as { ready: PythonVersions }).ready };
  }

  /** One run of every metric on each image; with `counts`, their counts too. */
  async round(images: number[], counts: boolean): Promise<PythonImage[]> {
    this.child.stdin.write(`${JSON.stringify({ images, counts })}\n`);
    return ((await this.next()) as { images: PythonImage[] }).images;
  }

  close(): void {
    this.child.stdin.end();
  }

  private async next(): Promise<unknown> {
    const { value, done } = await this.lines.next();
    if (done) throw new Error('the python reference stopped answering');
    return JSON.parse(value);
  }
}

/**
 * MetricsPool throughput against one thread, on the same images. Rounds of the three set-ups are
 * interleaved (1 worker, 2 workers, one thread, again …) and each keeps its best round, so a burst
 * of load from other processes hits all three alike. Worker start-up is excluded (a warm-up round
 * runs first). Each round hands over fresh copies of the maps made before the clock starts — as
 * `eval` hands over the maps it has just decoded — so the main thread only posts messages.
 */
async function poolRows(size: number, pairs: { gt: Uint8Array; pred: Uint8Array }[]): Promise<string[]> {
  const rounds = 5;
  const copies = () => pairs.map((p) => ({ gt: p.gt.slice(), pred: p.pred.slice() }));
  const job = (p: { gt: Uint8Array; pred: Uint8Array }) => ({ keys: ['semantic'], options: { numClasses: K }, gt: p.gt, pred: p.pred, width: size, height: size, transfer: true });
  const pools = new Map([1, 2].map((workers) => [workers, new MetricsPool({ workers })]));
  const round = async (pool: MetricsPool, images: { gt: Uint8Array; pred: Uint8Array }[]) => {
    const inFlight = new Set<Promise<void>>();
    for (const p of images) {
      const pending = pool.update(job(p));
      inFlight.add(pending);
      void pending.finally(() => inFlight.delete(pending));
      if (inFlight.size >= 4 * pool.workers) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
  };
  for (const pool of pools.values()) await round(pool, copies()); // warm-up: worker start, JIT
  // Per set-up, the best round's wall time and the CPU time the whole process (all threads) got in
  // it: CPU ÷ wall is the parallelism achieved — about 2 when two workers really ran at once, about
  // 1 when other processes left this one a single core.
  const best = new Map<string, { ms: number; cpu: number }>();
  const keep = (name: string, ms: number, cpu: number) => {
    if (ms < (best.get(name)?.ms ?? Infinity)) best.set(name, { ms, cpu });
  };
  const cpuMs = (since: NodeJS.CpuUsage) => {
    const used = process.cpuUsage(since);
    return (used.user + used.system) / 1000;
  };
  const single = new SegmentationMetrics({ numClasses: K });
  for (const p of pairs) single.update({ gt: p.gt, pred: p.pred, width: size, height: size }); // warm-up
  for (let r = 0; r < rounds; r++) {
    for (const [workers, pool] of pools) {
      const images = copies();
      const cpu = process.cpuUsage();
      const start = performance.now();
      await round(pool, images);
      keep(`${workers}`, (performance.now() - start) / pairs.length, cpuMs(cpu) / pairs.length);
    }
    const cpu = process.cpuUsage();
    const start = performance.now();
    for (const p of pairs) single.update({ gt: p.gt, pred: p.pred, width: size, height: size });
    keep('thread', (performance.now() - start) / pairs.length, cpuMs(cpu) / pairs.length);
  }
  for (const pool of pools.values()) await pool.close();
  const one = best.get('1')!;
  const two = best.get('2')!;
  const thread = best.get('thread')!;
  const cell = (r: { ms: number; cpu: number }) => `${r.ms.toFixed(3).padStart(9)} ms/image   (CPU ${r.cpu.toFixed(3)} ms/image, parallelism ${(r.cpu / r.ms).toFixed(2)})`;
  return [
    `${`${size}×${size}`.padEnd(12)}one thread (update in the main thread)   ${cell(thread)}`,
    `${''.padEnd(12)}MetricsPool, 1 worker                    ${cell(one)}`,
    `${''.padEnd(12)}MetricsPool, 2 workers                   ${cell(two)}`,
    `${''.padEnd(12)}speed-up of 2 workers: ${(thread.ms / two.ms).toFixed(2)}× one thread, ${(one.ms / two.ms).toFixed(2)}× one worker`,
  ];
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'diffseg30k-bench-metrics-'));
  type Pair = { gt: Uint8Array; pred: Uint8Array; size: number; kind: Kind };
  const data: Pair[] = [];
  const manifest: { numClasses: number; images: { width: number; height: number; gt: string; pred: string }[] } = { numClasses: K, images: [] };
  for (const size of SIZES) {
    for (const kind of KINDS) {
      const rand = rng(size * 31 + KIND_NAMES.indexOf(kind));
      for (let i = 0; i < IMAGES; i++) {
        const { gt, pred } = makePair(size, kind, i, rand);
        const name = `${size}-${kind}-${i}`;
        writeFileSync(join(dir, `${name}.gt`), gt);
        writeFileSync(join(dir, `${name}.pred`), pred);
        manifest.images.push({ width: size, height: size, gt: `${name}.gt`, pred: `${name}.pred` });
        data.push({ gt, pred, size, kind });
      }
    }
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));

  let python: { reference: PythonReference; versions: PythonVersions } | undefined;
  let pythonNote: string | undefined = POOL_ONLY ? 'python reference skipped (--pool-only)' : undefined;
  if (!POOL_ONLY) {
    try {
      python = await PythonReference.start(dir);
    } catch (error) {
      pythonNote = `python reference skipped: ${(error as Error).message.split('\n')[0]}`;
    }
  }

  const table: string[] = [];
  const cpuTable: string[] = [];
  const checks: { ok: boolean; what: string }[] = [];
  const loadAtStart = loadavg()[0];
  const meanMs = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length) * 1000;
  for (const size of POOL_ONLY ? [] : SIZES) {
    for (const kind of KINDS) {
      const indices = data.flatMap((p, j) => (p.size === size && p.kind === kind ? [j] : []));
      const pairs = indices.map((j) => data[j]);
      const n = pairs.length;
      const accumulators = CONVENTIONS.map((boundary) => new SegmentationMetrics({ numClasses: K, boundary }));
      const update = accumulators.map((metrics) => (i: number) => metrics.update({ gt: pairs[i].gt, pred: pairs[i].pred, width: size, height: size }));
      const jsPathUpdate = update.map(onJsPath);
      // Which path an update takes: the kernel's image count goes up when it ran.
      const before = kernelUse.images;
      update[0](0);
      const path = kernelUse.images > before ? 'wasm' : 'js';
      const confusion = path === 'wasm' ? (i: number) => kernelConfusionPart(pairs[i].gt, pairs[i].pred, size, size) : (i: number) => confusionPart(pairs[i].gt, pairs[i].pred, size, size);
      const jsPathConfusion = (i: number) => confusionPart(pairs[i].gt, pairs[i].pred, size, size);
      const read = (i: number) => plainRead(pairs[i].gt, pairs[i].pred);
      for (const f of [...update, ...jsPathUpdate, confusion, jsPathConfusion, read]) warm(n, f);
      // Best JS window and, per image, best Python run, over interleaved rounds.
      const js = { update: [NEVER, NEVER], jsPath: [NEVER, NEVER], confusion: NEVER, jsPathConfusion: NEVER, read: NEVER };
      const timings = ['confusionSeconds', 'bfscoreSeconds', 'davisSeconds', 'confusionCpuSeconds', 'bfscoreCpuSeconds', 'davisCpuSeconds'] as const;
      const best = indices.map(() => Object.fromEntries(timings.map((key) => [key, Infinity])) as Record<(typeof timings)[number], number>);
      let counted: PythonImage[] | undefined;
      for (let round = 0; round < ROUNDS; round++) {
        if (python) {
          const results = await python.reference.round(indices, round === 0);
          if (round === 0) counted = results;
          results.forEach((r, i) => {
            for (const key of timings) best[i][key] = Math.min(best[i][key], r[key]);
          });
        }
        update.forEach((f, c) => (js.update[c] = fastest(js.update[c], time(n, f, 3))));
        jsPathUpdate.forEach((f, c) => (js.jsPath[c] = fastest(js.jsPath[c], time(n, f, 2))));
        js.confusion = fastest(js.confusion, time(n, confusion, 2));
        js.jsPathConfusion = fastest(js.jsPathConfusion, time(n, jsPathConfusion, 2));
        js.read = fastest(js.read, time(n, read, 2));
      }
      const load = loadavg()[0].toFixed(1).padStart(5);
      const cells = [`${size}×${size}`.padEnd(11), kind.padEnd(8), load, path.padStart(4)];
      const cpuCells = [...cells];
      CONVENTIONS.forEach((boundary, c) => {
        const ms = js.update[c].wall;
        const pyMs = counted ? meanMs(best.map((b) => (boundary === 'bfscore' ? b.bfscoreSeconds : b.davisSeconds))) : undefined;
        const jsPathMs = js.jsPath[c].wall;
        cells.push(ms.toFixed(3).padStart(9), pyMs === undefined ? '       —' : pyMs.toFixed(1).padStart(8), pyMs === undefined ? '     —' : `${(pyMs / ms).toFixed(0)}×`.padStart(6), jsPathMs.toFixed(3).padStart(8), pyMs === undefined ? '     —' : `${(pyMs / jsPathMs).toFixed(0)}×`.padStart(6));
        const cpu = js.update[c].cpu;
        const pyCpu = counted ? meanMs(best.map((b) => (boundary === 'bfscore' ? b.bfscoreCpuSeconds : b.davisCpuSeconds))) : undefined;
        const jsPathCpu = js.jsPath[c].cpu;
        cpuCells.push(cpu.toFixed(3).padStart(9), pyCpu === undefined ? '       —' : pyCpu.toFixed(1).padStart(8), pyCpu === undefined ? '     —' : `${(pyCpu / cpu).toFixed(0)}×`.padStart(6), jsPathCpu.toFixed(3).padStart(8), pyCpu === undefined ? '     —' : `${(pyCpu / jsPathCpu).toFixed(0)}×`.padStart(6));
        if (counted) {
          const own = pairs.map((p) => jsImageStats({ gt: p.gt, pred: p.pred, width: size, height: size, numClasses: K, ignoreIndex: 255, boundary }));
          const same = counted.every((r, i) => plain({ confusion: r.confusion ?? [], boundary: (boundary === 'bfscore' ? r.bfscore : r.davis) ?? [] }) === plain(own[i]));
          checks.push({ ok: same, what: `${size}² ${kind} ${boundary}: python counts ${same ? '==' : '!='} js` });
        }
      });
      const pyConfusion = counted ? meanMs(best.map((b) => b.confusionSeconds)) : undefined;
      cells.push(js.confusion.wall.toFixed(3).padStart(9), js.read.wall.toFixed(3).padStart(7), `${(js.confusion.wall / js.read.wall).toFixed(2)}×`.padStart(7), `${(js.jsPathConfusion.wall / js.read.wall).toFixed(2)}×`.padStart(7), pyConfusion === undefined ? '      —' : pyConfusion.toFixed(2).padStart(7));
      table.push(cells.join(' '));
      const pyConfusionCpu = counted ? meanMs(best.map((b) => b.confusionCpuSeconds)) : undefined;
      cpuCells.push(js.confusion.cpu.toFixed(3).padStart(9), js.read.cpu.toFixed(3).padStart(7), `${(js.confusion.cpu / js.read.cpu).toFixed(2)}×`.padStart(7), `${(js.jsPathConfusion.cpu / js.read.cpu).toFixed(2)}×`.padStart(7), pyConfusionCpu === undefined ? '      —' : pyConfusionCpu.toFixed(2).padStart(7));
      cpuTable.push(cpuCells.join(' '));
    }
  }
  python?.reference.close();
  rmSync(dir, { recursive: true, force: true });

  const tfjsRows: string[] = [];
  const tfjs = TFJS && !POOL_ONLY ? await loadTfjsEngine() : 'skipped (--no-tfjs or --pool-only)';
  if (typeof tfjs === 'string') tfjsRows.push(`tfjs: ${tfjs}`);
  else {
    for (const size of SIZES) {
      const pairs = data.filter((p) => p.size === size && (p.kind === 'smooth' || p.kind === 'noisy')).slice(0, TFJS_IMAGES);
      for (const backend of ['cpu', 'wasm'] as const) {
        try {
          const tf = await tfjs.useTfjsBackend({ backend });
          for (const boundary of CONVENTIONS) {
            const params = pairs.map((p) => ({ gt: p.gt, pred: p.pred, width: size, height: size, numClasses: K, ignoreIndex: 255, boundary }));
            const ms = await timeAsync(params.length, (i) => tfjs.tfjsImageStats({ ...params[i], tf }));
            warm(params.length, (i) => jsImageStats(params[i]));
            const js = time(params.length, (i) => jsImageStats(params[i]), 5).wall;
            tfjsRows.push(`${`${size}×${size}`.padEnd(12)}tfjs ${backend.padEnd(5)} ${boundary.padEnd(8)}${ms.toFixed(1).padStart(10)} ms/image   (${(ms / js).toFixed(0)}× the typed-array engine, ${params.length} images)`);
            const same = (await Promise.all(params.map(async (p) => plain(await tfjs.tfjsImageStats({ ...p, tf })) === plain(jsImageStats(p))))).every(Boolean);
            checks.push({ ok: same, what: `${size}² tfjs ${backend} ${boundary} ${same ? '==' : '!='} js` });
          }
        } catch (error) {
          tfjsRows.push(`${`${size}×${size}`.padEnd(12)}tfjs ${backend}: skipped: ${(error as Error).message}`);
        }
      }
    }
  }

  const poolLines: string[] = [];
  if (POOL) {
    for (const size of SIZES) {
      const pairs = data.filter((p) => p.size === size && (p.kind === 'smooth' || p.kind === 'noisy' || p.kind === 'mix'));
      poolLines.push(...(await poolRows(size, pairs)));
    }
  }
  const load = loadavg().map((l) => l.toFixed(1)).join(', ');

  const versions = python ? `, numpy ${python.versions.numpy}, scipy ${python.versions.scipy}, DAVIS reference: ${python.versions.davisDilation}` : '';
  console.log(`\nmetrics bench — ${IMAGES} images per size and kind, ${K} classes; node ${process.version}${versions}; ${availableParallelism()} cores`);
  console.log(`ms/image; JS and Python in ${ROUNDS} interleaved rounds (JS: best 40 ms window of update, validation included; Python: each image's best round); load = 1-minute load average after the row (${loadAtStart.toFixed(1)} before the first)`);
  const group = (title: string, width: number) => ` ${title} `.padStart(Math.floor((width + title.length + 2) / 2), '─').padEnd(width, '─');
  console.log('path: which path of the typed-array engine an update took (wasm: the SIMD kernel; js: plain loops); "js path" columns: the same update with the kernel switched off, timed in the same rounds');
  console.log(`${''.padEnd(31)} ${group('bfscore (default)', 40)} ${group('davis', 40)} ${group('confusion part', 40)}`);
  console.log(['size'.padEnd(11), 'kind'.padEnd(8), 'load'.padStart(5), 'path', 'js'.padStart(9), 'numpy'.padStart(8), 'ratio'.padStart(6), 'js path'.padStart(8), 'ratio'.padStart(6), 'js'.padStart(9), 'cv2'.padStart(8), 'ratio'.padStart(6), 'js path'.padStart(8), 'ratio'.padStart(6), 'js'.padStart(9), 'read'.padStart(7), 'js/read'.padStart(7), 'jspath'.padStart(7), 'numpy'.padStart(7)].join(' '));
  for (const line of table) console.log(line);
  if (cpuTable.length) {
    console.log('\nthe same in CPU time (ms/image of CPU the process used, all threads: JS process.cpuUsage over the best window, Python time.process_time of each image\'s best round) — time spent waiting for a core left out');
    for (const line of cpuTable) console.log(line);
  }
  if (pythonNote) console.log(pythonNote);
  console.log('goals: js ≥ 50× numpy+scipy (bfscore) and ≥ 10× cv2 (davis) on every kind; js confusion part ≤ 2× a plain read of both maps (every 32-bit word loaded once) — on the wasm path the copy of both maps into the kernel\'s memory and its one pass that checks labels and counts pairs; on the js path (jspath: its ratio) the one pass that checks labels, counts pairs and marks where boundaries can be');
  if (tfjsRows.length) console.log(`\n${tfjsRows.join('\n')}`);
  if (poolLines.length) console.log(`\nMetricsPool on ${availableParallelism()} cores (smooth, noisy and mixed predictions, bfscore, maps handed over), load average at the end ${load}\n${poolLines.join('\n')}`);
  const bad = checks.filter((c) => !c.ok);
  console.log(`\nexactness: ${checks.length === 0 ? 'no cross-engine check ran' : bad.length === 0 ? `all ${checks.length} checks equal (python and tfjs counts == typed-array counts)` : bad.map((c) => c.what).join('; ')}`);
  if (bad.length) process.exitCode = 1;
}

await main();
