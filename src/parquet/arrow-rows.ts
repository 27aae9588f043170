/**
 * Cell readers shared by {@link arrowToRecords} and {@link arrowToMetadata}: they turn Arrow
 * values into the plain JS values of the zod schemas, tolerating the type variants other writers
 * use (int64 where we write int8, large_string, …) and leaving range checks to zod.
 * @internal
 */
import { type Data, DataType, Precision, type Table, type Vector } from 'apache-arrow';
import { SchemaError } from '../errors.js';
import { isValidRow } from './is-valid-row.js';
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
    // Absent from shards written before the field existed: the vanilla generator.
    variant: str(t.variant),
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
 * Rows of `table` as plain objects over `columns`, each checked against the zod schema (by
 * {@link isValidRow}, and by zod itself for a row that fails, to say why); the record's `split`
 * is the table's `split` column when it has one, else `params.split`.
 */
export function convertRows(params: {
  table: Table;
  split: string;
  columns: readonly string[];
  full: boolean;
  file?: string;
  firstRow?: number;
  /** Values of columns read without Arrow (one per row, already in record form), used instead of the table's. */
  cells?: Readonly<Record<string, readonly unknown[]>>;
}): unknown[] {
  const { table, columns } = params;
  const cells = params.cells ?? {};
  const n = table.numRows;
  // Column by column, straight from the Arrow buffers where the type is the one the writer
  // writes (a cell at a time through apache-arrow's getters otherwise).
  const values = new Map<string, readonly unknown[]>();
  for (const c of [...columns, 'split']) {
    if (values.has(c)) continue;
    if (cells[c]) {
      values.set(c, cells[c]);
      continue;
    }
    const vec = table.getChild(c);
    if (!vec) continue;
    const reader = READERS[c];
    values.set(c, columnValues(vec, c) ?? Array.from({ length: n }, (_, i) => reader(vec.get(i))));
  }
  const schema = params.full ? DatasetRecordSchema : RecordMetadataSchema;
  const out: unknown[] = [];
  for (let i = 0; i < n; i++) {
    const row: Row = {};
    for (const c of columns) {
      if (c === 'split') continue;
      row[c] = values.get(c)?.[i];
    }
    row.split = values.get('split')?.[i] ?? params.split;
    // A row written from a mask-only record (turns unknown, as `diffseg30k import` writes them).
    // Its `generators` come from the mask, which only the shard reader has in hand: it fills them.
    const maskOnly = columns.includes('turns') && row.turns === null && row.num_turns === null;
    if (!maskOnly && isValidRow(row, params.full)) {
      out.push(orderKeys(row, params.full));
      continue;
    }
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

/**
 * What the column's reader would give for every row, read from the Arrow buffers directly — for
 * the types `writeDataset` writes (one chunk, no slicing); `undefined` for anything else.
 */
function columnValues(vector: Vector, column: string): unknown[] | undefined {
  if (vector.data.length !== 1) return undefined;
  const data = vector.data[0];
  if (column === 'turns') return turnsValues(data);
  if (column === 'quality_score') return floatValues(data);
  if (column === 'image' || column === 'mask') return undefined;
  const read = READERS[column];
  if (read === str) return DataType.isUtf8(data.type) ? utf8Values(data) : undefined;
  if (read === num) return intValues(data);
  return undefined;
}

/** Whether slot `i` of `data` holds a value (not null). */
function valid(data: Data, i: number): boolean {
  const bitmap = data.nullBitmap;
  if (data.nullCount === 0 || !bitmap || bitmap.length === 0) return true;
  const at = data.offset + i;
  return ((bitmap[at >> 3] >> (at & 7)) & 1) === 1;
}

const utf8 = new TextDecoder();

/** The strings of a Utf8 column (null for null). One decode for an all-ASCII column. */
function utf8Values(data: Data): (string | null)[] | undefined {
  const { values, valueOffsets } = data as Data & { values: Uint8Array; valueOffsets: Int32Array };
  if (data.offset !== 0 || !(valueOffsets instanceof Int32Array) || !(values instanceof Uint8Array)) return undefined;
  const first = valueOffsets[0];
  const last = valueOffsets[data.length];
  const bytes = values.subarray(first, last);
  let ascii = true;
  for (let i = 0; i < bytes.length; i++) {
    if (bytes[i] > 0x7f) {
      ascii = false;
      break;
    }
  }
  // ASCII: byte offsets are string offsets, so one decode of the whole column serves every row.
  const whole = ascii ? utf8.decode(bytes) : undefined;
  const out: (string | null)[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (!valid(data, i)) out[i] = null;
    else if (whole !== undefined) out[i] = whole.substring(valueOffsets[i] - first, valueOffsets[i + 1] - first);
    else out[i] = utf8.decode(values.subarray(valueOffsets[i], valueOffsets[i + 1]));
  }
  return out;
}

/** The numbers of an integer column (null for null; int64 as {@link num} converts it). */
function intValues(data: Data): unknown[] | undefined {
  if (!DataType.isInt(data.type) || data.offset !== 0) return undefined;
  const values = (data as Data & { values: ArrayLike<number | bigint> }).values;
  const out: unknown[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = valid(data, i) ? num(values[i]) : null;
  return out;
}

/** The numbers of a float32 or float64 column as {@link float32Number} gives them (null for null). */
function floatValues(data: Data): unknown[] | undefined {
  if (!DataType.isFloat(data.type) || data.offset !== 0 || (data.type.precision !== Precision.SINGLE && data.type.precision !== Precision.DOUBLE)) return undefined;
  const values = (data as Data & { values: Float32Array | Float64Array }).values;
  const out: unknown[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = valid(data, i) ? float32Number(values[i]) : null;
  return out;
}

/** The turn struct's fields before `variant`, in the writer's order. */
const TURN_FIELDS = 'index,generator,label,edit_type,prompt,category,object,mask_rle,area,bbox';

/** The turns column (`list<struct<…>>` exactly as the writer writes it), as {@link turn} gives each. */
function turnsValues(data: Data): unknown[] | undefined {
  if (!DataType.isList(data.type) || data.offset !== 0) return undefined;
  const offsets = data.valueOffsets as Int32Array;
  const element = data.children[0];
  if (!element || !DataType.isStruct(element.type) || element.offset !== 0) return undefined;
  const names = element.type.children.map((f) => f.name);
  // With or without the trailing `variant` (shards written before it existed lack it).
  const known = names.join();
  if (known !== TURN_FIELDS && known !== `${TURN_FIELDS},variant`) return undefined;
  const fields: unknown[][] = [];
  for (const [k, name] of names.entries()) {
    const child = element.children[k];
    let got: unknown[] | undefined;
    if (name === 'bbox') got = bboxValues(child);
    else if (name === 'index' || name === 'label' || name === 'area') got = intValues(child);
    else got = DataType.isUtf8(child.type) ? utf8Values(child) : undefined;
    if (!got) return undefined;
    fields.push(got);
  }
  const [index, generator, label, editType, prompt, category, object, maskRle, area, bbox, variant] = fields;
  const out: unknown[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) {
    if (!valid(data, i)) {
      out[i] = null;
      continue;
    }
    const turns: unknown[] = [];
    for (let t = offsets[i]; t < offsets[i + 1]; t++) {
      turns.push(
        valid(element, t)
          ? {
              index: index[t],
              generator: generator[t],
              label: label[t],
              edit_type: editType[t],
              prompt: prompt[t],
              category: category[t],
              object: object[t],
              mask_rle: maskRle[t],
              area: area[t],
              bbox: bbox[t],
              variant: variant ? variant[t] : null,
            }
          : null,
      );
    }
    out[i] = turns;
  }
  return out;
}

/** The bounding boxes (`list<int32>`) of the turns. */
function bboxValues(data: Data): unknown[] | undefined {
  if (!DataType.isList(data.type) || data.offset !== 0) return undefined;
  const offsets = data.valueOffsets as Int32Array;
  const items = data.children[0];
  if (!items) return undefined;
  const ints = intValues(items);
  if (!ints) return undefined;
  const out: unknown[] = new Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = valid(data, i) ? ints.slice(offsets[i], offsets[i + 1]) : null;
  return out;
}

const ORDER = ['id', 'split', 'image', 'mask', 'width', 'height', 'base_type', 'base_generator', 'coco_id', 'base_prompt', 'turns', 'num_turns', 'quality_score', 'quality_reason'];

/** Keys in column order, so a printed record reads like the same row printed from Python. */
function orderKeys(r: Row, full: boolean): Row {
  const out: Row = {};
  for (const k of ORDER) if (full || (k !== 'image' && k !== 'mask')) out[k] = r[k];
  return out;
}
