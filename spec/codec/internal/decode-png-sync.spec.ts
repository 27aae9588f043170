import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngSync } from '../../../src/codec/internal/decode-png-sync.js';
import { pngVariants } from '../png-variants.js';

describe('decodePngSync', () => {
  it('decodes the plain kinds to exactly the samples stored, and leaves every other kind to sharp', async () => {
    for (const { name, png, plain } of await pngVariants()) {
      const out = decodePngSync(png, 1 << 24);
      expect(out !== undefined, name).toBe(plain);
      if (!out) continue;
      // sharp keeps the stored channels when told the input's interpretation stays as is.
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      const expected = out.channels <= 2 ? (await sharp(png).extractChannel(0).raw().toBuffer()) : data;
      const got = out.channels <= 2 ? Uint8Array.from({ length: out.width * out.height }, (_, i) => out.data[i * out.channels]) : out.data;
      expect([out.width, out.height], name).toEqual([info.width, info.height]);
      expect(Buffer.from(got).equals(expected), name).toBe(true);
    }
  });

  it('defers what it cannot vouch for: too many pixels, a cut-off file, an image stream of the wrong length, an unknown filter', async () => {
    const [{ png: rgb }] = await pngVariants();
    expect(decodePngSync(rgb, 100)).toBeUndefined();
    expect(decodePngSync(rgb.subarray(0, rgb.length - 20), 1 << 24)).toBeUndefined();
    expect(decodePngSync(Uint8Array.of(1, 2, 3), 1 << 24)).toBeUndefined();
    // A hand-made 2×1 grey PNG whose only row has filter type 9.
    const ihdr = Uint8Array.of(0, 0, 0, 2, 0, 0, 0, 1, 8, 0, 0, 0, 0);
    const make = (rows: Uint8Array) => {
      const parts: number[] = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
      const chunk = (type: string, body: Uint8Array) => {
        parts.push(...[24, 16, 8, 0].map((s) => (body.length >>> s) & 255), ...[...type].map((c) => c.charCodeAt(0)), ...body, 0, 0, 0, 0);
      };
      chunk('IHDR', ihdr);
      chunk('IDAT', deflateSync(rows));
      chunk('IEND', new Uint8Array());
      return Uint8Array.from(parts);
    };
    expect(decodePngSync(make(Uint8Array.of(0, 7, 9)), 1 << 24)?.data).toEqual(Uint8Array.of(7, 9));
    expect(decodePngSync(make(Uint8Array.of(9, 7, 9)), 1 << 24)).toBeUndefined();
    expect(decodePngSync(make(Uint8Array.of(0, 7)), 1 << 24)).toBeUndefined();
    expect(decodePngSync(make(Uint8Array.of(0, 7, 9, 9)), 1 << 24)).toBeUndefined();
  });
});
