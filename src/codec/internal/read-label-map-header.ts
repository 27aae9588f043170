import sharp from 'sharp';
import { FormatError } from '../../errors.js';
import { MAX_IMAGE_PIXELS } from '../../schema/limits.js';
import { type PngHeader, readPngHeader } from './read-png.js';

/**
 * The header of a label-map PNG, checked before any pixel is inflated: a PNG (label ids survive
 * only lossless storage of one value per pixel), of the expected size when one is given, of at
 * most `MAX_IMAGE_PIXELS`. The one check of the label-map decoder and the label-id scan.
 * @throws {FormatError} code `IMAGE_INVALID` naming the file and saying why.
 * @internal
 */
export async function readLabelMapHeader(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<PngHeader> {
  const { bytes } = params;
  let header: PngHeader | undefined;
  try {
    header = readPngHeader(bytes);
  } catch (cause) {
    throw labelMapError(params.name, `cannot decode: ${(cause as Error).message}`, cause);
  }
  if (!header) {
    const format = await sharp(bytes)
      .metadata()
      .then((m) => m.format?.toUpperCase())
      .catch(() => undefined);
    throw labelMapError(params.name, `cannot decode: label maps must be PNG files, this is ${format ? `a ${format}` : 'not an image'} (label ids survive only lossless storage of one value per pixel)`);
  }
  const { width, height } = header;
  if ((params.width !== undefined && width !== params.width) || (params.height !== undefined && height !== params.height)) {
    throw labelMapError(params.name, `label map is ${width}×${height}, expected ${params.width}×${params.height}`);
  }
  if (width * height > MAX_IMAGE_PIXELS) throw labelMapError(params.name, `label map is ${width}×${height}, more than the ${MAX_IMAGE_PIXELS} pixels (16383²) any mask may have`);
  return header;
}

/** The error of a label map that cannot be read. @internal */
export function labelMapError(name: string, message: string, cause?: unknown): FormatError {
  return new FormatError({ module: 'image', file: name, code: 'IMAGE_INVALID', message, cause });
}
