import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/index.js';
import { decodeImage, decodeLabelMap } from '../../src/mask/index.js';
import { noisePng } from '../format/make-records.js';
import { pngVariants } from './png-variants.js';

describe('decodeImage and decodeLabelMap', () => {
  it('give exactly what sharp gives for every kind of image, whichever decoder runs', async () => {
    for (const { name, png } of await pngVariants()) {
      const { data, info } = await sharp(png, { failOn: 'error' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      const image = await decodeImage({ bytes: png, name });
      expect([image.width, image.height, image.channels], name).toEqual([info.width, info.height, info.channels]);
      expect(Buffer.from(image.data).equals(data), name).toBe(true);
    }
  });

  it('give what sharp gives for photographs too, large enough to inflate on the thread pool, and for large flat images', async () => {
    // Noise PNGs inflate like photographs (about their own size over again); a flat one inflates 300×.
    const photos = await Promise.all([noisePng(1, 300), noisePng(2, 700)]);
    const flat = new Uint8Array(await sharp({ create: { width: 1024, height: 1024, channels: 3, background: '#406080' } }).png().toBuffer());
    for (const png of [...photos, flat]) {
      const { data, info } = await sharp(png, { failOn: 'error' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      const image = await decodeImage({ bytes: png, name: 'photo', width: info.width, height: info.height });
      expect([image.width, image.height, image.channels]).toEqual([info.width, info.height, info.channels]);
      expect(Buffer.from(image.data).equals(data)).toBe(true);
    }
    expect(photos.map((p) => p.length > 32 * 1024)).toEqual([true, true]);
  });

  it('decodeLabelMap reads the ids each kind stores: grey values as sharp gives them, palette indices, exact 16-bit; colour and JPEG refused', async () => {
    const outcomes: Record<string, string> = {};
    for (const { name, png } of await pngVariants()) {
      const { data, info } = await sharp(png, { failOn: 'error' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      const labels = await decodeLabelMap({ bytes: png, name, width: info.width, height: info.height }).catch((e: unknown) => e);
      if (labels instanceof FormatError) {
        outcomes[name] = labels.message.replace(/^image: [^:]*: cannot decode: /, '').split(':')[0];
        continue;
      }
      const ids = labels as Uint8Array;
      expect(ids).toHaveLength(info.width * info.height);
      const plte = chunkOf(png, 'PLTE');
      if (plte) {
        // Each id is the palette index of the colour sharp shows at that pixel.
        for (let i = 0; i < ids.length; i++) {
          const at = i * info.channels;
          expect([...plte.subarray(ids[i] * 3, ids[i] * 3 + 3)], `${name} pixel ${i}`).toEqual([...data.subarray(at, at + 3)]);
        }
        outcomes[name] = 'palette indices';
      } else {
        const first = await sharp(png, { failOn: 'error' }).extractChannel(0).raw({ depth: 'uchar' }).toBuffer();
        expect(Buffer.from(ids).equals(first), name).toBe(true);
        outcomes[name] = 'grey values';
      }
    }
    expect(outcomes).toEqual({
      'RGB, adaptive filters': 'a colour image, not label ids',
      'RGB, no filters': 'a colour image, not label ids',
      RGBA: 'a colour image, not label ids',
      grey: 'grey values',
      'grey + alpha': 'grey values',
      'grey label ids': 'grey values',
      'RGB, IDAT in 100-byte pieces, a tEXt chunk': 'a colour image, not label ids',
      palette: 'palette indices',
      'palette with transparency': 'palette indices',
      '16-bit RGB': 'a colour image, not label ids',
      // sharp widens 8-bit grey to 16 bits by × 257: exactly the 8-bit values again.
      '16-bit grey': 'grey values',
      'Adam7 interlaced RGB': 'a colour image, not label ids',
      'RGB with a gAMA chunk': 'a colour image, not label ids',
      JPEG: 'label maps must be PNG files, this is a JPEG (label ids survive only lossless storage of one value per pixel)',
    });
  });

  it('still rejects a broken file and a label map of the wrong size with IMAGE_INVALID', async () => {
    const [{ png: rgb }] = await pngVariants();
    const cut = rgb.subarray(0, rgb.length - 30);
    await expect(decodeImage({ bytes: cut, name: 'cut.png' })).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    await expect(decodeLabelMap({ bytes: cut, name: 'cut.png' })).rejects.toThrow(FormatError);
    await expect(decodeLabelMap({ bytes: rgb, name: 'm.png', width: 36, height: 23 })).rejects.toThrow(/label map is 37×23, expected 36×23/);
  });
});

/** The data of the first chunk of this type, or undefined. */
function chunkOf(png: Uint8Array, type: string): Uint8Array | undefined {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  for (let p = 8; p + 12 <= png.length; ) {
    const length = view.getUint32(p);
    if (String.fromCharCode(...png.subarray(p + 4, p + 8)) === type) return png.subarray(p + 8, p + 8 + length);
    p += 12 + length;
  }
  return undefined;
}
