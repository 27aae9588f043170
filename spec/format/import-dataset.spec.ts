/**
 * importDataset / `diffseg30k import`: layouts 2 and 3 → canonical shards of mask-only records,
 * read back identically, resumable after an interruption, from a local zip and from the Hub.
 */
import { mkdtemp, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { ArgumentError, OutputError } from '../../src/errors.js';
import { importDataset } from '../../src/format/import-dataset.js';
import { openDataset } from '../../src/format/open-dataset.js';
import { openShard } from '../../src/format/open-shard.js';
import { fromFile } from '../../src/io/from-file.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { validateDataset } from '../../src/validate/validate-dataset.js';
import { memoryIo } from '../cli/io.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { authorsZips, imageMaskFiles } from '../helpers/hub-fixtures.js';
import { collectSampleFields } from '../helpers/sample-fields.js';

let dir: string;
let hub: FakeHub;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-import-'));
  const { zip } = await authorsZips();
  await writeFile(join(dir, 'authors.zip'), zip);
  for (const [path, bytes] of Object.entries(await imageMaskFiles({ rowGroupRows: 4 }))) {
    await mkdir(dirname(join(dir, 'mirror', path)), { recursive: true });
    await writeFile(join(dir, 'mirror', path), bytes);
  }
  hub = await startFakeHub();
  hub.addRepo({ repo: 'org/authors', files: { 'authors-layout.zip': zip } });
});
afterAll(async () => {
  await hub.close();
  await rm(dir, { recursive: true, force: true });
});


describe('importDataset', () => {
  it('converts the authors zip into canonical shards of mask-only records, read back identically', async () => {
    const out = join(dir, 'from-zip');
    const summary = await importDataset({ source: join(dir, 'authors.zip'), out });
    expect(summary.kind).toBe('pairs');
    expect(Object.keys(summary.splits)).toEqual(['train', 'validation']);
    const layout = await openDataset({ source: out });
    expect(layout.kind).toBe('canonical');
    expect(layout.from).toBe('configs');
    for (const split of ['train', 'validation']) {
      const original = await collectSampleFields(loadSplit(split, { source: join(dir, 'authors.zip') }));
      const imported = await collectSampleFields(loadSplit(split, { source: out }));
      expect(imported).toEqual(original);
      const meta = await collectSampleFields(loadSplit(split, { source: out, metadataOnly: true }));
      expect(meta.map((m) => [m.id, m.turns === null && m.generators])).toEqual(original.map((m) => [m.id, m.turns === null && m.generators]));
    }
    expect((await validateDataset({ source: out })).ok).toBe(true);
    // The shards are canonical Parquet with the turn columns null.
    const shard = await openShard({ byteSource: await fromFile({ path: join(out, 'data', 'train-00000-of-00001.parquet') }) });
    const table = await shard.readTable({ rowGroup: 0, columns: ['turns', 'num_turns', 'base_type'] });
    expect(table.getChild('turns')!.get(0)).toBeNull();
    expect(table.getChild('num_turns')!.get(0)).toBeNull();
    expect(await readFile(join(out, 'README.md'), 'utf8')).toMatch(/every record here is mask-only/);
  });

  it('resumes after an interruption, keeping the shards that are complete and verified', async () => {
    const out = join(dir, 'resume');
    const controller = new AbortController();
    const first = await importDataset({
      source: join(dir, 'mirror'),
      out,
      maxShardRows: 4,
      signal: controller.signal,
      onProgress: (e) => {
        if (e.split === 'train' && e.shard === 1) controller.abort();
      },
    }).catch((e) => e);
    expect(first.name).toBe('AbortError');
    const written = (await readdir(join(out, 'data'))).filter((f) => f.endsWith('.parquet'));
    expect(written.length).toBe(2);
    // Corrupt the second completed shard: it must be rewritten, the first kept.
    const second = join(out, 'data', written.sort()[1]);
    const bytes = await readFile(second);
    bytes[100] ^= 0xff;
    await writeFile(second, bytes);
    const events: { split: string; shard: number; skipped: boolean }[] = [];
    const summary = await importDataset({ source: join(dir, 'mirror'), out, maxShardRows: 4, onProgress: (e) => events.push(e) });
    expect(events.filter((e) => e.skipped).map((e) => [e.split, e.shard])).toEqual([['train', 0]]);
    expect(summary.splits.train.skipped).toBe(1);
    const original = await collectSampleFields(loadSplit('train', { source: join(dir, 'mirror') }));
    expect(await collectSampleFields(loadSplit('train', { source: out }))).toEqual(original);
    // A third run changes nothing.
    const again = await importDataset({ source: join(dir, 'mirror'), out, maxShardRows: 4 });
    expect(again.splits.train.skipped).toBe(again.splits.train.files.length);
  });

  it('never destroys what it did not write: a foreign folder or another import is refused unless overwrite', async () => {
    // A folder of someone's own files.
    const mine = join(dir, 'mine');
    await mkdir(join(mine, 'data'), { recursive: true });
    await writeFile(join(mine, 'notes.txt'), 'keep me');
    await writeFile(join(mine, 'data', 'train-00000-of-00001.parquet'), 'not ours');
    const refused = await importDataset({ source: join(dir, 'mirror'), out: mine, maxShardRows: 4 }).catch((e) => e);
    expect(refused).toBeInstanceOf(ArgumentError);
    expect(refused.message).toMatch(/mine is not empty and holds no import of this source; pass overwrite: true/);
    const foreign = await importDataset({ source: join(dir, 'mirror'), out: mine, maxShardRows: 4, overwrite: true }).catch((e) => e);
    expect(foreign.message).toMatch(/will not overwrite .*mine: it holds notes\.txt/);
    expect(await readFile(join(mine, 'data', 'train-00000-of-00001.parquet'), 'utf8')).toBe('not ours');

    // Another import (another plan) in the folder: refused, then replaced with overwrite.
    const out = join(dir, 'replace');
    await importDataset({ source: join(dir, 'mirror'), out, maxShardRows: 4 });
    const other = await importDataset({ source: join(dir, 'mirror'), out, maxShardRows: 8 }).catch((e) => e);
    expect(other.message).toMatch(/holds an import of another source or plan/);
    const replaced = await importDataset({ source: join(dir, 'mirror'), out, maxShardRows: 8, overwrite: true });
    expect(replaced.splits.train.skipped).toBe(0);
    const original = await collectSampleFields(loadSplit('train', { source: join(dir, 'mirror') }));
    expect(await collectSampleFields(loadSplit('train', { source: out }))).toEqual(original);
  });

  it('cuts shards between input row groups without passing maxShardRows; one larger row group is a shard of its own', async () => {
    const rowsOf = async (out: string) => {
      const layout = await openDataset({ source: out });
      return Promise.all(layout.split('train').files.map(async (f) => (await openShard({ byteSource: await fromFile({ path: join(out, f.path) }) })).numRows));
    };
    const original = await collectSampleFields(loadSplit('train', { source: join(dir, 'mirror') }));
    // The mirror's row groups hold 4 rows: under 6, two of them (8) would pass it.
    const six = join(dir, 'max-6');
    await importDataset({ source: join(dir, 'mirror'), out: six, maxShardRows: 6, splits: ['train'] });
    const sizes = await rowsOf(six);
    expect(sizes.length).toBeGreaterThan(2);
    expect(sizes.slice(0, -1).every((n) => n === 4)).toBe(true);
    expect(Math.max(...sizes)).toBeLessThanOrEqual(6);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(original.length);
    // Under 3, each row group of 4 is a shard of its own.
    const three = join(dir, 'max-3');
    await importDataset({ source: join(dir, 'mirror'), out: three, maxShardRows: 3, splits: ['train'] });
    expect(await rowsOf(three)).toEqual(sizes);
    expect(await collectSampleFields(loadSplit('train', { source: three }))).toEqual(original);
  });

  it('rejects an unknown option, naming the closest one (shardRows is now maxShardRows)', async () => {
    const error = await importDataset({ source: join(dir, 'mirror'), out: join(dir, 'never'), shardRows: 4 } as never).catch((e) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toMatch(/importDataset: unknown option `shardRows`; did you mean `maxShardRows`\?/);
  });

  it('refuses a canonical source; the CLI imports from the Hub', async () => {
    await expect(importDataset({ source: 'samples', out: join(dir, 'x') })).rejects.toThrow(ArgumentError);
    const saved = { ...process.env };
    process.env.HF_ENDPOINT = hub.endpoint;
    process.env.HF_HUB_CACHE = join(dir, 'hf-cache');
    const io = memoryIo({ cwd: dir });
    const code = await runCli(['import', 'hf://datasets/org/authors', '--out', 'hub-import', '--split', 'val'], io).finally(() => (process.env = saved));
    expect(io.err()).toBe('');
    expect(code).toBe(0);
    expect(io.out()).toMatch(/validation +2 +1/);
    const imported = await collectSampleFields(loadSplit('val', { source: join(dir, 'hub-import') }));
    expect(imported.map((s) => s.id)).toEqual(['00000005', '00000006']);
  });
});

describe('importDataset when the file system fails', () => {
  it('is an OutputError naming the path, never a raw fs error: data/ turned into a file between a run and its resume', async () => {
    const out = join(dir, 'fs-fails');
    await importDataset({ source: join(dir, 'authors.zip'), out });
    await rm(join(out, 'data'), { recursive: true });
    await writeFile(join(out, 'data'), 'in the way');
    const error = await importDataset({ source: join(dir, 'authors.zip'), out }).catch((e) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect(error.path).toBe(join(out, 'data'));
    expect(error.message).toMatch(/^output: .*fs-fails\/data: cannot create the folder: /);
    expect(error.cause.code).toMatch(/^E/);
  });
});
