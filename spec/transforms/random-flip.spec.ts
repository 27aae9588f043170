import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { flip } from '../../src/transforms/flip.js';
import { randomFlip } from '../../src/transforms/random-flip.js';
import { blockLabels, encodingImage } from './helpers.js';

const width = 12;
const height = 8;
const labelMap = blockLabels(width, height);
const input = { image: encodingImage(labelMap, width, height), labelMap };

async function flipped(id: string, t = randomFlip(), seed?: number): Promise<boolean> {
  const out = await applyTransform({ transform: t, ...input, id, seed });
  const mirror = await applyTransform({ transform: flip(), ...input, id });
  const same = Buffer.from(out.image.data).equals(Buffer.from(input.image.data));
  const isMirror = Buffer.from(out.image.data).equals(Buffer.from(mirror.image.data));
  expect(same || isMirror).toBe(true);
  expect(Array.from(out.labelMap)).toEqual(Array.from(isMirror && !same ? mirror.labelMap : input.labelMap));
  return isMirror && !same;
}

describe('randomFlip', () => {
  it('mirrors image and label map together for about half of the samples', async () => {
    const ids = Array.from({ length: 200 }, (_, i) => `s-${i}`);
    const decisions = await Promise.all(ids.map((id) => flipped(id)));
    const share = decisions.filter(Boolean).length / ids.length;
    expect(share).toBeGreaterThan(0.35);
    expect(share).toBeLessThan(0.65);
  });

  it('decides by (seed, run seed, id): the same again, different for another run seed', async () => {
    const ids = Array.from({ length: 60 }, (_, i) => `s-${i}`);
    const a = await Promise.all(ids.map((id) => flipped(id, randomFlip({ probability: 0.5, seed: 3 }), 1)));
    const again = await Promise.all([...ids].reverse().map((id) => flipped(id, randomFlip({ probability: 0.5, seed: 3 }), 1)));
    expect(again.reverse()).toEqual(a);
    const otherEpoch = await Promise.all(ids.map((id) => flipped(id, randomFlip({ probability: 0.5, seed: 3 }), 2)));
    expect(otherEpoch).not.toEqual(a);
  });

  it('never flips at probability 0 and always at 1', async () => {
    expect(await flipped('x', randomFlip({ probability: 0 }))).toBe(false);
    expect(await flipped('x', randomFlip({ probability: 1 }))).toBe(true);
  });

  it('rejects a probability outside 0–1', () => {
    expect(() => randomFlip({ probability: 1.5 })).toThrow(ArgumentError);
    expect(() => randomFlip({ probability: Number.NaN })).toThrow(/probability/);
  });
});
