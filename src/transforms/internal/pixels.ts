/**
 * Raw-buffer plumbing: sharp in and out of `DecodedImage`, pixel gathers for label maps and
 * geometric image ops, and the checks that keep image and label map the same size.
 */
import sharp, { type Sharp } from 'sharp';
import type { DecodedImage, LabelledImage } from '../../schema/decoded.js';
import type { Geometry } from '../transform.js';
import { TransformError } from '../transform-error.js';

/** Where a sharp step reads its pixels: decoded pixels, or the still-encoded file. */
export type PixelSource = DecodedImage | Uint8Array;

/** A sharp pipeline over decoded pixels (no copy) or over an encoded file (decoded by libvips as it streams). */
export function sharpOf(source: PixelSource): Sharp {
  return source instanceof Uint8Array ? sharp(source, { failOn: 'error' }) : sharpFromRaw(source);
}

/** A sharp pipeline reading the raw pixels without a copy. */
export function sharpFromRaw(image: DecodedImage): Sharp {
  const { data, width, height, channels } = image;
  const buffer = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return sharp(buffer, { raw: { width, height, channels: channels as 1 | 2 | 3 | 4 } });
}

/** Runs a sharp pipeline to raw pixels. */
export async function toDecoded(pipeline: Sharp): Promise<DecodedImage> {
  const { data, info } = await pipeline.raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), width: info.width, height: info.height, channels: info.channels };
}

/**
 * Throws unless the image buffer and the label map both describe `width × height` pixels.
 * `stage` says whether the input or a transform's output was wrong.
 */
export function checkLabelledImage(value: LabelledImage, where: { sampleId?: string; transform?: string; stage: string }): void {
  const { image, labelMap } = value ?? ({} as LabelledImage);
  const fail = (message: string): never => {
    throw new TransformError({ message: `${where.stage}: ${message}`, sampleId: where.sampleId, transform: where.transform });
  };
  if (!image || !(image.data instanceof Uint8Array)) fail('image.data must be a Uint8Array');
  if (!(labelMap instanceof Uint8Array)) fail('labelMap must be a Uint8Array');
  const { width, height, channels } = image;
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) fail(`image size ${width}×${height} is not positive`);
  if (![1, 2, 3, 4].includes(channels)) fail(`image has ${channels} channels, expected 1–4`);
  if (image.data.length !== width * height * channels) {
    fail(`image buffer has ${image.data.length} bytes, expected ${width}×${height}×${channels} = ${width * height * channels}`);
  }
  if (labelMap.length !== width * height) {
    fail(`label map has ${labelMap.length} pixels but the image is ${width}×${height} = ${width * height}; image and label map must have the same size`);
  }
}

/**
 * Which of the 256 label ids occur in a label map (1 = present). Label maps are long runs of one
 * id, so it reads four pixels at a time and skips a word equal to the previous one (about 4× faster
 * than a byte loop on a 1024×1024 map): the invented-id check stays well under a millisecond.
 */
export function labelIdsPresent(labelMap: Uint8Array): Uint8Array {
  const seen = new Uint8Array(256);
  const words = labelMap.byteOffset % 4 === 0 ? labelMap.length >>> 2 : 0;
  if (words > 0) {
    const w = new Uint32Array(labelMap.buffer, labelMap.byteOffset, words);
    let previous = w[0] ^ 1; // differs from w[0], so the first word is always read
    for (let i = 0; i < words; i++) {
      const v = w[i];
      if (v === previous) continue;
      previous = v;
      seen[v & 255] = 1;
      seen[(v >>> 8) & 255] = 1;
      seen[(v >>> 16) & 255] = 1;
      seen[v >>> 24] = 1;
    }
  }
  for (let i = words * 4; i < labelMap.length; i++) seen[labelMap[i]] = 1;
  return seen;
}

/** `out[j] = source[index[j]]` for 1-byte pixels (label maps, masks). */
export function gatherLabels(source: Uint8Array, index: Uint32Array): Uint8Array {
  const out = new Uint8Array(index.length);
  for (let j = 0; j < index.length; j++) out[j] = source[index[j]];
  return out;
}

/** Moves an image's pixels by a geometry whose selection is exact (crop, flip): no resampling. */
export function gatherImage(image: DecodedImage, geometry: Geometry): DecodedImage {
  const { channels } = image;
  const index = geometry.sourceIndex;
  if (!index) return image;
  const out = new Uint8Array(index.length * channels);
  const src = image.data;
  if (channels === 3) {
    for (let j = 0, o = 0; j < index.length; j++, o += 3) {
      const s = index[j] * 3;
      out[o] = src[s];
      out[o + 1] = src[s + 1];
      out[o + 2] = src[s + 2];
    }
  } else {
    for (let j = 0, o = 0; j < index.length; j++, o += channels) {
      const s = index[j] * channels;
      for (let c = 0; c < channels; c++) out[o + c] = src[s + c];
    }
  }
  return { data: out, width: geometry.width, height: geometry.height, channels };
}

/**
 * Nearest-neighbour selection from `srcW × srcH` to `dstW × dstH`, pixel-centre aligned (the
 * convention of libvips, PIL and OpenCV's INTER_NEAREST_EXACT): output pixel x samples input
 * `floor((x + 0.5) · srcW / dstW)`.
 */
export function nearestIndex(srcW: number, srcH: number, dstW: number, dstH: number): Uint32Array {
  const xs = new Uint32Array(dstW);
  for (let x = 0; x < dstW; x++) xs[x] = Math.min(srcW - 1, Math.floor(((x + 0.5) * srcW) / dstW));
  const out = new Uint32Array(dstW * dstH);
  for (let y = 0; y < dstH; y++) {
    const row = Math.min(srcH - 1, Math.floor(((y + 0.5) * srcH) / dstH)) * srcW;
    const o = y * dstW;
    for (let x = 0; x < dstW; x++) out[o + x] = row + xs[x];
  }
  return out;
}

/** Selection of the rectangle `(left, top, width, height)` of an image `srcW` wide. */
export function cropIndex(srcW: number, left: number, top: number, width: number, height: number): Uint32Array {
  const out = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const row = (top + y) * srcW + left;
    const o = y * width;
    for (let x = 0; x < width; x++) out[o + x] = row + x;
  }
  return out;
}

/** Source index of a mirrored image: left ↔ right (`horizontal`) or top ↔ bottom (`vertical`). */
export function flipIndex(width: number, height: number, direction: 'horizontal' | 'vertical'): Uint32Array {
  const index = new Uint32Array(width * height);
  for (let y = 0; y < height; y++) {
    const o = y * width;
    const from = (direction === 'horizontal' ? y : height - 1 - y) * width;
    if (direction === 'horizontal') for (let x = 0; x < width; x++) index[o + x] = from + width - 1 - x;
    else for (let x = 0; x < width; x++) index[o + x] = from + x;
  }
  return index;
}

/** Chains two selections: first `a` (input → middle), then `b` (middle → output). */
export function chainIndex(a: Uint32Array | null, b: Uint32Array | null): Uint32Array | null {
  if (!a) return b;
  if (!b) return a;
  const out = new Uint32Array(b.length);
  for (let j = 0; j < b.length; j++) out[j] = a[b[j]];
  return out;
}
