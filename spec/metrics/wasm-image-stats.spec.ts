import { describe, expect, it } from 'vitest';
import type { BoundaryConvention, ImageStats } from '../../src/metrics/image-stats.js';
import { jsImageStats } from '../../src/metrics/js-image-stats.js';
import { kernelUse } from '../../src/metrics/load-metrics-kernel.js';
import { MetricsError } from '../../src/metrics/metrics-error.js';
import { blobs, perturb, randomMap, rng } from './metrics-fixtures.js';

/** jsImageStats with the kernel switched off: the JS path every count must equal. */
function onJsPath(params: Parameters<typeof jsImageStats>[0]): ImageStats {
  kernelUse.off = true;
  try {
    return jsImageStats(params);
  } finally {
    kernelUse.off = false;
  }
}

/** jsImageStats, asserting that the wasm kernel (not the JS path) counted it. */
function onKernel(params: Parameters<typeof jsImageStats>[0]): ImageStats {
  const before = kernelUse.images;
  const stats = jsImageStats(params);
  expect(kernelUse.images, 'the wasm kernel ran').toBe(before + 1);
  return stats;
}

const plain = (s: ImageStats) => ({ confusion: Array.from(s.confusion), boundary: s.boundary });

const KINDS = ['smooth', 'noisy', 'shifted', 'extra', 'relabelled', 'empty', 'exact', 'random'] as const;

/** A prediction of the given kind for a truth (the kinds of bench/metrics.ts, and pure noise). */
function predictionOf(kind: (typeof KINDS)[number], gt: Uint8Array, width: number, height: number, k: number, rand: () => number): Uint8Array {
  switch (kind) {
    case 'smooth':
      return perturb(gt, width, height, k, rand, 3, 0);
    case 'noisy':
      return perturb(gt, width, height, k, rand, 2, 0.05 + rand() * 0.2);
    case 'shifted':
      return perturb(gt, width, height, k, rand, Math.max(4, width / 8), 0);
    case 'extra': {
      const pred = perturb(gt, width, height, k, rand, 2, 0);
      const more = k > 1 ? blobs(width, height, k, 3, rand) : new Uint8Array(gt.length);
      for (let i = 0; i < pred.length; i++) if (more[i] !== 0) pred[i] = more[i];
      return pred;
    }
    case 'relabelled':
      return gt.map((v) => (v === 0 || v >= k ? 0 : 1 + (v % Math.max(1, k - 1))));
    case 'empty':
      return new Uint8Array(gt.length);
    case 'exact':
      return gt.map((v) => (v >= k ? 0 : v));
    case 'random':
      return randomMap(gt.length, k, rand);
  }
}

describe('wasmImageStats (the SIMD kernel inside jsImageStats)', () => {
  it('counts exactly what the JS path counts: every prediction kind, both conventions, void pixels, odd heights, 1..k classes present, default and given tolerances', () => {
    const rand = rng(18);
    let compared = 0;
    for (let t = 0; t < 120; t++) {
      const width = 16 * (1 + Math.floor(rand() * 10)) * (rand() < 0.15 ? 4 : 1);
      const height = 1 + Math.floor(rand() * 90);
      const k = 1 + Math.floor(rand() * 12);
      // 0..k-1 blob classes drawn: from background only up to every class present.
      const gt = k > 1 ? blobs(width, height, k, Math.floor(rand() * 2 * k), rand) : new Uint8Array(width * height);
      if (rand() < 0.4) {
        // Void: a band and scattered pixels of the ignore index.
        const y0 = Math.floor(rand() * height);
        for (let i = 0; i < gt.length; i++) if (Math.floor(i / width) === y0 || rand() < 0.03) gt[i] = 255;
      }
      const kind = KINDS[t % KINDS.length];
      const pred = predictionOf(kind, gt, width, height, k, rand);
      for (const boundary of ['bfscore', 'davis'] as BoundaryConvention[]) {
        const tolerance = rand() < 0.4 ? [0, 0.5, 1, 1.5, 2, 3.2, 7, 20, 63][Math.floor(rand() * 9)] : undefined;
        const params = { gt, pred, width, height, numClasses: k, ignoreIndex: 255, boundary, tolerance };
        expect(plain(onKernel(params)), `${kind} ${width}×${height} k=${k} ${boundary} tolerance ${tolerance}`).toEqual(plain(onJsPath(params)));
        compared++;
      }
    }
    expect(compared).toBe(240);
  });

  it('counts 512² maps of every kind equal to the JS path, bfscore and davis', () => {
    const rand = rng(512);
    for (const kind of KINDS) {
      const gt = blobs(512, 512, 9, 3, rand);
      const pred = predictionOf(kind, gt, 512, 512, 9, rand);
      for (const boundary of ['bfscore', 'davis'] as BoundaryConvention[]) {
        const params = { gt, pred, width: 512, height: 512, numClasses: 9, ignoreIndex: 255, boundary };
        expect(plain(onKernel(params)), `${kind} ${boundary}`).toEqual(plain(onJsPath(params)));
      }
    }
  });

  it('reports a bad label with the JS path\'s error, naming the same first bad pixel', () => {
    const width = 32;
    const height = 8;
    const message = (f: () => unknown) => {
      try {
        f();
      } catch (error) {
        expect(error).toBeInstanceOf(MetricsError);
        return (error as Error).message;
      }
      throw new Error('no error thrown');
    };
    for (const [badGt, badPred] of [[6 * width + 1, 5 * width + 7], [2 * width + 3, 5 * width + 7], [-1, 31], [0, -1]]) {
      const gt = new Uint8Array(width * height);
      const pred = new Uint8Array(width * height);
      gt[3] = 255; // the ignore index is no error
      if (badGt >= 0) gt[badGt] = 9;
      if (badPred >= 0) pred[badPred] = 4;
      for (const boundary of ['bfscore', 'davis'] as BoundaryConvention[]) {
        const params = { gt, pred, width, height, numClasses: 3, ignoreIndex: 255, boundary };
        const before = kernelUse.images;
        const viaKernel = message(() => jsImageStats(params));
        expect(kernelUse.images, 'the kernel counted nothing').toBe(before);
        expect(viaKernel).toMatch(/has label (9|4) at pixel \(x \d+, y \d+\)/);
        expect(viaKernel).toBe(message(() => onJsPath(params)));
      }
    }
  });

  it('leaves to the JS path what the kernel does not take: widths off 16, more than 128 classes, a reach of 64 pixels or more', () => {
    const rand = rng(3);
    const cases = [
      { width: 20, height: 9, k: 5, tolerance: undefined },
      { width: 33, height: 4, k: 3, tolerance: undefined },
      { width: 32, height: 8, k: 129, tolerance: undefined },
      { width: 128, height: 70, k: 4, tolerance: 64 },
    ];
    for (const { width, height, k, tolerance } of cases) {
      const gt = blobs(width, height, Math.min(k, 9), 4, rand);
      const pred = perturb(gt, width, height, Math.min(k, 9), rand);
      const before = { ...kernelUse };
      const stats = jsImageStats({ gt, pred, width, height, numClasses: k, ignoreIndex: 255, boundary: 'davis', tolerance });
      expect(kernelUse.images, `${width}×${height} k=${k}`).toBe(before.images);
      expect(kernelUse.fallbacks).toBe(before.fallbacks + 1);
      expect(plain(stats)).toEqual(plain(onJsPath({ gt, pred, width, height, numClasses: k, ignoreIndex: 255, boundary: 'davis', tolerance })));
    }
  });
});
