/**
 * Metrics bench (not a test): `npx tsx bench/metrics.ts [--images N] [--sizes 512,1024]`.
 *
 * On the same synthetic data in one run — 512×512 and 1024×1024 label maps, 9 classes, one to
 * three irregular blob edits per image, predictions with shifted, wobbling boundaries and an
 * occasional wrong generator — it times per image:
 *   - the typed-array engine (`SegmentationMetrics.update`: validation + confusion + bF1, and
 *     `jsImageStats` alone), the confusion matrix alone, and a plain read of both buffers;
 *   - the tfjs engine on the cpu and wasm backends (skipped with a note if it is unavailable);
 *   - a Python reference run as a subprocess (bench/metrics-reference.py: np.bincount confusion as
 *     DeepLabV3Plus-Pytorch's StreamSegMetrics, bF1 with scipy.ndimage.distance_transform_edt),
 *     timing only its metric work; data is exchanged through raw files in a temp dir.
 * JS times are the best of five timing windows; Python's are per-image bests of three runs measured
 * inside Python, averaged over the images; tfjs times are means. It also checks that every engine's counts equal the JS engine's, then prints the ratios the
 * issue sets as goals: update ≥ 20× faster than Python, confusion within 3× of a plain read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { countPairs } from '../src/metrics/count-pairs.js';
import { defaultBoundaryTolerance } from '../src/metrics/default-boundary-tolerance.js';
import type { ImageStats, ImageStatsParams } from '../src/metrics/image-stats.js';
import { jsImageStats } from '../src/metrics/js-image-stats.js';
import { SegmentationMetrics } from '../src/metrics/segmentation-metrics.js';
import { mulberry32 as rng } from '../spec/fixtures/mulberry32.js';

const K = 9;
const args = process.argv.slice(2);
const flag = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && args[i + 1] ? args[i + 1] : fallback;
};
const IMAGES = Number(flag('images', '12'));
const SIZES = flag('sizes', '512,1024').split(',').map(Number);
const TFJS_IMAGES = Number(flag('tfjs-images', '2'));


interface Blob {
  label: number;
  cx: number;
  cy: number;
  r: number;
  waves: [number, number, number][];
}

/** Paints an irregular star-shaped blob r(φ) = r·(1 + Σ a·sin(kφ + phase)) within its bbox. */
function paint(map: Uint8Array, size: number, b: Blob) {
  const reach = b.r * 1.6;
  for (let y = Math.max(0, Math.floor(b.cy - reach)); y < Math.min(size, Math.ceil(b.cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(b.cx - reach)); x < Math.min(size, Math.ceil(b.cx + reach)); x++) {
      const dx = x - b.cx;
      const dy = y - b.cy;
      const phi = Math.atan2(dy, dx);
      let r = b.r;
      for (const [a, k, phase] of b.waves) r += b.r * a * Math.sin(k * phi + phase);
      if (dx * dx + dy * dy <= r * r) map[y * size + x] = b.label;
    }
  }
}

/** One image: 1–3 edits (object-sized blobs, some on the border) and an imperfect prediction. */
function makePair(size: number, rand: () => number): { gt: Uint8Array; pred: Uint8Array } {
  const gt = new Uint8Array(size * size);
  const pred = new Uint8Array(size * size);
  const turns = 1 + Math.floor(rand() * 3);
  for (let t = 0; t < turns; t++) {
    const blob: Blob = {
      label: 1 + Math.floor(rand() * (K - 1)),
      cx: rand() * size,
      cy: rand() * size,
      r: size * (0.06 + rand() * 0.18),
      waves: Array.from({ length: 3 }, () => [rand() * 0.12, 2 + Math.floor(rand() * 6), rand() * 6.28] as [number, number, number]),
    };
    paint(gt, size, blob);
    // The prediction: shifted by a few pixels, wobblier outline, sometimes the wrong generator.
    const shift = size / 128;
    paint(pred, size, {
      ...blob,
      label: rand() < 0.2 ? 1 + Math.floor(rand() * (K - 1)) : blob.label,
      cx: blob.cx + (rand() * 2 - 1) * shift,
      cy: blob.cy + (rand() * 2 - 1) * shift,
      r: blob.r * (0.95 + rand() * 0.1),
      waves: [...blob.waves, [0.02, 17, rand() * 6.28]],
    });
  }
  return { gt, pred };
}

/**
 * Milliseconds per call of `f(i)` over the inputs: the best of five windows of at least `minMs`
 * each, after a warm-up pass. The best window, not the mean, because the machine is shared and
 * other processes only ever add time.
 */
function time(count: number, f: (i: number) => void, minMs = 120): number {
  for (let i = 0; i < count; i++) f(i);
  let best = Infinity;
  for (let w = 0; w < 5; w++) {
    let calls = 0;
    const start = performance.now();
    do {
      for (let i = 0; i < count; i++) f(i);
      calls += count;
    } while (performance.now() - start < minMs);
    best = Math.min(best, (performance.now() - start) / calls);
  }
  return best;
}

async function timeAsync(count: number, f: (i: number) => Promise<unknown>): Promise<number> {
  await f(0);
  const start = performance.now();
  for (let i = 0; i < count; i++) await f(i);
  return (performance.now() - start) / count;
}

const sameCounts = (a: ImageStats, b: { confusion: ArrayLike<number>; boundary: unknown[] }) =>
  JSON.stringify(Array.from(a.confusion)) === JSON.stringify(Array.from(b.confusion)) && JSON.stringify(a.boundary) === JSON.stringify(b.boundary);

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

interface Row {
  size: number;
  name: string;
  ms: number | undefined;
  note?: string;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'diffseg30k-bench-metrics-'));
  const rows: Row[] = [];
  const checks: string[] = [];
  const data = new Map<number, { gt: Uint8Array; pred: Uint8Array }[]>();
  const manifest: { numClasses: number; images: { width: number; height: number; gt: string; pred: string; size: number }[] } = { numClasses: K, images: [] };
  for (const size of SIZES) {
    const rand = rng(size);
    const pairs = Array.from({ length: IMAGES }, () => makePair(size, rand));
    data.set(size, pairs);
    pairs.forEach((p, i) => {
      writeFileSync(join(dir, `${size}-${i}.gt`), p.gt);
      writeFileSync(join(dir, `${size}-${i}.pred`), p.pred);
      manifest.images.push({ width: size, height: size, gt: `${size}-${i}.gt`, pred: `${size}-${i}.pred`, size });
    });
  }
  writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));

  // Python first, so its numbers come from the same files the JS engines read.
  let python: { numpy: string; images: { confusionSeconds: number; updateSeconds: number; confusion: number[]; boundary: unknown[] }[] } | undefined;
  let pythonNote: string | undefined;
  try {
    const script = join(dirname(fileURLToPath(import.meta.url)), 'metrics-reference.py');
    execFileSync('python3', [script, dir], { stdio: ['ignore', 'inherit', 'inherit'] });
    python = JSON.parse(readFileSync(join(dir, 'python-result.json'), 'utf8'));
  } catch (error) {
    pythonNote = `python reference skipped: ${(error as Error).message.split('\n')[0]}`;
  }

  const tfjs = await loadTfjsEngine();
  for (const size of SIZES) {
    const pairs = data.get(size)!;
    const params = pairs.map((p) => ({ ...p, width: size, height: size, numClasses: K, ignoreIndex: 255, tolerance: defaultBoundaryTolerance({ width: size, height: size }) }));
    const metrics = new SegmentationMetrics({ numClasses: K });
    const jsUpdate = time(pairs.length, (i) => metrics.update({ gt: pairs[i].gt, pred: pairs[i].pred, width: size, height: size }));
    const jsStats = time(pairs.length, (i) => jsImageStats(params[i]));
    const table = new Uint32Array(256 * K);
    const confusion = time(pairs.length, (i) => {
      table.fill(0);
      countPairs({ gt: pairs[i].gt, pred: pairs[i].pred, k: K, pairs: table });
    });
    let sink = 0;
    const readBytes = time(pairs.length, (i) => {
      const a = pairs[i].gt;
      const b = pairs[i].pred;
      let s = 0;
      for (let j = 0; j < a.length; j++) s += a[j] + b[j];
      sink += s;
    });
    const readWords = time(pairs.length, (i) => {
      const a = new Uint32Array(pairs[i].gt.buffer);
      const b = new Uint32Array(pairs[i].pred.buffer);
      let s = 0;
      for (let j = 0; j < a.length; j++) s = (s + a[j] + b[j]) | 0;
      sink += s;
    });
    if (sink === 0.5) console.log(sink); // keeps the reads from being optimized away
    rows.push({ size, name: 'js  SegmentationMetrics.update', ms: jsUpdate });
    rows.push({ size, name: 'js  jsImageStats (no validation)', ms: jsStats });
    rows.push({ size, name: 'js  confusion matrix alone', ms: confusion });
    rows.push({ size, name: 'js  plain read of both (bytes)', ms: readBytes });
    rows.push({ size, name: 'js  plain read of both (32-bit)', ms: readWords });

    const jsCounts = params.map((p) => jsImageStats(p));
    if (python) {
      const own = python.images.filter((_, j) => manifest.images[j].size === size);
      const mean = (xs: number[]) => (xs.reduce((a, b) => a + b, 0) / xs.length) * 1000;
      rows.push({ size, name: 'py  update (bincount + edt bF1)', ms: mean(own.map((r) => r.updateSeconds)) });
      rows.push({ size, name: 'py  confusion (np.bincount)', ms: mean(own.map((r) => r.confusionSeconds)) });
      const same = own.every((r, i) => sameCounts(jsCounts[i], r));
      checks.push(`${size}×${size}: python counts ${same ? '==' : '!='} js counts`);
    }

    if (typeof tfjs === 'string') {
      rows.push({ size, name: 'tfjs (cpu, wasm)', ms: undefined, note: `skipped: tfjs engine unavailable (${tfjs})` });
      continue;
    }
    for (const backend of ['cpu', 'wasm'] as const) {
      try {
        const tf = await tfjs.useTfjsBackend({ backend });
        const n = Math.min(TFJS_IMAGES, pairs.length);
        const ms = await timeAsync(n, (i) => tfjs.tfjsImageStats({ ...params[i], tf }));
        rows.push({ size, name: `tfjs ${backend} tfjsImageStats`, ms, note: `${n} images` });
        const same = await Promise.all(params.slice(0, n).map(async (p, i) => sameCounts(jsCounts[i], await tfjs.tfjsImageStats({ ...p, tf }))));
        checks.push(`${size}×${size}: tfjs ${backend} counts ${same.every(Boolean) ? '==' : '!='} js counts`);
      } catch (error) {
        rows.push({ size, name: `tfjs ${backend}`, ms: undefined, note: `skipped: ${(error as Error).message}` });
      }
    }
  }
  rmSync(dir, { recursive: true, force: true });

  console.log(`\nmetrics bench — ${IMAGES} images per size, ${K} classes, θ = 0.0075 × diagonal; node ${process.version}${python ? `, numpy ${python.numpy}` : ''}`);
  console.log('size        engine                               ms/image');
  for (const r of rows) console.log(`${`${r.size}×${r.size}`.padEnd(12)}${r.name.padEnd(37)}${r.ms === undefined ? '     —' : r.ms.toFixed(3).padStart(9)}${r.note ? `   (${r.note})` : ''}`);
  if (pythonNote) console.log(pythonNote);
  console.log('\nratios');
  const get = (size: number, name: string) => rows.find((r) => r.size === size && r.name.startsWith(name))?.ms;
  for (const size of SIZES) {
    const js = get(size, 'js  SegmentationMetrics.update')!;
    const py = get(size, 'py  update');
    const conf = get(size, 'js  confusion matrix alone')!;
    const parts = [
      py !== undefined ? `python update / js update = ${(py / js).toFixed(1)}× (goal ≥ 20×)` : 'python: n/a',
      `confusion / plain byte read = ${(conf / get(size, 'js  plain read of both (bytes)')!).toFixed(2)}× (goal ≤ 3×)`,
      `confusion / 32-bit read = ${(conf / get(size, 'js  plain read of both (32-bit)')!).toFixed(2)}×`,
    ];
    const pyConf = get(size, 'py  confusion');
    if (pyConf !== undefined) parts.push(`np.bincount / js confusion = ${(pyConf / conf).toFixed(1)}×`);
    for (const backend of ['cpu', 'wasm']) {
      const t = get(size, `tfjs ${backend} tfjsImageStats`);
      if (t !== undefined) parts.push(`tfjs ${backend} / js = ${(t / get(size, 'js  jsImageStats')!).toFixed(1)}×`);
    }
    console.log(`${`${size}×${size}`.padEnd(12)}${parts.join('\n            ')}`);
  }
  console.log(`\nexactness: ${checks.join('; ') || 'no cross-engine check ran'}`);
}

await main();
