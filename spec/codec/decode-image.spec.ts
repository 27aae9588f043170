import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { FormatError, decodeImage, decodeLabelMap } from '../../src/index.js';
import { pngVariants } from './png-variants.js';

describe('decodeImage and decodeLabelMap', () => {
  it('give exactly what sharp gives for every kind of image, whichever decoder runs', async () => {
    for (const { name, png } of await pngVariants()) {
      const { data, info } = await sharp(png, { failOn: 'error' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      const image = await decodeImage({ bytes: png, name });
      expect([image.width, image.height, image.channels], name).toEqual([info.width, info.height, info.channels]);
      expect(Buffer.from(image.data).equals(data), name).toBe(true);
      const first = await sharp(png, { failOn: 'error' }).extractChannel(0).raw({ depth: 'uchar' }).toBuffer();
      const labels = await decodeLabelMap({ bytes: png, name, width: info.width, height: info.height });
      expect(labels).toHaveLength(info.width * info.height);
      expect(Buffer.from(labels).equals(first), name).toBe(true);
    }
  });

  it('still rejects a broken file and a label map of the wrong size with IMAGE_INVALID', async () => {
    const [{ png: rgb }] = await pngVariants();
    const cut = rgb.subarray(0, rgb.length - 30);
    await expect(decodeImage({ bytes: cut, name: 'cut.png' })).rejects.toMatchObject({ code: 'IMAGE_INVALID' });
    await expect(decodeLabelMap({ bytes: cut, name: 'cut.png' })).rejects.toThrow(FormatError);
    await expect(decodeLabelMap({ bytes: rgb, name: 'm.png', width: 36, height: 23 })).rejects.toThrow(/label map is 37×23, expected 36×23/);
  });
});
