/**
 * Cell readers shared by {@link arrowToRecords} and {@link arrowToMetadata}: they turn Arrow
 * values into the plain JS values of the zod schemas, tolerating the type variants other writers
 * use (int64 where we write int8, large_string, …) and leaving range checks to zod.
 * @internal
 */
import type { Table, Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { DatasetRecordSchema, MaskOnlyMetadataSchema, MaskOnlyRecordSchema, RecordMetadataSchema } from '../schema/record.js';

type Row = Record<string, unknown>;

/** Arrow int64 arrives as BigInt; every integer of the data model fits a double. */
export function num(v: unknown): unknown {
  if (typeof v === 'bigint') {
    // Out of the safe range a Number would silently change the value: let zod reject it.
    return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= -BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : Number.NaN;
  }
  return v ?? null;
}

/**
 * The shortest decimal that is the same float32, so `4.3` written as float32 reads back as `4.3`
 * (not 4.300000190734863), as numpy prints it.
 */
export function float32Number(v: unknown): unknown {
  if (typeof v !== 'number' || !Number.isFinite(v)) return v ?? null;
  for (let p = 1; p <= 9; p++) {
    const d = Number(v.toPrecision(p));
    if (Math.fround(d) === v) return d;
  }
  return v;
}

function str(v: unknown): unknown {
  return v ?? null;
}

function image(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const s = v as { bytes?: unknown; path?: unknown };
  // Copy: the bytes alias the whole batch buffer, which would stay alive as long as one image does.
  const bytes = s.bytes instanceof Uint8Array ? s.bytes.slice() : (s.bytes ?? null);
  return { bytes, path: s.path ?? null };
}

function list<T>(v: unknown, f: (x: unknown) => T): T[] | null {
  if (v === null || v === undefined) return null;
  const out: T[] = [];
  for (const x of v as Iterable<unknown>) out.push(f(x));
  return out;
}

function turn(v: unknown): unknown {
  if (v === null || v === undefined) return null;
  const t = v as Record<string, unknown>;
  return {
    index: num(t.index),
    generator: str(t.generator),
    label: num(t.label),
    edit_type: str(t.edit_type),
    prompt: str(t.prompt),
    category: str(t.category),
    object: str(t.object),
    mask_rle: str(t.mask_rle),
    area: num(t.area),
    bbox: list(t.bbox, num),
  };
}

const READERS: Record<string, (v: unknown) => unknown> = {
  id: str,
  split: str,
  image,
  mask: image,
  width: num,
  height: num,
  base_type: str,
  base_generator: str,
  coco_id: num,
  base_prompt: str,
  turns: (v) => list(v, turn),
  num_turns: num,
  quality_score: float32Number,
  quality_reason: str,
};

/**
 * Rows of `table` as plain objects over `columns`, each parsed with zod; the record's `split`
 * is the table's `split` column when it has one, else `params.split`.
 */
export function convertRows(params: {
  table: Table;
  split: string;
  columns: readonly string[];
  full: boolean;
  file?: string;
  firstRow?: number;
}): unknown[] {
  const { table, columns } = params;
  const vectors = new Map<string, Vector | null>();
  for (const c of [...columns, 'split']) vectors.set(c, table.getChild(c));
  const schema = params.full ? DatasetRecordSchema : RecordMetadataSchema;
  const out: unknown[] = [];
  for (let i = 0; i < table.numRows; i++) {
    const row: Row = {};
    for (const c of columns) {
      if (c === 'split') continue;
      const vec = vectors.get(c);
      row[c] = vec ? READERS[c](vec.get(i)) : undefined;
    }
    const splitVec = vectors.get('split');
    row.split = (splitVec ? splitVec.get(i) : null) ?? params.split;
    // A row written from a mask-only record (turns unknown, as `diffseg30k import` writes them).
    // Its `generators` come from the mask, which only the shard reader has in hand: it fills them.
    const maskOnly = columns.includes('turns') && row.turns === null && row.num_turns === null;
    if (maskOnly) {
      row.annotations = 'mask-only';
      row.generators = [];
    }
    const parsed = (maskOnly ? (params.full ? MaskOnlyRecordSchema : MaskOnlyMetadataSchema) : schema).safeParse(row);
    if (!parsed.success) {
      throw new SchemaError({
        issues: parsed.error.issues.map((issue) => ({ path: issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: issue.message })),
        recordId: typeof row.id === 'string' ? row.id : undefined,
        row: (params.firstRow ?? 0) + i,
        file: params.file,
      });
    }
    out.push(maskOnly ? { annotations: 'mask-only', ...orderKeys(parsed.data as Row, params.full), generators: [] } : orderKeys(parsed.data as Row, params.full));
  }
  return out;
}

const ORDER = ['id', 'split', 'image', 'mask', 'width', 'height', 'base_type', 'base_generator', 'coco_id', 'base_prompt', 'turns', 'num_turns', 'quality_score', 'quality_reason'];

/** Keys in column order, so a printed record reads like the same row printed from Python. */
function orderKeys(r: Row, full: boolean): Row {
  const out: Row = {};
  for (const k of ORDER) if (full || (k !== 'image' && k !== 'mask')) out[k] = r[k];
  return out;
}
