import sharp from 'sharp';
import { FormatError } from '../errors.js';
import type { DecodedImage } from '../schema/decoded.js';

/**
 * Decodes an encoded image (PNG, JPEG, WebP …) into raw interleaved 8-bit pixels with sharp:
 * RGB (3 channels), or RGBA (4) when the image has alpha — libvips expands grey images to RGB;
 * 16-bit input is reduced to 8. Label maps have their own decoder, `decodeLabelMap`.
 *
 * @param params.name - what to call the image in an error (e.g. `data/x.parquet, record ds-000001, image`).
 * @throws {FormatError} code `IMAGE_INVALID` naming the image when the bytes are not a readable image.
 * @example
 * const { data, width, height, channels } = await decodeImage({ bytes: pngBytes, name: 'cat.png' });
 */
export async function decodeImage(params: { bytes: Uint8Array; name: string }): Promise<DecodedImage> {
  const { bytes, name } = params;
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error' }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    return {
      data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
      width: info.width,
      height: info.height,
      channels: info.channels,
    };
  } catch (cause) {
    throw new FormatError({ module: 'image', file: name, code: 'IMAGE_INVALID', message: `cannot decode: ${(cause as Error).message}`, cause });
  }
}
