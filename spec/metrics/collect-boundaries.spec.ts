import { describe, expect, it } from 'vitest';
import { collectBoundaries } from '../../src/metrics/collect-boundaries.js';
import { blobs, perturb, rng } from './metrics-fixtures.js';

type Convention = 'bfscore' | 'davis';

/** Counts and lists of one map, from the word path over every word or from the pixel path. */
function collect(map: Uint8Array, gt: Uint8Array, width: number, height: number, k: number, convention: Convention, words: boolean) {
  const lists = Array.from({ length: k }, (_, c) => (c === 0 ? null : new Int32Array(2)));
  const entries = height * (((width >>> 2) + 31) >>> 5);
  // Every word marked: the word path must then find exactly what the pixel path finds.
  const dirty = words ? new Int32Array(entries) : undefined;
  if (dirty) for (let y = 0; y < height; y++) for (let x = 0; x < width >>> 2; x++) dirty[y * (entries / height) + (x >>> 5)] |= 1 << (x & 31);
  const hasVoid = gt.some((v) => v >= k);
  const counts = collectBoundaries({ map, gt, width, height, k, convention, hasVoid, dirty, lists });
  return { counts: Array.from(counts), lists: lists.map((l, c) => (l === null ? null : Array.from(l.subarray(0, counts[c])))) };
}

describe('collectBoundaries', () => {
  it('finds, four pixels at a time over the marked words, exactly the pixels the per-pixel rules find, in row-major order', () => {
    const rand = rng(12);
    for (let t = 0; t < 20; t++) {
      const width = 4 * (2 + Math.floor(rand() * 40));
      const height = 2 + Math.floor(rand() * 50);
      const k = t % 5 === 0 ? 2 : 9;
      const gt = blobs(width, height, k, 1 + Math.floor(rand() * 5), rand);
      const pred = perturb(gt, width, height, k, rand, 3, 0.08);
      if (t % 2 === 1) for (let i = 0; i < gt.length; i++) if (rand() < 0.05) gt[i] = 255; // void
      for (const convention of ['bfscore', 'davis'] as const) {
        for (const map of [gt, pred]) {
          const byWords = collect(map, gt, width, height, k, convention, true);
          const byPixels = collect(map, gt, width, height, k, convention, false);
          expect(byWords, `${convention} ${width}×${height} K=${k}`).toEqual(byPixels);
          for (const list of byWords.lists) if (list) expect(list, 'row-major').toEqual([...list].sort((a, b) => a - b));
        }
      }
    }
  });

  it('grows a full list without losing a pixel', () => {
    const width = 16;
    const height = 16;
    const map = new Uint8Array(width * height);
    for (let i = 0; i < map.length; i++) map[i] = (i + Math.floor(i / width)) % 2; // a checkerboard: every 1 is a boundary pixel
    const lists: (Int32Array | null)[] = [null, new Int32Array(1)];
    const counts = collectBoundaries({ map, gt: map, width, height, k: 2, convention: 'bfscore', hasVoid: false, dirty: undefined, lists });
    expect(counts[1]).toBe(128);
    expect(Array.from((lists[1] as Int32Array).subarray(0, 128))).toEqual(Array.from({ length: map.length }, (_, i) => i).filter((i) => map[i] === 1));
  });
});
