import { cp, mkdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { DiffsegError, FormatError, SourceError, writeDataset, type WriteDatasetSummary } from '../../src/index.js';
import { openDataset } from '../../src/format/index.js';
import { makeRecords, tempDir } from './helpers.js';

let root: string;
let dir: string;
let summary: WriteDatasetSummary;

beforeAll(async () => {
  root = await tempDir();
  dir = join(root, 'written');
  summary = await writeDataset({
    out: dir,
    splits: { train: await makeRecords(5, 'train'), validation: await makeRecords(3, 'validation') },
    maxShardRows: 2,
    card: { title: 'Layout spec', body: 'Body text.' },
  });
});

/** A copy of the written dataset to modify. */
async function copy(name: string): Promise<string> {
  const to = join(root, name);
  await cp(dir, to, { recursive: true });
  return to;
}

async function code(p: Promise<unknown>): Promise<{ code: string; message: string }> {
  const e = await p.then(
    () => undefined,
    (x) => x,
  );
  expect(e).toBeInstanceOf(DiffsegError);
  return e;
}

// How the card itself is read (configs → splits, dataset_info, the parse cache) is specced in spec/card/.
describe('openDataset', () => {
  it('reads the card and maps each split to its shards from configs.data_files', async () => {
    const layout = await openDataset({ source: dir });
    expect(layout.from).toBe('configs');
    expect(layout.card?.data.pretty_name).toBe('Layout spec');
    expect(layout.card?.body).toContain('Body text.');
    expect(layout.splits.map((s) => s.name)).toEqual(['train', 'validation']);
    expect(layout.split('train')).toEqual({
      name: 'train',
      // A file unchanged for two seconds also carries a `version`.
      files: summary.splits.train.files.map((path) => expect.objectContaining({ path, size: expect.any(Number) })),
      num_examples: 5,
      num_bytes: summary.splits.train.num_bytes,
    });
    expect(layout.split('val').files.map((f) => join(layout.source.name, f.path))).toEqual(summary.splits.validation.files.map((f) => join(dir, f)));
  });

  it('names the available splits when asked for a missing one', async () => {
    const layout = await openDataset({ source: dir });
    let error: DiffsegError | undefined;
    try {
      layout.split('test').files.map((f) => join(layout.source.name, f.path));
    } catch (e) {
      error = e as DiffsegError;
    }
    expect(error).toBeInstanceOf(DiffsegError);
    expect(error!.code).toBe('SPLIT_NOT_FOUND');
    expect(error!.message).toMatch(/no split "test"; the splits are train \(data\/train-00000-of-00003.parquet, .*00002-of-00003.parquet\); validation \(data\/validation-00000-of-00002.parquet, data\/validation-00001-of-00002.parquet\)/);
  });

  it('falls back to data/{split}-*.parquet names without a card, or with a card without configs', async () => {
    const noCard = await copy('no-card');
    await rm(join(noCard, 'README.md'));
    const a = await openDataset({ source: noCard });
    expect(a.from).toBe('files');
    expect(a.card).toBeUndefined();
    expect(a.split("train").files.map((f) => join(noCard, f.path))).toEqual(summary.splits.train.files.map((f) => join(noCard, f)));
    expect(a.split('validation').num_examples).toBeUndefined();

    const plainCard = await copy('plain-card');
    await writeFile(join(plainCard, 'README.md'), '---\nlicense: mit\n---\n# Just a card\n');
    const b = await openDataset({ source: plainCard });
    expect(b.from).toBe('files');
    expect(b.card?.data).toEqual({ license: 'mit' });
    expect(b.splits.map((s) => s.name).sort()).toEqual(['train', 'validation']);
  });

  it('follows symbolic links to shards, as in a Hugging Face cache snapshot', async () => {
    const snapshot = join(root, 'snapshot');
    await mkdir(join(snapshot, 'data'), { recursive: true });
    await symlink(join(dir, 'README.md'), join(snapshot, 'README.md'));
    for (const f of [...summary.splits.train.files, ...summary.splits.validation.files]) await symlink(join(dir, f), join(snapshot, f));
    const layout = await openDataset({ source: snapshot });
    expect(layout.from).toBe('configs');
    expect(layout.split('train').files.map((f) => join(layout.source.name, f.path))).toEqual(summary.splits.train.files.map((f) => join(snapshot, f)));
  });

  it('refuses a split that would silently be shorter or mixed: a missing shard, a stray index, two shard sets, a broken link', async () => {
    const missing = await copy('missing-shard');
    await rm(join(missing, 'data/train-00001-of-00003.parquet'));
    const e1 = await openDataset({ source: missing }).catch((e) => e);
    expect(e1).toBeInstanceOf(FormatError);
    expect(e1.code).toBe('FORMAT_INVALID');
    expect(e1.message).toBe(`dataset: ${missing}/data/train-00001-of-00003.parquet: split train: is missing: the split's shards say there are 3 (a missing shard would silently shorten the split)`);
    // Without a card the file names decide the splits, and the same check applies.
    await rm(join(missing, 'README.md'));
    expect((await openDataset({ source: missing }).catch((e) => e)).message).toMatch(/train-00001-of-00003\.parquet: split train: is missing/);

    const mixed = await copy('mixed-sets');
    await cp(join(mixed, 'data/validation-00000-of-00002.parquet'), join(mixed, 'data/train-00000-of-00002.parquet'));
    const e2 = await openDataset({ source: mixed }).catch((e) => e);
    expect(e2).toBeInstanceOf(FormatError);
    expect(e2.message).toMatch(/split train: shards of two sets \(train-…-of-00002 and train-…-of-00003\) side by side/);

    const stray = await copy('stray-index');
    await cp(join(stray, 'data/train-00000-of-00003.parquet'), join(stray, 'data/train-00007-of-00003.parquet'));
    expect((await openDataset({ source: stray }).catch((e) => e)).message).toMatch(/train-00007-of-00003\.parquet: split train: shard index 7 is past the set's count 3/);

    const broken = await copy('broken-link');
    await rm(join(broken, 'data/train-00002-of-00003.parquet'));
    await symlink(join(root, 'blobs', 'not-downloaded'), join(broken, 'data/train-00002-of-00003.parquet'));
    const e3 = await openDataset({ source: broken }).catch((e) => e);
    expect(e3).toBeInstanceOf(SourceError);
    expect(e3.message).toMatch(/data\/train-00002-of-00003\.parquet is a broken link/);

    // A card may give a split part of a set on purpose: the rest is there, in another split.
    const parts = await copy('parts');
    await writeFile(join(parts, 'README.md'), '---\nconfigs:\n- config_name: default\n  data_files:\n  - split: train\n    path: [data/train-00000-*, data/train-00001-*]\n  - split: dev\n    path: data/train-00002-*\n---\n');
    const layout = await openDataset({ source: parts });
    expect(layout.split('train').files.map((f) => f.path)).toEqual(['data/train-00000-of-00003.parquet', 'data/train-00001-of-00003.parquet']);
  });

  it('rejects a directory that is not a dataset, saying what is missing', async () => {
    const empty = join(root, 'empty');
    await mkdir(empty);
    const e1 = await code(openDataset({ source: empty }));
    expect(e1.code).toBe('NOT_A_DATASET');
    expect(e1.message).toBe(
      `dataset: ${empty}: not a dataset: no README.md dataset card, no Parquet files, no zip archives of image/mask pairs and no <dir>/<8 digits>.image.png + .mask.png pairs`,
    );

    const e2 = await code(openDataset({ source: join(root, 'does-not-exist') }));
    expect(e2.code).toBe('NOT_A_DATASET');
    expect(e2.message).toMatch(/does-not-exist: not a dataset: it does not exist/);

    const file = join(root, 'a-file');
    await writeFile(file, 'x');
    expect((await code(openDataset({ source: file }))).message).toMatch(/it is not a directory/);

    const cardOnly = join(root, 'card-only');
    await mkdir(cardOnly);
    await writeFile(join(cardOnly, 'README.md'), '# A model card, not a dataset\n');
    expect((await code(openDataset({ source: cardOnly }))).message).toMatch(/README\.md has no `configs`/);
  });
});
