/** Fixtures for the transform specs: synthetic images whose pixels encode their own labels. */
import { composeLabelMap } from '../../src/mask/compose-label-map.js';
import { encodeRle } from '../../src/mask/encode-rle.js';
import { rleArea } from '../../src/mask/rle-area.js';
import { rleBbox } from '../../src/mask/rle-bbox.js';
import type { DecodedImage, LabelledImage } from '../../src/schema/decoded.js';
import { GENERATORS } from '../../src/schema/labels.js';
import type { Turn } from '../../src/schema/record.js';
import type { Sample } from '../../src/schema/sample.js';

/** A label map of rectangles of ids 1..8 on background, plus a few isolated pixels. */
export function blockLabels(width: number, height: number): Uint8Array {
  const labels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const bx = Math.floor((x * 4) / width);
      const by = Math.floor((y * 3) / height);
      const id = (bx + by * 4) % 9; // 0..8
      labels[y * width + x] = id;
    }
  }
  // Single pixels of other ids make nearest-vs-interpolation differences visible.
  for (let i = 7; i < labels.length; i += 97) labels[i] = (labels[i] + 3) % 9;
  return labels;
}

/**
 * An RGB image that encodes its label map and coordinates: R = label·25, G = x mod 256,
 * B = y mod 256. After any exact pixel move, each output pixel still tells which label and
 * which source position it came from.
 */
export function encodingImage(labels: Uint8Array, width: number, height: number): DecodedImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const p = y * width + x;
      data[p * 3] = labels[p] * 25;
      data[p * 3 + 1] = x % 256;
      data[p * 3 + 2] = y % 256;
    }
  }
  return { data, width, height, channels: 3 };
}

/** A smooth, textured RGB image (gradients plus a checker), realistic enough for codecs. */
export function texturedImage(width: number, height: number): DecodedImage {
  const data = new Uint8Array(width * height * 3);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const o = (y * width + x) * 3;
      const checker = ((x >> 3) + (y >> 3)) % 2 ? 40 : 0;
      data[o] = (x * 255) / Math.max(1, width - 1);
      data[o + 1] = ((y * 255) / Math.max(1, height - 1) + checker) % 256;
      data[o + 2] = (128 + 100 * Math.sin(x / 7) * Math.cos(y / 11)) | 0;
    }
  }
  return { data, width, height, channels: 3 };
}

/** A labelled image with textured pixels and block labels. */
export function labelled(width: number, height: number): LabelledImage {
  return { image: texturedImage(width, height), labelMap: blockLabels(width, height) };
}

/** Sorted distinct ids of a label map. */
export function idsOf(labels: Uint8Array): number[] {
  return [...new Set(labels)].sort((a, b) => a - b);
}

/** Rectangle mask helper. */
function rect(width: number, height: number, [x0, y0, w, h]: readonly number[]): Uint8Array {
  const m = new Uint8Array(width * height);
  for (let y = y0; y < y0 + h; y++) for (let x = x0; x < x0 + w; x++) m[y * width + x] = 1;
  return m;
}

/**
 * A Sample-shaped object with three overlapping rectangular turns (labels 4, 1, 6); its label
 * map is the composition of the turns, as in the dataset.
 */
export function fakeSample(id: string, width: number, height: number): Sample {
  const specs = [
    { label: 4, r: [2, 3, Math.floor(width / 2), Math.floor(height / 2)] },
    { label: 1, r: [Math.floor(width / 3), Math.floor(height / 3), Math.floor(width / 3), Math.floor(height / 2)] },
    { label: 6, r: [width - 5, 0, 5, 4] },
  ] as const;
  const turns: Turn[] = specs.map((s, index) => {
    const rle = encodeRle({ mask: rect(width, height, s.r), height, width });
    return {
      index,
      generator: GENERATORS[s.label - 1],
      label: s.label,
      edit_type: 'addition',
      prompt: 'p',
      category: null,
      object: null,
      mask_rle: rle.counts as string,
      area: rleArea(rle),
      bbox: rleBbox(rle),
    };
  });
  const labelMap = composeLabelMap({ turns, height, width });
  const image = encodingImage(labelMap, width, height);
  return {
    id,
    split: 'validation',
    width,
    height,
    base_type: 'real',
    base_generator: null,
    coco_id: 1,
    base_prompt: null,
    turns,
    num_turns: turns.length,
    quality_score: 4,
    quality_reason: null,
    file: 'fake',
    imageBytes: new Uint8Array([1]),
    maskBytes: new Uint8Array([1]),
    image: async () => image,
    labelMap: async () => labelMap,
    binaryMask: async () => labelMap.map((v) => (v ? 1 : 0)),
    turnMask: (i: number) => rect(width, height, specs[i].r),
  };
}
