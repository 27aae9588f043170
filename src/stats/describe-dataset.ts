import { openDataset } from '../format/open-dataset.js';
import { GENERATORS } from '../schema/labels.js';
import { loadSplit } from '../stream/load-split.js';
import { SOURCE_KEYS, type SourceParams } from '../repo/resolve-source.js';
import { checkOptions, keysOf, pickKeys } from '../internal/check-params.js';

/** Statistics of one split, as the paper's Figure 3 counts them. */
export interface SplitDescription {
  /** Split name. */
  name: string;
  /** Records in the split. */
  records: number;
  /** Unedited images (no turns). Mask-only records are never counted here: their turns are unknown. */
  negatives: number;
  /**
   * Records whose turns are unknown (layouts with only an image and a mask: the authors' zip
   * release, plain image/mask Parquet). They appear in no per-turn count below.
   */
  maskOnly: number;
  /**
   * Images per generator present: by its turns for an annotated record, by the label ids in its
   * mask for a mask-only one.
   */
  imagesWithGenerator: Record<string, number>;
  /** Images by number of turns: `{ 0: …, 1: …, 2: …, 3: … }`. */
  byNumTurns: Record<number, number>;
  /**
   * Edits per generator per turn position: `byGenerator['flux.1'][0]` = first-turn FLUX.1 edits.
   * Every row of every split has the same length: at least 3, more when a record has more turns.
   */
  byGenerator: Record<string, number[]>;
  /** Edits per edit type. */
  byEditType: Record<string, number>;
  /** Images per base type. */
  byBaseType: Record<string, number>;
  /** Mean `quality_score` over the records that have one (null when none has). */
  meanQuality: number | null;
  /** Shard files. */
  shards: number;
  /** Bytes on disk of the shards. */
  bytes: number;
}

/** What {@link describeDataset} returns. */
export interface DatasetDescription {
  /** The dataset's location, as messages name it. */
  source: string;
  /** The card's `pretty_name`, when it has one. */
  title: string | undefined;
  /** One entry per split, in the card's order. */
  splits: SplitDescription[];
}

/** Parameters of {@link describeDataset}. */
export interface DescribeDatasetParams extends SourceParams {
  /** Called as records are counted: how many so far, and the total when the card says it. */
  onProgress?: (done: number, total: number | undefined) => void;
}

/** The keys of {@link DescribeDatasetParams}, checked at run time. @internal */
const DESCRIBE_DATASET_KEYS = keysOf<DescribeDatasetParams>()(...SOURCE_KEYS, 'onProgress');

/**
 * Counts what a dataset holds, split by split, from a metadata-only pass (no image byte is read):
 * records, negatives, images per number of turns, edits per generator and turn, edit types,
 * base types, mean quality score, shards and bytes. The same numbers come out of SQL over the
 * shards in DuckDB, Spark or Polars (see docs/format.md).
 *
 * @param params.source - `'samples'` or a dataset directory.
 * @param params.onProgress - called after each record with the count done and the total the card
 *   announces (undefined when the card does not say).
 * @example
 * const { splits } = await describeDataset({ source: 'samples' });
 * console.table(splits.map((s) => ({ split: s.name, records: s.records })));
 */
export async function describeDataset(params: DescribeDatasetParams): Promise<DatasetDescription> {
  params = checkOptions('describeDataset', params, DESCRIBE_DATASET_KEYS);
  const layout = await openDataset(pickKeys(params, SOURCE_KEYS));
  const splits: SplitDescription[] = [];
  const announced = layout.splits.map((s) => s.num_examples);
  const total = announced.every((n) => n !== undefined) ? announced.reduce((a, b) => a! + b!, 0) : undefined;
  let done = 0;
  for (const split of layout.splits) {
    const d: SplitDescription = {
      name: split.name,
      records: 0,
      negatives: 0,
      maskOnly: 0,
      imagesWithGenerator: Object.fromEntries(GENERATORS.map((g) => [g, 0])),
      byNumTurns: {},
      byGenerator: Object.fromEntries(GENERATORS.map((g) => [g, []])),
      byEditType: {},
      byBaseType: {},
      meanQuality: null,
      shards: split.files.length,
      bytes: 0,
    };
    for (const file of split.files) d.bytes += file.size;
    let scored = 0;
    let scoreSum = 0;
    for await (const s of loadSplit(split.name, { source: layout.source, metadataOnly: true, rank: 0, worldSize: 1 })) {
      params.onProgress?.(++done, total);
      d.records++;
      if (s.turns === null) {
        d.maskOnly++;
        for (const g of s.generators) d.imagesWithGenerator[g] = (d.imagesWithGenerator[g] ?? 0) + 1;
        d.byBaseType.unknown = (d.byBaseType.unknown ?? 0) + 1;
        continue;
      }
      for (const g of new Set(s.turns.map((t) => t.generator))) d.imagesWithGenerator[g] = (d.imagesWithGenerator[g] ?? 0) + 1;
      if (s.num_turns === 0) d.negatives++;
      d.byNumTurns[s.num_turns] = (d.byNumTurns[s.num_turns] ?? 0) + 1;
      d.byBaseType[s.base_type] = (d.byBaseType[s.base_type] ?? 0) + 1;
      if (s.quality_score !== null) {
        scored++;
        scoreSum += s.quality_score;
      }
      s.turns.forEach((t, i) => {
        const row = (d.byGenerator[t.generator] ??= []);
        while (row.length <= i) row.push(0);
        row[i]++;
        d.byEditType[t.edit_type] = (d.byEditType[t.edit_type] ?? 0) + 1;
      });
    }
    d.meanQuality = scored ? scoreSum / scored : null;
    splits.push(d);
  }
  // One length for every row, in every split: a JSON consumer reads byGenerator as a table, and
  // a row cut after its last edit (or an empty one) would not line up with the others.
  const turnColumns = Math.max(3, ...splits.flatMap((d) => Object.values(d.byGenerator).map((row) => row.length)));
  for (const d of splits) for (const row of Object.values(d.byGenerator)) while (row.length < turnColumns) row.push(0);
  const title = layout.card?.data.pretty_name;
  return { source: layout.source.name, title: typeof title === 'string' ? title : undefined, splits };
}
