import sharp from 'sharp';
import { FormatError } from '../errors.js';
import type { DecodedImage } from '../schema/decoded.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';
import { readPngHeader } from './internal/read-png.js';
import { decodePngSync } from './internal/decode-png-sync.js';

/**
 * PNGs up to this many bytes are decoded synchronously in JS. Measured here (bench/loader.ts),
 * node's zlib plus the unfiltering loop decode a 256² or 512² PNG — flat or photo-like — two to
 * ten times faster than a sharp call, whose pipeline set-up and thread hop alone cost about a
 * millisecond. Larger files (1024² photographs) go to libvips, which is as fast there and runs
 * on its own threads, leaving the caller's thread to the trainer.
 */
const SYNC_MAX_BYTES = 1024 * 1024;
/** No synchronous decode above this many pixels, whatever the file size: a highly compressible giant stays off the main thread. */
const SYNC_MAX_PIXELS = 4096 * 4096;

/**
 * Decodes an encoded image (PNG, JPEG, WebP …) into raw interleaved 8-bit pixels with sharp:
 * RGB (3 channels), or RGBA (4) when the image has alpha — libvips expands grey images to RGB;
 * 16-bit input is reduced to 8. Label maps have their own decoder, `decodeLabelMap`.
 *
 * A plain PNG of up to 1 MiB (8-bit grey/RGB(A), not interlaced, no palette, transparency or
 * colour chunk) is decoded synchronously without sharp, to the very same pixels; everything else
 * goes through sharp.
 *
 * The header is read first (a PNG's IHDR directly, other formats through sharp's metadata): an
 * image of another size than `width × height`, or of more than `MAX_IMAGE_PIXELS`, is refused
 * before a single pixel is decoded — a record's image can then never come back misaligned with
 * its mask, nor a small file cost gigabytes.
 *
 * @param params.name - what to call the image in an error (e.g. `data/x.parquet, record ds-000001, image`).
 * @param params.width - expected width (the record's); refused from the header when it differs.
 * @param params.height - expected height.
 * @throws {FormatError} code `IMAGE_INVALID` naming the image when the bytes are not a readable
 *   image, or not of the expected size.
 * @example
 * const { data, width, height, channels } = await decodeImage({ bytes: pngBytes, name: 'cat.png' });
 */
export async function decodeImage(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<DecodedImage> {
  const { bytes, name } = params;
  await checkHeader(params);
  if (bytes.length <= SYNC_MAX_BYTES) {
    const stored = decodePngSync(bytes, SYNC_MAX_PIXELS);
    if (stored) return expandGrey(stored);
  }
  try {
    const { data, info } = await sharp(bytes, { failOn: 'error', limitInputPixels: MAX_IMAGE_PIXELS }).raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
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

/** The size the file declares, checked against the expected one and the pixel limit. */
async function checkHeader(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<void> {
  const fail = (message: string, cause?: unknown) => new FormatError({ module: 'image', file: params.name, code: 'IMAGE_INVALID', message, cause });
  let size: { width: number; height: number };
  try {
    const png = readPngHeader(params.bytes);
    if (png) size = png;
    else {
      const m = await sharp(params.bytes, { limitInputPixels: false }).metadata();
      if (!m.width || !m.height) throw new Error(`no size in the ${m.format ?? 'image'} header`);
      size = { width: m.width, height: m.height };
    }
  } catch (cause) {
    throw fail(`cannot decode: ${(cause as Error).message}`, cause);
  }
  if ((params.width !== undefined && size.width !== params.width) || (params.height !== undefined && size.height !== params.height)) {
    throw fail(`image is ${size.width}×${size.height}, expected ${params.width}×${params.height}`);
  }
  if (size.width * size.height > MAX_IMAGE_PIXELS) throw fail(`image is ${size.width}×${size.height}, more than the ${MAX_IMAGE_PIXELS} pixels (16383²) any image may have`);
}

/** libvips gives grey as RGB and grey+alpha as RGBA: the same here. */
function expandGrey(stored: { data: Uint8Array; width: number; height: number; channels: number }): DecodedImage {
  const { data, width, height, channels } = stored;
  if (channels >= 3) return { data, width, height, channels };
  const out = new Uint8Array(width * height * (channels + 2));
  if (channels === 1) {
    for (let i = 0, o = 0; i < data.length; i++, o += 3) out[o] = out[o + 1] = out[o + 2] = data[i];
  } else {
    for (let i = 0, o = 0; i < data.length; i += 2, o += 4) {
      out[o] = out[o + 1] = out[o + 2] = data[i];
      out[o + 3] = data[i + 1];
    }
  }
  return { data: out, width, height, channels: channels + 2 };
}
