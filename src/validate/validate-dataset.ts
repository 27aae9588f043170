import { DiffsegError, type SchemaIssue, SchemaError } from '../errors.js';
import { decodeImage } from '../codec/decode-image.js';
import { type Dataset, type DatasetSplit, openDataset } from '../format/open-dataset.js';
import type { RecordShard } from '../format/open-shard.js';
import { openShard } from '../format/open-shard.js';
import { arrowToRecords } from '../parquet/arrow-to-records.js';
import { maskOnlyRecord } from '../format/mask-only-record.js';
import type { AnyRecord } from '../schema/record.js';
import { validateRecord } from './validate-record.js';
import { SOURCE_KEYS, type SourceParams } from '../repo/resolve-source.js';
import { checkOptions, keysOf, pickKeys } from '../internal/check-params.js';

/** One bad record (or an unreadable part of a file) found by {@link validateDataset}. */
export interface DatasetProblem {
  /** Split being checked. */
  split: string;
  /** Shard file (or the card). */
  file: string;
  /** Row group, when the problem is inside one. */
  rowGroup?: number;
  /** Row within the file, when the problem is one record. */
  row?: number;
  /** Record id, when known. */
  id?: string;
  /** Every problem with its path inside the record (empty path = the whole file or row group). */
  issues: SchemaIssue[];
}

/** What {@link validateDataset} found. */
export interface DatasetValidation {
  /** True when no problem was found. */
  ok: boolean;
  /** Records checked, per split. */
  records: Record<string, number>;
  /** Every problem, in file order. */
  problems: DatasetProblem[];
}

/** Parameters of {@link validateDataset}. */
export interface ValidateDatasetParams extends SourceParams {
  /** Check only these splits. @default every split */
  splits?: string[];
  /** Called as records are checked: how many so far, of how many. */
  onProgress?: (done: number, total: number) => void;
}

/** The keys of {@link ValidateDatasetParams}, checked at run time. @internal */
const VALIDATE_DATASET_KEYS = keysOf<ValidateDatasetParams>()(...SOURCE_KEYS, 'splits', 'onProgress');

/**
 * Checks every invariant of the format over every record of every split (or of `splits`): each
 * record with {@link validateRecord} (schema, turns ↔ mask composition, area, bbox, labels,
 * decodable images of the stated size), ids unique across the dataset, and the card's
 * `num_examples` against the rows found. It reads every byte but modifies nothing, and keeps
 * going after a problem, so one run reports every bad record.
 *
 * @param params.onProgress - called after each record with the count done and the total rows.
 * @throws {DiffsegError} only when the source is not a dataset or a split is missing.
 * @example
 * const report = await validateDataset({ source: 'my-dataset' });
 * for (const p of report.problems) console.log(p.file, p.row, p.id, p.issues);
 */
export async function validateDataset(params: ValidateDatasetParams): Promise<DatasetValidation> {
  params = checkOptions('validateDataset', params, VALIDATE_DATASET_KEYS);
  const layout = await openDataset(pickKeys(params, SOURCE_KEYS));
  const splits = params.splits ? params.splits.map((s) => layout.split(s)) : layout.splits;
  const problems: DatasetProblem[] = [];
  const records: Record<string, number> = {};
  const seen = new Map<string, string>();
  if (layout.kind !== 'canonical') return validateMaskOnly({ layout, splits, onProgress: params.onProgress });

  // Opened as Parquet shards (not through the layout) for readTable: each row is converted on its
  // own, so one row that breaks the schema is reported and the rest still checked.
  const shards = await openEach(splits, problems, async (split, path) => openShard({ byteSource: await layout.source.open({ path }), split }));
  const total = shards.reduce((n, s) => n + s.shard.numRows, 0);
  let done = 0;

  for (const { split, shard } of shards) {
    records[split] ??= 0;
    for (let g = 0; g < shard.rowGroups.length; g++) {
      const { firstRow, numRows } = shard.rowGroups[g];
      let table;
      try {
        table = await shard.readTable({ rowGroup: g });
      } catch (error) {
        problems.push({ split, file: shard.file, rowGroup: g, issues: [{ path: [], message: messageOf(error) }] });
        done += numRows;
        params.onProgress?.(done, total);
        continue;
      }
      for (let i = 0; i < table.numRows; i++) {
        const row = firstRow + i;
        records[split]++;
        done++;
        try {
          // One row at a time, so a record that breaks the schema is reported and the rest still checked.
          const [record] = arrowToRecords({ table: table.slice(i, i + 1), split, file: shard.file, firstRow: row }) as AnyRecord[];
          const issues: SchemaIssue[] = [];
          if (record.turns === null) {
            // A mask-only row (an imported release): the mask must decode to label ids of the
            // image's size (maskOnlyRecord throws naming the row), and the image must decode.
            await maskOnlyRecord({ id: record.id, split, file: shard.file, row, mask: { bytes: record.mask.bytes!, path: record.mask.path }, image: { bytes: record.image.bytes!, path: record.image.path } });
            await decodeImage({ bytes: record.image.bytes!, name: `${shard.file}, record ${record.id}, image` });
          } else issues.push(...(await validateRecord({ record })).issues);
          const earlier = seen.get(record.id);
          if (earlier !== undefined) issues.push({ path: ['id'], message: `duplicate id, first seen in ${earlier}` });
          else seen.set(record.id, `${shard.file}, row ${row}`);
          if (issues.length) problems.push({ split, file: shard.file, rowGroup: g, row, id: record.id, issues });
        } catch (error) {
          const id = error instanceof SchemaError ? error.recordId : undefined;
          const issues = error instanceof SchemaError ? error.issues : [{ path: [], message: messageOf(error) }];
          problems.push({ split, file: shard.file, rowGroup: g, row, id, issues });
        }
        params.onProgress?.(done, total);
      }
    }
  }
  for (const split of splits) {
    const found = records[split.name] ?? 0;
    if (split.num_examples !== undefined && split.num_examples !== found && split.files.length > 0) {
      problems.push({
        split: split.name,
        file: `${layout.source.name}/README.md`,
        issues: [{ path: ['dataset_info', 'splits', split.name, 'num_examples'], message: `is ${split.num_examples} but the shards hold ${found} records` }],
      });
    }
  }
  return { ok: problems.length === 0, records, problems };
}

/**
 * Layouts with only an image and a mask: every record's mask must decode to label ids of the
 * same size as its image, the image must decode, ids must be unique. (There are no turns to
 * check against the mask.)
 */
async function validateMaskOnly(p: {
  layout: Dataset;
  splits: DatasetSplit[];
  onProgress?: (done: number, total: number) => void;
}): Promise<DatasetValidation> {
  const problems: DatasetProblem[] = [];
  const records: Record<string, number> = {};
  const seen = new Map<string, string>();
  const shards = await openEach(p.splits, problems, (split, path) => p.layout.openShard({ split, path }));
  const total = shards.reduce((n, s) => n + s.shard.numRows, 0);
  let done = 0;
  for (const { split, shard } of shards) {
    records[split] ??= 0;
    for (let g = 0; g < shard.rowGroups.length; g++) {
      const { firstRow, numRows } = shard.rowGroups[g];
      let rows;
      try {
        rows = await shard.readRecords(g);
      } catch (error) {
        // The reader checks each mask (decodes, label ids, same size as the image) and names the row.
        const row = (error as { row?: number }).row;
        problems.push({ split, file: shard.file, rowGroup: g, row, issues: [{ path: [], message: messageOf(error) }] });
        records[split] += numRows;
        done += numRows;
        p.onProgress?.(done, total);
        continue;
      }
      for (const [i, record] of rows.entries()) {
        const row = firstRow + i;
        records[split]++;
        const issues: SchemaIssue[] = [];
        try {
          const image = await decodeImage({ bytes: record.image.bytes!, name: `${shard.file}, record ${record.id}, image` });
          if (image.width !== record.width || image.height !== record.height) {
            issues.push({ path: ['image'], message: `is ${image.width}×${image.height} but the mask is ${record.width}×${record.height}` });
          }
        } catch (error) {
          issues.push({ path: ['image'], message: messageOf(error) });
        }
        const earlier = seen.get(record.id);
        if (earlier !== undefined) issues.push({ path: ['id'], message: `duplicate id, first seen in ${earlier}` });
        else seen.set(record.id, `${shard.file}, row ${row}`);
        if (issues.length) problems.push({ split, file: shard.file, rowGroup: g, row, id: record.id, issues });
        p.onProgress?.(++done, total);
      }
    }
  }
  return { ok: problems.length === 0, records, problems };
}

/** Opens every file of the splits; a file that cannot be opened is a problem, and the rest are still checked. */
async function openEach<S extends RecordShard>(
  splits: DatasetSplit[],
  problems: DatasetProblem[],
  open: (split: string, path: string) => Promise<S>,
): Promise<{ split: string; shard: S }[]> {
  const shards: { split: string; shard: S }[] = [];
  for (const split of splits) {
    for (const { path } of split.files) {
      try {
        shards.push({ split: split.name, shard: await open(split.name, path) });
      } catch (error) {
        problems.push({ split: split.name, file: path, issues: [{ path: [], message: messageOf(error) }] });
      }
    }
  }
  return shards;
}

function messageOf(error: unknown): string {
  return error instanceof DiffsegError || error instanceof Error ? error.message : String(error);
}
