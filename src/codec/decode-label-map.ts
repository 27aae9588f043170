import { labelsFromPngRows } from './internal/labels-from-png-rows.js';
import { labelMapError, readLabelMapHeader } from './internal/read-label-map-header.js';
import { inflatePngRows, pngDecodeBytes } from './internal/read-png.js';
import { reserveDecodeMemory } from './internal/reserve-decode-memory.js';
import { checkParams } from '../internal/check-params.js';

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
 * - interlaced (Adam7) PNGs of every kind, de-interlaced here;
 * - refused with a clear error: a colour-coded RGB map, a JPEG or any other non-PNG format
 *   (lossy or not, label ids are PNG's).
 *
 * The header is read first: a size other than the expected one, or more than
 * `MAX_IMAGE_PIXELS`, is refused before anything is inflated, and inflating stops at the size the
 * header announces — a mask bomb costs nothing. Memory is bounded for every PNG: the decode
 * reserves what it will hold at its peak from the process's `DECODE_MEMORY_BYTES` before
 * allocating it, so label maps decoded at once (a metadata pass over a batch of huge masks) take
 * their turns instead of all their memory together.
 *
 * @param params.width - expected width (the record's); refused from the header when it differs.
 * @param params.height - expected height.
 * @throws {FormatError} code `IMAGE_INVALID` naming the mask and saying why.
 * @example
 * const labels = await decodeLabelMap({ bytes: maskPng, name: 'ds-000001.mask.png', width: 256, height: 256 });
 */
export async function decodeLabelMap(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<Uint8Array> {
  checkParams('decodeLabelMap', params, ['bytes', 'name', 'width', 'height']);
  const { bytes, name } = params;
  const header = await readLabelMapHeader(params);
  // 16-bit maps are read through a 16-bit copy of their values; the others into one byte a pixel.
  const release = await reserveDecodeMemory(pngDecodeBytes(header, bytes.length, header.bitDepth === 16 ? 3 : 1));
  try {
    const { rows, stride } = inflatePngRows(bytes, header);
    // One byte a pixel, grey value or palette index: the rows are already the answer, no copy.
    if ((header.colorType === 0 || header.colorType === 3) && header.bitDepth === 8) return rows;
    return labelsFromPngRows({ rows, stride, header });
  } catch (cause) {
    throw labelMapError(name, `cannot decode: ${(cause as Error).message}`, cause);
  } finally {
    release();
  }
}
