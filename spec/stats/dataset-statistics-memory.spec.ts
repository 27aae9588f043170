/**
 * A 30k-record metadata pass holds counts, not records: the live heap after 30,000 records is what
 * it was after 3,000, and no pixel buffer ever lives (array-buffer memory stays at a row group's
 * encoded metadata). Memory is measured after a full garbage collection, so it is what the pass
 * holds, not garbage yet to be collected.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, describe, expect, it } from 'vitest';
import { writeDataset } from '../../src/index.js';
import { datasetStatistics } from '../../src/stats/dataset-statistics.js';
import { makeRecord } from '../fixtures/make-record.js';
import { tempDir } from '../helpers/temp-dir.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const RECORDS = 30_000;

let dir: string;
beforeAll(async () => {
  dir = await tempDir('stats-30k-');
  const templates = await Promise.all(
    [0, 1, 2, 3].map((i) =>
      makeRecord({
        id: `template-${i}`,
        split: 'train',
        width: 64,
        height: 48,
        turns: [{ generator: 'sdxl' as const, rect: [0, 0, 10 + i, 10] as [number, number, number, number] }, { generator: 'glide' as const, rect: [5, 5, 20, 20 + i] as [number, number, number, number] }, { generator: 'kolors' as const, rect: [30, 20, 8, 8] as [number, number, number, number] }].slice(0, i),
      }),
    ),
  );
  // Distinct ids and categories per record: a pass that kept records or strings would grow.
  const records = Array.from({ length: RECORDS }, (_, i) => {
    const t = templates[i % 4];
    return { ...t, id: `r${i}`, turns: t.turns.map((turn) => ({ ...turn, category: `category-${i % 2001}`, prompt: `edit number ${i}` })) };
  });
  await writeDataset({ out: dir, splits: { train: records }, rowGroupRows: 1000 });
}, 120_000);

describe('datasetStatistics memory', () => {
  it('holds the same live heap after 30,000 records as after 3,000, and no pixels', async () => {
    const heap: Record<number, number> = {};
    let arrayBuffers = 0;
    const stats = await datasetStatistics({
      source: dir,
      onProgress: (done) => {
        if (done === 3_000 || done === RECORDS - 1) {
          gc();
          heap[done] = process.memoryUsage().heapUsed;
        }
        if (done % 1000 === 0) arrayBuffers = Math.max(arrayBuffers, process.memoryUsage().arrayBuffers);
      },
    });
    expect(stats.records).toBe(RECORDS);
    expect(stats.categories!.distinct).toBe(2001);
    const grown = heap[RECORDS - 1] - heap[3_000];
    console.info(`stats memory: live heap +${(grown / 1e6).toFixed(2)} MB from record 3,000 to 30,000; array buffers at most ${(arrayBuffers / 1e6).toFixed(1)} MB`);
    // 27,000 more records of ~0.5 KB of metadata each would be ~13 MB; counts are a few KB.
    expect(grown).toBeLessThan(4_000_000);
    // Not one decoded 64 × 48 image per record (9 KB each, 270 MB in all) — a few row groups at most.
    expect(arrayBuffers).toBeLessThan(64_000_000);
  }, 120_000);
});
