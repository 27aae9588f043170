import { checkSplitRows } from '../../format/check-split-rows.js';
import type { DatasetLayout } from '../../format/open-dataset.js';
import type { RepoFile } from '../../repo/dataset-source.js';
import type { AnyRecord, AnyRecordMetadata } from '../../schema/record.js';
import type { ReadItem } from './read-planned.js';
import { untilAborted } from './until-aborted.js';

/**
 * Yields the kept records of a split in file order, opening each shard only when it is reached
 * (so the first sample costs one footer, not every shard's), with the next row group's read
 * under way while the current one is consumed. After the last shard, the rows read are checked
 * against the card's `num_examples`.
 */
export async function* readInFileOrder(params: {
  layout: DatasetLayout;
  split: string;
  files: readonly RepoFile[];
  keep: (record: AnyRecordMetadata) => boolean;
  metadataOnly: boolean;
  signal: AbortSignal | undefined;
}): AsyncGenerator<ReadItem> {
  const { layout, split, files, keep, metadataOnly, signal } = params;
  let rows = 0;
  for (const { path } of files) {
    signal?.throwIfAborted();
    const shard = await untilAborted(layout.openShard({ split, path }), signal);
    rows += shard.numRows;
    const read = (g: number): Promise<(AnyRecordMetadata | AnyRecord)[]> => metadataOnly ? shard.readMetadata(g) : shard.readRecordViews ? shard.readRecordViews(g) : shard.readRecords(g);
    let next = shard.rowGroups.length > 0 ? read(0) : undefined;
    for (let g = 0; g < shard.rowGroups.length; g++) {
      signal?.throwIfAborted();
      const records = await untilAborted(next!, signal);
      // A failure is kept in the promise and surfaces when that row group's turn comes.
      next = g + 1 < shard.rowGroups.length ? read(g + 1) : undefined;
      next?.catch(() => undefined);
      for (const record of records) if (keep(record)) yield { record, file: shard.file };
    }
  }
  // Shards are opened as reached here, so the card's count is checked once the last one was read.
  checkSplitRows({ layout, split, rows });
}
