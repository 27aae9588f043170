import type { RecordShard } from '../../format/open-shard.js';
import type { AnyRecord, AnyRecordMetadata } from '../../schema/record.js';
import type { SplitPlan } from '../split-plan.js';
import { readRowGroup } from './read-row-group.js';
import { untilAborted } from '../../internal/until-aborted.js';

/** A record and the file it came from. */
export interface ReadItem {
  record: AnyRecordMetadata | AnyRecord;
  file: string;
}

/**
 * Yields the records of `plan.order` from `plan.start` on, reading each row group once, by the
 * time its first row is due (the first sample's from the pages that hold it first, where the shard
 * can), with the next row group's read under way. Of a row group only the
 * rows still due are kept, each until its turn, so what is held is bounded by the shuffle buffer
 * plus two row groups; a row repeated by padding is kept until its last turn.
 */
export async function* readPlanned(params: {
  plan: SplitPlan;
  shards: readonly RecordShard[];
  metadataOnly: boolean;
  signal: AbortSignal | undefined;
  /** The most records the consumer will take (`loadSplit`'s `limit`): nothing past them is read ahead. */
  wanted?: number;
}): AsyncGenerator<ReadItem> {
  const { plan, shards, metadataOnly, signal } = params;
  // Global row → (file, row group).
  const fileStart: number[] = [];
  const groupStart: number[][] = [];
  let offset = 0;
  for (const f of plan.files) {
    fileStart.push(offset);
    const starts: number[] = [];
    let first = 0;
    for (const n of f.rowGroups) {
      starts.push(first);
      first += n;
    }
    groupStart.push(starts);
    offset += first;
  }
  const locate = (row: number): { file: number; group: number } => {
    const file = lastAtMost(fileStart, row);
    return { file, group: lastAtMost(groupStart[file], row - fileStart[file]) };
  };

  const order = plan.order.slice(plan.start);
  // Units (row groups) in the order their first row is due; and how often each row is still due.
  // Typed arrays, not maps: this runs over every row of the epoch before the first sample.
  const unitBase: number[] = [];
  let unitCount = 0;
  for (const f of plan.files) {
    unitBase.push(unitCount);
    unitCount += f.rowGroups.length;
  }
  const unitOrder = new Int32Array(unitCount).fill(-1); // row group (numbered file by file) → position in `units`
  const units: { file: number; group: number }[] = [];
  const due = new Uint32Array(plan.rows);
  const itemUnit = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) {
    const row = order[i];
    const { file, group } = locate(row);
    let u = unitOrder[unitBase[file] + group];
    if (u < 0) {
      u = units.length;
      unitOrder[unitBase[file] + group] = u;
      units.push({ file, group });
    }
    itemUnit[i] = u;
    due[row]++;
  }

  // The last unit the consumer will need.
  let lastUnit = -1;
  for (let i = 0; i < Math.min(order.length, params.wanted ?? order.length); i++) lastUnit = Math.max(lastUnit, itemUnit[i]);
  const reads = new Map<number, Promise<(AnyRecordMetadata | AnyRecord)[]>>();
  // Each unit is read once: the first sample's unit may be taken after the one after it.
  const begun = new Uint8Array(units.length);
  const startRead = (u: number) => {
    if (u > lastUnit || begun[u]) return;
    begun[u] = 1;
    const { file, group } = units[u];
    reads.set(u, readRowGroup({ shard: shards[file], group, metadataOnly }));
  };
  const held = new Map<number, AnyRecordMetadata | AnyRecord>();
  // Rows held that are still views of their row group's buffer (read without copies): when the
  // next row group is read, those left over are copied out, so that a row waiting its turn in the
  // shuffle keeps only its own bytes alive, never a whole row group's.
  let views: number[] = [];
  // The first sample need not wait for its whole row group (ten megabytes of photographs): where
  // the shard can read part of one, the pages holding the first row come first. Its row group is
  // then read whole from the next sample on, when the consumer has taken this one (started
  // earlier, that read would hold up the first sample's decoding on a small machine); the shard
  // fetches only what lies around the pages already in hand, so no byte is fetched twice.
  let headUnit = -1;
  if (!metadataOnly && lastUnit >= 0) {
    const row = order[0];
    const { file, group } = units[itemUnit[0]];
    const at = row - (fileStart[file] + groupStart[file][group]);
    const head = await untilAborted(shards[file].readRecordViewRange?.({ rowGroup: group, rows: [at, at + 1] }) ?? Promise.resolve(undefined), signal);
    if (head) {
      held.set(row, head.records[at - head.rows[0]]);
      views.push(row);
      // Its row group is read whole later only if another of its rows is wanted (under a limit,
      // or for a rank with one row in it, the first sample may be all it gives).
      const wanted = Math.min(order.length, params.wanted ?? order.length);
      for (let i = 1; i < wanted && headUnit < 0; i++) if (itemUnit[i] === itemUnit[0]) headUnit = itemUnit[0];
    }
  }
  for (let i = 0; i < order.length; i++) {
    signal?.throwIfAborted();
    const row = order[i];
    if (!held.has(row)) {
      const u = itemUnit[i];
      // The rest of the first sample's row group first, before any other row group of its shard
      // is read (only then are the pages in hand used).
      if (headUnit >= 0) {
        startRead(headUnit);
        headUnit = -1;
      }
      // Units are numbered in the order they are first needed: read the next one meanwhile. One
      // is enough to hide a round trip (a row group is ~100 samples), and a row group of large
      // photographs can be a hundred megabytes, so not more. Started together: in a shuffled
      // epoch the next unit is often needed by the very next sample.
      startRead(u);
      startRead(u + 1);
      const records = await untilAborted(reads.get(u)!, signal);
      reads.delete(u);
      for (const r of views) {
        const record = held.get(r);
        if (record) held.set(r, ownBytes(record));
      }
      views = [];
      const { file, group } = units[u];
      const base = fileStart[file] + groupStart[file][group];
      records.forEach((record, index) => {
        if (due[base + index] === 0) return;
        held.set(base + index, record);
        views.push(base + index);
      });
    }
    const record = held.get(row)!;
    if (--due[row] === 0) held.delete(row);
    yield { record, file: shards[units[itemUnit[i]].file].file };
  }
}

/** The record with its image and mask bytes in buffers of their own. */
function ownBytes(record: AnyRecordMetadata | AnyRecord): AnyRecordMetadata | AnyRecord {
  const { image, mask } = record as Partial<AnyRecord>;
  if (!image?.bytes && !mask?.bytes) return record;
  const own = (f: AnyRecord['image'] | undefined) => (f?.bytes ? { bytes: f.bytes.slice(), path: f.path } : f);
  return { ...record, image: own(image), mask: own(mask) } as AnyRecord;
}

/** Index of the last element ≤ value in an ascending array (whose first element is ≤ value). */
function lastAtMost(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (sorted[mid] <= value) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}
