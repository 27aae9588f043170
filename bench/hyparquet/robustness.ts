/**
 * hyparquet on hostile shards, against the package's reader — the other half of the hyparquet
 * evaluation (docs/dependencies.md): not how fast, but what happens on bytes that lie.
 *
 * 1. Every 7th byte of a small canonical shard flipped (page headers, pages, statistics, the
 *    footer and its length); each reader reads every row group of every variant. Outcomes: all
 *    records (as in the good file, or changed without a word — a flipped byte inside an image is
 *    not the reader's to see); a typed DiffsegError (package) or any thrown error (hyparquet: its
 *    class); a read still pending after 10 s; and, counted apart, a rejection nobody awaited
 *    (`unhandledRejection`: it ends a Node process that has no handler for it).
 * 2. The pyarrow ZSTD bomb (spec/hostile/fixtures: 39 kB of pages declaring 900 MiB): the error,
 *    and how far the process grew.
 *
 *   npx tsx bench/hyparquet/robustness.ts
 */
import { readFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import { DiffsegError, writeDataset } from '../../src/index.js';
import { openShard } from '../../src/format/index.js';
import { fromBuffer } from '../../src/io/index.js';
import { makeRecords } from '../../spec/format/make-records.js';
import { printTable } from '../harness.js';
import { type Cell, asyncBufferOf, recordsFromRows } from './hyparquet-shard.js';

const TIMEOUT = 10_000;

/** `run` settled, or `'hang'` after {@link TIMEOUT}. */
async function within<T>(run: () => Promise<T>): Promise<{ value?: T; error?: unknown; hang?: true }> {
  let timer: NodeJS.Timeout | undefined;
  const hang = new Promise<{ hang: true }>((r) => (timer = setTimeout(() => r({ hang: true }), TIMEOUT)));
  try {
    return await Promise.race([run().then((value) => ({ value }), (error: unknown) => ({ error })), hang]);
  } finally {
    clearTimeout(timer);
  }
}

const packageRead = async (bytes: Uint8Array, name: string): Promise<unknown[]> => {
  const shard = await openShard({ byteSource: fromBuffer({ bytes, name }) });
  const out: unknown[] = [];
  for (let g = 0; g < shard.rowGroups.length; g++) out.push(...(await shard.readRecords(g)));
  return out;
};

/** hyparquet alone, footer included: what adopting it for the whole read would meet. */
const hyparquetRead = async (bytes: Uint8Array, name: string): Promise<unknown[]> => {
  const file = asyncBufferOf(fromBuffer({ bytes, name }));
  const metadata = await parquetMetadataAsync(file);
  // Through the package's record checks, as an adopted reader would be.
  return recordsFromRows({ rows: (await parquetReadObjects({ file, metadata, utf8: false, compressors })) as Cell[], split: 'train', file: name, firstRow: 0 });
};

/** Rejections no one awaited, by reader, while that reader was reading. */
let reading: 'package' | 'hyparquet' = 'package';
const unhandled = { package: 0, hyparquet: 0 };
process.on('unhandledRejection', () => unhandled[reading]++);
/** Lets rejections of the last read surface before the next one starts. */
const settle = () => new Promise((r) => setTimeout(r, 1));

const dir = await mkdtemp(join(tmpdir(), 'diffseg30k-hyparquet-robustness-'));
try {
  const summary = await writeDataset({ out: dir, splits: { train: await makeRecords(4, 'train') }, rowGroupRows: 2 });
  const good = new Uint8Array(await readFile(join(dir, summary.splits.train.files[0])));
  const reference = { package: await packageRead(good, 'good.parquet'), hyparquet: await hyparquetRead(good, 'good.parquet') };
  const unhandledIn = { package: 0, hyparquet: 0 };
  const tally = { package: new Map<string, number>(), hyparquet: new Map<string, number>() };
  const count = (m: Map<string, number>, k: string) => m.set(k, (m.get(k) ?? 0) + 1);
  let variants = 0;
  for (let pos = 0; pos < good.length; pos += 7) {
    variants++;
    const bad = good.slice();
    bad[pos] ^= 0xff;
    const name = `flip-${pos}.parquet`;
    for (const [reader, read] of [['package', packageRead], ['hyparquet', hyparquetRead]] as const) {
      reading = reader;
      const before = unhandled[reader];
      const r = await within(() => read(bad.slice(), name));
      await settle();
      if (unhandled[reader] > before) unhandledIn[reader]++;
      let outcome: string;
      if (r.hang) outcome = 'pending after 10 s';
      else if (r.error instanceof DiffsegError) outcome = `DiffsegError ${r.error.code}${r.error.message.includes(name) ? ', naming the file' : ''}`;
      else if (r.error) outcome = `${(r.error as Error)?.constructor?.name}${(r.error as Error)?.message?.includes(name) ? ', naming the file' : ''}`;
      else outcome = isDeepStrictEqual(r.value, reference[reader]) ? 'records as in the good file' : 'records, changed without a word';
      count(tally[reader], outcome);
    }
  }
  const outcomes = [...new Set([...tally.package.keys(), ...tally.hyparquet.keys()])].sort();
  const rowsOut = outcomes.map((o) => [o, tally.package.get(o) ?? 0, tally.hyparquet.get(o) ?? 0]);
  rowsOut.push(['(apart) files with a rejection nobody awaited', unhandledIn.package, unhandledIn.hyparquet]);
  printTable(`One byte flipped, every 7th byte of a ${good.length}-byte shard (${variants} files, 2 row groups each): outcomes`, ['outcome', 'package reader', 'hyparquet'], rowsOut);

  const bomb = new Uint8Array(await readFile(new URL('../../spec/hostile/fixtures/zstd-bomb.parquet', import.meta.url)));
  const rows: (string | number)[][] = [];
  for (const [reader, read] of [['package', packageRead], ['hyparquet', hyparquetRead]] as const) {
    global.gc?.();
    const rss = process.memoryUsage().rss;
    let peak = rss;
    const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 5);
    reading = reader;
    const r = await within(() => read(bomb, 'zstd-bomb.parquet'));
    clearInterval(sampler);
    peak = Math.max(peak, process.memoryUsage().rss);
    const what = r.hang ? 'pending after 10 s' : r.error ? `${(r.error as Error).constructor.name}: …${(r.error as Error).message.match(/(decompress to|length).{0,60}/)?.[0] ?? (r.error as Error).message.slice(0, 60)}` : `${(r.value as unknown[]).length} records`;
    rows.push([reader, what, ((peak - rss) / 2 ** 20).toFixed(0)]);
  }
  printTable('The ZSTD bomb (39 kB of pages declaring 900 MiB, written by pyarrow)', ['reader', 'outcome', 'RSS growth (MiB)'], rows);
} finally {
  await rm(dir, { recursive: true, force: true });
}
