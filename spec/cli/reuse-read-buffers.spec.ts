/**
 * reuseReadBuffers: a file-ordered pass through the wrapped location reads large ranges into a
 * few buffers used again, and never into one a record still views — the failure that matters
 * is a record's bytes changing under it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { reuseReadBuffers } from '../../src/cli/reuse-read-buffers.js';
import { openDataset } from '../../src/format/open-dataset.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import type { ByteSource } from '../../src/io/byte-source.js';
import type { DatasetSource } from '../../src/repo/dataset-source.js';
import type { Sample } from '../../src/schema/sample.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { makeRecord } from '../fixtures/make-record.js';

const ROWS = 24;
const ROW_GROUP = 4;
let dir: string;
/** Each record's image and mask bytes as read without the wrapper. */
let expected: Map<string, [string, string]>;

const hex = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('hex');

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-reuse-'));
  const records = await Promise.all(Array.from({ length: ROWS }, (_, i) => makeRecord({ id: `r${String(i).padStart(3, '0')}`, width: 40 + (i % 3), height: 30, turns: [{ generator: 'sd2', rect: [i % 10, 2, 5, 6] }] })));
  // Two shards of three row groups each.
  await writeDataset({ out: dir, splits: { validation: records }, rowGroupRows: ROW_GROUP, maxShardRows: 12 });
  expected = new Map();
  for await (const s of loadSplit('validation', { source: dir, prefetch: 0 })) expected.set(s.id, [hex(s.imageBytes), hex(s.maskBytes)]);
  expect(expected.size).toBe(ROWS);
});

afterAll(() => rm(dir, { recursive: true, force: true }));

/** A file-ordered pass through `reuse`, holding each record until `hold` more have been taken. */
async function pass(reuse: ReturnType<typeof reuseReadBuffers>, hold: number) {
  const held: { sample: Sample; release: () => void; seen: [string, string] }[] = [];
  const buffers = new Set<ArrayBufferLike>();
  let checked = 0;
  const check = (h: (typeof held)[number]) => {
    // Still the bytes it was read with, right up to its release.
    expect([hex(h.sample.imageBytes), hex(h.sample.maskBytes)], h.sample.id).toEqual(expected.get(h.sample.id));
    h.release();
    checked++;
  };
  for await (const sample of loadSplit('validation', { source: reuse.source, prefetch: 0 })) {
    buffers.add(sample.imageBytes!.buffer);
    held.push({ sample, release: reuse.take([sample.imageBytes, sample.maskBytes]), seen: [hex(sample.imageBytes), hex(sample.maskBytes)] });
    expect(held.at(-1)!.seen, sample.id).toEqual(expected.get(sample.id));
    while (held.length > hold) check(held.shift()!);
  }
  while (held.length) check(held.shift()!);
  expect(checked).toBe(ROWS);
  return buffers;
}

describe('reuseReadBuffers', () => {
  it('reads the row groups of a pass into a few buffers, the records unchanged', async () => {
    const layout = await openDataset({ source: dir });
    const buffers = await pass(reuseReadBuffers({ source: layout.source, minBytes: 1 }), 1);
    // Six row groups; each record viewing its row group's read, and reads reusing buffers.
    expect(buffers.size).toBeLessThan(ROWS / ROW_GROUP);
  });

  it('never reuses a buffer a record still views, however long it is held', async () => {
    const layout = await openDataset({ source: dir });
    for (const hold of [0, 1, 2, 5, 9, ROWS]) await pass(reuseReadBuffers({ source: layout.source, minBytes: 1 }), hold);
  });

  it('frees a buffer only once a later read has been viewed and its own records are released', async () => {
    const layout = await openDataset({ source: dir });
    const reuse = reuseReadBuffers({ source: layout.source, minBytes: 1 });
    const file = await reuse.source.open({ path: layout.split('validation').files[0].path });
    const a = await file.read(0, 1000);
    const releaseA = reuse.take([a.subarray(10, 20)]);
    releaseA();
    // Nothing has moved past a's row group: more of its records may still come.
    const b = await file.read(1000, 2000);
    expect(b.buffer).not.toBe(a.buffer);
    const releaseB = reuse.take([b.subarray(0, 5)]); // a record of b's: every one of a's has been yielded
    const c = await file.read(2000, 2900);
    expect(c.buffer).toBe(a.buffer);
    expect(Buffer.from(c).equals(Buffer.from(await layout.source.open({ path: layout.split('validation').files[0].path }).then((f) => f.read(2000, 2900))))).toBe(true);
    // b is retired (c, read after it, was viewed) but still held; a holds c, and nothing read
    // after c has been viewed: neither is free.
    reuse.take([c.subarray(0, 5)])();
    const d = await file.read(0, 500);
    expect([d.buffer === a.buffer, d.buffer === b.buffer]).toEqual([false, false]);
    releaseB();
    expect((await file.read(3000, 3400)).buffer).toBe(b.buffer);
  });

  it('reads small ranges, and sources that are not local files, as before', async () => {
    const layout = await openDataset({ source: dir });
    const small = await pass(reuseReadBuffers({ source: layout.source }), 0); // 4 MiB: nothing here is that large
    expect(small.size).toBe(ROWS / ROW_GROUP);
    // A location whose files are buffers in memory: no read into a buffer of ours is possible,
    // so each file is handed out as it is.
    const files = new Map<string, ByteSource>();
    const inMemory: DatasetSource = Object.create(layout.source, {
      open: {
        value: async (p: { path: string }) => {
          const file = await layout.source.open(p);
          files.set(p.path, fromBuffer({ name: file.name, bytes: await file.read(0, file.byteLength) }));
          return files.get(p.path);
        },
      },
    });
    const reuse = reuseReadBuffers({ source: inMemory, minBytes: 1 });
    const path = layout.split('validation').files[0].path;
    expect(await reuse.source.open({ path })).toBe(files.get(path));
    expect((await pass(reuse, 0)).size).toBe(ROWS / ROW_GROUP);
  });
});
