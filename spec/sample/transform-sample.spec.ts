import { describe, expect, it } from 'vitest';
import { composeLabelMap } from '../../src/mask/compose-label-map.js';
import { decodeRle } from '../../src/mask/decode-rle.js';
import { compose } from '../../src/transforms/compose.js';
import { crop } from '../../src/transforms/crop.js';
import { flip } from '../../src/transforms/flip.js';
import { jpeg } from '../../src/transforms/jpeg.js';
import { randomCrop } from '../../src/transforms/random-crop.js';
import { resize } from '../../src/transforms/resize.js';
import { transformSample } from '../../src/sample/transform-sample.js';
import { fakeSample } from '../transforms/helpers.js';

describe('transformSample', () => {
  it('gives transformed pixels and moves the turns with the geometry (turns still compose to the label map)', async () => {
    const sample = fakeSample('img-1', 60, 40);
    for (const transform of [resize({ size: 20 }), compose([randomCrop({ size: 24, seed: 5 }), flip()]), crop({ left: 10, top: 5, width: 30, height: 30 })]) {
      const t = transformSample({ sample, transform, seed: 3 });
      const labels = await t.labelMap();
      const image = await t.image();
      expect([t.width, t.height]).toEqual([image.width, image.height]);
      expect(t.num_turns).toBe(3);
      // The record invariant of docs/format.md holds for the transformed record.
      expect(composeLabelMap({ turns: t.turns!, height: t.height, width: t.width })).toEqual(labels);
      for (const [i, turn] of t.turns!.entries()) {
        const mask = decodeRle({ size: [t.height, t.width], counts: turn.mask_rle });
        expect(t.turnMask(i)).toEqual(mask);
        expect(turn.area).toBe(mask.reduce((a, b) => a + b, 0));
      }
      // The image still encodes its labels (R = label·25) wherever pixels were copied exactly.
      if (transform.name !== 'resize(20)') for (let p = 0; p < labels.length; p++) expect(image.data[p * 3]).toBe(labels[p] * 25);
      const binary = await t.binaryMask();
      expect([...binary]).toEqual([...labels].map((l) => (l ? 1 : 0)));
    }
  });

  it('keeps metadata, hides the no-longer-matching published bytes, and leaves turns alone for jpeg', async () => {
    const sample = fakeSample('img-2', 32, 32);
    const t = transformSample({ sample, transform: jpeg({ quality: 70 }) });
    expect(t.imageBytes).toBeUndefined();
    expect(t.original).toBe(sample);
    expect(t.turns).toBe(sample.turns);
    expect({ ...t }).toMatchObject({ id: 'img-2', width: 32, height: 32, split: 'validation', quality_score: 4 });
    expect((await t.result()).encoded?.format).toBe('jpeg');
    expect(await t.labelMap()).toEqual(await sample.labelMap());
  });

  it('carries every field of the sample, including ones it does not know, and keeps an inner transform lazy', async () => {
    const sample = { ...fakeSample('img-4', 40, 40), provenance: 'full', source_note: 'added later' };
    const t = transformSample({ sample, transform: resize({ size: 20 }) }) as ReturnType<typeof transformSample> & { provenance: string; source_note: string };
    expect(t.provenance).toBe('full');
    expect(t.source_note).toBe('added later');
    expect(t.file).toBe(sample.file);
    let reads = 0;
    const inner = transformSample({ sample: fakeSample('img-5', 40, 40), transform: resize({ size: 20 }) });
    const watched = Object.defineProperty({ ...inner }, 'turns', { enumerable: true, get: () => (reads++, inner.turns) });
    transformSample({ sample: watched as typeof inner, transform: flip() });
    expect(reads).toBe(0); // wrapping never evaluates the inner sample's lazy turns
  });

  it('is computed once, and the same for the same (seed, id)', async () => {
    const sample = fakeSample('img-3', 40, 40);
    const t = transformSample({ sample, transform: randomCrop({ size: 16, seed: 1 }), seed: 2 });
    expect(await t.image()).toBe(await t.image());
    const again = transformSample({ sample, transform: randomCrop({ size: 16, seed: 1 }), seed: 2 });
    expect((await again.image()).data).toEqual((await t.image()).data);
    const other = transformSample({ sample, transform: randomCrop({ size: 16, seed: 1 }), seed: 3 });
    expect(other.turns!.map((x) => x.mask_rle)).not.toEqual(t.turns!.map((x) => x.mask_rle));
  });
});
