import { DatasetError, DiffsegError, FormatError } from '../errors.js';
import type { RepoFile } from '../repo/dataset-source.js';
import type { DatasetCard } from './parse-dataset-card.js';

/** Parameters of {@link splitsFromCard}. */
export interface SplitsFromCardParams {
  /** The parsed card. */
  card: DatasetCard;
  /** The location's files (`source.listFiles()`): the `data_files` patterns are matched against their paths. */
  files: readonly RepoFile[];
  /** The location's name (`source.name`), for messages. */
  source: string;
  /**
   * Called, instead of failing, for a split no file of the listing matches (a partial listing,
   * such as a Hub cache filled file by file).
   * @default a split matching no file is an error
   */
  onMissing?: (split: string, why: string) => void;
}

/**
 * `split → Parquet files` from the card's default config (`configs` entry with `default: true`,
 * else `config_name: default`, else the first), in the Hub's `data_files` forms: a pattern or a
 * list of them (one split, `train`), a `{split: patterns}` mapping, or a list of `{split, path}`.
 * Patterns are the Hub's globs (`*` and `?` within a path segment, `**` across segments); two
 * entries for one split add up. `undefined` when the card declares no `data_files`.
 * @throws {DiffsegError} code `NOT_A_DATASET` for a split name Python `datasets` would refuse, or
 *   (without `onMissing`) a split no `.parquet` file matches.
 * @throws {FormatError} (module `card`) when one file is matched by two splits' patterns: it would
 *   be read as part of both (train records leaking into validation).
 * @example
 * const splits = splitsFromCard({ card, files: await source.listFiles(), source: source.name });
 * splits?.get('validation')?.map((f) => f.path) // ['data/validation-00000-of-00001.parquet']
 */
export function splitsFromCard(params: SplitsFromCardParams): Map<string, RepoFile[]> | undefined {
  const { card, files, source } = params;
  const cardFile = `${source}/README.md`;
  const notADataset = (why: string) => new DatasetError({ code: 'NOT_A_DATASET', source, message: `not a dataset: ${why}` });
  const configs = card.data.configs;
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
    // Python datasets' rule for split names; a split name becomes part of file names (import, distort).
    if (!/^\w+(\.\w+)*$/.test(split)) throw notADataset(`README.md names a split ${JSON.stringify(split)}: a split name is letters, digits and _ (with single dots between), as in Python datasets`);
    const regexes = patterns.map(globToRegExp);
    const matched = files.filter((f) => f.path.endsWith('.parquet') && regexes.some((r) => r.test(f.path)));
    if (matched.length === 0) {
      const why = `README.md says split "${split}" is at ${patterns.join(', ') || '(no path)'}, but no .parquet file matches`;
      if (!params.onMissing) throw notADataset(why);
      params.onMissing(split, why);
      continue;
    }
    // Two entries for one split add up (the second must not silently replace the first).
    const earlier = out.get(split) ?? [];
    out.set(split, [...earlier, ...matched.filter((f) => !earlier.includes(f))]);
  }
  // A file matched by two splits' patterns would be read as part of both (train records leaking
  // into validation): refused, as the format says each pattern matches no other split's files.
  const owner = new Map<string, string>();
  for (const [split, matched] of out) {
    for (const f of matched) {
      const other = owner.get(f.path);
      if (other !== undefined && other !== split) {
        const patterns = (s: string) => entries.find((e) => e.split === s)!.patterns.join(', ');
        throw new FormatError({
          module: 'card',
          file: cardFile,
          message: `${f.path} is matched by the data_files of split ${other} (${patterns(other)}) and of split ${split} (${patterns(split)}); a file belongs to one split`,
        });
      }
      owner.set(f.path, split);
    }
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
