/** The file-order reader keeps one row group ahead across shard boundaries too. */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { localSource } from '../../../src/repo/local-source.js';
import type { DatasetSource } from '../../../src/repo/dataset-source.js';
import { loadSplit } from '../../../src/stream/load-split.js';
import { writeTrainingDataset } from '../training-dataset.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-file-order-'));
  await writeTrainingDataset({ dir, count: 32 }); // two shards of four row groups
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/**
 * A local source that logs the files it opens, with a revision (as the Hub and the samples have),
 * which lets a plain pass read in file order without planning (planning opens every shard first).
 */
async function loggingSource(opened: string[]): Promise<DatasetSource> {
  const inner = await localSource({ path: dir });
  return { ...inner, name: inner.name, revision: 'r1', listFiles: () => inner.listFiles(), readFile: (p) => inner.readFile(p), open: (p) => (opened.push(p.path), inner.open(p)) };
}

describe('readInFileOrder (through loadSplit)', () => {
  it("opens the next shard while the last row group of the current one is consumed, not after", async () => {
    const opened: string[] = [];
    const iterator = loadSplit('train', { source: await loggingSource(opened), prefetch: 0 })[Symbol.asyncIterator]();
    // Rows 12–15 are shard 0's last row group: hold the second of them (the read ahead starts once
    // the consumer has taken one of the row group) and wait, asking for nothing.
    for (let i = 0; i < 14; i++) expect((await iterator.next()).done).toBe(false);
    await vi.waitFor(() => expect(opened.filter((p) => p.endsWith('.parquet')).length).toBe(2), { timeout: 5000 });
    let rest = 0;
    while (!(await iterator.next()).done) rest++;
    expect(rest).toBe(32 - 14);
  });

  it('reads nothing ahead past `limit`: a pass of the first shard never opens the second', async () => {
    const opened: string[] = [];
    const ids: string[] = [];
    for await (const s of loadSplit('train', { source: await loggingSource(opened), prefetch: 0, limit: 16 })) ids.push(s.id);
    expect(ids).toHaveLength(16);
    await new Promise((r) => setTimeout(r, 100));
    expect(opened.filter((p) => p.endsWith('.parquet'))).toEqual(['data/train-00000-of-00002.parquet']);
  });
});
