import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { applyTransform } from '../../src/transforms/apply-transform.js';
import { jpeg } from '../../src/transforms/jpeg.js';
import { webp } from '../../src/transforms/webp.js';
import { labelled } from './helpers.js';

// ITU T.81 Annex K tables in natural (row-major) order, as libjpeg ships them.
const LUMA = [
  16, 11, 10, 16, 24, 40, 51, 61, 12, 12, 14, 19, 26, 58, 60, 55, 14, 13, 16, 24, 40, 57, 69, 56, 14, 17, 22, 29, 51, 87, 80, 62,
  18, 22, 37, 56, 68, 109, 103, 77, 24, 35, 55, 64, 81, 104, 113, 92, 49, 64, 78, 87, 103, 121, 120, 101, 72, 92, 95, 98, 112, 100, 103, 99,
];
const CHROMA = [
  17, 18, 24, 47, 99, 99, 99, 99, 18, 21, 26, 66, 99, 99, 99, 99, 24, 26, 56, 99, 99, 99, 99, 99, 47, 66, 99, 99, 99, 99, 99, 99,
  ...new Array(32).fill(99),
];
// DQT stores coefficients in zigzag order; ZIGZAG[k] is the natural index of the k-th one.
const ZIGZAG = [
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56,
  57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/** libjpeg's jpeg_quality_scaling + jpeg_add_quant_table (force_baseline). */
function ijgTable(base: number[], quality: number): number[] {
  const s = quality < 50 ? Math.floor(5000 / quality) : 200 - quality * 2;
  return base.map((v) => Math.min(255, Math.max(1, Math.floor((v * s + 50) / 100))));
}

/** Quantization tables of a JPEG file by table id, in natural order. */
function dqtTables(bytes: Uint8Array): Map<number, number[]> {
  const tables = new Map<number, number[]>();
  expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
  let i = 2;
  while (i + 4 <= bytes.length) {
    expect(bytes[i]).toBe(0xff);
    const marker = bytes[i + 1];
    const length = (bytes[i + 2] << 8) | bytes[i + 3];
    if (marker === 0xda) break; // start of scan: no table follows in a baseline file
    if (marker === 0xdb) {
      let p = i + 4;
      while (p < i + 2 + length) {
        const precision = bytes[p] >> 4;
        const id = bytes[p] & 15;
        p++;
        const natural = new Array<number>(64);
        for (let k = 0; k < 64; k++) natural[ZIGZAG[k]] = precision ? (bytes[p + 2 * k] << 8) | bytes[p + 2 * k + 1] : bytes[p + k];
        p += precision ? 128 : 64;
        tables.set(id, natural);
      }
    }
    i += 2 + length;
  }
  return tables;
}

describe('jpeg(quality)', () => {
  const input = labelled(96, 64);

  it.each([60, 80, 30, 95, 1, 100])('writes the standard IJG tables scaled for quality %i, and the file decodes', async (quality) => {
    const out = await applyTransform({ transform: jpeg({ quality: quality }), ...input, id: 'a' });
    expect(out.encoded?.format).toBe('jpeg');
    const bytes = out.encoded!.bytes;
    const tables = dqtTables(bytes);
    expect(tables.get(0)).toEqual(ijgTable(LUMA, quality));
    expect(tables.get(1)).toEqual(ijgTable(CHROMA, quality));
    // The pixels returned are the decoding of exactly these bytes.
    const decoded = await sharp(bytes).raw().toBuffer({ resolveWithObject: true });
    expect(decoded.info).toMatchObject({ width: 96, height: 64, channels: 3, format: 'raw' });
    expect(new Uint8Array(decoded.data)).toEqual(out.image.data);
    expect((await sharp(bytes).metadata()).chromaSubsampling).toBe('4:2:0');
  });

  it('distorts the pixels (lower quality, larger error) and leaves the label map untouched', async () => {
    const err = async (q: number) => {
      const out = await applyTransform({ transform: jpeg({ quality: q }), ...input, id: 'a' });
      expect(out.labelMap).toEqual(input.labelMap);
      let sum = 0;
      for (let i = 0; i < out.image.data.length; i++) sum += Math.abs(out.image.data[i] - input.image.data[i]);
      return sum / out.image.data.length;
    };
    const e30 = await err(30);
    const e90 = await err(90);
    expect(e90).toBeGreaterThan(0);
    expect(e30).toBeGreaterThan(e90);
  });

  it('is deterministic: the same input gives the same bytes', async () => {
    const a = await applyTransform({ transform: jpeg({ quality: 60 }), ...input, id: 'a' });
    const b = await applyTransform({ transform: jpeg({ quality: 60 }), ...input, id: 'b', seed: 9 });
    expect(Buffer.from(a.encoded!.bytes).equals(Buffer.from(b.encoded!.bytes))).toBe(true);
  });

  it('writes the standard Huffman tables, as PIL does; optimiseCoding: the same pixels in a smaller file', async () => {
    const photo = labelled(256, 192);
    const plain = (await applyTransform({ transform: jpeg({ quality: 60 }), ...photo, id: 'a' })).encoded!.bytes;
    const optimised = await applyTransform({ transform: jpeg({ quality: 60, optimiseCoding: true }), ...photo, id: 'a' });
    // The luminance DC table of ITU T.81 Annex K.3 (class 0, id 0): code counts, then symbols.
    const standardDc = Buffer.from([0x00, 0, 1, 5, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    expect(Buffer.from(plain).includes(standardDc)).toBe(true);
    expect(Buffer.from(optimised.encoded!.bytes).includes(standardDc)).toBe(false);
    expect(optimised.encoded!.bytes.length).toBeLessThan(plain.length);
    expect(new Uint8Array(await sharp(plain).raw().toBuffer())).toEqual(optimised.image.data);
    expect(optimised.encoded!.format).toBe('jpeg');
    expect(jpeg({ quality: 60, optimiseCoding: true }).name).toBe('jpeg(60, optimiseCoding)');
    expect(() => jpeg({ quality: 60, optimiseCoding: 'yes' as unknown as boolean })).toThrow(/optimiseCoding must be a boolean/);
  });

  it('webp(quality) encodes a decodable WebP and keeps labels', async () => {
    const out = await applyTransform({ transform: webp({ quality: 75 }), ...input, id: 'a' });
    expect(out.encoded?.format).toBe('webp');
    expect((await sharp(out.encoded!.bytes).metadata()).format).toBe('webp');
    const decoded = await sharp(out.encoded!.bytes).raw().toBuffer();
    expect(new Uint8Array(decoded)).toEqual(out.image.data);
    expect(out.labelMap).toEqual(input.labelMap);
  });
});
