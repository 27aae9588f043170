import type { ImageStatsParams } from '../../../src/metrics/image-stats.js';
import { mulberry32 as seededRandom } from '../../fixtures/mulberry32.js';
export { mulberry32 as seededRandom } from '../../fixtures/mulberry32.js';

/*
 * Deterministic label-map cases shared by the Node specs and the browser page: random noise,
 * blobs, touching regions, regions on the border, empty prediction/ground truth, one class over
 * the whole image, ignore pixels, odd and non-square sizes, 1×1, a spread of tolerances, each
 * convention's default tolerance — and every one of them again under the DAVIS convention, plus
 * cases where the two conventions differ by design.
 */

/** One named engine input. */
export interface StatsCase extends ImageStatsParams {
  name: string;
}


function map(width: number, height: number, label: (x: number, y: number) => number): Uint8Array {
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) out[y * width + x] = label(x, y);
  return out;
}

/** Paints `count` random ellipses of random classes 1..k-1 over a background of 0. */
export function blobs(params: { width: number; height: number; k: number; count: number; seed: number; maxRadius?: number }): Uint8Array {
  const { width, height, k, count } = params;
  const rand = seededRandom(params.seed);
  const out = new Uint8Array(width * height);
  const maxR = params.maxRadius ?? Math.max(2, Math.min(width, height) / 3);
  for (let b = 0; b < count; b++) {
    const cx = rand() * width;
    const cy = rand() * height;
    const rx = 1 + rand() * maxR;
    const ry = 1 + rand() * maxR;
    const c = 1 + Math.floor(rand() * (k - 1));
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        const dx = (x - cx) / rx;
        const dy = (y - cy) / ry;
        if (dx * dx + dy * dy <= 1) out[y * width + x] = c;
      }
    }
  }
  return out;
}

/** Moves every pixel by (dx, dy), filling uncovered pixels with 0: a near miss of a prediction. */
function shifted(labels: Uint8Array, width: number, height: number, dx: number, dy: number): Uint8Array {
  return map(width, height, (x, y) => {
    const sx = x - dx;
    const sy = y - dy;
    return sx >= 0 && sy >= 0 && sx < width && sy < height ? labels[sy * width + sx] : 0;
  });
}

function noise(width: number, height: number, k: number, seed: number, ignoreRate = 0, ignore = 255): Uint8Array {
  const rand = seededRandom(seed);
  return map(width, height, () => (rand() < ignoreRate ? ignore : Math.floor(rand() * k)));
}

/** bfscore's default tolerance as a double: 0.0075 × the image diagonal. */
export function defaultTolerance(width: number, height: number): number {
  return 0.0075 * Math.sqrt(width * width + height * height);
}

/** The shared case list; `scale` 1 keeps every map small enough for the brute-force oracle. */
export function makeCases(): StatsCase[] {
  const cases: StatsCase[] = [];
  const add = (name: string, width: number, height: number, gt: Uint8Array, pred: Uint8Array, extra: Partial<StatsCase> = {}): void => {
    cases.push({ name, width, height, gt, pred, numClasses: 9, ignoreIndex: 255, tolerance: 3.2, ...extra });
  };

  // Random noise: nearly every pixel is a boundary pixel, all classes present.
  add('noise 17×13, 5% ignore', 17, 13, noise(17, 13, 9, 1, 0.05), noise(17, 13, 9, 2));
  // Blobs with a near-miss prediction: the typical case.
  {
    const gt = blobs({ width: 64, height: 48, k: 9, count: 6, seed: 3 });
    add('blobs 64×48, pred shifted (2,1)', 64, 48, gt, shifted(gt, 64, 48, 2, 1));
    add('blobs 64×48, pred = other blobs, θ 5.43', 64, 48, gt, blobs({ width: 64, height: 48, k: 9, count: 5, seed: 4 }), { tolerance: 5.43 });
    add('blobs 64×48, identical', 64, 48, gt, gt.slice());
  }
  // Touching regions: class boundaries meet with no background between them.
  {
    const gt = map(40, 30, (x, y) => (x < 20 ? 1 : y < 15 ? 2 : 3));
    const pred = map(40, 30, (x, y) => (x < 22 ? 1 : y < 13 ? 2 : 3));
    add('touching regions 40×30', 40, 30, gt, pred, { tolerance: 2 });
  }
  // Regions on the image border and corners (zero padding makes border pixels boundary).
  {
    const gt = map(33, 21, (x, y) => (x < 6 || y < 4 ? 4 : x > 27 && y > 15 ? 5 : 0));
    const pred = map(33, 21, (x, y) => (x < 5 || y < 5 ? 4 : x > 26 ? 5 : 0));
    add('regions on the border 33×21', 33, 21, gt, pred, { tolerance: 1.5 });
  }
  {
    const gt = blobs({ width: 32, height: 32, k: 9, count: 4, seed: 5 });
    add('empty prediction 32×32', 32, 32, gt, new Uint8Array(32 * 32));
    add('empty ground truth 32×32', 32, 32, new Uint8Array(32 * 32), gt);
    add('both empty 32×32', 32, 32, new Uint8Array(32 * 32), new Uint8Array(32 * 32));
  }
  add('one class over the whole image, same', 24, 18, new Uint8Array(24 * 18).fill(3), new Uint8Array(24 * 18).fill(3));
  add('one class over the whole image, other class', 24, 18, new Uint8Array(24 * 18).fill(3), new Uint8Array(24 * 18).fill(6));
  // Ignore pixels: a band and scattered pixels in gt, prediction paints a class over them.
  {
    const base = blobs({ width: 45, height: 27, k: 9, count: 5, seed: 6 });
    const rand = seededRandom(7);
    const gt = map(45, 27, (x, y) => (y >= 10 && y < 14 ? 255 : rand() < 0.03 ? 255 : base[y * 45 + x]));
    const pred = map(45, 27, (x, y) => (y >= 9 && y < 15 ? 2 : base[y * 45 + x]));
    add('ignore band and speckle 45×27', 45, 27, gt, pred);
    add('ignore pixels, custom ignoreIndex 200', 45, 27, gt.map((v) => (v === 255 ? 200 : v)), pred, { ignoreIndex: 200 });
  }
  // Odd and degenerate sizes.
  for (const [w, h] of [[31, 7], [7, 31], [1, 23], [23, 1], [2, 2]] as const) {
    add(`odd size ${w}×${h}`, w, h, blobs({ width: w, height: h, k: 9, count: 3, seed: w * 100 + h }), noise(w, h, 3, w + h));
  }
  add('1×1 same class', 1, 1, Uint8Array.of(2), Uint8Array.of(2));
  add('1×1 different classes', 1, 1, Uint8Array.of(1), Uint8Array.of(0));
  add('1×1 ignored', 1, 1, Uint8Array.of(255), Uint8Array.of(4));
  // Tolerance edge cases: 0 (nothing matches), ≤ 1 (only coincident pixels), √2 (diagonal
  // neighbours excluded: squared distance 2 is not < 2), just above √2, wider than the image.
  {
    const gt = blobs({ width: 36, height: 28, k: 4, count: 4, seed: 8 });
    const pred = shifted(blobs({ width: 36, height: 28, k: 4, count: 4, seed: 8 }), 36, 28, 1, 1);
    for (const tolerance of [0, 0.5, 1, Math.SQRT2, 1.5, 2, 7.9, 60]) {
      add(`tolerance ${tolerance.toFixed(3)}`, 36, 28, gt, pred, { tolerance, numClasses: 4 });
    }
  }
  // Binary task: K = 2, default tolerance.
  {
    const gt = blobs({ width: 50, height: 38, k: 2, count: 5, seed: 9 });
    const pred = blobs({ width: 50, height: 38, k: 2, count: 6, seed: 10 });
    add('binary K=2 50×38', 50, 38, gt, pred, { numClasses: 2, tolerance: defaultTolerance(50, 38) });
  }
  // The convention's own tolerance (undefined): bfscore decides 160000·d² < 9·(w² + h²) exactly.
  {
    const gt = blobs({ width: 70, height: 52, k: 9, count: 7, seed: 13 });
    add('blobs 70×52, default tolerance, pred shifted (3,-2)', 70, 52, gt, shifted(gt, 70, 52, 3, -2), { tolerance: undefined });
  }
  const twins = cases.map((c): StatsCase => ({ ...c, name: `davis: ${c.name}`, boundary: 'davis' }));
  cases.push(...twins);
  // Where the conventions differ by design (each also runs as bfscore).
  const differing: StatsCase[] = [];
  const both = (name: string, width: number, height: number, gt: Uint8Array, pred: Uint8Array, extra: Partial<StatsCase> = {}) => {
    for (const boundary of ['bfscore', 'davis'] as const) differing.push({ name: `${boundary}: ${name}`, width, height, gt, pred, numClasses: 9, ignoreIndex: 255, tolerance: undefined, boundary, ...extra });
  };
  // A class over the whole image has no seg2bmap boundary; under bfscore its border is one.
  both('class over the whole image vs all but a corner', 20, 14, new Uint8Array(20 * 14).fill(3), map(20, 14, (x, y) => (x > 15 && y > 10 ? 0 : 3)));
  // One isolated pixel: one bfscore boundary pixel, four seg2bmap pixels (itself, W, N, NW).
  both('isolated pixels', 12, 9, map(12, 9, (x, y) => (x === 5 && y === 4 ? 2 : 0)), map(12, 9, (x, y) => (x === 7 && y === 4 ? 2 : 0)));
  // Void band painted by the prediction: DAVIS drops those prediction pixels, bfscore keeps them.
  {
    const gt = map(40, 24, (x, y) => (y >= 8 && y < 12 ? 255 : x < 18 ? 1 : 0));
    const pred = map(40, 24, (x, y) => (y >= 6 && y < 14 ? 4 : x < 19 ? 1 : 0));
    both('prediction over a void band', 40, 24, gt, pred);
  }
  // Shift of exactly r: matched by DAVIS (≤ r², r = ceil(0.008·diag) = 1 here), not by bfscore (θ ≈ 0.35).
  {
    const gt = map(36, 30, (x, y) => (x >= 8 && x < 20 && y >= 6 && y < 18 ? 5 : 0));
    both('square shifted by one pixel', 36, 30, gt, shifted(gt, 36, 30, 1, 0));
  }
  cases.push(...differing);
  return cases;
}

/**
 * Larger realistic maps (too big for the brute-force oracle; compared with the typed-array
 * engine): 9-class blobs with a perturbed prediction and ignore pixels, one class over an image
 * of more than 2^11 pixels (what half-float WebGL cannot count in one sum), and unless `lite`
 * the first map again in small passes. `passPixels` is passed to the tfjs engine only.
 */
export function bigCases(params: { lite: boolean }): (StatsCase & { passPixels?: number })[] {
  const width = 160;
  const height = 120;
  const gt = blobs({ width, height, k: 9, count: 10, seed: 11, maxRadius: 40 });
  for (let i = 0; i < gt.length; i += 97) gt[i] = 255;
  const pred = shifted(blobs({ width, height, k: 9, count: 10, seed: 11, maxRadius: 40 }), width, height, -3, 2);
  const other = blobs({ width, height, k: 9, count: 12, seed: 12, maxRadius: 30 });
  const common = { width, height, numClasses: 9, ignoreIndex: 255, tolerance: defaultTolerance(width, height) };
  return [
    { name: 'big blobs 160×120, shifted prediction', gt, pred, ...common },
    { name: 'big blobs 160×120, unrelated prediction, θ 9', gt, pred: other, ...common, tolerance: 9 },
    { name: 'davis: big blobs 160×120, shifted prediction, default r', gt, pred, ...common, tolerance: undefined, boundary: 'davis' },
    { name: 'one class over 96×72', width: 96, height: 72, gt: new Uint8Array(96 * 72).fill(7), pred: new Uint8Array(96 * 72).fill(7), numClasses: 9, ignoreIndex: 255, tolerance: 3 },
    // Multi-pass path (stage 1 pixel spans, stage 2 one class per group), as large images take.
    ...(params.lite ? [] : [{ name: 'big blobs 160×120 in passes of 5000 pixels', gt, pred, ...common, passPixels: 5000 }]),
  ];
}

/**
 * A representative subset for slow backends (SwiftShader WebGPU, half-float WebGL), where every
 * new shape costs a shader compile: structured maps, border, ignore, odd size, 1×1, √2 tolerance.
 */
export const LITE_CASES: readonly string[] = [
  'blobs 64×48, pred shifted (2,1)',
  'davis: ignore band and speckle 45×27',
  'davis: odd size 7×31',
  'davis: prediction over a void band',
  'touching regions 40×30',
  'regions on the border 33×21',
  'ignore band and speckle 45×27',
  'odd size 7×31',
  '1×1 same class',
  'tolerance 1.414',
  'binary K=2 50×38',
];

/** Cases the browser runs: all shared cases, or only {@link LITE_CASES}. */
export function selectCases(params: { lite: boolean }): StatsCase[] {
  const all = makeCases();
  return params.lite ? all.filter((c) => LITE_CASES.includes(c.name)) : all;
}

/** Which browser cases are also run with tiny forced blocks (every other one, to bound compile time). */
export function runsBlocked(index: number, params: { blocked: boolean }): boolean {
  return params.blocked && index % 2 === 0;
}

/** A case as the engines take it: without its name (they refuse a key they do not know). */
export function paramsOf(c: ImageStatsParams & { name?: string }): ImageStatsParams {
  const { name: _name, ...params } = c;
  return params;
}

/** A case as the typed-array engine takes it: only its own keys (not the tfjs engine's `passPixels`). */
export function jsParamsOf(c: ImageStatsParams & { name?: string; passPixels?: number; blockPixels?: number }): ImageStatsParams {
  const { name: _name, passPixels: _pass, blockPixels: _block, ...params } = c;
  return params;
}
