import sharp from 'sharp';
import { FormatError } from '../errors.js';
import { decodePngSync } from './internal/decode-png-sync.js';

/** Largest label map decoded synchronously (a mask PNG is mostly runs: it inflates fast at any size). */
const SYNC_MAX_PIXELS = 8192 * 8192;

/**
 * Decodes a label-map mask PNG (8-bit grey, pixel value = label id) into `width × height` bytes.
 * Only the first channel is taken — libvips would otherwise expand even a grey PNG to RGB — so a
 * mask some tool stored as grey+alpha or as RGB with equal channels decodes the same. A size
 * other than the expected one is an error, never a silently misaligned mask.
 *
 * A plain PNG (8-bit grey/RGB(A), not interlaced, no palette, transparency or colour chunk) is
 * decoded synchronously without sharp, to the very same bytes; everything else goes through sharp.
 *
 * @throws {FormatError} code `IMAGE_INVALID` naming the mask when it cannot be decoded or has the wrong size.
 * @example
 * const labels = await decodeLabelMap({ bytes: maskPng, name: 'ds-000001.mask.png', width: 256, height: 256 });
 */
export async function decodeLabelMap(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<Uint8Array> {
  const { bytes, name } = params;
  let data: Uint8Array;
  let info: { width: number; height: number };
  const stored = decodePngSync(bytes, SYNC_MAX_PIXELS);
  if (stored) {
    info = stored;
    data = stored.channels === 1 ? stored.data : firstChannel(stored.data, stored.channels);
  } else {
    try {
      const decoded = await sharp(bytes, { failOn: 'error' }).extractChannel(0).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
      info = decoded.info;
      data = new Uint8Array(decoded.data.buffer, decoded.data.byteOffset, decoded.data.byteLength);
    } catch (cause) {
      throw new FormatError({ module: 'image', file: name, code: 'IMAGE_INVALID', message: `cannot decode: ${(cause as Error).message}`, cause });
    }
  }
  if ((params.width !== undefined && info.width !== params.width) || (params.height !== undefined && info.height !== params.height)) {
    throw new FormatError({
      module: 'image',
      file: name,
      code: 'IMAGE_INVALID',
      message: `label map is ${info.width}×${info.height}, expected ${params.width}×${params.height}`,
    });
  }
  return data;
}

function firstChannel(data: Uint8Array, channels: number): Uint8Array {
  const out = new Uint8Array(data.length / channels);
  for (let i = 0, j = 0; j < out.length; i += channels, j++) out[j] = data[i];
  return out;
}
