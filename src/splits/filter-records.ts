import { type FilterableRecord, type RecordFilterOptions, recordFilter } from './record-filter.js';

/**
 * Keeps the records that pass the filters (see {@link RecordFilterOptions} for each option and
 * how negatives are treated), in input order. Returns a new array of the same records.
 *
 * @throws {ArgumentError} on a bad option (checked before any record is looked at).
 * @example
 * import { filterRecords } from 'diffseg30k';
 * const paper = filterRecords(records, { minQuality: 3 });                   // negatives kept
 * const twoTurnSdxl = filterRecords(records, { numTurns: 2, generators: 'sdxl', negatives: false });
 */
export function filterRecords<R extends FilterableRecord>(records: Iterable<R>, options: RecordFilterOptions): R[] {
  const keep = recordFilter(options);
  const kept: R[] = [];
  for (const record of records) if (keep(record)) kept.push(record);
  return kept;
}
