import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { GENERATORS } from '../../src/schema/labels.js';
import { describeDataset } from '../../src/stats/describe-dataset.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import { makeRecord } from '../fixtures/make-record.js';

const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

describe('describeDataset', () => {
  it('gives every byGenerator row of every split the same length, zeros included (a table, not ragged arrays)', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'describe-'));
    dirs.push(dir);
    // sdxl only ever edits first, kolors second; most generators never appear; train has no 3-turn image.
    const train = [
      await makeRecord({ id: 't0', split: 'train', turns: [{ generator: 'sdxl', rect: [0, 0, 3, 3] }] }),
      await makeRecord({ id: 't1', split: 'train', turns: [{ generator: 'sdxl', rect: [0, 0, 3, 3] }, { generator: 'kolors', rect: [2, 2, 3, 3] }] }),
    ];
    const validation = [
      await makeRecord({ id: 'v0', turns: [{ generator: 'glide', rect: [0, 0, 2, 2] }, { generator: 'glide', rect: [1, 1, 2, 2] }, { generator: 'sd2', rect: [2, 2, 2, 2] }] }),
      await makeRecord({ id: 'v1' }),
    ];
    await writeDataset({ out: dir, splits: { train, validation } });
    const { splits } = await describeDataset({ source: dir });
    for (const s of splits) {
      expect(Object.keys(s.byGenerator).sort()).toEqual([...GENERATORS].sort());
      for (const row of Object.values(s.byGenerator)) expect(row).toHaveLength(3);
    }
    const [t, v] = splits;
    expect(t.byGenerator.sdxl).toEqual([2, 0, 0]);
    expect(t.byGenerator.kolors).toEqual([0, 1, 0]);
    expect(t.byGenerator['flux.1']).toEqual([0, 0, 0]);
    expect(v.byGenerator.glide).toEqual([1, 1, 0]);
    expect(v.byGenerator.sd2).toEqual([0, 0, 1]);
  });
});
