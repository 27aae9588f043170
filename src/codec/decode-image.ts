import sharp from 'sharp';
import { FormatError } from '../errors.js';
import type { DecodedImage } from '../schema/decoded.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';
import { type PngHeader, pngDecodeBytes, readPngHeader } from './internal/read-png.js';
import { reserveDecodeMemory } from './internal/reserve-decode-memory.js';
import { decodePngSync } from './internal/decode-png-sync.js';
import { decodePngAsync } from './internal/decode-png-async.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Plain PNGs (8-bit grey/RGB(A), not interlaced, no palette, transparency or colour chunk) of up
 * to this many pixels are decoded in JS with node's zlib, to the very pixels libvips gives:
 * measured here (bench/loader.ts), two to ten times faster than a sharp call for 256² and 512²
 * images — whose pipeline set-up and thread hop alone cost about a millisecond — and as fast for
 * 1024² photographs, on less CPU.
 */
const JS_MAX_PIXELS = 4096 * 4096;
/** Files smaller than this inflate on the calling thread: a trip to the thread pool costs more. */
const ASYNC_MIN_BYTES = 32 * 1024;
/**
 * Files up to this many bytes that inflate to more than 8 times their size also inflate on the
 * calling thread: a highly compressible image inflates at memory speed, and sending it to the
 * thread pool (shared with file reads) made a loader slower (1024² flat textures: 758 → 490
 * records/s). Photographs (PNG shrinks them to half or so) are where inflating is the work.
 */
const SYNC_MAX_BYTES = 1024 * 1024;

/**
 * Decodes an encoded image (PNG, JPEG, WebP …) into raw interleaved 8-bit pixels with sharp:
 * RGB (3 channels), or RGBA (4) when the image has alpha — libvips expands grey images to RGB;
 * 16-bit input is reduced to 8. Label maps have their own decoder, `decodeLabelMap`.
 *
 * A plain PNG of up to 4096² pixels (8-bit grey/RGB(A), not interlaced, no palette, transparency
 * or colour chunk) is decoded without sharp, to the very same pixels: inflated on libuv's thread
 * pool when the file is large and not highly compressible (a photograph), so that decodes under
 * way use every core, and on the calling thread otherwise; everything else goes through sharp.
 *
 * The header is read first (a PNG's IHDR directly, other formats through sharp's metadata): an
 * image of another size than `width × height`, or of more than `MAX_IMAGE_PIXELS`, is refused
 * before a single pixel is decoded — a record's image can then never come back misaligned with
 * its mask, nor a small file cost gigabytes. From the header, each decode reserves what it will
 * hold at its peak from the process's `DECODE_MEMORY_BYTES` before allocating it, so huge images
 * decoded at once (a prefetching loader) take their turns instead of all their memory together.
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
  checkParams('decodeImage', params, ['bytes', 'name', 'width', 'height']);
  const { bytes, name } = params;
  const { size, png } = await checkHeader(params);
  if (png && png.width * png.height <= JS_MAX_PIXELS) {
    const inflated = png.width * png.height * 3; // about: RGB
    const inline = bytes.length < ASYNC_MIN_BYTES || (bytes.length <= SYNC_MAX_BYTES && bytes.length * 8 < inflated);
    // Grey is expanded to RGB(A) after inflating: up to 4 more bytes a pixel.
    const release = await reserveDecodeMemory(pngDecodeBytes(png, bytes.length, png.colorType === 0 || png.colorType === 4 ? 4 : 0));
    try {
      const stored = inline ? decodePngSync(bytes, JS_MAX_PIXELS) : await decodePngAsync(bytes, JS_MAX_PIXELS);
      if (stored) return expandGrey(stored);
    } finally {
      release();
    }
  }
  // libvips streams a plain PNG or a JPEG to the output buffer (at most 4 bytes a pixel: RGBA),
  // but holds all of an interlaced PNG (up to 8 bytes a pixel: 16-bit RGBA) or a WebP first.
  const whole = png ? png.interlaced : true;
  const release = await reserveDecodeMemory(bytes.length + size.width * size.height * (whole ? 12 : 4));
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
  } finally {
    release();
  }
}

/** The size the file declares, checked against the expected one and the pixel limit; a PNG's header. */
async function checkHeader(params: { bytes: Uint8Array; name: string; width?: number; height?: number }): Promise<{ size: { width: number; height: number }; png: PngHeader | undefined }> {
  const fail = (message: string, cause?: unknown) => new FormatError({ module: 'image', file: params.name, code: 'IMAGE_INVALID', message, cause });
  let size: { width: number; height: number };
  let png: PngHeader | undefined;
  try {
    png = readPngHeader(params.bytes);
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
  return { size, png };
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
