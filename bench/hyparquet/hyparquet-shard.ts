/**
 * An experimental reader, for the benches only (not shipped): the row groups of a canonical shard
 * read by hyparquet (pure JS, `AsyncBuffer` byte ranges, ZSTD by hyparquet-compressors) over the
 * package's own `ByteSource`, in place of the package's reader (its footer and plain-page readers
 * plus parquet-wasm). Everything around the reading is the package's: the `Shard` it wraps (footer,
 * plan, `readMetadata`), the record checks (`convertRows`: `isValidRow`, then zod for a row that
 * fails) and, like `openShard`, a cache of each row group's metadata by content key, so that a
 * later read of the group fetches only its `image` and `mask` columns.
 *
 * Mask-only rows (an imported release) are left to the package's reader: the benches write
 * canonical data, and that path would be the same in both.
 */
import type { Table } from 'apache-arrow';
import { type AsyncBuffer, type FileMetaData, parquetMetadataAsync, parquetReadObjects } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { ByteSource } from '../../src/io/byte-source.js';
import type { ParquetFooter } from '../../src/parquet/read-parquet-footer.js';
import { IMAGE_COLUMNS, METADATA_COLUMNS, RECORD_COLUMNS } from '../../src/parquet/arrow.js';
import { convertRows, float32Number, num } from '../../src/parquet/arrow-rows.js';
import type { Shard } from '../../src/format/open-shard.js';
import type { AnyRecord, RecordMetadata } from '../../src/schema/record.js';

/** hyparquet's parse of each footer the package parsed (the package keeps one footer object per file version). */
const metadataOf = new WeakMap<ParquetFooter, Promise<FileMetaData>>();
/** Row-group metadata already converted, by content key, split and row group (as `openShard` keeps it). */
const kept = new Map<string, RecordMetadata[]>();

/**
 * hyparquet's `AsyncBuffer` over a `ByteSource`. hyparquet wants an `ArrayBuffer` per slice, not a
 * view: a read that is a view of a larger buffer is copied (a file read is a buffer of its own).
 */
export function asyncBufferOf(source: ByteSource): AsyncBuffer {
  return {
    byteLength: source.byteLength,
    async slice(start: number, end = source.byteLength) {
      const bytes = await source.read(start, end);
      return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? (bytes.buffer as ArrayBuffer) : bytes.slice().buffer;
    },
  };
}

/** A row as hyparquet gives it. */
export type Cell = Record<string, unknown>;

/** A hyparquet row value as the package's cell readers give it (int64 as a number, float32 as its shortest decimal, null for null). */
const CELL: Record<string, (v: unknown, copy: boolean) => unknown> = {
  id: (v) => v ?? null,
  image: (v, copy) => imageCell(v, copy),
  mask: (v, copy) => imageCell(v, copy),
  width: num,
  height: num,
  base_type: (v) => v ?? null,
  base_generator: (v) => v ?? null,
  coco_id: num,
  base_prompt: (v) => v ?? null,
  turns: (v) =>
    v == null
      ? null
      : (v as Cell[]).map((t) =>
          t == null
            ? null
            : {
                index: num(t.index),
                generator: t.generator ?? null,
                label: num(t.label),
                edit_type: t.edit_type ?? null,
                prompt: t.prompt ?? null,
                category: t.category ?? null,
                object: t.object ?? null,
                mask_rle: t.mask_rle ?? null,
                area: num(t.area),
                bbox: t.bbox == null ? null : (t.bbox as unknown[]).map(num),
              },
        ),
  num_turns: num,
  quality_score: float32Number,
  quality_reason: (v) => v ?? null,
};

function imageCell(v: unknown, copy: boolean): unknown {
  if (v == null) return null;
  const s = v as { bytes?: unknown; path?: unknown };
  const bytes = s.bytes instanceof Uint8Array ? (copy ? s.bytes.slice() : s.bytes) : (s.bytes ?? null);
  return { bytes, path: s.path ?? null };
}

/** The package's record checks over columns already in record form (no Arrow table: `convertRows` reads every column from `cells`). */
function checkedRows(params: { columns: Record<string, unknown[]>; numRows: number; split: string; file: string; firstRow: number; full: boolean }): unknown[] {
  const noTable = { numRows: params.numRows, getChild: () => null } as unknown as Table;
  return convertRows({ table: noTable, split: params.split, columns: Object.keys(params.columns), full: params.full, file: params.file, firstRow: params.firstRow, cells: params.columns });
}

/** hyparquet's rows (objects) of the given columns in record form, by column. */
function columnsOf(rows: readonly Cell[], columns: readonly string[], copy: boolean): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  for (const c of columns) out[c] = rows.map((r) => CELL[c](r[c], copy));
  return out;
}

/** Full records from hyparquet's rows of every record column, through the package's checks (a bad row is a SchemaError naming file, row and record). */
export function recordsFromRows(params: { rows: readonly Cell[]; split: string; file: string; firstRow: number }): AnyRecord[] {
  return checkedRows({ columns: columnsOf(params.rows, RECORD_COLUMNS, true), numRows: params.rows.length, split: params.split, file: params.file, firstRow: params.firstRow, full: true }) as AnyRecord[];
}

/**
 * `shard` with `readRecords` and `readRecordViews` done by hyparquet; `contentKey` as given to
 * `openShard` (the metadata cache is used only with one).
 */
export function hyparquetShard(params: { shard: Shard; byteSource: ByteSource; contentKey?: string }): Shard {
  const { shard, byteSource, contentKey } = params;
  const file = asyncBufferOf(byteSource);
  let metadata = metadataOf.get(shard.footer);
  if (!metadata) {
    metadata = parquetMetadataAsync(file);
    metadataOf.set(shard.footer, metadata);
  }
  const read = async (rowGroup: number, columns: readonly string[], copy: boolean): Promise<Record<string, unknown[]>> => {
    const { firstRow, numRows } = shard.rowGroups[rowGroup];
    const rows = (await parquetReadObjects({ file, metadata: await metadata, rowStart: firstRow, rowEnd: firstRow + numRows, columns: [...columns], utf8: false, compressors })) as Cell[];
    return columnsOf(rows, columns, copy);
  };
  const readFull = async (rowGroup: number, copy: boolean): Promise<AnyRecord[]> => {
    if (shard.columns.includes('split')) return copy ? shard.readRecords(rowGroup) : shard.readRecordViews!(rowGroup);
    const { firstRow, numRows } = shard.rowGroups[rowGroup];
    const key = contentKey === undefined ? undefined : `${contentKey}\u0000${shard.split}\u0000${rowGroup}`;
    const known = key === undefined ? undefined : kept.get(key);
    if (known) {
      const images = await read(rowGroup, IMAGE_COLUMNS, copy);
      const columns: Record<string, unknown[]> = { ...images };
      for (const c of METADATA_COLUMNS) columns[c] = known.map((m) => (c === 'turns' ? m.turns.map((t) => ({ ...t, bbox: [...t.bbox] })) : m[c as keyof RecordMetadata]));
      return checkedRows({ columns, numRows, split: shard.split, file: shard.file, firstRow, full: true }) as AnyRecord[];
    }
    const columns = await read(rowGroup, RECORD_COLUMNS, copy);
    const rows = checkedRows({ columns, numRows, split: shard.split, file: shard.file, firstRow, full: true }) as AnyRecord[];
    if (rows.some((r) => r.turns === null)) return copy ? shard.readRecords(rowGroup) : shard.readRecordViews!(rowGroup);
    if (key !== undefined) kept.set(key, rows.map(({ image: _i, mask: _m, ...m }) => m as RecordMetadata));
    return rows;
  };
  return Object.assign(Object.create(null), shard, {
    readRecords: (rowGroup: number) => readFull(rowGroup, true),
    readRecordViews: (rowGroup: number) => readFull(rowGroup, false),
  }) as Shard;
}
