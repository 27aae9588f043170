/**
 * A hand-written mirror of `RecordMetadataSchema` (and, with `full`, `DatasetRecordSchema`) for
 * rows as the shard reader builds them: true exactly when zod's `safeParse` succeeds. Reading a
 * row group checks every row; zod walks a record in about ten times the time these plain
 * comparisons take, which mattered next to decoding a small PNG (bench/loader.ts). zod stays the
 * single source of truth: it runs on every row this rejects, to say what is wrong, and
 * `spec/format/is-valid-row.spec.ts` holds the two to the same answers over generated good and
 * bad rows.
 * @internal
 */
import { BASE_TYPES, EDIT_TYPES, GENERATORS } from '../schema/labels.js';
import { VARIANT_PATTERN } from '../schema/record.js';

const INT32_MAX = 2_147_483_647;
const BASE = new Set<unknown>(BASE_TYPES);
const EDITS = new Set<unknown>(EDIT_TYPES);
const MODELS = new Set<unknown>(GENERATORS);

const isInt = (v: unknown, min: number, max: number): boolean => typeof v === 'number' && Number.isSafeInteger(v) && v >= min && v <= max;
const isText = (v: unknown): boolean => typeof v === 'string';
const isTextOrNull = (v: unknown): boolean => v === null || typeof v === 'string';
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Whether zod's record schema accepts `row`: `RecordMetadataSchema`, or `DatasetRecordSchema`
 * with `full`. A row with an `annotations` key (mask-only) is left to zod.
 * @internal
 */
export function isValidRow(row: Record<string, unknown>, full: boolean): boolean {
  if (row.annotations !== undefined) return false;
  if (!(typeof row.id === 'string' && row.id.length >= 1 && typeof row.split === 'string' && row.split.length >= 1)) return false;
  if (!(isInt(row.width, 1, INT32_MAX) && isInt(row.height, 1, INT32_MAX))) return false;
  if (!BASE.has(row.base_type) || !isTextOrNull(row.base_generator) || !isTextOrNull(row.base_prompt)) return false;
  const coco = row.coco_id;
  if (!(coco === null || (typeof coco === 'number' && Number.isSafeInteger(coco) && coco >= 0))) return false;
  if (!isInt(row.num_turns, 0, 127)) return false;
  const q = row.quality_score;
  if (!(q === null || (typeof q === 'number' && Number.isFinite(q) && q >= 0 && q <= 5))) return false;
  if (!isTextOrNull(row.quality_reason)) return false;
  if (!Array.isArray(row.turns)) return false;
  for (const t of row.turns as unknown[]) if (!isValidTurn(t)) return false;
  return !full || (isValidImage(row.image) && isValidImage(row.mask));
}

function isValidTurn(t: unknown): boolean {
  if (!isObject(t)) return false;
  if (!(isInt(t.index, 0, 127) && MODELS.has(t.generator) && isInt(t.label, 1, GENERATORS.length) && EDITS.has(t.edit_type))) return false;
  if (!(isText(t.prompt) && isTextOrNull(t.category) && isTextOrNull(t.object) && isText(t.mask_rle) && isInt(t.area, 0, INT32_MAX))) return false;
  const box = t.bbox;
  if (!Array.isArray(box) || box.length !== 4) return false;
  // Indexed, not every(): every() skips the holes of a sparse array, which zod reads as undefined.
  for (let i = 0; i < 4; i++) if (!isInt(box[i], 0, INT32_MAX)) return false;
  return t.variant === null || t.variant === undefined || (typeof t.variant === 'string' && VARIANT_PATTERN.test(t.variant));
}

function isValidImage(v: unknown): boolean {
  return isObject(v) && (v.bytes === null || v.bytes instanceof Uint8Array) && isTextOrNull(v.path);
}
