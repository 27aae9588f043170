import type { Table } from 'apache-arrow';
import { RECORD_COLUMNS } from './arrow.js';
import { convertRows } from './arrow-rows.js';
import type { DatasetRecord } from '../schema/record.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/**
 * Converts the rows of an Arrow table in the shard layout into full records, each parsed with zod
 * (`DatasetRecordSchema`). int64 comes back as a number, float32 as its shortest decimal, image
 * bytes as fresh copies (not views of the batch buffer).
 *
 * @param params.split - split to put in each record (the shard's split); a `split` column wins.
 * @param params.file - file name for error messages.
 * @param params.firstRow - row index of the table's first row within `file`, for error messages.
 * @param params.cells - columns read without Arrow (e.g. `image`, `mask`), one value per row in record form, used as given.
 * @throws {SchemaError} naming the file, row and record id, with zod's issue paths.
 * @example
 * const records = arrowToRecords({ table, split: 'validation', file: 'data/validation-00000-of-00001.parquet' });
 */
export function arrowToRecords(params: { table: Table; split: string; file?: string; firstRow?: number; cells?: Readonly<Record<string, readonly unknown[]>> }): DatasetRecord[] {
  checkParams('arrowToRecords', params, keysOf<Parameters<typeof arrowToRecords>[0]>()('table', 'split', 'file', 'firstRow', 'cells'));
  return convertRows({ ...params, columns: RECORD_COLUMNS, full: true }) as DatasetRecord[];
}
