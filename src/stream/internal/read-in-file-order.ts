import { checkSplitRows } from '../../format/check-split-rows.js';
import type { Dataset } from '../../format/open-dataset.js';
import type { RecordShard } from '../../format/open-shard.js';
import type { RepoFile } from '../../repo/dataset-source.js';
import type { AnyRecord, AnyRecordMetadata } from '../../schema/record.js';
import type { ReadItem } from './read-planned.js';
import { readRowGroup } from './read-row-group.js';
import { untilAborted } from '../../internal/until-aborted.js';

/**
 * Yields the kept records of a split in file order, opening each shard only when it is nearly
 * reached (so the first sample costs one footer, not every shard's) unless given them opened,
 * with the next row group's read (at a shard's end, the next shard's first) under way while the
 * current one is consumed.
 * After the last shard, the rows read are checked against the card's `num_examples`.
 */
export async function* readInFileOrder(params: {
  layout: Dataset;
  split: string;
  files: readonly RepoFile[];
  keep: (record: AnyRecordMetadata) => boolean;
  metadataOnly: boolean;
  signal: AbortSignal | undefined;
  /** The files' shards, when already opened (in the order of `files`). */
  opened?: readonly RecordShard[];
  /** The most records the consumer will take (`loadSplit`'s `limit`): nothing past them is read ahead. */
  wanted?: number;
}): AsyncGenerator<ReadItem> {
  const { layout, split, files, keep, metadataOnly, signal, opened, wanted = Number.POSITIVE_INFINITY } = params;
  const read = (shard: RecordShard, group: number) => readRowGroup({ shard, group, metadataOnly });
  /** Opens file `i` and starts reading its first row group. */
  const open = (i: number): Promise<{ shard: RecordShard; first: Promise<(AnyRecordMetadata | AnyRecord)[]> | undefined }> => {
    const p = (opened ? Promise.resolve(opened[i]) : layout.openShard({ split, path: files[i].path })).then((shard) => ({ shard, first: shard.rowGroups.length > 0 ? read(shard, 0) : undefined }));
    p.catch(() => undefined);
    return p;
  };
  let rows = 0;
  let taken = 0;
  let upcoming = files.length > 0 ? open(0) : undefined;
  for (let i = 0; i < files.length; i++) {
    signal?.throwIfAborted();
    const { shard, first } = await untilAborted(upcoming!, signal);
    rows += shard.numRows;
    let next = first;
    upcoming = shard.rowGroups.length === 0 && i + 1 < files.length ? open(i + 1) : undefined;
    for (let g = 0; g < shard.rowGroups.length; g++) {
      signal?.throwIfAborted();
      const records = await untilAborted(next!, signal);
      next = undefined;
      // One row group ahead, across shards too: the last row group of a file is consumed while
      // the next file's footer and first row group arrive. Started once the consumer has taken a
      // record of this one, so that reading and decoding it (on this thread) never holds back a
      // record already in hand — nor is wasted on a stream closed after its first sample.
      const kept = records.filter(keep);
      // Not when this row group holds every record the consumer will still take.
      let ahead = taken + kept.length >= wanted;
      const readAhead = () => {
        if (ahead) return;
        ahead = true;
        if (g + 1 < shard.rowGroups.length) next = read(shard, g + 1);
        else if (i + 1 < files.length) upcoming = open(i + 1);
      };
      for (const record of kept) {
        yield { record, file: shard.file };
        taken++;
        readAhead();
      }
      if (!next && !upcoming) {
        ahead = false;
        readAhead();
      }
    }
  }
  // Shards are opened as reached here, so the card's count is checked once the last one was read.
  checkSplitRows({ layout, split, rows });
}
