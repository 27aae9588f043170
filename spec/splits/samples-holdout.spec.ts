/**
 * The holdout presets and filters on the bundled samples, read through `loadSplit` exactly as a
 * user would: the array API and the streaming API must agree, and the protocol's invariants
 * must hold on real (synthetic-but-schema-valid) shards, not only on hand-built records.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnnotatedSample } from '../../src/schema/sample.js';
import { loadSplit, type LoadSplitOptions } from '../../src/stream/load-split.js';
import { HOLDOUT_PRESETS, type HoldoutPreset } from '../../src/splits/holdout-presets.js';
import { crossGeneratorSplit } from '../../src/splits/cross-generator-split.js';
import { filterRecords } from '../../src/splits/filter-records.js';

const presets = Object.keys(HOLDOUT_PRESETS) as HoldoutPreset[];

async function collect(split: string, options: LoadSplitOptions = {}): Promise<AnnotatedSample[]> {
  const out: AnnotatedSample[] = [];
  // The bundled samples are fully annotated.
  for await (const s of loadSplit(split, { source: 'samples', metadataOnly: true, ...options })) out.push(s as AnnotatedSample);
  return out;
}
const idsOf = (rs: readonly { id: string }[]) => rs.map((r) => r.id);

let train: AnnotatedSample[];
let validation: AnnotatedSample[];

beforeAll(async () => {
  [train, validation] = await Promise.all([collect('train'), collect('validation')]);
});

describe('holdout presets on the bundled samples', () => {
  it('has negatives and edited images in both splits (else the checks below are vacuous)', () => {
    for (const rs of [train, validation]) {
      expect(rs.some((r) => r.turns.length === 0)).toBe(true);
      expect(rs.some((r) => r.turns.length > 0)).toBe(true);
    }
  });

  it.each(presets)('%s: test has a held-out edit, train none, negatives in train, counts add up', (preset) => {
    const held: readonly string[] = HOLDOUT_PRESETS[preset];
    for (const rs of [train, validation]) {
      const { train: tr, test, counts } = crossGeneratorSplit(rs, { holdout: preset });
      expect(test.length).toBeGreaterThan(0);
      for (const r of test) expect(r.turns.some((t) => held.includes(t.generator))).toBe(true);
      for (const r of tr) expect(r.turns.every((t) => !held.includes(t.generator))).toBe(true);
      expect(counts.negatives).toBe(rs.filter((r) => r.turns.length === 0).length);
      expect(test.every((r) => r.turns.length > 0)).toBe(true);
      expect(counts.mixed).toBe(test.filter((r) => r.turns.some((t) => !held.includes(t.generator))).length);
      expect(counts.train + counts.test).toBe(rs.length);
    }
  });

  it.each(presets)('%s: loadSplit with a holdout streams the same sides as crossGeneratorSplit', async (preset) => {
    const [streamedTrain, streamedVal] = await Promise.all([
      collect('train', { holdout: preset }),
      collect('val', { holdout: preset }),
    ]);
    expect(idsOf(streamedTrain)).toEqual(idsOf(crossGeneratorSplit(train, { holdout: preset }).train));
    expect(idsOf(streamedVal)).toEqual(idsOf(crossGeneratorSplit(validation, { holdout: preset }).test));
  });

  it('loadSplit("train", { holdout, minQuality: 3 }) is the filtered train side', async () => {
    const streamed = await collect('train', { holdout: 'sd2+sd3.5', minQuality: 3 });
    const expected = filterRecords(train, { holdout: 'sd2+sd3.5', holdoutSide: 'train', minQuality: 3 });
    expect(idsOf(streamed)).toEqual(idsOf(expected));
    // Negatives survive the quality filter, as in the paper.
    expect(streamed.filter((r) => r.turns.length === 0).length).toBe(train.filter((r) => r.turns.length === 0).length);
  });
});
