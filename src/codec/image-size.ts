import sharp from 'sharp';
import { FormatError } from '../errors.js';

/**
 * Width and height of an encoded image from its header alone (no pixel is decoded).
 * @throws {FormatError} code `IMAGE_INVALID` naming `name` when the bytes are not an image sharp reads.
 * @example
 * const { width, height } = await imageSize({ bytes: png, name: 'train/00000001.mask.png' });
 */
export async function imageSize(params: { bytes: Uint8Array; name: string }): Promise<{ width: number; height: number }> {
  try {
    const { width, height } = await sharp(params.bytes).metadata();
    if (!width || !height) throw new Error('no size in the header');
    return { width, height };
  } catch (cause) {
    throw new FormatError({ module: 'image', file: params.name, code: 'IMAGE_INVALID', message: `cannot read the image header: ${(cause as Error).message}`, cause });
  }
}
