import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { compose } from '../../src/transforms/compose.js';
import { flip } from '../../src/transforms/flip.js';
import { gaussianNoise } from '../../src/transforms/gaussian-noise.js';
import { randomCrop } from '../../src/transforms/random-crop.js';
import { type Transform } from '../../src/transforms/transform.js';
import { labelled } from './helpers.js';

const input = labelled(48, 40);
const ids = ['a', 'b', 'c', 'img-00000042', 'img-00000043'];

async function run(t: Transform, id: string, seed?: number) {
  const out = await applyTransform({ transform: t, ...input, id, seed });
  return { data: Buffer.from(out.image.data), labels: Buffer.from(out.labelMap), w: out.image.width };
}

describe.each([
  ['gaussianNoise', (seed: number) => gaussianNoise({ sigma: 8, seed })],
  ['randomCrop', (seed: number) => randomCrop({ size: 17, seed })],
])('%s is deterministic by seed', (_name, make) => {
  it('same (seed, id) → same output, from a fresh transform instance too', async () => {
    const a = await run(make(1), 'x');
    const b = await run(make(1), 'x');
    expect(a.data.equals(b.data)).toBe(true);
    expect(a.labels.equals(b.labels)).toBe(true);
  });

  it('is sensitive to the transform seed, the context seed and the sample id', async () => {
    const base = await run(make(1), 'x');
    const otherSeed = await run(make(2), 'x');
    const otherRun = await run(make(1), 'x', 5);
    const otherId = await run(make(1), 'y');
    for (const other of [otherSeed, otherRun, otherId]) expect(base.data.equals(other.data)).toBe(false);
  });

  it('is independent of the order samples are processed in', async () => {
    const t = make(7);
    const forward = new Map<string, Buffer>();
    for (const id of ids) forward.set(id, (await run(t, id)).data);
    const reversed = new Map<string, Buffer>();
    for (const id of [...ids].reverse()) reversed.set(id, (await run(t, id)).data);
    const concurrent = await Promise.all(ids.map((id) => run(t, id)));
    ids.forEach((id, i) => {
      expect(reversed.get(id)!.equals(forward.get(id)!)).toBe(true);
      expect(concurrent[i].data.equals(forward.get(id)!)).toBe(true);
    });
  });
});

describe('gaussianNoise', () => {
  it('adds zero-mean noise of the requested sigma and leaves labels alone', async () => {
    const flat = { image: { data: new Uint8Array(200 * 200 * 3).fill(128), width: 200, height: 200, channels: 3 }, labelMap: new Uint8Array(200 * 200) };
    const out = await applyTransform({ transform: gaussianNoise({ sigma: 10, seed: 3 }), ...flat, id: 'n' });
    let sum = 0;
    let sq = 0;
    for (const v of out.image.data) {
      sum += v - 128;
      sq += (v - 128) ** 2;
    }
    const n = out.image.data.length;
    expect(Math.abs(sum / n)).toBeLessThan(0.2);
    expect(Math.sqrt(sq / n)).toBeGreaterThan(9.8);
    expect(Math.sqrt(sq / n)).toBeLessThan(10.2);
    expect(out.labelMap).toBe(flat.labelMap);
  });

  it('noises every sample of an odd-length buffer, the last one included', async () => {
    const odd = { image: { data: new Uint8Array(5 * 5 * 3).fill(128), width: 5, height: 5, channels: 3 }, labelMap: new Uint8Array(25) };
    const out = await applyTransform({ transform: gaussianNoise({ sigma: 30, seed: 1 }), ...odd, id: 'odd' });
    const changed = [...out.image.data].filter((v) => v !== 128).length;
    expect(changed).toBeGreaterThan(60);
    expect(out.image.data[74]).not.toBe(128);
  });

  it('sigma 0 is the identity; an alpha channel is not noised', async () => {
    const zero = await applyTransform({ transform: gaussianNoise({ sigma: 0 }), ...input, id: 'z' });
    expect(zero.image.data).toEqual(input.image.data);
    const rgba = { image: { data: new Uint8Array(10 * 10 * 4).fill(200), width: 10, height: 10, channels: 4 }, labelMap: new Uint8Array(100) };
    const out = await applyTransform({ transform: gaussianNoise({ sigma: 20, seed: 1 }), ...rgba, id: 'z' });
    for (let p = 0; p < 100; p++) expect(out.image.data[p * 4 + 3]).toBe(200);
    expect(out.image.data.some((v, i) => i % 4 !== 3 && v !== 200)).toBe(true);
  });
});

describe('compose', () => {
  it('chains augmentations deterministically', async () => {
    const t = compose([randomCrop({ size: 32, seed: 1 }), flip(), gaussianNoise({ sigma: 3, seed: 1 })]);
    const a = await run(t, 'q');
    const b = await run(compose([randomCrop({ size: 32, seed: 1 }), flip(), gaussianNoise({ sigma: 3, seed: 1 })]), 'q');
    expect(a.data.equals(b.data)).toBe(true);
    expect(a.w).toBe(32);
  });
});
