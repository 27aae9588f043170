import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstat, mkdir, readFile, readdir, readlink, rm, stat, symlink, writeFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ArgumentError, OutputError, SchemaError, flip, loadSplit, writeDataset, type DatasetRecord } from '../../src/index.js';
import { MAX_RECORD_BYTES, MAX_ROW_GROUP_BYTES, openDataset, openShard, transformSample } from '../../src/format/index.js';
import { fromFile } from '../../src/io/index.js';
import { samplesDirectory } from '../../src/repo/index.js';
import { HF_FEATURES } from '../../src/card/hf-features.js';
import { makeRecords, noisePng, tempDir } from './helpers.js';
import { sampleFields } from '../helpers/sample-fields.js';

async function readAll(path: string, split?: string): Promise<DatasetRecord[]> {
  const shard = await openShard({ byteSource: await fromFile({ path }), split });
  const out: DatasetRecord[] = [];
  for (let g = 0; g < shard.rowGroups.length; g++) out.push(...((await shard.readRecords(g)) as DatasetRecord[]));
  return out;
}

describe('writeDataset', () => {
  it('round-trips records through shards and row groups, and names shards {split}-{i:05d}-of-{n:05d}', async () => {
    const dir = await tempDir();
    const validation = await makeRecords(23, 'validation');
    const train = await makeRecords(9, 'train');
    // An async iterable for one split, a plain array for the other.
    async function* gen() {
      yield* train;
    }
    const summary = await writeDataset({ out: dir, splits: { val: validation, train: gen() }, rowGroupRows: 4, maxShardRows: 10 });

    expect(summary.splits.validation.files).toEqual([
      'data/validation-00000-of-00003.parquet',
      'data/validation-00001-of-00003.parquet',
      'data/validation-00002-of-00003.parquet',
    ]);
    expect(summary.splits.train.files).toEqual(['data/train-00000-of-00001.parquet']);
    expect(summary.splits.validation.num_examples).toBe(23);
    expect(summary.splits.validation.num_bytes).toBeGreaterThan(0);
    expect((await readdir(join(dir, 'data'))).sort()).toEqual([
      'train-00000-of-00001.parquet',
      'validation-00000-of-00003.parquet',
      'validation-00001-of-00003.parquet',
      'validation-00002-of-00003.parquet',
    ]);

    const first = await openShard({ byteSource: await fromFile({ path: join(dir, summary.splits.validation.files[0]) }) });
    expect(first.split).toBe('validation');
    expect(first.rowGroupSizes).toEqual([4, 4, 2]);
    const last = await openShard({ byteSource: await fromFile({ path: join(dir, summary.splits.validation.files[2]) }) });
    expect(last.rowGroupSizes).toEqual([3]);

    const back: DatasetRecord[] = [];
    for (const f of summary.splits.validation.files) back.push(...(await readAll(join(dir, f))));
    expect(back).toEqual(validation);
    expect(await readAll(join(dir, summary.splits.train.files[0]))).toEqual(train);
  });

  it('puts the huggingface features key in every footer', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ out: dir, splits: { train: await makeRecords(5, 'train') }, maxShardRows: 2 });
    expect(summary.splits.train.files).toHaveLength(3);
    for (const f of summary.splits.train.files) {
      const shard = await openShard({ byteSource: await fromFile({ path: join(dir, f) }) });
      expect(JSON.parse(shard.keyValueMetadata.huggingface)).toEqual({ info: { features: HF_FEATURES } });
      expect(shard.huggingface?.info?.features?.image).toEqual({ _type: 'Image' });
    }
  });

  it('writes a card whose YAML parses, declares configs naming every shard, and dataset_info with counts', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({
      out: dir,
      splits: { train: await makeRecords(7, 'train'), validation: await makeRecords(3, 'validation') },
      maxShardRows: 3,
      card: { title: 'Spec set', body: 'Synthetic records for a spec.', tags: ['synthetic'], license: 'mit' },
    });
    const text = await readFile(join(dir, 'README.md'), 'utf8');
    expect(text.startsWith('---\n')).toBe(true);
    const [, yamlText, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text)!;
    expect(body).toContain('# Spec set');
    expect(body).toContain('Synthetic records for a spec.');
    const front = parse(yamlText);
    expect(front.license).toBe('mit');
    expect(front.tags).toEqual(['synthetic']);
    expect(front.configs).toEqual([
      { config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*' }, { split: 'validation', path: 'data/validation-*' }] },
    ]);
    // Every shard is matched by its split's pattern, and no shard by another split's.
    const files = (await readdir(join(dir, 'data'))).map((f) => `data/${f}`);
    for (const { split, path } of front.configs[0].data_files) {
      const re = new RegExp(`^${path.replace('*', '[^/]*')}$`);
      expect(files.filter((f) => re.test(f)).sort()).toEqual(summary.splits[split].files);
    }
    expect(front.dataset_info.splits).toEqual([
      { name: 'train', num_bytes: summary.splits.train.num_bytes, num_examples: 7 },
      { name: 'validation', num_bytes: summary.splits.validation.num_bytes, num_examples: 3 },
    ]);
    expect(front.dataset_info.download_size).toBe(summary.splits.train.download_size + summary.splits.validation.download_size);
    const features = front.dataset_info.features as { name: string; dtype?: string; list?: unknown }[];
    expect(features.map((f) => f.name)).toEqual(Object.keys(HF_FEATURES));
    expect(features.find((f) => f.name === 'image')).toEqual({ name: 'image', dtype: 'image' });
    expect(features.find((f) => f.name === 'coco_id')).toEqual({ name: 'coco_id', dtype: 'int64' });
    const turns = features.find((f) => f.name === 'turns')!.list as { name: string; dtype?: string; list?: string }[];
    expect(turns.find((t) => t.name === 'bbox')).toEqual({ name: 'bbox', list: 'int32' });
    expect(turns.find((t) => t.name === 'label')).toEqual({ name: 'label', dtype: 'int8' });

    const layout = await openDataset({ source: dir });
    expect(layout.split('val').files.map((f) => join(layout.source.name, f.path))).toEqual(summary.splits.validation.files.map((f) => join(dir, f)));
  });

  it('with overwrite, replaces the whole dataset written before (fewer shards, other splits gone)', async () => {
    const dir = await tempDir();
    await writeDataset({ out: dir, splits: { train: await makeRecords(6, 'train'), validation: await makeRecords(2, 'validation') }, maxShardRows: 2 });
    const again = await makeRecords(2, 'train', 'again');
    await writeDataset({ out: dir, splits: { train: again }, overwrite: true });
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'data']);
    expect(await readdir(join(dir, 'data'))).toEqual(['train-00000-of-00001.parquet']);
    expect(await readAll(join(dir, 'data/train-00000-of-00001.parquet'))).toEqual(again);
    expect((await openDataset({ source: dir })).splits.map((s) => s.name)).toEqual(['train']);
  });

  it('streams: row groups reach the disk before later records are even read', async () => {
    const dir = await tempDir();
    const records = await makeRecords(10, 'train');
    // Incompressible images: the encoder hands bytes on only once it holds a few kB.
    for (const [i, r] of records.entries()) r.image = { bytes: await noisePng(i), path: `${r.id}.png` };
    const seen: number[] = [];
    async function* watched() {
      for (const [i, r] of records.entries()) {
        if (i === 8) {
          // The shard is still being written under its temp name, in the hidden staging folder;
          // sum what is on disk so far.
          const staging = join(dir, (await readdir(dir)).find((n) => n.startsWith('.diffseg30k-writing-'))!, 'data');
          const files = await readdir(staging);
          let bytes = 0;
          for (const f of files) bytes += (await stat(join(staging, f))).size;
          seen.push(bytes);
        }
        yield r;
      }
    }
    const summary = await writeDataset({ out: dir, splits: { train: watched() }, rowGroupRows: 2 });
    expect(summary.splits.train.files).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(summary.splits.train.download_size);
  });

  it('starts a new shard when maxShardBytes is reached', async () => {
    const dir = await tempDir();
    const records = await makeRecords(8, 'train');
    const summary = await writeDataset({ out: dir, splits: { train: records }, rowGroupRows: 2, maxShardBytes: 1 });
    // Each row group alone exceeds one byte, so every shard holds exactly one row group.
    expect(summary.splits.train.files).toHaveLength(4);
  });

  it('writes an empty split as one empty shard', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ out: dir, splits: { train: [] } });
    expect(summary.splits.train).toMatchObject({ files: ['data/train-00000-of-00001.parquet'], num_examples: 0 });
    const shard = await openShard({ byteSource: await fromFile({ path: join(dir, summary.splits.train.files[0]) }) });
    expect(shard.numRows).toBe(0);
  });

  it('rejects an invalid record with a SchemaError naming the record, and leaves no files behind', async () => {
    const dir = await tempDir();
    const records = await makeRecords(6, 'train');
    (records[4] as unknown as { width: number }).width = -3;
    const error = await writeDataset({ out: dir, splits: { train: records }, rowGroupRows: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.recordId).toBe('train-0004');
    expect(error.row).toBe(4);
    expect(error.issues[0].path).toEqual(['width']);
    expect(error.message).toMatch(/^schema: .*record train-0004: width: /);
    expect(await readdir(dir)).toEqual([]);
  });

  it('refuses one record above MAX_RECORD_BYTES with a SchemaError before parquet-wasm sees it (a ~500 MB value would abort the process)', async () => {
    const dir = await tempDir();
    const records = await makeRecords(3, 'train');
    // Zero-filled: the pages are never touched, so the spec costs no real memory.
    const huge = new Uint8Array(MAX_RECORD_BYTES - records[1].mask.bytes!.length + 1);
    records[1].image = { bytes: huge as Uint8Array<ArrayBuffer>, path: 'huge.png' };
    const error = await writeDataset({ out: dir, splits: { train: records } }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.recordId).toBe('train-0001');
    expect(error.row).toBe(1);
    expect(error.message).toMatch(/record train-0001: image\.bytes: the record holds 268435457 bytes of image and mask, more than the 268435456 \(256 MiB\)/);
    expect(await readdir(dir)).toEqual([]);
  });

  it('never writes a row group larger than a reader may decode (MAX_ROW_GROUP_BYTES): big records end the shard instead', async () => {
    const dir = await tempDir();
    const records = await makeRecords(3, 'train');
    // 130 MiB each (zeros: cheap to hold, tiny on disk): two together pass the 256 MiB batch budget.
    for (const r of records) r.image = { bytes: new Uint8Array(130 * 1024 * 1024) as Uint8Array<ArrayBuffer>, path: `${r.id}.png` };
    const summary = await writeDataset({ out: dir, splits: { train: records } });
    expect(summary.splits.train.files).toHaveLength(3);
    for (const [i, f] of summary.splits.train.files.entries()) {
      const shard = await openShard({ byteSource: await fromFile({ path: join(dir, f) }) });
      expect(shard.rowGroupSizes).toEqual([1]);
      expect((await shard.readMetadata(0)).map((m) => m.id)).toEqual([records[i].id]);
    }
    // The largest reads back whole.
    const last = await readAll(join(dir, summary.splits.train.files[2]));
    expect(last[0].image.bytes!.length).toBe(130 * 1024 * 1024);
    expect(MAX_ROW_GROUP_BYTES).toBe(512 * 1024 * 1024);
  });

  it('closes the caller\'s generator when a record fails', async () => {
    const dir = await tempDir();
    const records = await makeRecords(5, 'train');
    (records[1] as { num_turns: number }).num_turns = 1000;
    let closed = false;
    async function* gen() {
      try {
        yield* records;
      } finally {
        closed = true;
      }
    }
    await expect(writeDataset({ out: dir, splits: { train: gen() }, rowGroupRows: 1 })).rejects.toThrow(SchemaError);
    expect(closed).toBe(true);
  });

  it('rejects a record whose split is not the one it is written to', async () => {
    const dir = await tempDir();
    const records = await makeRecords(2, 'train');
    const error = await writeDataset({ out: dir, splits: { validation: records } }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.issues[0].path).toEqual(['split']);
  });

  it('rejects bad parameters with an ArgumentError', async () => {
    const dir = await tempDir();
    await expect(writeDataset({ out: dir, splits: { 'no-dash': [] } })).rejects.toThrow(ArgumentError);
    await expect(writeDataset({ out: dir, splits: { train: [] }, rowGroupRows: 0 })).rejects.toThrow(ArgumentError);
    await expect(writeDataset({ out: dir, splits: { val: [], validation: [] } })).rejects.toThrow(/given twice/);
  });

  it('stops at an aborted signal and removes its temp files', async () => {
    const dir = await tempDir();
    const records = await makeRecords(6, 'train');
    const controller = new AbortController();
    async function* slow() {
      for (const [i, r] of records.entries()) {
        if (i === 3) controller.abort();
        yield r;
      }
    }
    await expect(writeDataset({ out: dir, splits: { train: slow() }, rowGroupRows: 2, signal: controller.signal })).rejects.toThrow();
    expect(await readdir(dir)).toEqual([]);
  });
});

/** Every file below `dir` (hidden ones included) with its bytes, to prove a folder unchanged. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const e of await readdir(dir, { recursive: true, withFileTypes: true })) {
    const path = join(e.parentPath, e.name);
    const info = await lstat(path);
    out[relative(dir, path)] = info.isSymbolicLink() ? `link → ${await readlink(path)}` : info.isFile() ? createHash('sha256').update(await readFile(path)).digest('hex') : 'dir';
  }
  return out;
}

describe('writeDataset never destroys what it did not write', () => {
  it('refuses a non-empty folder without overwrite (a project\'s README.md stays as it was)', async () => {
    const dir = await tempDir();
    await writeFile(join(dir, 'README.md'), '# my project\n');
    await writeFile(join(dir, 'package.json'), '{}\n');
    const before = await snapshot(dir);
    const error = await writeDataset({ out: dir, splits: { train: await makeRecords(2, 'train') } }).catch((e) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toContain(dir);
    expect(error.message).toMatch(/is not empty \(it holds README\.md, package\.json\); pass overwrite: true/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('with overwrite, still refuses a folder holding anything a dataset writer never writes', async () => {
    const dir = await tempDir();
    await writeDataset({ out: dir, splits: { train: await makeRecords(2, 'train') } });
    const cases: [string, () => Promise<unknown>, RegExp][] = [
      ['a project file', () => writeFile(join(dir, 'package.json'), '{}'), /holds package\.json, which a dataset writer never writes/],
      ['a non-shard file in data/', () => writeFile(join(dir, 'data', 'notes.txt'), 'mine'), /holds data\/notes\.txt/],
      ['a link in data/', () => symlink('/etc/hostname', join(dir, 'data', 'x-00000-of-00001.parquet')), /data\/x-00000-of-00001\.parquet \(a link\)/],
      ['a sub-folder', () => mkdir(join(dir, 'src')), /holds src\//],
    ];
    for (const [what, plant, message] of cases) {
      await plant();
      const before = await snapshot(dir);
      const error = await writeDataset({ out: dir, splits: { train: await makeRecords(1, 'train') }, overwrite: true }).catch((e) => e);
      expect(error, what).toBeInstanceOf(ArgumentError);
      expect(error.message, what).toMatch(message);
      expect(await snapshot(dir), what).toEqual(before);
      await rm(join(dir, 'package.json'), { force: true });
      await rm(join(dir, 'data', 'notes.txt'), { force: true });
      await rm(join(dir, 'data', 'x-00000-of-00001.parquet'), { force: true });
      await rm(join(dir, 'src'), { force: true, recursive: true });
    }
  });

  it('a failing overwrite leaves the old dataset byte for byte, and no staging folder behind', async () => {
    const dir = await tempDir();
    await writeDataset({ out: dir, splits: { train: await makeRecords(4, 'train'), validation: await makeRecords(2, 'validation') }, maxShardRows: 2 });
    const before = await snapshot(dir);
    const bad = await makeRecords(5, 'train', 'new');
    (bad[4] as unknown as { width: number }).width = 0;
    await expect(writeDataset({ out: dir, splits: { train: bad }, rowGroupRows: 2, overwrite: true })).rejects.toThrow(SchemaError);
    // The snapshot lists hidden entries too: no staging folder is left inside.
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a writer killed mid-write (SIGKILL) leaves the old dataset intact; the next overwrite clears its leftovers', async () => {
    const dir = await tempDir();
    const old = await makeRecords(3, 'train', 'old');
    await writeDataset({ out: dir, splits: { train: old } });
    const before = await snapshot(dir);
    const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(new URL('./fixtures/write-until-killed.ts', import.meta.url)), dir], { stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise((done) => child.on('exit', done));
    await new Promise<void>((done, fail) => {
      child.stdout.on('data', (chunk: Buffer) => chunk.toString().includes('writing') && done());
      void exited.then((code) => fail(new Error(`the writer exited (${code}) before it was killed`)));
    });
    // Proof that the kill lands mid-write: shard bytes exist, in a staging folder.
    const staging = (await readdir(dir)).filter((n) => n.startsWith('.diffseg30k-writing-'));
    expect(staging).toHaveLength(1);
    const parts = await readdir(join(dir, staging[0], 'data'));
    expect(parts.length).toBeGreaterThan(0);
    child.kill('SIGKILL');
    expect(await exited).toBe(null); // killed by the signal, not exited on its own
    const after = await snapshot(dir);
    for (const [path, hash] of Object.entries(before)) expect(after[path], path).toBe(hash);
    expect(await readAll(join(dir, 'data/train-00000-of-00001.parquet'))).toEqual(old);
    // The reader skips the hidden leftover; an overwrite removes it.
    expect((await openDataset({ source: dir })).split('train').files.map((f) => f.path)).toEqual(['data/train-00000-of-00001.parquet']);
    const fresh = await makeRecords(2, 'train', 'fresh');
    await writeDataset({ out: dir, splits: { train: fresh }, overwrite: true });
    expect((await readdir(dir)).sort()).toEqual(['README.md', 'data']);
    expect(await readAll(join(dir, 'data/train-00000-of-00001.parquet'))).toEqual(fresh);
  });

  it('writes through a link to a folder: the linked dataset is replaced, the link stays a link', async () => {
    const root = await tempDir();
    const real = join(root, 'real');
    await writeDataset({ out: real, splits: { train: await makeRecords(2, 'train') } });
    await symlink(real, join(root, 'link'));
    const fresh = await makeRecords(3, 'train', 'fresh');
    const summary = await writeDataset({ out: join(root, 'link'), splits: { train: fresh }, overwrite: true });
    expect(summary.out).toBe(join(root, 'link'));
    expect((await lstat(join(root, 'link'))).isSymbolicLink()).toBe(true);
    expect(await readAll(join(real, 'data/train-00000-of-00001.parquet'))).toEqual(fresh);
    expect((await readdir(root)).sort()).toEqual(['link', 'real']);
  });

  it('creates a missing folder only once the dataset is complete, by one rename', async () => {
    const root = await tempDir();
    const dir = join(root, 'a', 'b');
    let seen: string[] | undefined;
    const records = await makeRecords(3, 'train');
    async function* watched() {
      yield records[0];
      seen = await readdir(join(root, 'a'));
      yield* records.slice(1);
    }
    await writeDataset({ out: dir, splits: { train: watched() }, rowGroupRows: 1 });
    expect(seen).toHaveLength(1);
    expect(seen![0]).toMatch(/^\.b\.diffseg30k-writing-/);
    expect(await readdir(join(root, 'a'))).toEqual(['b']);
  });

  it('file-system failures are OutputErrors naming the path; a file where the folder should be is an ArgumentError', async () => {
    const root = await tempDir();
    await writeFile(join(root, 'file'), 'x');
    const under = await writeDataset({ out: join(root, 'file', 'ds'), splits: { train: [] } }).catch((e) => e);
    expect(under).toBeInstanceOf(OutputError);
    expect(under.code).toBe('OUTPUT_ERROR');
    expect(under.message).toContain(join(root, 'file'));
    const onFile = await writeDataset({ out: join(root, 'file'), splits: { train: [] } }).catch((e) => e);
    expect(onFile).toBeInstanceOf(ArgumentError);
    expect(onFile.message).toMatch(/exists and is not a folder/);
    expect(await readFile(join(root, 'file'), 'utf8')).toBe('x');
  });
});

describe('writeDataset of what loadSplit yields', () => {
  const authorsZip = join(samplesDirectory(), '..', 'authors-layout.zip');
  // Bytes as well as metadata: a sample's imageBytes/maskBytes are the published files.
  const collect = async <T>(items: AsyncIterable<T>): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of items) out.push(item);
    return out;
  };
  const fieldsOf = async (split: string, source: string) => {
    const out = [];
    for await (const s of loadSplit(split, { source })) out.push(sampleFields(s));
    return out;
  };

  it('loadSplit → writeDataset → loadSplit gives the same samples, bytes untouched, for annotated and mask-only splits', async () => {
    for (const [source, splits] of [
      ['samples', ['train', 'validation']],
      [authorsZip, ['train', 'validation']],
    ] as const) {
      const out = join(await tempDir('diffseg30k-roundtrip-'), 'copy');
      const summary = await writeDataset({ out, splits: Object.fromEntries(splits.map((s) => [s, loadSplit(s, { source })])) });
      for (const split of splits) {
        const before = await fieldsOf(split, source);
        expect(before.length, `${source} ${split}`).toBeGreaterThan(0);
        expect(summary.splits[split].num_examples).toBe(before.length);
        const after = await fieldsOf(split, out);
        expect(after, `${source} ${split}`).toEqual(before);
        // The pixels agree too: the same bytes decode to the same label maps.
        const [first] = await collect(loadSplit(split, { source: out, limit: 1 }));
        const [original] = await collect(loadSplit(split, { source, limit: 1 }));
        expect(await first.labelMap()).toEqual(await original.labelMap());
      }
    }
  });

  it('refuses a metadata-only sample and a transformed one with an ArgumentError naming the sample and the remedy, leaving out untouched', async () => {
    const root = await tempDir('diffseg30k-roundtrip-');
    const out = join(root, 'copy');
    const error = await writeDataset({ out, splits: { validation: loadSplit('validation', { source: 'samples', metadataOnly: true }) } }).catch((e) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toMatch(/split validation, row 0: sample \S+ of \S+\/validation-\S+\.parquet has no image bytes: it was loaded with metadataOnly/);
    expect(await readdir(root)).toEqual([]);

    const [sample] = await collect(loadSplit('validation', { source: 'samples', limit: 1 }));
    const flipped = transformSample({ sample, transform: flip() });
    const again = await writeDataset({ out, splits: { validation: [flipped] } }).catch((e) => e);
    expect(again).toBeInstanceOf(ArgumentError);
    expect(again.message).toContain(`sample ${sample.id}`);
    expect(again.message).toMatch(/transformSample result/);
    expect(await readdir(root)).toEqual([]);
  });

  it('writes records and samples side by side in one split', async () => {
    const out = join(await tempDir('diffseg30k-roundtrip-'), 'mixed');
    const samples = await collect(loadSplit('validation', { source: 'samples', limit: 2 }));
    const [record] = await makeRecords(1, 'validation');
    await writeDataset({ out, splits: { validation: [samples[0], record, samples[1]] } });
    const ids = (await fieldsOf('validation', out)).map((s) => s.id);
    expect(ids).toEqual([samples[0].id, record.id, samples[1].id]);
  });

  it('rejects an unknown option (the old name dir too), naming the closest one or listing them', async () => {
    await expect(writeDataset({ dir: 'x', splits: {} } as never)).rejects.toThrow(/unknown option `dir`; the options are `out`, /);
    await expect(writeDataset({ out: 'x', splits: {}, rowGroupRow: 3 } as never)).rejects.toThrow(/did you mean `rowGroupRows`/);
  });
});
