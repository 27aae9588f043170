import type { RecordShard } from '../../format/open-shard.js';
import type { AnyRecord, AnyRecordMetadata } from '../../schema/record.js';

/**
 * Starts reading one row group the way a pass needs it: metadata only, or whole records — as
 * views of the fetched bytes where the shard can give them. A failure is kept in the promise
 * (already handled, so a read started ahead never goes unhandled) and surfaces when it is awaited.
 */
export function readRowGroup(params: { shard: RecordShard; group: number; metadataOnly: boolean }): Promise<(AnyRecordMetadata | AnyRecord)[]> {
  const { shard, group } = params;
  const p = params.metadataOnly ? shard.readMetadata(group) : shard.readRecordViews ? shard.readRecordViews(group) : shard.readRecords(group);
  p.catch(() => undefined);
  return p;
}
