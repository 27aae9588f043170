import sharp from 'sharp';
import { FormatError } from '../errors.js';

/**
 * Decodes a label-map mask PNG (8-bit grey, pixel value = label id) into `width × height` bytes.
 * Only the first channel is taken — libvips would otherwise expand even a grey PNG to RGB — so a
 * mask some tool stored as grey+alpha or as RGB with equal channels decodes the same. A size
 * other than the expected one is an error, never a silently misaligned mask.
 *
 * @throws {FormatError} code `IMAGE_INVALID` naming the mask when it cannot be decoded or has the wrong size.
 * @example
 * const labels = await decodeLabelMap({ bytes: maskPng, name: 'ds-000001.mask.png', width: 256, height: 256 });
 */
export async function decodeLabelMap(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<Uint8Array> {
  const { bytes, name } = params;
  let decoded;
  try {
    decoded = await sharp(bytes, { failOn: 'error' }).extractChannel(0).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new FormatError({ module: 'image', file: name, code: 'IMAGE_INVALID', message: `cannot decode: ${(cause as Error).message}`, cause });
  }
  const { data, info } = decoded;
  if ((params.width !== undefined && info.width !== params.width) || (params.height !== undefined && info.height !== params.height)) {
    throw new FormatError({
      module: 'image',
      file: name,
      code: 'IMAGE_INVALID',
      message: `label map is ${info.width}×${info.height}, expected ${params.width}×${params.height}`,
    });
  }
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
