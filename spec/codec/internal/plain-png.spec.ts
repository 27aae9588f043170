import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { decodePngAsync } from '../../../src/codec/internal/decode-png-async.js';
import { decodePngSync } from '../../../src/codec/internal/decode-png-sync.js';
import { noisePng } from '../../format/make-records.js';
import { pngVariants } from '../png-variants.js';

// The plain-PNG decoder, inflating on the calling thread or on libuv's thread pool: the same
// pixels, and the same files deferred to sharp.
const decoders = [
  { decoder: 'decodePngSync', decode: (bytes: Uint8Array, maxPixels: number) => Promise.resolve(decodePngSync(bytes, maxPixels)) },
  { decoder: 'decodePngAsync', decode: decodePngAsync },
];

describe.each(decoders)('$decoder', ({ decode }) => {
  it('decodes the plain kinds to exactly the samples stored, and leaves every other kind to sharp', async () => {
    for (const { name, png, plain } of await pngVariants()) {
      const out = await decode(png, 1 << 24);
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
    expect(await decode(rgb, 100)).toBeUndefined();
    expect(await decode(rgb.subarray(0, rgb.length - 20), 1 << 24)).toBeUndefined();
    expect(await decode(Uint8Array.of(1, 2, 3), 1 << 24)).toBeUndefined();
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
    expect((await decode(make(Uint8Array.of(0, 7, 9)), 1 << 24))?.data).toEqual(Uint8Array.of(7, 9));
    expect(await decode(make(Uint8Array.of(9, 7, 9)), 1 << 24)).toBeUndefined();
    expect(await decode(make(Uint8Array.of(0, 7)), 1 << 24)).toBeUndefined();
    expect(await decode(make(Uint8Array.of(0, 7, 9, 9)), 1 << 24)).toBeUndefined();
  });

  it('decodes many multi-chunk PNGs at once, each to its own pixels (the buffers the chunks are joined in are reused)', async () => {
    // 128² noise: ~48 KB of image stream in 8 KiB IDAT chunks, as libvips writes it.
    const pngs = await Promise.all(Array.from({ length: 12 }, (_, i) => noisePng(i, 128)));
    const idats = (png: Uint8Array) => Buffer.from(png).toString('latin1').split('IDAT').length - 1;
    expect(idats(pngs[0])).toBeGreaterThan(1);
    const expected = await Promise.all(pngs.map(async (png) => new Uint8Array(await sharp(png).raw().toBuffer())));
    for (let round = 0; round < 3; round++) {
      const got = await Promise.all(pngs.map((png) => decode(png, 1 << 24)));
      got.forEach((out, i) => expect(Buffer.from(out!.data).equals(expected[i]), `png ${i}, round ${round}`).toBe(true));
    }
  });
});
