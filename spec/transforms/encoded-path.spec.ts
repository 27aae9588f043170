/**
 * The encoded-input path (`applyEncoded`): starting a sharp step from the PNG file must give
 * exactly what the decoded path gives — pixels, label map, selection and encoded bytes — and
 * `transformSample` must use it only where that holds.
 */
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { type Sample } from '../../src/index.js';
import { createSample } from '../../src/format/index.js';
import { decodeImage } from '../../src/mask/index.js';
import { applyEncodedTransform } from '../../src/transforms/internal/apply-encoded.js';
import { ROBUSTNESS_PRESETS, robustnessPreset } from '../../src/transforms/robustness-preset.js';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { compose } from '../../src/transforms/compose.js';
import { gaussianBlur } from '../../src/transforms/gaussian-blur.js';
import { jpeg } from '../../src/transforms/jpeg.js';
import { resize } from '../../src/transforms/resize.js';
import { transformSample } from '../../src/sample/transform-sample.js';
import { makeRecord } from '../fixtures/make-record.js';

async function texturedPng(width: number, height: number, channels: 3 | 4): Promise<Uint8Array> {
  const data = new Uint8Array(width * height * channels);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * channels;
      data[o] = (x * 7 + y * 3) & 255;
      data[o + 1] = (x * y) & 255;
      data[o + 2] = ((x - y) * 5) & 255;
      if (channels === 4) data[o + 3] = 128 + ((x + y) & 127);
    }
  }
  return new Uint8Array(await sharp(data, { raw: { width, height, channels } }).png().toBuffer());
}

function labelsOf(width: number, height: number): Uint8Array {
  return Uint8Array.from({ length: width * height }, (_, p) => ((p % width) * 3 < width ? 4 : Math.floor(p / width) * 2 < height ? 0 : 7));
}

const presetsWithEncodedPath = Object.keys(ROBUSTNESS_PRESETS).filter((name) => robustnessPreset(name).transform.applyEncoded);

describe('applyEncoded gives exactly what apply gives on the decoded image', () => {
  it('covers the sharp-first presets (and none of the pixel-level ones)', () => {
    expect(presetsWithEncodedPath).toEqual(expect.arrayContaining(['jpeg60', 'jpeg80', 'resize256', 'resize1024', 'webp75', 'blur1', 'resize256+jpeg80']));
    expect(presetsWithEncodedPath).not.toContain('noise5');
  });

  for (const channels of [3, 4] as const) {
    it(`for every such preset on a ${channels === 3 ? 'RGB' : 'RGBA'} PNG`, async () => {
      const width = 300;
      const height = 200;
      const bytes = await texturedPng(width, height, channels);
      const labelMap = labelsOf(width, height);
      const image = await decodeImage({ bytes, name: 'test.png' });
      for (const name of presetsWithEncodedPath) {
        const { transform } = robustnessPreset(name);
        const viaPixels = await applyTransform({ transform, image, labelMap, id: 'a' });
        const viaFile = await applyEncodedTransform(transform, { bytes, width, height, labelMap }, { id: 'a' });
        expect([viaFile.image.width, viaFile.image.height, viaFile.image.channels], name).toEqual([viaPixels.image.width, viaPixels.image.height, viaPixels.image.channels]);
        expect(Buffer.from(viaFile.image.data).equals(Buffer.from(viaPixels.image.data)), name).toBe(true);
        expect(Buffer.from(viaFile.labelMap).equals(Buffer.from(viaPixels.labelMap)), name).toBe(true);
        expect(viaFile.sourceIndex ?? null, name).toEqual(viaPixels.sourceIndex ?? null);
        expect(viaFile.encoded?.format, name).toBe(viaPixels.encoded?.format);
        if (viaPixels.encoded) expect(Buffer.from(viaFile.encoded!.bytes).equals(Buffer.from(viaPixels.encoded.bytes)), name).toBe(true);
      }
    });
  }

  it('rejects a label map of the wrong size', async () => {
    const bytes = await texturedPng(20, 10, 3);
    await expect(applyEncodedTransform(jpeg({ quality: 60 }), { bytes, width: 20, height: 10, labelMap: new Uint8Array(5) }, { id: 'a' })).rejects.toThrow(/label map has 5 pixels/);
  });
});

describe('transformSample takes the encoded path only where it is exact', () => {
  const withoutDecode = (sample: Sample): Sample => ({
    ...sample,
    image: () => Promise.reject(new Error('decoded path used')),
  });

  it('starts from the PNG file of an 8-bit RGB record (no decode of its own)', async () => {
    const record = await makeRecord({ id: 'r', width: 64, height: 48, turns: [{ generator: 'sdxl', rect: [4, 4, 20, 20] }] });
    const sample = createSample({ record, file: 'memory' });
    const t = transformSample({ sample: withoutDecode(sample), transform: compose([resize({ size: 32 }), jpeg({ quality: 80 })]) });
    const reference = transformSample({ sample, transform: compose([resize({ size: 32 }), jpeg({ quality: 80 })]) });
    const image = await t.image();
    expect([image.width, image.height]).toEqual([42, 32]); // the shorter side becomes 32
    expect(Buffer.from(image.data).equals(Buffer.from((await reference.image()).data))).toBe(true);
    expect(Array.from(await t.labelMap())).toEqual(Array.from(await reference.labelMap()));
  });

  it('decodes first for a grey PNG, a JPEG, or a transform without an encoded path', async () => {
    const record = await makeRecord({ id: 'r', width: 32, height: 24 });
    const grey = { ...record, image: { bytes: new Uint8Array(await sharp(new Uint8Array(32 * 24), { raw: { width: 32, height: 24, channels: 1 } }).toColourspace('b-w').png().toBuffer()), path: 'g.png' } };
    const asJpeg = { ...record, image: { bytes: new Uint8Array(await sharp(record.image.bytes!).jpeg().toBuffer()), path: 'j.jpg' } };
    for (const r of [grey, asJpeg]) {
      const t = transformSample({ sample: withoutDecode(createSample({ record: r, file: 'memory' })), transform: gaussianBlur({ sigma: 1 }) });
      await expect(t.image()).rejects.toThrow('decoded path used');
      const ok = transformSample({ sample: createSample({ record: r, file: 'memory' }), transform: gaussianBlur({ sigma: 1 }) });
      expect((await ok.image()).width).toBe(32);
    }
    const custom = { name: 'identity', apply: async (input: { image: never; labelMap: Uint8Array }) => input };
    const t = transformSample({ sample: withoutDecode(createSample({ record, file: 'memory' })), transform: custom });
    await expect(t.image()).rejects.toThrow('decoded path used');
  });
});
