/**
 * Dataset cards and folders that try to hang, crash or mislead a reader: a card that is a named
 * pipe, a folder or huge; YAML bombs and odd YAML; data_files patterns that leak one split into
 * another or escape the folder; missing shards and broken links. Every case through loadSplit,
 * validateDataset and describeDataset (what `info` prints), each a typed error naming the card or
 * the file within a few seconds, and nothing changed.
 */
import { execFileSync } from 'node:child_process';
import { mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { DiffsegError } from '../../src/errors.js';
import type { DatasetSource } from '../../src/repo/dataset-source.js';
import { localSource } from '../../src/repo/local-source.js';
import { loadSplit } from '../../src/stream/load-split.js';
import { describeDataset } from '../../src/stats/describe-dataset.js';
import { validateDataset } from '../../src/validate/validate-dataset.js';
import { memoryIo } from '../cli/io.js';
import { copyOf, expectTyped, makeDataset, metadataPass, rejection, snapshot, tempDir } from './helpers.js';

let root: string;
let base: string;

beforeAll(async () => {
  root = await tempDir();
  base = (await makeDataset(join(root, 'base'))).dir;
});

/** Every reading entry point on `dir`: each must reject with a typed error. */
async function everyEntry(dir: string) {
  return {
    loadSplit: await rejection(metadataPass(dir)),
    validate: await rejection(validateDataset({ source: dir })),
    describe: await rejection(describeDataset({ source: dir })),
  };
}

const card = (yaml: string) => `---\n${yaml}\n---\n# card\n`;

describe('hostile cards and folders', () => {
  it('a README.md that is a named pipe: SOURCE_ERROR from loadSplit, validate and info, never a hang', { timeout: 15_000 }, async () => {
    const dir = await copyOf(base, join(root, 'fifo'));
    await rm(join(dir, 'README.md'));
    execFileSync('mkfifo', [join(dir, 'README.md')]);
    const before = await snapshot(dir);
    for (const [entry, error] of Object.entries(await everyEntry(dir))) {
      expectTyped(error, 'SOURCE_ERROR', [join(dir, 'README.md'), 'is not a regular file']);
      expect(entry).toBeTruthy();
    }
    const io = memoryIo();
    expect(await runCli(['info', dir], io)).toBe(1);
    expect(io.err()).toMatch(/^diffseg30k info: source: .*README\.md: is not a regular file/);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a README.md that is a folder, or larger than any card: SOURCE_ERROR naming it', async () => {
    const folder = await copyOf(base, join(root, 'card-folder'));
    await rm(join(folder, 'README.md'));
    await mkdir(join(folder, 'README.md'));
    for (const error of Object.values(await everyEntry(folder))) expectTyped(error, 'SOURCE_ERROR', [join(folder, 'README.md'), 'is not a regular file']);

    const huge = await copyOf(base, join(root, 'card-huge'));
    await writeFile(join(huge, 'README.md'), Buffer.alloc(17 * 1024 * 1024, 0x41));
    for (const error of Object.values(await everyEntry(huge))) expectTyped(error, 'SOURCE_ERROR', [join(huge, 'README.md'), /is 17825792 bytes, more than the 16777216 read whole/]);
  });

  it('a YAML alias bomb ("billion laughs") and front matter that is not a mapping: FORMAT_INVALID naming the card', async () => {
    const dir = await copyOf(base, join(root, 'yaml-bomb'));
    const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const name = String.fromCharCode(97 + i);
      levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    await writeFile(join(dir, 'README.md'), card(levels.join('\n')));
    const rss = process.memoryUsage().rss;
    for (const error of Object.values(await everyEntry(dir))) expectTyped(error, 'FORMAT_INVALID', [`card: ${join(dir, 'README.md')}`, 'front matter is not valid YAML']);
    expect(process.memoryUsage().rss - rss).toBeLessThan(200 * 1024 * 1024);

    await writeFile(join(dir, 'README.md'), card('- just\n- a list'));
    for (const error of Object.values(await everyEntry(dir))) expectTyped(error, 'FORMAT_INVALID', [join(dir, 'README.md'), 'not a YAML mapping']);
  });

  it('odd but well-formed YAML in configs and dataset_info never crashes: the files decide, or a typed error', async () => {
    const dir = await copyOf(base, join(root, 'odd-yaml'));
    const odd = [
      'configs: 42',
      'configs: [null]',
      'configs: [{config_name: default, data_files: 42}]',
      'configs: [{config_name: default, data_files: [{split: 5, path: x}]}]',
      'configs: [{config_name: default, data_files: {validation: [1, 2]}}]',
      'dataset_info: "just a string"',
      'dataset_info: {splits: [null, 3, {name: validation, num_examples: "7"}]}',
      'configs: [{config_name: default, data_files: [{split: validation, path: "data/validation-*"}]}]\ndataset_info: [null]',
    ];
    for (const yaml of odd) {
      await writeFile(join(dir, 'README.md'), card(yaml));
      try {
        expect(await metadataPass(dir), yaml).toBe(7);
      } catch (error) {
        expect(error, `${yaml}: ${(error as Error).stack}`).toBeInstanceOf(DiffsegError);
        expect((error as Error).message, yaml).toContain(dir);
      }
    }
  });

  it('data_files that give one file to two splits, or reach outside the folder: typed errors, nothing read from outside', async () => {
    const leak = await copyOf(base, join(root, 'leak'));
    await writeFile(join(leak, 'README.md'), card('configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: "**"\n  - split: validation\n    path: data/validation-*'));
    for (const error of Object.values(await everyEntry(leak))) {
      expectTyped(error, 'FORMAT_INVALID', [join(leak, 'README.md'), 'data/validation-00000-of-00001.parquet is matched by the data_files of split train (**) and of split validation']);
    }

    // A sibling dataset the card tries to pull in: patterns match the folder's own listing only.
    const outside = await copyOf(base, join(root, 'outside'));
    await writeFile(join(outside, 'README.md'), card('configs:\n- config_name: default\n  data_files:\n  - split: validation\n    path: ../base/data/*.parquet'));
    for (const error of Object.values(await everyEntry(outside))) expectTyped(error, 'NOT_A_DATASET', [outside, 'no .parquet file matches']);
  });

  it('a shard missing from its set, or a broken link in its place: a typed error, never a shorter split', async () => {
    const dir = join(root, 'sets');
    const { writeDataset } = await import('../../src/format/write-dataset.js');
    const { makeRecords } = await import('../format/make-records.js');
    await writeDataset({ out: dir, splits: { validation: await makeRecords(6, 'validation') }, maxShardRows: 2 });
    await rm(join(dir, 'data/validation-00001-of-00003.parquet'));
    for (const error of Object.values(await everyEntry(dir))) {
      expectTyped(error, 'FORMAT_INVALID', [join(dir, 'data/validation-00001-of-00003.parquet'), 'split validation: is missing']);
    }
    await symlink(join(root, 'blobs', 'never-downloaded'), join(dir, 'data/validation-00001-of-00003.parquet'));
    const before = await snapshot(dir);
    for (const error of Object.values(await everyEntry(dir))) expectTyped(error, 'SOURCE_ERROR', [dir, 'data/validation-00001-of-00003.parquet is a broken link']);
    expect(await snapshot(dir)).toEqual(before);
  });

  it('a card whose num_examples disagrees with the shards: an error naming both counts (as datasets raises), never a silently other-sized split', async () => {
    const dir = await copyOf(base, join(root, 'count'));
    const text = await readFile(join(dir, 'README.md'), 'utf8');
    expect(text).toMatch(/num_examples: 7\n/);
    await writeFile(join(dir, 'README.md'), text.replace(/num_examples: 7\n/, 'num_examples: 8\n'));
    const before = await snapshot(dir);
    const message = `card: ${join(dir, 'README.md')}: split validation: dataset_info says num_examples 8, but its 1 shard hold 7 rows`;
    // A local read plans first: refused before the first sample.
    let samples = 0;
    const planned = await rejection(
      (async () => {
        for await (const _ of loadSplit('validation', { source: dir, metadataOnly: true })) samples++;
      })(),
    );
    expect(planned.code).toBe('FORMAT_INVALID');
    expect(planned.message).toContain(message);
    expect(samples).toBe(0);
    // A source with a revision read in file order opens shards as reached: refused after the last one.
    const local = await localSource({ path: dir });
    const pinned: DatasetSource = { ...local, name: local.name, revision: 'pinned', listFiles: () => local.listFiles(), readFile: (p) => local.readFile(p), open: (p) => local.open(p) };
    samples = 0;
    const lazy = await rejection(
      (async () => {
        for await (const _ of loadSplit('validation', { source: pinned, metadataOnly: true })) samples++;
      })(),
    );
    expect(lazy.message).toContain(message);
    expect(samples).toBe(7);
    expectTyped(await rejection(describeDataset({ source: dir })), 'FORMAT_INVALID', [message]);
    expect((await validateDataset({ source: dir })).problems.map((p) => p.issues[0].message)).toEqual(['is 8 but the shards hold 7 records']);
    expect(await snapshot(dir)).toEqual(before);
  });
});
