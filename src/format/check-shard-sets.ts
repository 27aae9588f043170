import { FormatError } from '../errors.js';
import type { RepoFile } from '../repo/dataset-source.js';
import { SHARD_NAME, shardName } from './shard-name.js';

/**
 * Refuses a split whose `{split}-NNNNN-of-NNNNN.parquet` files do not come from one complete set:
 * a shard of the set missing from the location (deleted, never downloaded), an index past the
 * count, or two sets of different counts mixed in the split (leftovers of an earlier write) —
 * each would otherwise be read as a shorter or a mixed split without a word. A card may still
 * give a split part of a set on purpose (shards 0–1 to one split, 2 to another): only shards
 * absent from the whole listing count as missing. Files named otherwise are not checked.
 *
 * @param params.source - the dataset's name, for messages.
 * @param params.files - the split's files.
 * @param params.listing - every file of the location.
 * @throws {FormatError} naming the missing or stray shard.
 * @internal
 */
export function checkShardSets(params: { source: string; split: string; files: readonly RepoFile[]; listing: readonly RepoFile[] }): void {
  const { source, split, files } = params;
  const present = new Set(params.listing.map((f) => f.path));
  // One set per folder and name prefix: `data/train-…-of-00004` and `data/train-…-of-00002`
  // are two sets of the same prefix, which is the mixed case.
  const sets = new Map<string, { folder: string; prefix: string; counts: Map<number, Set<number>> }>();
  for (const f of files) {
    const slash = f.path.lastIndexOf('/');
    const m = SHARD_NAME.exec(f.path.slice(slash + 1));
    if (!m) continue;
    const folder = f.path.slice(0, slash + 1);
    const key = `${folder}\u0000${m[1]}`;
    const set = sets.get(key) ?? { folder, prefix: m[1], counts: new Map() };
    sets.set(key, set);
    const count = Number(m[3]);
    const indexes = set.counts.get(count) ?? new Set<number>();
    set.counts.set(count, indexes);
    indexes.add(Number(m[2]));
  }
  const fail = (file: string, message: string) => new FormatError({ module: 'dataset', file: `${source}/${file}`, message: `split ${split}: ${message}` });
  for (const { folder, prefix, counts } of sets.values()) {
    const name = (index: number, count: number) => `${folder}${shardName({ split: prefix, index, count })}`;
    if (counts.size > 1) {
      const [a, b] = [...counts.keys()].sort((x, y) => x - y);
      throw fail(
        name([...counts.get(a)!][0], a),
        `shards of two sets (${prefix}-…-of-${String(a).padStart(5, '0')} and ${prefix}-…-of-${String(b).padStart(5, '0')}) side by side; the split would mix them (leftovers of an earlier write?)`,
      );
    }
    const [[count, indexes]] = [...counts];
    for (const index of indexes) {
      if (index >= count) throw fail(name(index, count), `shard index ${index} is past the set's count ${count}`);
    }
    for (let index = 0; index < count; index++) {
      if (!indexes.has(index) && !present.has(name(index, count))) {
        throw fail(name(index, count), `is missing: the split's shards say there are ${count} (a missing shard would silently shorten the split)`);
      }
    }
  }
}
