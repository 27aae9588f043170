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
 * time its first row is due, with the next row group's read under way. Of a row group only the
 * rows still due are kept, each until its turn, so what is held is bounded by the shuffle buffer
 * plus two row groups; a row repeated by padding is kept until its last turn.
 */
export async function* readPlanned(params: {
  plan: SplitPlan;
  shards: readonly RecordShard[];
  metadataOnly: boolean;
  signal: AbortSignal | undefined;
}): AsyncGenerator<ReadItem> {
  const { plan, shards, metadataOnly, signal } = params;
  // Global row → (file, row group, row in group).
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
  const locate = (row: number): { file: number; group: number; index: number } => {
    const file = lastAtMost(fileStart, row);
    const local = row - fileStart[file];
    const group = lastAtMost(groupStart[file], local);
    return { file, group, index: local - groupStart[file][group] };
  };

  const order = plan.order.slice(plan.start);
  // Units (row groups) in the order their first row is due; and how often each row is still due.
  const unitKey = (file: number, group: number) => `${file}/${group}`;
  const units: { key: string; file: number; group: number }[] = [];
  const unitIndex = new Map<string, number>();
  const due = new Map<number, number>();
  const itemUnit: number[] = [];
  for (const row of order) {
    const { file, group } = locate(row);
    const key = unitKey(file, group);
    let u = unitIndex.get(key);
    if (u === undefined) {
      u = units.length;
      unitIndex.set(key, u);
      units.push({ key, file, group });
    }
    itemUnit.push(u);
    due.set(row, (due.get(row) ?? 0) + 1);
  }

  const reads = new Map<number, Promise<(AnyRecordMetadata | AnyRecord)[]>>();
  const startRead = (u: number) => {
    if (u >= units.length || reads.has(u)) return;
    const { file, group } = units[u];
    reads.set(u, readRowGroup({ shard: shards[file], group, metadataOnly }));
  };
  const held = new Map<number, AnyRecordMetadata | AnyRecord>();
  // Rows held that are still views of their row group's buffer (read without copies): when the
  // next row group is read, those left over are copied out, so that a row waiting its turn in the
  // shuffle keeps only its own bytes alive, never a whole row group's.
  let views: number[] = [];
  for (let i = 0; i < order.length; i++) {
    signal?.throwIfAborted();
    const row = order[i];
    if (!held.has(row)) {
      const u = itemUnit[i];
      // Units are numbered in the order they are first needed: read the next one meanwhile. One
      // is enough to hide a round trip (a row group is ~100 samples), and a row group of large
      // photographs can be a hundred megabytes, so not more.
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
        if (!due.has(base + index)) return;
        held.set(base + index, record);
        views.push(base + index);
      });
    }
    const record = held.get(row)!;
    const left = due.get(row)! - 1;
    if (left === 0) {
      due.delete(row);
      held.delete(row);
    } else due.set(row, left);
    yield { record, file: shards[locate(row).file].file };
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
