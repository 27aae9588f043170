import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../../src/errors.js';
import { jsImageStats } from '../../../src/metrics/js-image-stats.js';
import { tfjsImageStats } from '../../../src/metrics/tfjs/tfjs-image-stats.js';
import { useTfjsBackend } from '../../../src/metrics/tfjs/use-backend.js';
import { blobs, defaultTolerance, makeCases, paramsOf, jsParamsOf, seededRandom, type StatsCase } from './cases.js';
import { plainStats, referenceImageStats } from './reference.js';

/*
 * The tfjs engine against the brute-force oracle and the typed-array engine, on the
 * two backends that run in Node (cpu, wasm). Browser backends: browser.spec.ts.
 */

/** Random small inputs: any size 1..40, K 2..9, tolerance 0..8 or default, some ignore pixels, both conventions. */
function randomCases(count: number, seed: number): StatsCase[] {
  const rand = seededRandom(seed);
  const cases: StatsCase[] = [];
  for (let i = 0; i < count; i++) {
    const width = 1 + Math.floor(rand() * 40);
    const height = 1 + Math.floor(rand() * 40);
    const k = 2 + Math.floor(rand() * 8);
    const count2 = Math.floor(rand() * 6);
    const gt = blobs({ width, height, k, count: count2, seed: seed * 1000 + i });
    const pred = blobs({ width, height, k, count: Math.floor(rand() * 6), seed: seed * 1000 + i + 500 });
    const ignoreRate = rand() < 0.5 ? 0 : rand() * 0.2;
    for (let p = 0; p < gt.length; p++) if (rand() < ignoreRate) gt[p] = 255;
    const pick = rand();
    const tolerance = pick < 0.2 ? Math.floor(rand() * 4) : pick < 0.35 ? undefined : rand() * 8;
    // Every other case under the DAVIS convention; some at the convention's own tolerance.
    const boundary = i % 2 === 0 ? 'bfscore' : 'davis';
    cases.push({ name: `random #${i} ${boundary} ${width}×${height} K=${k} θ=${tolerance?.toFixed(3) ?? 'default'}`, width, height, gt, pred, numClasses: k, ignoreIndex: 255, tolerance, boundary });
  }
  return cases;
}

describe.each(['cpu', 'wasm'] as const)('tfjsImageStats on the %s backend', (backend) => {
  let activated: unknown;
  beforeAll(async () => {
    activated = await useTfjsBackend({ backend });
  });

  it('runs on that backend, set through useTfjsBackend', () => {
    // The module useTfjsBackend loads lazily is the very module this spec imported.
    expect(activated).toBe(tf);
    expect(tf.getBackend()).toBe(backend);
  });

  it.each(makeCases().map((c) => [c.name, c] as const))('%s: equals the brute-force oracle and the typed-array engine', async (_name, c) => {
    const before = tf.memory().numTensors;
    const got = plainStats(await tfjsImageStats({ ...paramsOf(c), tf }));
    expect(tf.memory().numTensors).toBe(before);
    const expected = plainStats(referenceImageStats(paramsOf(c)));
    expect(got).toEqual(expected);
    expect(plainStats(jsImageStats(jsParamsOf(c)))).toEqual(expected);
  });

  it('equals the oracle on 40 random maps (sizes, K, tolerances, ignore pixels)', async () => {
    for (const c of randomCases(40, backend === 'cpu' ? 1 : 2)) {
      const expected = plainStats(referenceImageStats(paramsOf(c)));
      expect(plainStats(await tfjsImageStats({ ...paramsOf(c), tf })), c.name).toEqual(expected);
      expect(plainStats(jsImageStats(jsParamsOf(c))), `typed-array engine: ${c.name}`).toEqual(expected);
    }
  });

  it('gives the same counts when sums are split into small padded blocks', async () => {
    // 2^24-pixel images are too slow for a spec; blockPixels exercises the same blocked path.
    for (const c of makeCases().filter((_, i) => i % 3 === 0)) {
      const expected = plainStats(referenceImageStats(paramsOf(c)));
      for (const blockPixels of [1, 7, 64, 1000]) {
        expect(plainStats(await tfjsImageStats({ ...paramsOf(c), tf, blockPixels })), `${c.name}, blocks of ${blockPixels}`).toEqual(expected);
      }
    }
  });

  it('gives the same counts in many small passes (pixel spans in stage 1, class groups in stage 2)', async () => {
    // passPixels bounds GPU memory on big images; tiny values force every multi-pass path here.
    for (const c of makeCases().filter((_, i) => i % 2 === 1)) {
      const expected = plainStats(referenceImageStats(paramsOf(c)));
      for (const [passPixels, blockPixels] of [[1, undefined], [50, 8], [300, undefined], [1000, 64]] as const) {
        const before = tf.memory().numTensors;
        expect(plainStats(await tfjsImageStats({ ...paramsOf(c), tf, passPixels, blockPixels })), `${c.name}, passes of ${passPixels}`).toEqual(expected);
        expect(tf.memory().numTensors).toBe(before);
      }
    }
  });

  it('matches the typed-array engine on a realistic 256×256 map with the default tolerance', async () => {
    const width = 256;
    const height = 256;
    const gt = blobs({ width, height, k: 9, count: 12, seed: 21, maxRadius: 60 });
    const pred = blobs({ width, height, k: 9, count: 12, seed: 22, maxRadius: 60 });
    for (let i = 0; i < gt.length; i += 113) gt[i] = 255;
    const c = { gt, pred, width, height, numClasses: 9, ignoreIndex: 255, tolerance: defaultTolerance(width, height) };
    const before = tf.memory().numTensors;
    expect(plainStats(await tfjsImageStats({ ...paramsOf(c), tf }))).toEqual(plainStats(jsImageStats(jsParamsOf(c))));
    expect(tf.memory().numTensors).toBe(before);
  });

  it('rejects a blockPixels or passPixels that is not a positive integer', async () => {
    const c = makeCases()[0];
    for (const bad of [0, -4, 2.5, Number.NaN, Number.POSITIVE_INFINITY]) {
      for (const knob of ['blockPixels', 'passPixels'] as const) {
        const error = await tfjsImageStats({ ...paramsOf(c), tf, [knob]: bad }).catch((e: unknown) => e);
        expect(error, `${knob} = ${bad}`).toBeInstanceOf(ArgumentError);
        expect((error as ArgumentError).message).toContain(`${knob} must be a positive integer`);
      }
    }
  });

  it('loads tfjs by itself when no module is passed, and leaks nothing over repeated calls', async () => {
    const c = makeCases()[1];
    const before = tf.memory().numTensors;
    for (let i = 0; i < 5; i++) {
      expect(plainStats(await tfjsImageStats(paramsOf(c)))).toEqual(plainStats(referenceImageStats(paramsOf(c))));
    }
    expect(tf.memory().numTensors).toBe(before);
  });
});
