/**
 * Canonical records with realistic edits, made at bench time for the end-to-end benches
 * (bench/eval.ts, bench/distort.ts): each record has one to three turns (1:4:5, as the paper's
 * split) that are irregular object-sized blobs by random generators, their `mask_rle`, `area`
 * and `bbox` from `encodeRle`, and the composed label map as an 8-bit grey mask PNG — and the
 * blobs themselves, so a bench can paint predictions of any kind from them.
 */
import sharp from 'sharp';
import { GENERATORS, type DatasetRecord } from '../src/index.js';
import { labelOfGenerator } from '../src/format/index.js';
import { composeLabelMap, encodeRle, rleArea, rleBbox } from '../src/mask/index.js';
import { mulberry32 } from '../spec/fixtures/mulberry32.js';

/** An irregular star-shaped blob, r(φ) = r·(1 + Σ a·sin(kφ + phase)). */
export interface Blob {
  label: number;
  cx: number;
  cy: number;
  r: number;
  waves: [number, number, number][];
}

/** Paints `b` into the `size × size` map (a blob may run off the image). */
export function paintBlob(map: Uint8Array, size: number, b: Blob): void {
  const reach = b.r * 1.6;
  for (let y = Math.max(0, Math.floor(b.cy - reach)); y < Math.min(size, Math.ceil(b.cy + reach)); y++) {
    for (let x = Math.max(0, Math.floor(b.cx - reach)); x < Math.min(size, Math.ceil(b.cx + reach)); x++) {
      const dx = x - b.cx;
      const dy = y - b.cy;
      const phi = Math.atan2(dy, dx);
      let r = b.r;
      for (const [a, k, phase] of b.waves) r += b.r * a * Math.sin(k * phi + phase);
      if (dx * dx + dy * dy <= r * r) map[y * size + x] = b.label;
    }
  }
}

/** A blob of a random generator, 6–24 % of the image side in radius (objects, some on the border). */
export function randomBlob(size: number, rand: () => number): Blob {
  return {
    label: 1 + Math.floor(rand() * GENERATORS.length),
    cx: rand() * size,
    cy: rand() * size,
    r: size * (0.06 + rand() * 0.18),
    waves: Array.from({ length: 3 }, () => [rand() * 0.12, 2 + Math.floor(rand() * 6), rand() * 6.28] as [number, number, number]),
  };
}

/** An 8-bit grey PNG of a label map, as PIL's `Image.fromarray(labels).save()` writes one. */
export async function labelMapPng(labels: Uint8Array, width: number, height: number): Promise<Uint8Array> {
  // Without toColourspace('b-w') libvips would write the one-channel map as RGB.
  return new Uint8Array(await sharp(labels, { raw: { width, height, channels: 1 } }).toColourspace('b-w').png().toBuffer());
}

/**
 * `count` records of `size × size` with ids `r000000`…, the bytes of record i's image from
 * `image(i)`, each yielded with its turns' blobs in edit order and its label map. Deterministic
 * for a `seed`.
 */
export async function* editedRecords(params: { count: number; size: number; image: (i: number) => Uint8Array | Promise<Uint8Array>; split: string; seed?: number }): AsyncGenerator<{ record: DatasetRecord; blobs: Blob[]; labels: Uint8Array }> {
  const { count, size, image, split } = params;
  const rand = mulberry32(params.seed ?? 1);
  for (let i = 0; i < count; i++) {
    // 1:4:5 one-, two- and three-turn images, as in DiffSeg30k.
    const draw = rand() * 10;
    const blobs = Array.from({ length: draw < 1 ? 1 : draw < 5 ? 2 : 3 }, () => randomBlob(size, rand));
    const turns = blobs.map((blob, index) => {
      const mask = new Uint8Array(size * size);
      paintBlob(mask, size, { ...blob, label: 1 });
      const rle = encodeRle({ mask, width: size, height: size });
      const generator = GENERATORS[blob.label - 1];
      return { index, generator, label: labelOfGenerator(generator), edit_type: (['attribute', 'addition', 'removal'] as const)[index], prompt: `edit ${index} of ${i}`, category: 'object', object: 'thing', mask_rle: rle.counts, area: rleArea(rle), bbox: rleBbox(rle) };
    });
    const labels = composeLabelMap({ turns, width: size, height: size });
    const id = `r${String(i).padStart(6, '0')}`;
    yield {
      blobs,
      labels,
      record: {
        id,
        split,
        image: { bytes: await image(i), path: `${id}.png` },
        mask: { bytes: await labelMapPng(labels, size, size), path: `${id}.mask.png` },
        width: size,
        height: size,
        base_type: i % 2 ? 'real' : 'generated',
        base_generator: i % 2 ? null : 'sdxl',
        coco_id: i % 2 ? 100000 + i : null,
        base_prompt: i % 2 ? null : 'a photo',
        turns,
        num_turns: turns.length,
        quality_score: 4,
        quality_reason: null,
      },
    };
  }
}
