import { type PngHeader, joinImageStream, readPngChunks, readPngHeader, unfilterRows } from './read-png.js';

/** Samples as the PNG stores them: 1 grey, 2 grey+alpha, 3 RGB, 4 RGBA channels of 8 bits. */
export interface StoredPixels {
  data: Uint8Array;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
}

/**
 * Ancillary chunks that cannot change the pixels libvips gives: text, time, physical size.
 * Anything else (PLTE, tRNS, gAMA, cHRM, sRGB, iCCP, sBIT, bKGD, eXIf …) goes to sharp.
 */
const HARMLESS = new Set(['tEXt', 'zTXt', 'iTXt', 'tIME', 'pHYs']);
const CHANNELS: Record<number, 1 | 2 | 3 | 4 | undefined> = { 0: 1, 4: 2, 2: 3, 6: 4 };

/** Where a plain PNG's pixels are, found by {@link planPlainPng}. */
export interface PlainPngPlan {
  /** The zlib stream of the image (the IDAT chunks' data, joined). */
  stream: Uint8Array;
  /** Bytes the stream must inflate to: a filter byte and `stride` bytes per row. */
  expected: number;
  /** Bytes per row. */
  stride: number;
  width: number;
  height: number;
  channels: 1 | 2 | 3 | 4;
  /** Hands the memory `stream` was joined in back for the next decode; call once inflating is done. */
  release(): void;
}

/**
 * Reads a PNG's chunks and says where its pixels are when it is of the plain kind — 8-bit grey,
 * grey+alpha, RGB or RGBA, not interlaced, with no chunk that could make libvips give other
 * pixels; `undefined` for anything else or anything odd (a truncated chunk, no IEND, more than
 * `maxPixels`).
 */
export function planPlainPng(bytes: Uint8Array, maxPixels: number): PlainPngPlan | undefined {
  let header: PngHeader | undefined;
  try {
    header = readPngHeader(bytes);
  } catch {
    return undefined; // a broken header: sharp says what is wrong
  }
  if (!header) return undefined;
  const { width, height } = header;
  const channels = CHANNELS[header.colorType];
  if (header.bitDepth !== 8 || !channels || header.interlaced || width * height > maxPixels) return undefined;

  const chunks = readPngChunks(bytes);
  if (chunks.truncatedAt !== undefined || !chunks.ended || chunks.idat.length === 0 || chunks.others.some((type) => !HARMLESS.has(type))) return undefined;
  const stream = joinImageStream(chunks);
  const stride = width * channels;
  const expected = height * (stride + 1);
  return { stream: stream.bytes, expected, stride, width, height, channels, release: stream.release };
}

/**
 * zlib options that inflate a plain PNG's stream into one output chunk — node's default 16 KiB
 * chunks cost a concatenation — one byte larger than the image: node allocates a second chunk
 * whenever the output fills one exactly, an unused copy of the image's size that the garbage
 * collector then pays for. And no more output than the image: a stream that inflates further is
 * not this image.
 */
export function inflateOptions(plan: PlainPngPlan): { chunkSize: number; maxOutputLength: number } {
  return { chunkSize: Math.max(64, plan.expected + 1), maxOutputLength: plan.expected };
}

/** The pixels of an inflated plain PNG, its filters undone in place; `undefined` when the data is not this image's. */
export function finishPlainPng(raw: Uint8Array, plan: PlainPngPlan): StoredPixels | undefined {
  const { height, stride, channels, width } = plan;
  if (raw.length !== plan.expected) return undefined;
  if (unfilterRows(raw, height, stride, channels) >= 0) return undefined;
  return { data: new Uint8Array(raw.buffer, raw.byteOffset, height * stride), width, height, channels };
}
