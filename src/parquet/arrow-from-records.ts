import { RecordBatch, makeBuilder, makeData, Struct } from 'apache-arrow';
import { MASK_ONLY_ARROW_SCHEMA, RECORD_ARROW_SCHEMA } from './arrow.js';
import type { AnyRecord } from '../schema/record.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * Converts records (already valid against `DatasetRecordSchema`) into one Arrow record batch with
 * the shard schema {@link RECORD_ARROW_SCHEMA}. The record's `split` is not a column: the shard's
 * file carries it. Image bytes are copied once into the batch's binary buffer.
 * @example
 * const batch = recordsToArrow({ records });
 * batch.numRows === records.length
 */
export function recordsToArrow(params: { records: readonly AnyRecord[] }): RecordBatch {
  checkParams('recordsToArrow', params, keysOf<Parameters<typeof recordsToArrow>[0]>()('records'));
  const { records } = params;
  // Mask-only records (turns unknown) go in the schema whose turn columns may be null.
  const schema = records.length > 0 && records[0].turns === null ? MASK_ONLY_ARROW_SCHEMA : RECORD_ARROW_SCHEMA;
  const children = schema.fields.map((field) => {
    const builder = makeBuilder({ type: field.type, nullValues: [null, undefined] });
    for (const r of records) builder.append(cellOf(r, field.name));
    return builder.finish().flush();
  });
  const data = makeData({
    type: new Struct(schema.fields),
    length: records.length,
    nullCount: 0,
    children,
  });
  return new RecordBatch(schema, data);
}

function cellOf(r: AnyRecord, column: string): unknown {
  switch (column) {
    case 'coco_id':
      // Arrow's Int64 builder takes BigInt only.
      return r.coco_id === null ? null : BigInt(r.coco_id);
    case 'turns':
      return r.turns === null ? null : r.turns.map((t) => ({ ...t, bbox: [...t.bbox], variant: t.variant ?? null }));
    default:
      return (r as unknown as Record<string, unknown>)[column];
  }
}
