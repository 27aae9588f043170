import { promisify } from 'node:util';
import { deflate } from 'node:zlib';
import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import { pngChunk as chunk } from './internal/png-chunk.js';
import { IGNORE_LABEL, LABELS } from '../schema/labels.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';

const deflateAsync = promisify(deflate);

/** Parameters of {@link encodeLabelMap}. */
export interface EncodeLabelMapParams {
  /** Row-major label ids, `width × height` bytes (0 background, 1..8 generators, 255 ignore). */
  labels: Uint8Array;
  /** Width in pixels. */
  width: number;
  /** Height in pixels. */
  height: number;
  /**
   * `'grey'`: an 8-bit greyscale PNG whose values are the ids (the format's own kind of mask;
   * PIL mode `L`). `'palette'`: a palette PNG whose indices are the ids and whose colours are the
   * generators' overlay colours (background black, ignore grey; PIL mode `P`, the VOC
   * convention), so the file is a label map to a program and a picture to a person.
   * @default 'grey'
   */
  format?: 'grey' | 'palette';
}

const ENCODE_LABEL_MAP_KEYS = ['labels', 'width', 'height', 'format'] as const;

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

/**
 * Encodes a label map as a PNG that `decodeLabelMap`, `diffseg30k eval --pred` and PIL read back
 * as exactly these ids — so writing predictions needs no other library. The ids are stored as
 * they are: grey values, or palette indices whose palette holds the generator colours the
 * overlays use (`LABELS[i].color`, grey for 255), never colours to be matched back.
 *
 * @throws {ArgumentError} when `labels` is not a `Uint8Array` of `width × height` bytes, a size
 * is not a positive integer (or is more than 16383² pixels), or `format` is neither kind.
 * @example
 * for await (const s of loadSplit('validation', { source: 'samples' })) {
 *   const labels = await s.labelMap();       // your model's prediction in its place
 *   await writeFile(`preds/${s.id}.png`, await encodeLabelMap({ labels, width: s.width, height: s.height }));
 * }
 * // then: npx diffseg30k eval --data samples --split validation --pred preds/
 */
export async function encodeLabelMap(params: EncodeLabelMapParams): Promise<Uint8Array> {
  checkParams('encodeLabelMap', params, ENCODE_LABEL_MAP_KEYS);
  const { labels, width, height } = params;
  const format = params.format ?? 'grey';
  if (format !== 'grey' && format !== 'palette') throw new ArgumentError({ message: `encodeLabelMap: format must be 'grey' or 'palette', got ${JSON.stringify(format)}` });
  for (const [name, value] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(value) || value < 1) throw new ArgumentError({ message: `encodeLabelMap: ${name} must be a positive integer, got ${value}` });
  }
  if (width * height > MAX_IMAGE_PIXELS) throw new ArgumentError({ message: `encodeLabelMap: ${width}×${height} is more than the ${MAX_IMAGE_PIXELS} pixels (16383²) a label map may have` });
  if (!(labels instanceof Uint8Array)) throw new ArgumentError({ message: 'encodeLabelMap: labels must be a Uint8Array of label ids (one byte a pixel)' });
  if (labels.length !== width * height) {
    throw new ArgumentError({ message: `encodeLabelMap: labels has ${labels.length} bytes but ${width}×${height} needs ${width * height}` });
  }

  // Each row is filter type 0 (none) then the ids: a label map is runs of equal bytes, which
  // deflate folds as well as any filter would.
  const raw = new Uint8Array((width + 1) * height);
  for (let y = 0; y < height; y++) raw.set(labels.subarray(y * width, (y + 1) * width), y * (width + 1) + 1);
  const idat = new Uint8Array(await deflateAsync(raw));

  const ihdr = new Uint8Array(13);
  const view = new DataView(ihdr.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  ihdr[8] = 8; // bit depth
  ihdr[9] = format === 'grey' ? 0 : 3; // colour type: greyscale, or palette
  // ihdr[10..12]: deflate, adaptive filtering, no interlace — all 0.
  const chunks = [chunk('IHDR', ihdr)];
  if (format === 'palette') chunks.push(chunk('PLTE', palette()));
  chunks.push(chunk('IDAT', idat), chunk('IEND', new Uint8Array(0)));

  const out = new Uint8Array(SIGNATURE.length + chunks.reduce((n, c) => n + c.length, 0));
  out.set(SIGNATURE);
  let at = SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** 256 RGB entries: every id has one, so any map the decoder may meet is a valid palette PNG. */
function palette(): Uint8Array {
  const rgb = new Uint8Array(256 * 3);
  for (const label of LABELS) rgb.set(label.color, label.id * 3);
  rgb.set(IGNORE_LABEL.color, IGNORE_LABEL.id * 3);
  return rgb;
}
