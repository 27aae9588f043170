import { checkSplitRows } from '../../format/check-split-rows.js';
import type { Dataset } from '../../format/open-dataset.js';
import type { RecordShard } from '../../format/open-shard.js';
import type { RepoFile } from '../../repo/dataset-source.js';
import type { AnyRecord, AnyRecordMetadata } from '../../schema/record.js';
import type { ReadItem } from './read-planned.js';
import { readRowGroup } from './read-row-group.js';
import { untilAborted } from '../../internal/until-aborted.js';

/** Records of rows `[from, end)` of one row group. */
interface Piece {
  end: number;
  records: (AnyRecordMetadata | AnyRecord)[];
}

/**
 * Yields the kept records of a split in file order, opening each shard only when it is nearly
 * reached (so the first sample costs one footer, not every shard's) unless given them opened,
 * with the next read (at a shard's end, the next shard's first) under way while the current one
 * is consumed.
 *
 * The unit of reading is the row group, but a full read may take one in pieces where the shard
 * can ({@link RecordShard.readRecordViewRange}): the stream's first piece is the first page of
 * images (a row group of photographs is ten megabytes, its first page one), and with a `wanted`
 * count a piece stops at the pages holding the records still wanted, so a short pass reads only
 * what it yields. Without a limit, the rest of a row group is one read, as is every later one.
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
  /** Rows from `from` of a row group: `want` of them or more (whole pages), or the rest of it. */
  const read = (shard: RecordShard, group: number, from: number, want: number): Promise<Piece> => {
    const n = shard.rowGroups[group].numRows;
    const whole = (): Promise<Piece> => readRowGroup({ shard, group, metadataOnly }).then((records) => ({ end: n, records: from === 0 ? records : records.slice(from) }));
    // A whole row group is one read; a part of one (the stream's first pages, the rest after
    // them, or what a limit still wants) reads only its pages.
    const p =
      metadataOnly || !shard.readRecordViewRange || (from === 0 && want >= n)
        ? whole()
        : shard.readRecordViewRange({ rowGroup: group, rows: [from, Math.min(n, from + want)] }).then((r) => (r ? { end: r.rows[1], records: r.records.slice(from - r.rows[0]) } : whole()));
    p.catch(() => undefined);
    return p;
  };
  /** Opens file `i` and starts reading its first row group (`want` rows of it or more). */
  const open = (i: number, want: number): Promise<{ shard: RecordShard; first: Promise<Piece> | undefined }> => {
    const p = (opened ? Promise.resolve(opened[i]) : layout.openShard({ split, path: files[i].path })).then((shard) => ({ shard, first: shard.rowGroups.length > 0 ? read(shard, 0, 0, want) : undefined }));
    p.catch(() => undefined);
    return p;
  };
  let rows = 0;
  let taken = 0;
  // The first sample waits for the first read: one record's pages are enough to start.
  let upcoming = files.length > 0 ? open(0, 1) : undefined;
  for (let i = 0; i < files.length; i++) {
    signal?.throwIfAborted();
    const { shard, first } = await untilAborted(upcoming!, signal);
    rows += shard.numRows;
    let next = first;
    upcoming = shard.rowGroups.length === 0 && i + 1 < files.length ? open(i + 1, Math.max(1, wanted - taken)) : undefined;
    for (let g = 0; g < shard.rowGroups.length; g++) {
      const n = shard.rowGroups[g].numRows;
      // Pieces of row group g, in order (one, unless read in pieces; an empty group is one piece).
      let from = 0;
      do {
        signal?.throwIfAborted();
        const piece = await untilAborted(next!, signal);
        next = undefined;
        from = piece.end;
        // One read ahead, across row groups and shards too: the last piece of a file is consumed
        // while the next file's footer and first piece arrive. Started once the consumer has
        // taken a record of this one, so that reading and decoding it (on this thread) never
        // holds back a record already in hand — nor is wasted on a stream closed after its first sample.
        const kept = piece.records.filter(keep);
        const before = taken;
        // Not when this piece holds every record the consumer will still take.
        let ahead = taken + kept.length >= wanted;
        const readAhead = () => {
          if (ahead) return;
          ahead = true;
          const want = Math.max(1, wanted - before - kept.length);
          if (from < n) next = read(shard, g, from, want);
          else if (g + 1 < shard.rowGroups.length) next = read(shard, g + 1, 0, want);
          else if (i + 1 < files.length) upcoming = open(i + 1, want);
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
      } while (from < n);
    }
  }
  // Shards are opened as reached here, so the card's count is checked once the last one was read.
  checkSplitRows({ layout, split, rows });
}
