import { describe, expect, it } from 'vitest';
import { DiffsegError, FormatError } from '../../src/index.js';
import { parseDatasetCard } from '../../src/card/parse-dataset-card.js';
import { splitsFromCard } from '../../src/card/splits-from-card.js';
import type { RepoFile } from '../../src/repo/dataset-source.js';

/** The listing of a dataset `writeDataset` wrote with 3 train and 2 validation shards. */
const FILES: RepoFile[] = [
  'README.md',
  'data/train-00000-of-00003.parquet',
  'data/train-00001-of-00003.parquet',
  'data/train-00002-of-00003.parquet',
  'data/validation-00000-of-00002.parquet',
  'data/validation-00001-of-00002.parquet',
].map((path) => ({ path, size: 100 }));

const splitsOf = (yaml: string, files = FILES, onMissing?: (split: string, why: string) => void) => {
  const found = splitsFromCard({ card: parseDatasetCard({ text: `---\n${yaml}\n---\n` }), files, source: '/data/set', onMissing });
  return found && Object.fromEntries([...found].map(([split, list]) => [split, list.map((f) => f.path)]));
};

describe('splitsFromCard', () => {
  it('maps each split of the default config to the Parquet files its data_files patterns match', () => {
    expect(splitsOf('configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n  - split: validation\n    path: data/validation-*')).toEqual({
      train: FILES.slice(1, 4).map((f) => f.path),
      validation: FILES.slice(4).map((f) => f.path),
    });
  });

  it('understands the other data_files forms of the Hub', () => {
    expect(splitsOf('configs:\n- config_name: default\n  data_files: "data/validation-*.parquet"')).toEqual({ train: FILES.slice(4).map((f) => f.path) });
    expect(splitsOf('configs:\n- config_name: default\n  data_files:\n    test: ["data/train-00000-*", "data/train-00001-*"]')).toEqual({
      test: [0, 1].map((i) => `data/train-0000${i}-of-00003.parquet`),
    });
    expect(splitsOf('configs:\n- config_name: default\n  data_files:\n  - split: all\n    path: "**/*.parquet"')?.all).toHaveLength(5);
    // `?` is one character of a segment, never a `/`; a leading `./` is the root.
    expect(splitsOf('configs:\n- config_name: default\n  data_files: ./data/train-0000?-of-00003.parquet')?.train).toHaveLength(3);
    expect(splitsOf('configs:\n- config_name: default\n  data_files: "*/train-*"')?.train).toHaveLength(3);
    expect(() => splitsOf('configs:\n- config_name: default\n  data_files: "train-*"')).toThrow(/no \.parquet file matches/);
  });

  it('reads the config marked default, else the one named default, else the first', () => {
    const two = (marks: string) =>
      splitsOf(`configs:\n- config_name: a\n  data_files: data/train-*\n  ${marks === 'flag' ? 'default: true' : 'x: 1'}\n- config_name: ${marks === 'name' ? 'default' : 'b'}\n  data_files: data/validation-*`);
    expect(two('flag')?.train).toHaveLength(3);
    expect(two('name')?.train).toHaveLength(2);
    expect(two('')?.train).toHaveLength(3);
  });

  it('says nothing (undefined) for a card without configs or data_files, so the file names decide', () => {
    expect(splitsOf('license: mit')).toBeUndefined();
    expect(splitsOf('configs: []')).toBeUndefined();
    expect(splitsOf('configs:\n- config_name: default')).toBeUndefined();
    expect(splitsOf('configs:\n- config_name: default\n  data_files:\n  - 3\n  - {path: x}')).toBeUndefined();
  });

  it('refuses a card whose data_files give one file to two splits (train records leaking into validation)', () => {
    const error = (() => {
      try {
        return splitsOf('configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/*\n  - split: validation\n    path: data/validation-*');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).message).toBe(
      'card: /data/set/README.md: data/validation-00000-of-00002.parquet is matched by the data_files of split train (data/*) and of split validation (data/validation-*); a file belongs to one split',
    );
    // Two entries for one split add up instead of the second replacing the first.
    expect(splitsOf('configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: [data/train-00000-*, data/train-00001-*]\n  - split: train\n    path: data/train-00002-*')?.train).toHaveLength(3);
  });

  it('rejects a card whose data_files match nothing, or that names a split Python datasets would refuse', () => {
    const thrown = (yaml: string, files?: RepoFile[]) => {
      try {
        splitsOf(yaml, files);
      } catch (e) {
        return e as DiffsegError;
      }
      throw new Error('no error');
    };
    const dangling = thrown('configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*', [FILES[0]]);
    expect(dangling).toBeInstanceOf(DiffsegError);
    expect(dangling.code).toBe('NOT_A_DATASET');
    expect(dangling.message).toBe('dataset: /data/set: not a dataset: README.md says split "train" is at data/train-*, but no .parquet file matches');
    const named = thrown('configs:\n- config_name: default\n  data_files:\n    ../up: data/train-*');
    expect(named.code).toBe('NOT_A_DATASET');
    expect(named.message).toMatch(/README\.md names a split "\.\.\/up": a split name is letters, digits and _/);
  });

  it('on a partial listing reports a split no file matches to onMissing and maps the others', () => {
    const missing: [string, string][] = [];
    const found = splitsOf('configs:\n- config_name: default\n  data_files:\n  - split: train\n    path: data/train-*\n  - split: test\n    path: data/test-*', FILES, (s, why) => missing.push([s, why]));
    expect(found).toEqual({ train: FILES.slice(1, 4).map((f) => f.path) });
    expect(missing).toEqual([['test', 'README.md says split "test" is at data/test-*, but no .parquet file matches']]);
  });
});
