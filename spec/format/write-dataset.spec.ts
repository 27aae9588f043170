import { readFile, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { ArgumentError, SchemaError, fromFile, openDataset, openShard, writeDataset, type DatasetRecord } from '../../src/index.js';
import { HF_FEATURES } from '../../src/format/hf-features.js';
import { makeRecords, noisePng, tempDir } from './helpers.js';

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
    const summary = await writeDataset({ dir, splits: { val: validation, train: gen() }, rowGroupRows: 4, maxShardRows: 10 });

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
    expect(first.rowGroupRows).toEqual([4, 4, 2]);
    const last = await openShard({ byteSource: await fromFile({ path: join(dir, summary.splits.validation.files[2]) }) });
    expect(last.rowGroupRows).toEqual([3]);

    const back: DatasetRecord[] = [];
    for (const f of summary.splits.validation.files) back.push(...(await readAll(join(dir, f))));
    expect(back).toEqual(validation);
    expect(await readAll(join(dir, summary.splits.train.files[0]))).toEqual(train);
  });

  it('puts the huggingface features key in every footer', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ dir, splits: { train: await makeRecords(5, 'train') }, maxShardRows: 2 });
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
      dir,
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

  it('replaces the previous shards of a split when it is written again with fewer shards', async () => {
    const dir = await tempDir();
    await writeDataset({ dir, splits: { train: await makeRecords(6, 'train') }, maxShardRows: 2 });
    const again = await makeRecords(2, 'train', 'again');
    await writeDataset({ dir, splits: { train: again } });
    expect(await readdir(join(dir, 'data'))).toEqual(['train-00000-of-00001.parquet']);
    expect(await readAll(join(dir, 'data/train-00000-of-00001.parquet'))).toEqual(again);
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
          // The shard is still being written under its temp name; sum what is on disk so far.
          const files = await readdir(join(dir, 'data'));
          let bytes = 0;
          for (const f of files) bytes += (await stat(join(dir, 'data', f))).size;
          seen.push(bytes);
        }
        yield r;
      }
    }
    const summary = await writeDataset({ dir, splits: { train: watched() }, rowGroupRows: 2 });
    expect(summary.splits.train.files).toHaveLength(1);
    expect(seen[0]).toBeGreaterThan(0);
    expect(seen[0]).toBeLessThan(summary.splits.train.download_size);
  });

  it('starts a new shard when maxShardBytes is reached', async () => {
    const dir = await tempDir();
    const records = await makeRecords(8, 'train');
    const summary = await writeDataset({ dir, splits: { train: records }, rowGroupRows: 2, maxShardBytes: 1 });
    // Each row group alone exceeds one byte, so every shard holds exactly one row group.
    expect(summary.splits.train.files).toHaveLength(4);
  });

  it('writes an empty split as one empty shard', async () => {
    const dir = await tempDir();
    const summary = await writeDataset({ dir, splits: { train: [] } });
    expect(summary.splits.train).toMatchObject({ files: ['data/train-00000-of-00001.parquet'], num_examples: 0 });
    const shard = await openShard({ byteSource: await fromFile({ path: join(dir, summary.splits.train.files[0]) }) });
    expect(shard.numRows).toBe(0);
  });

  it('rejects an invalid record with a SchemaError naming the record, and leaves no files behind', async () => {
    const dir = await tempDir();
    const records = await makeRecords(6, 'train');
    (records[4] as unknown as { width: number }).width = -3;
    const error = await writeDataset({ dir, splits: { train: records }, rowGroupRows: 2 }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.recordId).toBe('train-0004');
    expect(error.row).toBe(4);
    expect(error.issues[0].path).toEqual(['width']);
    expect(error.message).toMatch(/^schema: .*record train-0004: width: /);
    expect(await readdir(join(dir, 'data'))).toEqual([]);
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
    await expect(writeDataset({ dir, splits: { train: gen() }, rowGroupRows: 1 })).rejects.toThrow(SchemaError);
    expect(closed).toBe(true);
  });

  it('rejects a record whose split is not the one it is written to', async () => {
    const dir = await tempDir();
    const records = await makeRecords(2, 'train');
    const error = await writeDataset({ dir, splits: { validation: records } }).catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.issues[0].path).toEqual(['split']);
  });

  it('rejects bad parameters with an ArgumentError', async () => {
    const dir = await tempDir();
    await expect(writeDataset({ dir, splits: { 'no-dash': [] } })).rejects.toThrow(ArgumentError);
    await expect(writeDataset({ dir, splits: { train: [] }, rowGroupRows: 0 })).rejects.toThrow(ArgumentError);
    await expect(writeDataset({ dir, splits: { val: [], validation: [] } })).rejects.toThrow(/given twice/);
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
    await expect(writeDataset({ dir, splits: { train: slow() }, rowGroupRows: 2, signal: controller.signal })).rejects.toThrow();
    expect(await readdir(join(dir, 'data'))).toEqual([]);
  });
});
