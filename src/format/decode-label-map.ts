import { FormatError } from '../errors.js';
import { decodeImage } from './decode-image.js';

/**
 * Decodes a label-map mask PNG (8-bit grey, pixel value = label id) into `width × height` bytes.
 * A mask stored with more channels (grey+alpha, or RGB with equal channels, as some tools write)
 * is reduced to its first channel; a size other than the expected one is an error, never a
 * silently misaligned mask.
 *
 * @throws {FormatError} code `IMAGE_INVALID` naming the mask when it cannot be decoded or has the wrong size.
 * @example
 * const labels = await decodeLabelMap({ bytes: maskPng, name: 'ds-000001.mask.png', width: 256, height: 256 });
 */
export async function decodeLabelMap(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<Uint8Array> {
  const image = await decodeImage({ bytes: params.bytes, name: params.name });
  if (
    (params.width !== undefined && image.width !== params.width) ||
    (params.height !== undefined && image.height !== params.height)
  ) {
    throw new FormatError({
      module: 'image',
      file: params.name,
      code: 'IMAGE_INVALID',
      message: `label map is ${image.width}×${image.height}, expected ${params.width}×${params.height}`,
    });
  }
  if (image.channels === 1) return image.data;
  const n = image.width * image.height;
  const out = new Uint8Array(n);
  for (let i = 0, j = 0; i < n; i++, j += image.channels) out[i] = image.data[j];
  return out;
}
