/** The file-order reader keeps one row group ahead across shard boundaries too. */
import { createHash } from 'node:crypto';
import { cp, mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tableFromIPC, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { openDataset } from '../../../src/format/open-dataset.js';
import { openShard } from '../../../src/format/open-shard.js';
import { fromFile } from '../../../src/io/index.js';
import { localSource } from '../../../src/repo/local-source.js';
import type { DatasetSource } from '../../../src/repo/dataset-source.js';
import { loadSplit } from '../../../src/stream/load-split.js';
import { writeTrainingDataset } from '../training-dataset.js';
import { countedLocalSource, type RecordedRead } from '../../helpers/counted-local-source.js';
import { writePhotoDataset } from '../photo-dataset.js';

let dir: string;
let photos: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-file-order-'));
  await writeTrainingDataset({ dir, count: 32 }); // two shards of four row groups
  photos = join(dir, 'photos');
  await writePhotoDataset({ dir: photos });
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

  it('starts a full pass on the pages of images that hold its first records: the first sample, and a short pass, fetch a fraction of the row group', async () => {
    const layout = await openDataset({ source: photos });
    const shard = await layout.openShard({ split: 'validation', path: layout.split('validation').files[0].path });
    const groupBytes = Object.values(shard.rowGroups[0].columnBytes).reduce((n, b) => n + b, 0);
    const all = [...(await shard.readRecords(0)), ...(await shard.readRecords(1))];
    const bytesOf = (reads: RecordedRead[]) => reads.reduce((n, r) => n + r.end - r.start, 0);

    const { source: firstSource, reads: first } = await countedLocalSource({ dir: photos, name: 'first sample' });
    const stream = loadSplit('validation', { source: firstSource });
    const sample = (await stream.next()).value!;
    expect(sample.id).toBe('p-00');
    expect(Buffer.from(sample.imageBytes!).equals(all[0].image.bytes!)).toBe(true);
    await stream.return(undefined);
    await new Promise((r) => setTimeout(r, 50)); // nothing was read ahead after the first sample either
    expect(bytesOf(first)).toBeLessThan(groupBytes / 2);

    const { source: shortSource, reads: short } = await countedLocalSource({ dir: photos, name: 'short pass' });
    const ids: string[] = [];
    for await (const s of loadSplit('validation', { source: shortSource, limit: 3, prefetch: 0 })) ids.push(s.id);
    expect(ids).toEqual(['p-00', 'p-01', 'p-02']);
    expect(bytesOf(short)).toBeLessThan(groupBytes / 2);

    // A whole pass, in pieces, gives every record once, in order, as readRecords does, and reads
    // each byte of image pages once: about the shard's size, not more.
    const { source: wholeSource, reads: whole } = await countedLocalSource({ dir: photos, name: 'whole pass' });
    const got = [];
    // (Bytes compared as hex digests: a deep equality of 6 MB of typed arrays takes vitest a minute.)
    const digest = (bytes: Uint8Array | null | undefined) => (bytes ? createHash('sha1').update(bytes).digest('hex') : null);
    for await (const s of loadSplit('validation', { source: wholeSource })) got.push({ id: s.id, image: digest(s.imageBytes), mask: digest(s.maskBytes), turns: s.turns });
    expect(got).toEqual(all.map((r) => ({ id: r.id, image: digest(r.image.bytes), mask: digest(r.mask.bytes), turns: r.turns })));
    const shardBytes = shard.rowGroups.reduce((n, g) => n + Object.values(g.columnBytes).reduce((m, b) => m + b, 0), 0);
    expect(bytesOf(whole)).toBeLessThan(shardBytes * 1.1);
  });

  it('reads a row group whose images are compressed whole, once: the first sample fetches its metadata columns once, not again with the rest', async () => {
    // The photographs rewritten as pyarrow writes by default (compressed pages), in the same row groups of 30.
    const snappy = join(dir, 'photos-snappy');
    await cp(photos, snappy, { recursive: true });
    const [name] = (await readdir(join(snappy, 'data'))).filter((f) => f.endsWith('.parquet'));
    const table = parquet.readParquet(await readFile(join(snappy, 'data', name)));
    const props = new parquet.WriterPropertiesBuilder().setCompression(parquet.Compression.SNAPPY).setMaxRowGroupSize(30).build();
    await writeFile(join(snappy, 'data', name), parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(tableFromIPC(table.intoIPCStream()), 'stream')), props));
    const shard = await openShard({ byteSource: await fromFile({ path: join(snappy, 'data', name) }) });
    expect(shard.rowGroupSizes).toEqual([30, 30]);
    expect(await shard.readRecordViewRange!({ rowGroup: 0, rows: [0, 1] })).toBeUndefined();

    const { source, reads } = await countedLocalSource({ dir: snappy, name: 'compressed first sample' });
    const stream = loadSplit('validation', { source });
    expect((await stream.next()).value!.id).toBe('p-00');
    await stream.return(undefined);
    await new Promise((r) => setTimeout(r, 50));
    // Past the footer's two reads: one read of the whole row group (its columns lie together), nothing else.
    const data = reads.filter((r) => r.end <= shard.footer.metadataStart).map((r): [number, number] => [r.start, r.end]);
    expect(data).toEqual(shard.byteRanges({ rowGroup: 0 }));
  });
});
