/**
 * The encoder of a transform that is one encode (jpeg, webp): what `diffseg30k distort` calls
 * instead of the transform, to store the file without decoding it again. It must give the very
 * bytes the transform's result carries, from the file as from the decoded pixels.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodeImage } from '../../../src/codec/decode-image.js';
import { applyTransform } from '../../../src/transforms/apply-transform.js';
import { compose } from '../../../src/transforms/compose.js';
import { gaussianBlur } from '../../../src/transforms/gaussian-blur.js';
import { encoderOf } from '../../../src/transforms/internal/encoder.js';
import { jpeg } from '../../../src/transforms/jpeg.js';
import { resize } from '../../../src/transforms/resize.js';
import { ROBUSTNESS_PRESETS } from '../../../src/transforms/robustness-preset.js';
import { webp } from '../../../src/transforms/webp.js';

describe('encoderOf', () => {
  it('jpeg and webp: the bytes of the transform\'s own result, from the PNG file and from decoded pixels alike', async () => {
    const width = 48;
    const height = 40;
    const raw = Uint8Array.from({ length: width * height * 3 }, (_, i) => (i * 37 + (i >> 7) * 11) & 255);
    const png = new Uint8Array(await sharp(raw, { raw: { width, height, channels: 3 } }).png().toBuffer());
    const image = await decodeImage({ bytes: png, name: 'fixture.png' });
    const labelMap = new Uint8Array(width * height).fill(3);
    for (const transform of [jpeg({ quality: 60 }), jpeg({ quality: 80 }), webp({ quality: 50 })]) {
      const encoder = encoderOf(transform);
      expect(encoder, transform.name).toBeDefined();
      const expected = (await applyTransform({ transform, image, labelMap, id: 'x' })).encoded!;
      for (const source of [png, image]) {
        const encoded = await encoder!(source);
        expect(encoded.format).toBe(expected.format);
        expect(Buffer.from(encoded.bytes).equals(Buffer.from(expected.bytes)), transform.name).toBe(true);
      }
    }
  });

  it('no encoder for a transform that does more than encode (a composition ending in one included)', () => {
    for (const transform of [resize({ size: 32 }), gaussianBlur({ sigma: 1 }), compose([gaussianBlur({ sigma: 1 }), jpeg({ quality: 80 })]), { name: 'mine', apply: async () => ({}) as never }]) {
      expect(encoderOf(transform), transform.name).toBeUndefined();
    }
    // Every JPEG and WebP preset gets distort's shortcut.
    const shortcut = Object.values(ROBUSTNESS_PRESETS).filter((p) => encoderOf(p.transform)).map((p) => p.name);
    expect(shortcut).toEqual(['jpeg60', 'jpeg80', 'jpeg30', 'jpeg90', 'webp50', 'webp75']);
  });
});
