import { ArgumentError } from '../errors.js';
import { openDataset } from '../format/open-dataset.js';
import type { AnyRecord, AnyRecordMetadata } from '../schema/record.js';
import { type RecordFilterOptions } from '../splits/record-filter.js';
import { recordFilterForSplit } from '../splits/record-filter-for-split.js';
import type { Transform } from '../transforms/transform.js';
import { transformSample } from '../sample/transform-sample.js';
import { createSample } from '../sample/create-sample.js';
import type { SourceParams } from '../repo/resolve-source.js';
import type { Sample } from '../schema/sample.js';

/** Options of {@link loadSplit}. The record filters of `RecordFilterOptions` apply too. */
export interface LoadSplitOptions extends RecordFilterOptions, SourceParams {
  /**
   * Read no `image`/`mask` column at all: samples carry metadata only, `image()` rejects, and
   * `labelMap()` is composed from the turns' RLE masks (identical to the stored mask).
   * @default false
   */
  metadataOnly?: boolean;
  /** Keep only the records for which this returns true (after the built-in filters). Mask-only records have `turns: null`. */
  filter?: (record: AnyRecordMetadata) => boolean;
  /** Stop after this many samples. */
  limit?: number;
  /** Transform each sample's image and label map together (see `compose`, `robustnessPreset`). */
  transform?: Transform;
  /** Run-level seed passed to random transforms (e.g. the epoch number). @default 0 */
  seed?: number;
  /** Stops the stream between row groups. */
  signal?: AbortSignal;
}

/**
 * Streams one split of a DiffSeg30k dataset as {@link Sample}s: shard by shard, one row group at
 * a time (the next row group is read while the current one is consumed), metadata as plain
 * fields, pixels decoded only when a sample is asked for them.
 *
 * `val` is an alias of `validation`. Filters (`minQuality`, `numTurns`, `generators`,
 * `editTypes`, `baseType`, `negatives`, `holdout`) select records as the paper's protocols do;
 * with a `holdout`, `train` yields the train side and any other split the test side.
 *
 * @throws {DiffsegError} `NOT_A_DATASET` / `SPLIT_NOT_FOUND` for a wrong source or split;
 *   `FormatError` / `SchemaError` naming the shard, row group and record for bad data.
 * @example
 * import { loadSplit } from 'diffseg30k';
 * for await (const s of loadSplit('val', { source: 'samples' })) {
 *   const labels = await s.labelMap(); // 0 background, 1..8 generators
 *   console.log(s.id, s.num_turns, s.turns.map((t) => t.generator));
 * }
 */
export async function* loadSplit(split: string, options: LoadSplitOptions = {}): AsyncGenerator<Sample> {
  options ??= {};
  if (typeof split !== 'string' || split === '') throw new ArgumentError('loadSplit: split must be a non-empty string, e.g. "validation"');
  const { limit, metadataOnly = false, filter, transform, seed, signal } = options;
  if (limit !== undefined && (!Number.isInteger(limit) || limit < 0)) {
    throw new ArgumentError(`loadSplit: limit must be a non-negative integer, got ${limit}`);
  }
  const keep = recordFilterForSplit(split, options);
  const layout = await openDataset(options);
  const { name, files } = layout.split(split);
  if (limit === 0) return;

  let yielded = 0;
  for (const { path } of files) {
    const shard = await layout.openShard({ split: name, path });
    const file = shard.file;
    const read = (g: number): Promise<(AnyRecordMetadata | AnyRecord)[]> =>
      metadataOnly ? shard.readMetadata(g) : shard.readRecords(g);
    let next = shard.rowGroups.length > 0 ? read(0) : undefined;
    for (let g = 0; g < shard.rowGroups.length; g++) {
      signal?.throwIfAborted();
      const rows = await next!;
      // Prefetch: the next row group decodes while the caller works on this one. A failure is
      // kept in the promise and surfaces when that row group's turn comes.
      next = g + 1 < shard.rowGroups.length ? read(g + 1) : undefined;
      next?.catch(() => undefined);
      for (const record of rows) {
        if (!keep(record) || (filter && !filter(record))) continue;
        const sample = createSample({ record, file });
        yield transform ? transformSample({ sample, transform, seed }) : sample;
        if (limit !== undefined && ++yielded >= limit) return;
      }
    }
  }
}
