import { DiffsegError } from '../errors.js';
import type { DatasetSource, RepoFile } from '../repo/dataset-source.js';
import { resolveSource, type SourceParams } from '../repo/resolve-source.js';
import { canonicalSplit } from '../schema/labels.js';
import { type DatasetCard, parseDatasetCard } from './parse-dataset-card.js';
import { openShard, type RecordShard } from './open-shard.js';
import { SHARD_NAME } from './shard-name.js';

/** One split of a dataset. */
export interface DatasetSplit {
  /** Split name as the dataset spells it (`train`, `validation`, …). */
  name: string;
  /** Its Parquet shards (paths relative to the source's root), sorted by path. */
  files: RepoFile[];
  /** Record count from the card's `dataset_info`, when it says. */
  num_examples: number | undefined;
  /** Arrow size from the card's `dataset_info`, when it says. */
  num_bytes: number | undefined;
}

/** A dataset: where it is, its card, and where each split's shards are. */
export interface DatasetLayout {
  /** The location; open a shard with `source.open({ path: split.files[i].path })`. */
  source: DatasetSource;
  /** The parsed `README.md`, or `undefined` when there is none. */
  card: DatasetCard | undefined;
  /** Where the split list came from: the card's `configs`, or the `data/{split}-*.parquet` names. */
  from: 'configs' | 'files';
  /** Splits in the order the card (or the file names) give them. */
  splits: DatasetSplit[];
  /**
   * The split named `name` (`val` finds `validation`).
   * @throws {DiffsegError} code `SPLIT_NOT_FOUND`, naming the splits there are.
   */
  split(name: string): DatasetSplit;
  /**
   * Opens one file of split `split` for reading a row group at a time, in the dataset's layout.
   * @throws {FormatError} / {@link SourceError} naming the file when it cannot be opened.
   */
  openShard(params: { split: string; path: string }): Promise<RecordShard>;
}

/**
 * Reads where a dataset's splits are: the card `README.md` (YAML front matter + body) and, per
 * split, the shard files its `configs` → `data_files` patterns match (as the Hub reads them), or
 * — without a card or `configs` — the files named `data/{split}-*.parquet`. Numbers come from the
 * card's `dataset_info` when it has them. Nothing but the card and the file list is read.
 *
 * @throws {DiffsegError} code `NOT_A_DATASET` when the location has neither a card with
 *   `configs` nor `data/*.parquet` shards — the message says which; what {@link resolveSource}
 *   throws for a location that is not there.
 * @example
 * const layout = await openDataset({ source: 'samples' });
 * for (const { path } of layout.split('val').files) {
 *   const shard = await layout.openShard({ split: 'val', path });
 *   console.log(path, shard.numRows);
 * }
 */
export async function openDataset(params: SourceParams): Promise<DatasetLayout> {
  const source = await resolveSource(params);
  const notADataset = (why: string) => new DiffsegError({ code: 'NOT_A_DATASET', message: `dataset: ${source.name}: not a dataset: ${why}` });
  const files = await source.listFiles();
  const cardBytes = await source.readFile({ path: 'README.md' });
  const card = cardBytes === undefined ? undefined : parseDatasetCard({ text: new TextDecoder().decode(cardBytes), file: `${source.name}/README.md` });
  const info = datasetInfo(card);

  let from: DatasetLayout['from'] = 'configs';
  let groups = card ? splitsFromConfigs(card.data, files, notADataset) : undefined;
  if (!groups) {
    from = 'files';
    groups = new Map();
    for (const f of files) {
      const parts = f.path.split('/');
      const m = parts.length === 2 && parts[0] === 'data' ? SHARD_NAME.exec(parts[1]) : null;
      if (!m) continue;
      const list = groups.get(m[1]) ?? [];
      list.push(f);
      groups.set(m[1], list);
    }
    if (groups.size === 0) {
      throw notADataset(
        card
          ? 'README.md has no `configs` with `data_files`, and there are no data/{split}-NNNNN-of-NNNNN.parquet shards'
          : 'no README.md dataset card and no data/{split}-NNNNN-of-NNNNN.parquet shards',
      );
    }
  }

  const splits: DatasetSplit[] = [...groups].map(([name, list]) => ({
    name,
    files: list.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)),
    num_examples: info.get(name)?.num_examples,
    num_bytes: info.get(name)?.num_bytes,
  }));
  const split = (name: string): DatasetSplit => {
    const wanted = canonicalSplit(name);
    const found = splits.find((s) => s.name === wanted) ?? splits.find((s) => s.name === name);
    if (!found) {
      throw new DiffsegError({ code: 'SPLIT_NOT_FOUND', message: `dataset: ${source.name}: no split "${name}"; the splits are ${splits.map((s) => s.name).join(', ')}` });
    }
    return found;
  };
  const openShardOf = async (p: { split: string; path: string }): Promise<RecordShard> =>
    openShard({ byteSource: await source.open({ path: p.path }), split: split(p.split).name });
  return { source, card, from, splits, split, openShard: openShardOf };
}

/** `split → file list` from the card's default config, or `undefined` when it declares none. */
function splitsFromConfigs(
  data: Record<string, unknown>,
  files: RepoFile[],
  notADataset: (why: string) => DiffsegError,
): Map<string, RepoFile[]> | undefined {
  const configs = data.configs;
  if (!Array.isArray(configs) || configs.length === 0) return undefined;
  const config =
    configs.find((c) => c && (c as Record<string, unknown>).default === true) ??
    configs.find((c) => c && (c as Record<string, unknown>).config_name === 'default') ??
    configs[0];
  const dataFiles = (config as Record<string, unknown> | null)?.data_files;
  if (dataFiles === undefined) return undefined;
  // The Hub's forms: a pattern or list of patterns (one split, `train`), or a list of {split, path}.
  const entries: { split: string; patterns: string[] }[] = [];
  const patternsOf = (p: unknown): string[] => (typeof p === 'string' ? [p] : Array.isArray(p) ? p.filter((x): x is string => typeof x === 'string') : []);
  if (typeof dataFiles === 'string' || (Array.isArray(dataFiles) && dataFiles.every((x) => typeof x === 'string'))) {
    entries.push({ split: 'train', patterns: patternsOf(dataFiles) });
  } else if (Array.isArray(dataFiles)) {
    for (const e of dataFiles) {
      const o = e as Record<string, unknown>;
      if (o && typeof o.split === 'string') entries.push({ split: o.split, patterns: patternsOf(o.path) });
    }
  } else if (dataFiles && typeof dataFiles === 'object') {
    for (const [split, p] of Object.entries(dataFiles)) entries.push({ split, patterns: patternsOf(p) });
  }
  if (entries.length === 0) return undefined;
  const out = new Map<string, RepoFile[]>();
  for (const { split, patterns } of entries) {
    const regexes = patterns.map(globToRegExp);
    const matched = files.filter((f) => f.path.endsWith('.parquet') && regexes.some((r) => r.test(f.path)));
    if (matched.length === 0) {
      throw notADataset(`README.md says split "${split}" is at ${patterns.join(', ') || '(no path)'}, but no .parquet file matches`);
    }
    out.set(split, matched);
  }
  return out;
}

/** Hub-style glob: `*` and `?` within a path segment, `**` across segments. */
function globToRegExp(pattern: string): RegExp {
  const p = pattern.replace(/^\.\//, '');
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const ch = p[i];
    if (ch === '*' && p[i + 1] === '*') {
      re += '.*';
      i++;
      if (p[i + 1] === '/') i++;
    } else if (ch === '*') re += '[^/]*';
    else if (ch === '?') re += '[^/]';
    else re += ch.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

/** `split → {num_examples, num_bytes}` from the card's `dataset_info` (a mapping or a per-config list). */
function datasetInfo(card: DatasetCard | undefined): Map<string, { num_examples?: number; num_bytes?: number }> {
  const out = new Map<string, { num_examples?: number; num_bytes?: number }>();
  let info = card?.data.dataset_info as unknown;
  if (Array.isArray(info)) info = info.find((i) => i?.config_name === 'default') ?? info[0];
  const splits = (info as Record<string, unknown> | undefined)?.splits;
  if (!Array.isArray(splits)) return out;
  for (const s of splits) {
    if (!s || typeof s.name !== 'string') continue;
    out.set(s.name, {
      num_examples: typeof s.num_examples === 'number' ? s.num_examples : undefined,
      num_bytes: typeof s.num_bytes === 'number' ? s.num_bytes : undefined,
    });
  }
  return out;
}
