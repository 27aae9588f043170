/** Varied, valid records with real PNGs (sharp) for the format specs; no vitest import, so scripts can use it too. */
import { GENERATORS, type DatasetRecord } from '../../src/index.js';
import sharp from 'sharp';
import { makeRecord } from '../fixtures/make-record.js';

/**
 * `n` records of `split` that exercise every column: 0–3 turns, every generator, null and
 * non-null optional fields, a generated base, non-float32-exact quality scores, a large coco_id.
 */
export async function makeRecords(n: number, split = 'validation', prefix = split): Promise<DatasetRecord[]> {
  const out: DatasetRecord[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 4;
    const turns = Array.from({ length: k }, (_, t) => ({
      generator: GENERATORS[(i + t) % GENERATORS.length],
      rect: [t * 3, t * 2, 5 + t, 4 + ((i + t) % 5)] as [number, number, number, number],
    }));
    const r = await makeRecord({ id: `${prefix}-${String(i).padStart(4, '0')}`, split, turns, width: 16 + (i % 3), height: 12 });
    if (i % 3 === 1) {
      r.base_type = 'generated';
      r.base_generator = 'sdxl';
      r.base_prompt = `a photo of thing ${i}, 📷 "quoted"`;
      r.coco_id = null;
    } else {
      r.coco_id = 2 ** 40 + i;
    }
    r.quality_score = i % 5 === 0 ? null : [3.7, 4.3, 0.1, 5][i % 4];
    r.quality_reason = i % 5 === 0 ? null : `reason ${i}`;
    r.turns.forEach((t, j) => {
      t.edit_type = (['attribute', 'addition', 'removal'] as const)[(i + j) % 3];
      if ((i + j) % 2) {
        t.category = null;
        t.object = null;
      }
      // A variant of the generator (the paper's Table 4) on some turns.
      if ((i + j) % 5 === 2) t.variant = 'hyper-sd-8step';
    });
    out.push(r);
  }
  return out;
}

/**
 * Real, incompressible PNGs: random noise, so image chunks dwarf the metadata. Their size need not
 * match the record's width/height: the format layer never decodes images.
 */
export async function noisePng(seed: number, size = 96) {
  const raw = new Uint8Array(size * size * 3);
  let x = (seed + 1) >>> 0;
  for (let i = 0; i < raw.length; i++) {
    // xorshift32: full-entropy bytes that neither PNG nor ZSTD can shrink.
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    raw[i] = x >>> 24;
  }
  return new Uint8Array(await sharp(raw, { raw: { width: size, height: size, channels: 3 } }).png().toBuffer());
}
