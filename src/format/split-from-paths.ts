/**
 * Splits of data files found by name, with the keyword rules Python `datasets` applies when a
 * repo has no `configs` (its `data_files` default patterns):
 * 1. `data/{split}-NNNNN-of-NNNNN.*` names, any split name;
 * 2. else a directory named for a split — `train`/`training`; `validation`/`valid`/`val`/`dev`;
 *    `test`/`testing`/`eval`/`evaluation` — alone or next to `-._ 0-9` (`train/`, `val_2/` no,
 *    `my-val/` yes);
 * 3. else a file name with such a keyword (`train.zip`, `diffseg-val-00.zip`);
 * 4. else everything is `train`.
 * Rules 2 and 3 each apply to the whole file list at once, as in `datasets`: when any directory
 * names a split, file names are not looked at.
 */
const KEYWORDS: [string, string[]][] = [
  ['train', ['train', 'training']],
  ['validation', ['validation', 'valid', 'dev', 'val']],
  ['test', ['test', 'testing', 'eval', 'evaluation']],
];
const SEP = '[-._ 0-9]';
const SHARDED = /^data\/([^/]+?)-\d{5}-of-\d{5}[^/]*\.[^/]+$/;

const word = (kw: string) => new RegExp(`^(?:.*${SEP})?${kw}(?:${SEP}.*)?$`);
const fileWord = (kw: string) => new RegExp(`^(?:.*${SEP})?${kw}${SEP}.*$`);

/** The split a path's directories name by rule 2, if any. */
export function splitOfDirectory(path: string): string | undefined {
  const dirs = path.split('/').slice(0, -1);
  for (const [split, kws] of KEYWORDS) if (dirs.some((d) => kws.some((kw) => word(kw).test(d)))) return split;
  return undefined;
}

/** The split a path's file name names by rule 3, if any. */
export function splitOfFileName(path: string): string | undefined {
  const base = path.split('/').pop() ?? path;
  for (const [split, kws] of KEYWORDS) if (kws.some((kw) => fileWord(kw).test(base))) return split;
  return undefined;
}

/**
 * `split → paths` for a list of data files, by the rules above; splits in the order `train`,
 * `validation`, `test` (then others, for rule 1, in order of appearance).
 * @example
 * splitsFromPaths(['train.zip', 'val.zip']) // Map { 'train' => ['train.zip'], 'validation' => ['val.zip'] }
 */
export function splitsFromPaths(paths: readonly string[]): Map<string, string[]> {
  const add = (map: Map<string, string[]>, split: string, path: string) => map.set(split, [...(map.get(split) ?? []), path]);
  const sharded = new Map<string, string[]>();
  for (const p of paths) {
    const m = SHARDED.exec(p);
    if (m) add(sharded, m[1], p);
  }
  if (sharded.size) return sharded;
  for (const rule of [splitOfDirectory, splitOfFileName]) {
    const out = new Map<string, string[]>(KEYWORDS.map(([s]) => [s, []]));
    for (const p of paths) {
      const split = rule(p);
      if (split) add(out, split, p);
    }
    for (const [s, list] of out) if (list.length === 0) out.delete(s);
    if (out.size) return out;
  }
  return paths.length ? new Map([['train', [...paths]]]) : new Map();
}
