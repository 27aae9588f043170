import { readFile, readdir, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { DiffsegError } from '../errors.js';
import { canonicalSplit } from '../schema/labels.js';
import { type DatasetCard, parseDatasetCard } from './parse-dataset-card.js';
import { SHARD_NAME } from './shard-name.js';

/** One split of a dataset directory. */
export interface DatasetSplit {
  /** Split name as the dataset spells it (`train`, `validation`, …). */
  name: string;
  /** Absolute or `dir`-joined paths of its Parquet shards, sorted by name. */
  files: string[];
  /** Record count from the card's `dataset_info`, when it says. */
  num_examples: number | undefined;
  /** Arrow size from the card's `dataset_info`, when it says. */
  num_bytes: number | undefined;
}

/** A dataset directory: its card and where each split's shards are. */
export interface DatasetLayout {
  /** The directory. */
  dir: string;
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
  /** Shard paths of split `name`; shorthand for `split(name).files`. */
  splitFiles(name: string): string[];
}

/**
 * Reads a dataset directory: the card `README.md` (YAML front matter + body) and, per split, the
 * shard files its `configs` → `data_files` patterns match (as the Hub reads them), or — without
 * a card or `configs` — the files named `data/{split}-*.parquet`. Numbers come from the card's
 * `dataset_info` when it has them. Nothing but the card and directory listings is read.
 *
 * @throws {DiffsegError} code `NOT_A_DATASET` when `dir` is missing, is not a directory, or has
 *   neither a card with `configs` nor `data/*.parquet` shards — the message says which.
 * @example
 * const layout = await openDataset({ dir: 'samples/data' });
 * for (const path of layout.splitFiles('val')) {
 *   const shard = await openShard({ source: await fromFile({ path }), split: 'validation' });
 * }
 */
export async function openDataset(params: { dir: string }): Promise<DatasetLayout> {
  const { dir } = params;
  const notADataset = (why: string) => new DiffsegError('NOT_A_DATASET', `dataset: ${dir}: not a dataset directory: ${why}`);
  try {
    if (!(await stat(dir)).isDirectory()) throw notADataset('it is not a directory');
  } catch (error) {
    if (error instanceof DiffsegError) throw error;
    throw notADataset('it does not exist');
  }
  let card: DatasetCard | undefined;
  const cardPath = join(dir, 'README.md');
  try {
    card = parseDatasetCard({ text: await readFile(cardPath, 'utf8'), file: cardPath });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const files = await listFiles(dir);
  const info = datasetInfo(card);

  let from: DatasetLayout['from'] = 'configs';
  let groups = card ? splitsFromConfigs(card.data, files, notADataset) : undefined;
  if (!groups) {
    from = 'files';
    groups = new Map();
    for (const f of files) {
      const parts = f.split('/');
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
    files: list.sort().map((f) => join(dir, ...f.split('/'))),
    num_examples: info.get(name)?.num_examples,
    num_bytes: info.get(name)?.num_bytes,
  }));
  const split = (name: string): DatasetSplit => {
    const wanted = canonicalSplit(name);
    const found = splits.find((s) => s.name === wanted) ?? splits.find((s) => s.name === name);
    if (!found) {
      throw new DiffsegError('SPLIT_NOT_FOUND', `dataset: ${dir}: no split "${name}"; the splits are ${splits.map((s) => s.name).join(', ')}`);
    }
    return found;
  };
  return { dir, card, from, splits, split, splitFiles: (name) => split(name).files };
}

/**
 * Every file under `dir`, as `/`-separated relative paths (hidden entries skipped). Symbolic links
 * to files count as files: a Hugging Face cache snapshot is a tree of links into `blobs/`.
 */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile() && !e.isSymbolicLink()) continue;
    const full = join(e.parentPath ?? (e as unknown as { path: string }).path, e.name);
    const rel = relative(dir, full).split(sep).join('/');
    if (rel.split('/').some((p) => p.startsWith('.'))) continue;
    if (e.isSymbolicLink() && !(await stat(full).then((s) => s.isFile(), () => false))) continue;
    out.push(rel);
  }
  return out;
}

/** `split → file list` from the card's default config, or `undefined` when it declares none. */
function splitsFromConfigs(
  data: Record<string, unknown>,
  files: string[],
  notADataset: (why: string) => DiffsegError,
): Map<string, string[]> | undefined {
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
  const out = new Map<string, string[]>();
  for (const { split, patterns } of entries) {
    const regexes = patterns.map(globToRegExp);
    const matched = files.filter((f) => f.endsWith('.parquet') && regexes.some((r) => r.test(f)));
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
