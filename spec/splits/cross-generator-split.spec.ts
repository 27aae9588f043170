import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import type { RecordMetadata } from '../../src/schema/record.js';
import { HOLDOUT_PRESETS, type HoldoutPreset } from '../../src/splits/holdout-presets.js';
import { crossGeneratorSplit } from '../../src/splits/cross-generator-split.js';
import { holdoutSide } from '../../src/splits/holdout-side.js';
import { record, syntheticRecords, turn } from './synthetic.js';

const records = syntheticRecords(3000, 11);
const presets = Object.keys(HOLDOUT_PRESETS) as HoldoutPreset[];

describe('crossGeneratorSplit', () => {
  it.each(presets)('%s: test images all have a held-out edit, train images none', (preset) => {
    const held: readonly string[] = HOLDOUT_PRESETS[preset];
    const { train, test, counts, heldOut } = crossGeneratorSplit(records, { holdout: preset });
    expect(heldOut).toEqual([...held]);
    for (const r of test) expect(r.turns.some((t) => held.includes(t.generator))).toBe(true);
    for (const r of train) expect(r.turns.some((t) => held.includes(t.generator))).toBe(false);
    // Nothing lost, nothing duplicated.
    expect(new Set([...train, ...test].map((r) => r.id)).size).toBe(records.length);
    expect(counts.train + counts.test).toBe(records.length);
    expect(counts.train).toBe(train.length);
    expect(counts.test).toBe(test.length);
    // The fixture must exercise both sides for the checks above to mean anything.
    expect(train.length).toBeGreaterThan(100);
    expect(test.length).toBeGreaterThan(100);
  });

  it.each(presets)('%s: every negative goes to train and is counted', (preset) => {
    const { train, test, counts } = crossGeneratorSplit(records, { holdout: preset });
    const negatives = records.filter((r) => r.turns.length === 0);
    expect(negatives.length).toBeGreaterThan(50);
    expect(counts.negatives).toBe(negatives.length);
    const trainSet = new Set(train);
    for (const n of negatives) expect(trainSet.has(n)).toBe(true);
    expect(test.some((r) => r.turns.length === 0)).toBe(false);
  });

  it.each(presets)('%s: mixed images are on test and counted', (preset) => {
    const held: readonly string[] = HOLDOUT_PRESETS[preset];
    const { test, counts } = crossGeneratorSplit(records, { holdout: preset });
    const isMixed = (r: RecordMetadata) =>
      r.turns.some((t) => held.includes(t.generator)) && r.turns.some((t) => !held.includes(t.generator));
    const mixed = records.filter(isMixed);
    expect(mixed.length).toBeGreaterThan(50);
    expect(counts.mixed).toBe(mixed.length);
    const testSet = new Set(test);
    for (const m of mixed) expect(testSet.has(m)).toBe(true);
  });

  it.each(presets)('%s: agrees with the per-record predicate', (preset) => {
    const { test } = crossGeneratorSplit(records, { holdout: preset });
    const testSet = new Set(test);
    for (const r of records) expect(holdoutSide({ record: r, holdout: preset })).toBe(testSet.has(r) ? 'test' : 'train');
  });

  it('classifies a hand-made set exactly', () => {
    const rs = [
      record('neg', []),
      record('seen', [turn('sdxl'), turn('glide', 1)]),
      record('pure', [turn('sd2'), turn('sd3.5', 1)]),
      record('mixed', [turn('sdxl'), turn('sd2', 1)]),
    ];
    const { train, test, counts } = crossGeneratorSplit(rs, { holdout: 'sd2+sd3.5' });
    expect(train.map((r) => r.id)).toEqual(['neg', 'seen']);
    expect(test.map((r) => r.id)).toEqual(['pure', 'mixed']);
    expect(counts).toEqual({ train: 2, test: 2, negatives: 1, mixed: 1 });
  });

  it('keeps richer objects and input order', () => {
    const rich = records.slice(0, 200).map((r) => ({ ...r, file: 'x.parquet', imageBytes: undefined }));
    const { train, test } = crossGeneratorSplit(rich, { holdout: ['sdxl'] });
    const order = new Map(rich.map((r, i) => [r, i]));
    for (const side of [train, test]) {
      for (let i = 1; i < side.length; i++) expect(order.get(side[i - 1])! < order.get(side[i])!).toBe(true);
    }
    expect(train.every((r) => r.file === 'x.parquet')).toBe(true);
  });

  it('rejects an unknown preset or generator with a typed error listing the valid ones', () => {
    expect(() => crossGeneratorSplit(records, { holdout: 'sd2+sdxl' as never })).toThrow(ArgumentError);
    expect(() => crossGeneratorSplit(records, { holdout: 'sd2+sdxl' as never })).toThrow(/valid presets: .*glide\+kolors/);
    expect(() => crossGeneratorSplit(records, { holdout: ['midjourney' as never] })).toThrow(/valid generators: .*kandinsky-2\.2/);
  });

  it('rejects a record without a turns array, naming its index', () => {
    const bad = [record('a', []), { id: 'b' }] as unknown as RecordMetadata[];
    expect(() => crossGeneratorSplit(bad, { holdout: 'sd2+sd3.5' })).toThrow(/splits: record 1 has no turns array/);
  });
});
