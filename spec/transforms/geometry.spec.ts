import { describe, expect, it } from 'vitest';
import type { LabelledImage } from '../../src/schema/decoded.js';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { compose } from '../../src/transforms/compose.js';
import { crop } from '../../src/transforms/crop.js';
import { flip } from '../../src/transforms/flip.js';
import { randomCrop } from '../../src/transforms/random-crop.js';
import { resize } from '../../src/transforms/resize.js';
import { scale } from '../../src/transforms/scale.js';
import { type Transform } from '../../src/transforms/transform.js';
import { blockLabels, encodingImage, idsOf, labelled } from './helpers.js';

/** An image whose pixels encode the label map (R = label·25) and the source position (G = x, B = y). */
function encoded(width: number, height: number): LabelledImage {
  const labelMap = blockLabels(width, height);
  return { image: encodingImage(labelMap, width, height), labelMap };
}

/** Every output pixel's R channel still equals its label·25: image and mask moved together. */
function expectAligned(out: LabelledImage): void {
  let mismatches = 0;
  for (let p = 0; p < out.labelMap.length; p++) if (out.image.data[p * 3] !== out.labelMap[p] * 25) mismatches++;
  expect(mismatches).toBe(0);
}

describe('resize', () => {
  it('makes a square image n×n and sets the shorter side of others to n (torchvision rule)', async () => {
    const sq = await applyTransform({ transform: resize({ size: 32 }), ...labelled(64, 64), id: 'a' });
    expect([sq.image.width, sq.image.height]).toEqual([32, 32]);
    const wide = await applyTransform({ transform: resize({ size: 100 }), ...labelled(300, 200), id: 'a' });
    expect([wide.image.width, wide.image.height]).toEqual([150, 100]);
    const tall = await applyTransform({ transform: resize({ size: 50 }), ...labelled(70, 99), id: 'a' });
    expect([tall.image.width, tall.image.height]).toEqual([50, 70]); // floor(50·99/70) = 70
    const exact = await applyTransform({ transform: resize({ width: 40, height: 10 }), ...labelled(64, 64), id: 'a' });
    expect([exact.image.width, exact.image.height, exact.labelMap.length]).toEqual([40, 10, 400]);
  });

  it.each([
    [64, 64, 17],
    [64, 64, 256],
    [90, 50, 33],
    [50, 90, 129],
    [128, 128, 1],
  ])('never adds a label id (%i×%i → %i)', async (w, h, n) => {
    const input = labelled(w, h);
    const out = await applyTransform({ transform: resize({ size: n }), ...input, id: 'a' });
    const allowed = new Set(input.labelMap);
    expect(idsOf(out.labelMap).every((id) => allowed.has(id))).toBe(true);
    expect(out.labelMap.length).toBe(out.image.width * out.image.height);
  });

  it('selects label pixels by nearest neighbour at pixel centres', async () => {
    const labelMap = Uint8Array.from({ length: 16 }, (_, i) => i % 9);
    const input = { image: { data: new Uint8Array(16 * 3).fill(9), width: 4, height: 4, channels: 3 }, labelMap };
    const out = await applyTransform({ transform: resize({ size: 2 }), ...input, id: 'a' });
    // Output (x, y) samples input (2x + 1, 2y + 1): indices 5, 7, 13, 15.
    expect([...out.labelMap]).toEqual([5 % 9, 7 % 9, 13 % 9, 15 % 9]);
    const up = await applyTransform({ transform: resize({ size: 8 }), ...input, id: 'a' });
    expect(up.labelMap[0]).toBe(labelMap[0]);
    expect(up.labelMap[8 * 8 - 1]).toBe(labelMap[15]);
    expect(up.labelMap[2]).toBe(labelMap[1]);
  });

  it('keeps the image aligned with the label map (Lanczos image, nearest labels)', async () => {
    // Big blocks only: R = label·25 is then constant inside each block.
    const w = 120;
    const h = 90;
    const labelMap = new Uint8Array(w * h);
    for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) labelMap[y * w + x] = 1 + Math.floor(x / 30) + 4 * Math.floor(y / 45);
    const out = await applyTransform({ transform: resize({ size: 60 }), image: encodingImage(labelMap, w, h), labelMap, id: 'a' });
    const ow = out.image.width;
    const oh = out.image.height;
    let checked = 0;
    for (let y = 3; y < oh - 3; y++) {
      for (let x = 3; x < ow - 3; x++) {
        const id = out.labelMap[y * ow + x];
        let uniform = true;
        for (let dy = -3; dy <= 3 && uniform; dy++) for (let dx = -3; dx <= 3; dx++) if (out.labelMap[(y + dy) * ow + x + dx] !== id) uniform = false;
        if (!uniform) continue;
        // Pixels well inside a label region show that label's value in the image.
        expect(Math.abs(out.image.data[(y * ow + x) * 3] - id * 25)).toBeLessThanOrEqual(2);
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(ow * oh * 0.4);
  });

  it('resizing to the current size is a no-op', async () => {
    const input = labelled(40, 40);
    const out = await applyTransform({ transform: resize({ size: 40 }), ...input, id: 'a' });
    expect(out.image).toBe(input.image);
    expect(out.labelMap).toBe(input.labelMap);
  });

  it('scale(factor) resizes each side by the factor', async () => {
    const out = await applyTransform({ transform: scale({ factor: 0.5 }), ...labelled(64, 48), id: 'a' });
    expect([out.image.width, out.image.height]).toEqual([32, 24]);
    const allowed = new Set(blockLabels(64, 48));
    expect(idsOf(out.labelMap).every((id) => allowed.has(id))).toBe(true);
  });
});

describe('crop, flip and randomCrop keep image and label map aligned', () => {
  const input = encoded(40, 30);

  it('crop copies the same rectangle of both', async () => {
    const out = await applyTransform({ transform: crop({ left: 5, top: 7, width: 20, height: 10 }), ...input, id: 'a' });
    expect([out.image.width, out.image.height]).toEqual([20, 10]);
    expectAligned(out);
    // Top-left output pixel came from (5, 7).
    expect([out.image.data[1], out.image.data[2]]).toEqual([5, 7]);
    expect(out.labelMap[0]).toBe(input.labelMap[7 * 40 + 5]);
  });

  it('flip mirrors both (horizontal by default, vertical on request)', async () => {
    const h = await applyTransform({ transform: flip(), ...input, id: 'a' });
    expectAligned(h);
    expect([h.image.data[1], h.image.data[2]]).toEqual([39, 0]);
    expect(h.labelMap[0]).toBe(input.labelMap[39]);
    const v = await applyTransform({ transform: flip({ direction: 'vertical' }), ...input, id: 'a' });
    expectAligned(v);
    expect([v.image.data[1], v.image.data[2]]).toEqual([0, 29]);
    expect(v.labelMap[0]).toBe(input.labelMap[29 * 40]);
    // Flipping twice is the identity.
    const back = await applyTransform({ transform: compose([flip(), flip()]), ...input, id: 'a' });
    expect(back.image.data).toEqual(input.image.data);
    expect(back.labelMap).toEqual(input.labelMap);
  });

  it('randomCrop cuts one window from both, and the composed sourceIndex says where from', async () => {
    const t: Transform = compose([randomCrop({ size: 16, seed: 3 }), flip()]);
    const out = await applyTransform({ transform: t, ...input, id: 'sample-1' });
    expect([out.image.width, out.image.height]).toEqual([16, 16]);
    expectAligned(out);
    for (let j = 0; j < out.labelMap.length; j++) {
      const src = out.sourceIndex![j];
      expect([out.image.data[j * 3 + 1], out.image.data[j * 3 + 2]]).toEqual([src % 40, Math.floor(src / 40)]);
    }
    // geometry() predicts the same selection without touching pixels.
    expect(t.geometry!({ width: 40, height: 30 }, { id: 'sample-1' }).sourceIndex).toEqual(out.sourceIndex);
  });
});
