import { inflateSync } from 'node:zlib';
import { unfilterRows } from './read-png.js';

/** Samples as the PNG stores them: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA channels of 8 bits. */
export interface StoredPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const IHDR = 0x49484452;
const IDAT = 0x49444154;
const IEND = 0x49454e44;
/**
 * Ancillary chunks that cannot change the pixels libvips gives: text, time, physical size.
 * Anything else (PLTE, tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, eXIf …) goes to sharp.
 */
const HARMLESS = new Set(['tEXt', 'zTXt', 'iTXt', 'tIME', 'pHYs']);
const CHANNELS: Record<number, 1 | 2 | 3 | 4 | undefined> = { 0: 1, 4: 2, 2: 3, 6: 4 };

/**
 * Decodes the plain kind of PNG synchronously — 8-bit grey, grey+alpha, RGB or RGBA, not
 * interlaced, with no chunk that could make libvips give other pixels — with node's zlib and
 * the PNG filters undone in place. For anything else, or anything odd (a short or overlong
 * image stream, an unknown filter, a truncated chunk), it returns `undefined` and the caller asks
 * sharp, which then decodes it or says exactly what is wrong. So it is never less exact than
 * sharp, only faster: a sharp call costs about a millisecond of pipeline set-up and thread hop
 * even for a 4 KB PNG, and a label map is mostly that.
 *
 * Chunk CRCs are not checked: zlib's Adler-32 already guards the pixel data.
 */
export function decodePngSync(bytes: Uint8Array, maxPixels: number): StoredPixels | undefined {
  if (bytes.length < 8 + 25 + 12) return undefined;
  for (let i = 0; i < 8; i++) if (bytes[i] !== SIGNATURE[i]) return undefined;
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (view.getUint32(8) !== 13 || view.getUint32(12) !== IHDR) return undefined;
  const width = view.getUint32(16);
  const height = view.getUint32(20);
  const depth = bytes[24];
  const channels = CHANNELS[bytes[25]];
  if (depth !== 8 || !channels || bytes[26] !== 0 || bytes[27] !== 0 || bytes[28] !== 0) return undefined;
  if (width === 0 || height === 0 || width * height > maxPixels) return undefined;

  const parts: Uint8Array[] = [];
  let compressed = 0;
  let ended = false;
  for (let p = 33; p + 12 <= bytes.length; ) {
    const length = view.getUint32(p);
    const type = view.getUint32(p + 4);
    if (p + 12 + length > bytes.length) return undefined;
    if (type === IDAT) {
      parts.push(bytes.subarray(p + 8, p + 8 + length));
      compressed += length;
    } else if (type === IEND) {
      ended = true;
      break;
    } else if (!HARMLESS.has(String.fromCharCode(bytes[p + 4], bytes[p + 5], bytes[p + 6], bytes[p + 7]))) {
      return undefined;
    }
    p += 12 + length;
  }
  if (!ended || parts.length === 0) return undefined;
  let stream = parts[0];
  if (parts.length > 1) {
    stream = new Uint8Array(compressed);
    let o = 0;
    for (const part of parts) {
      stream.set(part, o);
      o += part.length;
    }
  }
  const stride = width * channels;
  const expected = height * (stride + 1);
  let raw: Uint8Array;
  try {
    // One output chunk (node's default 16 KiB chunks cost a concatenation), one byte larger than
    // the image: node allocates a second chunk whenever the output fills one exactly — an unused
    // copy of the image's size, which the garbage collector then pays for. No more output than
    // the image: a stream that inflates further is not this image.
    raw = inflateSync(stream, { chunkSize: Math.max(64, expected + 1), maxOutputLength: expected });
  } catch {
    return undefined;
  }
  if (raw.length !== expected) return undefined;
  if (unfilterRows(raw, height, stride, channels) >= 0) return undefined;
  return { data: new Uint8Array(raw.buffer, raw.byteOffset, height * stride), width, height, channels };
}
