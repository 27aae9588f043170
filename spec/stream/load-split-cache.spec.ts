/**
 * Successive `loadSplit` calls on a local directory reuse the footers, card and row-group metadata
 * they parsed before — but only while the files are unchanged: a shard rewritten between two
 * calls, at another size or in place at the same size, is read afresh.
 */
import { open, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FormatError, loadSplit, writeDataset, type DatasetSource } from '../../src/index.js';
import { makeRecord } from '../fixtures/make-record.js';
import { countedLocalSource, type RecordedRead } from '../helpers/counted-local-source.js';
import { tempDir } from '../helpers/temp-dir.js';

const SHARD = 'data/validation-00000-of-00001.parquet';

/** Reads that took a shard's last bytes: its footer. */
const footerReads = (reads: RecordedRead[]) => reads.filter((r) => r.end === r.byteLength).length;

async function ids(source: DatasetSource): Promise<string[]> {
  const out: string[] = [];
  for await (const s of loadSplit('validation', { source, metadataOnly: true })) out.push(s.id);
  return out;
}

async function write(dir: string, prefix: string, count: number): Promise<void> {
  const records = await Promise.all(Array.from({ length: count }, (_, i) => makeRecord({ id: `${prefix}-${i}`, split: 'validation' })));
  await writeDataset({ out: dir, splits: { validation: records }, overwrite: true });
}

/** Replaces every `from` in the shard's footer by `to` (as long), in place: same size, same inode, another footer. */
async function patchFooter(path: string, from: string, to: string): Promise<void> {
  const bytes = await readFile(path);
  const start = bytes.length - 8 - bytes.readUInt32LE(bytes.length - 8);
  const handle = await open(path, 'r+');
  try {
    let at = bytes.indexOf(from, start);
    expect(at).toBeGreaterThan(0);
    for (; at >= 0; at = bytes.indexOf(from, at + 1)) await handle.write(Buffer.from(to), 0, to.length, at);
  } finally {
    await handle.close();
  }
}

describe('loadSplit on a directory that changes between calls', () => {
  // A file's stat vouches for its content only once it has not changed for two seconds: the
  // clock is moved on so that the files written here count as settled and the caches are in play.
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 60_000);
  });
  afterEach(() => vi.useRealTimers());

  it('reuses an unchanged footer, and reads a shard rewritten at another size, or in place at the same size, afresh', async () => {
    const dir = await tempDir('diffseg30k-load-cache-');
    await write(dir, 'a', 6);
    const { source, reads } = await countedLocalSource({ dir });
    const first = await ids(source);
    expect(first).toEqual(['a-0', 'a-1', 'a-2', 'a-3', 'a-4', 'a-5']);
    reads.length = 0;
    expect(await ids(source)).toEqual(first);
    expect(footerReads(reads)).toBe(0); // the cache is in play: the unchanged footer is not read again

    // Another shard of another size under the same name (and another card).
    await write(dir, 'b', 4);
    reads.length = 0;
    expect(await ids(source)).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
    expect(footerReads(reads)).toBeGreaterThan(0);

    // The same file rewritten in place at the same size: a column renamed in its footer. An old
    // footer would still read it as a DiffSeg30k shard.
    const size = (await readFile(join(dir, SHARD))).length;
    await new Promise((r) => setTimeout(r, 50)); // a later timestamp tick, however coarse the filesystem's
    await patchFooter(join(dir, SHARD), 'num_turns', 'num_turnZ');
    expect((await readFile(join(dir, SHARD))).length).toBe(size);
    const error = await ids(source).catch((e) => e);
    expect(error).toBeInstanceOf(FormatError);
    expect(error.message).toMatch(/validation-00000-of-00001\.parquet.*not a DiffSeg30k shard.*num_turns/);

    // And back: the repaired file is read afresh too.
    await new Promise((r) => setTimeout(r, 50));
    await patchFooter(join(dir, SHARD), 'num_turnZ', 'num_turns');
    expect(await ids(source)).toEqual(['b-0', 'b-1', 'b-2', 'b-3']);
  });

  it('gives every call records of its own: what a caller changes in one reaches no other call', async () => {
    const dir = await tempDir('diffseg30k-load-cache-');
    const records = await Promise.all([0, 1, 2].map((i) => makeRecord({ id: `d-${i}`, split: 'validation', turns: [{ generator: 'sdxl', rect: [i, 1, 4, 3] }] })));
    await writeDataset({ out: dir, splits: { validation: records } });
    const { source, reads } = await countedLocalSource({ dir });
    const read = async (metadataOnly: boolean) => {
      const out = [];
      for await (const s of loadSplit('validation', { source, metadataOnly, prefetch: 0 })) out.push(s);
      return out;
    };
    const pristine = (await read(false)).map(({ id, turns, imageBytes }) => ({ id, turns: structuredClone(turns), image: imageBytes!.length }));
    expect(pristine.map((r) => r.turns![0].bbox)).toEqual([[0, 1, 4, 3], [1, 1, 4, 3], [2, 1, 4, 3]]);
    for (const metadataOnly of [true, false, true]) {
      reads.length = 0;
      const samples = await read(metadataOnly);
      expect(samples.map(({ id, turns, imageBytes }) => ({ id, turns, image: imageBytes?.length }))).toEqual(pristine.map((p) => ({ ...p, image: metadataOnly ? undefined : p.image })));
      // The metadata came from what the first call decoded: the id column, the file's first chunk
      // (at byte 4), was not fetched again.
      expect(reads.every((r) => r.start > 4)).toBe(true);
      for (const s of samples) {
        s.turns![0].bbox[0] = 999;
        s.turns![0].prompt = 'changed';
        s.turns!.push(s.turns![0]);
      }
    }
  });

  it('reads a shard changed within the last two seconds afresh on every call, however its stat looks', async () => {
    const dir = await tempDir('diffseg30k-load-cache-');
    await write(dir, 'c', 3);
    // The clock held at the real time just after writing (Date is the faked one here).
    vi.setSystemTime(performance.timeOrigin + performance.now());
    const { source, reads } = await countedLocalSource({ dir });
    expect(await ids(source)).toEqual(['c-0', 'c-1', 'c-2']);
    expect(await ids(source)).toEqual(['c-0', 'c-1', 'c-2']);
    // Just written: a rewrite within the same timestamp tick would leave its times unmoved.
    expect(footerReads(reads)).toBe(2);
  });
});
