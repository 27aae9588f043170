import type { Table } from 'apache-arrow';
import { METADATA_COLUMNS } from './arrow.js';
import { convertRows } from './arrow-rows.js';
import type { RecordMetadata } from '../schema/record.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * Like {@link arrowToRecords} but for a table without the `image` and `mask` columns (a
 * metadata-only read): each row is parsed with `RecordMetadataSchema`.
 * @throws {SchemaError} naming the file, row and record id, with zod's issue paths.
 * @example
 * const metas = arrowToMetadata({ table, split: 'train' });
 */
export function arrowToMetadata(params: { table: Table; split: string; file?: string; firstRow?: number }): RecordMetadata[] {
  checkParams('arrowToMetadata', params, keysOf<Parameters<typeof arrowToMetadata>[0]>()('table', 'split', 'file', 'firstRow'));
  return convertRows({ ...params, columns: METADATA_COLUMNS, full: false }) as RecordMetadata[];
}
