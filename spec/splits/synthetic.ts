/**
 * Synthetic metadata records for the splits specs: valid by the record schema, with a seeded
 * mix of turn counts, generators, edit types, base types and quality scores (null included), so
 * every filter and holdout branch is exercised without the real dataset.
 */
import { BASE_TYPES, EDIT_TYPES, GENERATORS, type Generator, labelOfGenerator } from '../../src/schema/labels.js';
import type { RecordMetadata, Turn } from '../../src/schema/record.js';

/** mulberry32: a tiny seeded PRNG, so fixtures are the same on every run. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Eight-digit ids like the dataset's (`00000000`, `00000001`, …): the hard case for a weak hash. */
export function sequentialIds(n: number, start = 0): string[] {
  return Array.from({ length: n }, (_, i) => String(start + i).padStart(8, '0'));
}

/** Seeded Fisher–Yates shuffle of a copy. */
export function shuffled<T>(items: readonly T[], seed: number): T[] {
  const next = rng(seed);
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

/** One turn by `generator` (the RLE is a 1×1 placeholder; the splits never decode it). */
export function turn(generator: Generator, index = 0, edit_type: Turn['edit_type'] = 'addition'): Turn {
  return {
    index,
    generator,
    label: labelOfGenerator(generator),
    edit_type,
    prompt: `add something (${generator})`,
    category: null,
    object: null,
    mask_rle: '01',
    area: 1,
    bbox: [0, 0, 1, 1],
  };
}

/** A record with the given turns and overrides. */
export function record(id: string, turns: Turn[], overrides: Partial<RecordMetadata> = {}): RecordMetadata {
  return {
    id,
    split: 'train',
    width: 1,
    height: 1,
    base_type: 'real',
    base_generator: null,
    coco_id: null,
    base_prompt: null,
    turns,
    num_turns: turns.length,
    quality_score: turns.length === 0 ? null : 4,
    quality_reason: null,
    ...overrides,
  };
}

/** `n` seeded random records: ~10 % negatives, 1–3 turns otherwise, every field varied. */
export function syntheticRecords(n: number, seed = 1): RecordMetadata[] {
  const next = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)];
  return sequentialIds(n).map((id) => {
    const numTurns = next() < 0.1 ? 0 : 1 + Math.floor(next() * 3);
    const turns = Array.from({ length: numTurns }, (_, i) => turn(pick(GENERATORS), i, pick(EDIT_TYPES)));
    const base_type = numTurns === 0 ? 'real' : pick(BASE_TYPES);
    const q = next();
    // Half-integer scores and nulls, so thresholds such as 2.5 and the null rule are both hit.
    const quality_score = numTurns === 0 ? null : q < 0.1 ? null : Math.floor(q * 11) / 2;
    return record(id, turns, {
      base_type,
      base_generator: base_type === 'generated' ? 'sdxl' : null,
      quality_score,
    });
  });
}
