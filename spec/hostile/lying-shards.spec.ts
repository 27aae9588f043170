/**
 * Corrupt and lying shards through every public way in: a full loadSplit (every pixel decoded),
 * a metadata-only loadSplit, and validateDataset. Each case must end in a typed DiffsegError
 * with a stable code whose message names the file and the row group or record — never a crash, a
 * hang, a silently shorter split — and no input may change.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Table, tableToIPC } from 'apache-arrow';
import * as parquet from 'parquet-wasm/node';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiffsegError, type DiffsegErrorCode } from '../../src/errors.js';
import { recordsToArrow } from '../../src/parquet/arrow-from-records.js';
import { readParquetFooter } from '../../src/parquet/read-parquet-footer.js';
import { writeDataset } from '../../src/format/write-dataset.js';
import { fromBuffer } from '../../src/io/from-buffer.js';
import { TType } from '../../src/parquet/thrift.js';
import { makeRecords } from '../format/make-records.js';
import { editFooter, rowGroupsOf, schemaOf, setInt } from '../fixtures/edit-footer.js';
import { copyOf, expectTyped, fullPass, makeDataset, metadataPass, rejection, snapshot, tempDir, validationProblems } from './helpers.js';

let root: string;
let base: string;
let shardBytes: Uint8Array;
const SHARD = 'data/validation-00000-of-00001.parquet';

beforeAll(async () => {
  root = await tempDir();
  const made = await makeDataset(join(root, 'base'));
  base = made.dir;
  shardBytes = new Uint8Array(await readFile(made.shard));
});

/** Where a leaf column's chunk of a row group lies in the base shard. */
async function chunkOf(rowGroup: number, path: string): Promise<{ start: number; length: number }> {
  const footer = await readParquetFooter({ byteSource: fromBuffer({ bytes: shardBytes, name: 'base' }) });
  return footer.rowGroups[rowGroup].columns.find((c) => c.path === path)!;
}

interface Case {
  name: string;
  /** The shard's new bytes. */
  bytes: () => Promise<Uint8Array>;
  code: DiffsegErrorCode | DiffsegErrorCode[];
  /** What the message must name besides the shard. */
  where: RegExp;
  /** Whether a metadata-only pass still reads every record (the damage is in the images only). */
  metadataSurvives?: boolean;
}

const cases: Case[] = [
  {
    name: 'truncated to half',
    bytes: async () => shardBytes.slice(0, shardBytes.length >> 1),
    code: 'FORMAT_INVALID',
    where: /no PAR1 magic|truncated/,
  },
  {
    name: 'footer length larger than the file',
    bytes: async () => {
      const b = shardBytes.slice();
      new DataView(b.buffer).setUint32(b.length - 8, b.length * 2, true);
      return b;
    },
    code: 'FORMAT_INVALID',
    where: /footer claims \d+ bytes of metadata/,
  },
  {
    name: 'a zip where a shard should be',
    bytes: async () => Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Uint8Array(60)]),
    code: 'FORMAT_INVALID',
    where: /not a Parquet file/,
  },
  {
    name: 'row group 1 says 0 rows (and the total agrees)',
    bytes: async () =>
      editFooter(shardBytes, (meta) => {
        setInt(rowGroupsOf(meta)[1], 3, 0);
        setInt(meta, 3, 4);
      }),
    code: 'FORMAT_INVALID',
    where: /row group 1: corrupt footer: the row group says 0 rows but column chunk id holds 3 values/,
  },
  {
    name: 'total row count larger than the row groups',
    bytes: async () => editFooter(shardBytes, (meta) => setInt(meta, 3, 70)),
    code: 'FORMAT_INVALID',
    where: /70 rows in total but the row groups hold 7/,
  },
  {
    name: 'schema root claiming 999 columns',
    bytes: async () => editFooter(shardBytes, (meta) => setInt(schemaOf(meta)[0], 5, 999, TType.I32)),
    code: 'FORMAT_INVALID',
    where: /schema root claims 999 columns/,
  },
  {
    name: 'a column chunk placed past the end of the file',
    bytes: async () =>
      editFooter(shardBytes, (meta) => {
        const chunk = (rowGroupsOf(meta)[2].get(1) as { value: { value: Map<number, { value: unknown }> }[] }).value[0].value;
        const md = chunk.get(3)!.value as Map<number, { type: number; value: number }>;
        md.set(9, { type: TType.I64, value: 10 * shardBytes.length });
      }),
    code: 'FORMAT_INVALID',
    where: /row group 2: column chunk id claims bytes/,
  },
  {
    name: 'a page header of the image column overwritten',
    bytes: async () => {
      const { start } = await chunkOf(1, 'image.bytes');
      const b = shardBytes.slice();
      b.fill(0xff, start, start + 12);
      return b;
    },
    code: 'FORMAT_INVALID',
    where: /row group 1: column chunk image\.bytes: page 0 at byte 0/,
    metadataSurvives: true,
  },
  {
    name: 'compressed image data scrambled',
    bytes: async () => {
      const { start, length } = await chunkOf(2, 'image.bytes');
      const b = shardBytes.slice();
      for (let i = start + length / 2; i < start + length - 8; i += 3) b[i] ^= 0x5a;
      return b;
    },
    // Either the page no longer decompresses, or it does and the PNG inside does not decode.
    code: ['FORMAT_INVALID', 'IMAGE_INVALID'],
    where: /row group 2|record validation-000[56]/,
    metadataSurvives: true,
  },
];

describe('hostile shards', () => {
  for (const c of cases) {
    it(`${c.name}: a typed error naming the shard from every pass, and nothing changed`, async () => {
      const dir = await copyOf(base, join(root, c.name.replace(/\W+/g, '-')));
      const file = join(dir, SHARD);
      await writeFile(file, await c.bytes());
      const before = await snapshot(dir);
      const codes = Array.isArray(c.code) ? c.code : [c.code];

      const full = await rejection(fullPass(dir));
      expect(codes).toContain(full.code);
      expectTyped(full, full.code, [file, c.where]);

      if (c.metadataSurvives) expect(await metadataPass(dir)).toBe(7);
      else expectTyped(await rejection(metadataPass(dir)), full.code, [file]);

      const problems = await validationProblems(dir);
      expect(problems.length, problems.join('\n')).toBeGreaterThan(0);
      expect(problems.join('\n')).toContain(SHARD.split('/').pop()!);
      expect(await snapshot(dir)).toEqual(before);
    });
  }

  it('a zstd bomb (39 kB → 900 MiB, made by pyarrow) is refused from its page headers, in bounded memory', async () => {
    const dir = join(root, 'bomb');
    await copyOf(base, dir);
    const bomb = fileURLToPath(new URL('./fixtures/zstd-bomb.parquet', import.meta.url));
    await writeFile(join(dir, SHARD), await readFile(bomb));
    // The bomb holds 3 rows: the card says so, so only the pages are wrong.
    await writeFile(join(dir, 'README.md'), (await readFile(join(dir, 'README.md'), 'utf8')).replace('num_examples: 7', 'num_examples: 3'));
    const before = await snapshot(dir);
    const rss = process.memoryUsage().rss;
    const error = await rejection(fullPass(dir));
    expectTyped(error, 'FORMAT_INVALID', [join(dir, SHARD), 'row group 0', /decompress to 943719458 bytes, more than the 536870912 \(512 MiB\)/]);
    // Refused before decompressing: the process grew by far less than the 900 MiB the pages hold.
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);
    // The metadata is fine and still reads.
    expect(await metadataPass(dir)).toBe(3);
    expect((await validationProblems(dir)).join('\n')).toMatch(/row group 0: : .*decompress to 943719458 bytes/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a record that breaks the data model (written around writeDataset) is a SchemaError naming file, row and record', async () => {
    const dir = join(root, 'bad-record');
    await copyOf(base, dir);
    const records = await makeRecords(7, 'validation');
    (records[6].turns[1] as { generator: string }).generator = 'dall-e';
    const t = new Table([recordsToArrow({ records })]);
    await writeFile(join(dir, SHARD), parquet.writeParquet(parquet.Table.fromIPCStream(tableToIPC(t, 'stream')), new parquet.WriterPropertiesBuilder().setMaxRowGroupSize(3).build()));
    const before = await snapshot(dir);
    for (const pass of [fullPass, metadataPass]) {
      expectTyped(await rejection(pass(dir)), 'SCHEMA_INVALID', [`file ${join(dir, SHARD)}`, 'row 6', 'record validation-0006', 'turns.1.generator']);
    }
    expect((await validationProblems(dir)).join('\n')).toMatch(/row 6, record validation-0006: turns\.1\.generator/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a mask of the wrong size, an unreadable image and a garbage RLE: errors naming the record', async () => {
    const dir = join(root, 'bad-pixels');
    const records = await makeRecords(5, 'validation');
    // Record 1 is 17×12; the mask of a 16×12 record cannot align with it.
    records[1].mask = { bytes: (await makeRecords(1, 'validation', 'x'))[0].mask.bytes, path: 'wrong.mask.png' };
    records[2].image = { bytes: records[2].image.bytes!.slice(0, Math.floor(records[2].image.bytes!.length * 0.6)), path: 'cut.png' };
    records[3].turns[0].mask_rle = '23';
    await writeDataset({ out: dir, splits: { validation: records } });
    const before = await snapshot(dir);
    // The full pass meets the mask of record 1 first.
    expectTyped(await rejection(fullPass(dir)), 'IMAGE_INVALID', [join(dir, SHARD), 'record validation-0001, mask', /label map is 16×12, expected 17×12/]);
    // The metadata pass composes label maps from the RLEs and meets record 3's.
    expectTyped(await rejection(metadataPass(dir)), 'RLE_INVALID', [join(dir, SHARD), 'record validation-0003', 'turn 0']);
    const problems = (await validationProblems(dir)).join('\n');
    expect(problems).toMatch(/record validation-0001: mask: is 16×12 but the record says 17×12/);
    expect(problems).toMatch(/record validation-0002: image: .*cannot decode/);
    expect(problems).toMatch(/record validation-0003: turns\.0\.mask_rle: rle: runs sum to/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a flipped byte anywhere in the shard: every full pass ends in all records or a typed error naming the shard', async () => {
    const dir = await copyOf(base, join(root, 'flips'));
    const file = join(dir, SHARD);
    const outcomes = new Map<string, number>();
    // Every 89th byte: page headers and data of every column, statistics, the footer and its length.
    for (let pos = 0; pos < shardBytes.length; pos += 89) {
      const bad = shardBytes.slice();
      bad[pos] ^= 0xff;
      await writeFile(file, bad);
      let outcome: string;
      try {
        outcome = `read ${await fullPass(dir)}`;
      } catch (error) {
        expect(error, `flip at ${pos}: ${(error as Error).stack}`).toBeInstanceOf(DiffsegError);
        expect((error as Error).message, `flip at ${pos}`).toContain(file);
        outcome = (error as DiffsegError).code;
      }
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // A flip in a string or a pixel can leave a valid record: only complete reads count then.
    for (const outcome of outcomes.keys()) expect(['read 7', 'FORMAT_INVALID', 'IMAGE_INVALID', 'SCHEMA_INVALID', 'RLE_INVALID']).toContain(outcome);
    expect(outcomes.get('FORMAT_INVALID')).toBeGreaterThan(0);
  });
});
