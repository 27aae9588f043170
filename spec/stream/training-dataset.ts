/** A small dataset for the loader's training specs: many row groups over several shards. */
import { writeDataset, type DatasetRecord, type Generator } from '../../src/index.js';
import { makeRecord } from '../fixtures/make-record.js';

const GENS: Generator[] = ['sd2', 'sd3.5', 'sdxl', 'flux.1', 'glide', 'kolors', 'hunyuandit-1.1', 'kandinsky-2.2'];

/** `count` records `t-000`…, every third a negative; 4 rows per row group, 16 per shard. */
export async function writeTrainingDataset(params: { dir: string; count: number; split?: string }): Promise<string[]> {
  const split = params.split ?? 'train';
  const records: DatasetRecord[] = [];
  for (let i = 0; i < params.count; i++) {
    const id = `t-${String(i).padStart(3, '0')}`;
    const turns = i % 3 === 0 ? [] : [{ generator: GENS[i % 8], rect: [i % 8, i % 6, 4, 3] as [number, number, number, number] }];
    records.push({ ...(await makeRecord({ id, turns, split })), quality_score: turns.length ? 1 + (i % 5) : null });
  }
  await writeDataset({ out: params.dir, splits: { [split]: records }, rowGroupRows: 4, maxShardRows: 16 });
  return records.map((r) => r.id);
}
