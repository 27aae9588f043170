import sharp from 'sharp';
import { FormatError } from '../errors.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';
import { labelsFromPngRows } from './internal/labels-from-png-rows.js';
import { type PngHeader, inflatePngRows, readPngHeader } from './internal/read-png.js';

/**
 * Decodes a label-map PNG into `width × height` label ids — the one decoder of every label map
 * the package reads: dataset masks, `eval` predictions, transforms. It reads the ids the file
 * stores, never the colours a viewer would show (which is what libvips gives):
 *
 * - 8-bit (or 1/2/4-bit) greyscale: the stored value — the format's own kind;
 * - palette PNGs (what PIL writes for mode `P`, the PASCAL VOC convention): the palette index;
 * - 16-bit greyscale (OpenCV or PIL saving a uint16 array): the value when all are ≤ 255, else
 *   the value ÷ 257 when all are multiples of 257; other 16-bit maps are refused;
 * - grey+alpha: the grey value; RGB(A) with R = G = B everywhere: that value;
 * - refused with a clear error: a colour-coded RGB map, a JPEG or any other non-PNG format
 *   (lossy or not, label ids are PNG's), an interlaced palette or 16-bit PNG.
 *
 * The header is read first: a size other than the expected one, or more than
 * `MAX_IMAGE_PIXELS`, is refused before anything is inflated, and inflating stops at the size the
 * header announces — a mask bomb costs nothing.
 *
 * @param params.width - expected width (the record's); refused from the header when it differs.
 * @param params.height - expected height.
 * @throws {FormatError} code `IMAGE_INVALID` naming the mask and saying why.
 * @example
 * const labels = await decodeLabelMap({ bytes: maskPng, name: 'ds-000001.mask.png', width: 256, height: 256 });
 */
export async function decodeLabelMap(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<Uint8Array> {
  const { bytes, name } = params;
  const fail = (message: string, cause?: unknown) => new FormatError({ module: 'image', file: name, code: 'IMAGE_INVALID', message, cause });
  let header: PngHeader | undefined;
  try {
    header = readPngHeader(bytes);
  } catch (cause) {
    throw fail(`cannot decode: ${(cause as Error).message}`, cause);
  }
  if (!header) {
    const format = await sharp(bytes)
      .metadata()
      .then((m) => m.format?.toUpperCase())
      .catch(() => undefined);
    throw fail(`cannot decode: label maps must be PNG files, this is ${format ? `a ${format}` : 'not an image'} (label ids survive only lossless storage of one value per pixel)`);
  }
  const { width, height } = header;
  if ((params.width !== undefined && width !== params.width) || (params.height !== undefined && height !== params.height)) {
    throw fail(`label map is ${width}×${height}, expected ${params.width}×${params.height}`);
  }
  if (width * height > MAX_IMAGE_PIXELS) throw fail(`label map is ${width}×${height}, more than the ${MAX_IMAGE_PIXELS} pixels (16383²) any mask may have`);

  if (header.interlaced) return interlaced(bytes, header, fail);
  try {
    const { rows, stride } = inflatePngRows(bytes, header);
    // One byte a pixel, grey value or palette index: the rows are already the answer, no copy.
    if ((header.colorType === 0 || header.colorType === 3) && header.bitDepth === 8) return rows;
    return labelsFromPngRows({ rows, stride, header });
  } catch (cause) {
    throw fail(`cannot decode: ${(cause as Error).message}`, cause);
  }
}

/**
 * Adam7 PNGs are rare (no common tool writes label maps that way): libvips de-interlaces the
 * 8-bit non-palette kinds, whose samples it gives as stored; the others are refused.
 */
async function interlaced(bytes: Uint8Array, header: PngHeader, fail: (message: string, cause?: unknown) => FormatError): Promise<Uint8Array> {
  if (header.colorType === 3 || header.bitDepth !== 8) {
    throw fail(`cannot decode: an interlaced ${header.colorType === 3 ? 'palette' : `${header.bitDepth}-bit`} PNG; save the label map without interlacing`);
  }
  let decoded;
  try {
    decoded = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw fail(`cannot decode: ${(cause as Error).message}`, cause);
  }
  const { data, info } = decoded;
  try {
    // The decoded pixels, packed as 8-bit rows of the same colour type.
    const channels = info.channels;
    const colorType = channels === 1 ? 0 : channels === 2 ? 4 : channels === 3 ? 2 : 6;
    return labelsFromPngRows({ rows: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), stride: info.width * channels, header: { ...header, colorType, interlaced: false } });
  } catch (cause) {
    throw fail(`cannot decode: ${(cause as Error).message}`, cause);
  }
}
