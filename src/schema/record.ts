/**
 * The record of the DiffSeg30k format (docs/format.md) as zod schemas: the single source of truth, with the TypeScript types
 * inferred from them. Field names are the Parquet column names (snake_case) so that a record
 * printed from TypeScript reads like the same row printed from Python's `datasets`.
 */
import { z } from 'zod';
import { BASE_TYPES, EDIT_TYPES, GENERATORS } from './labels.js';

const int = (min: number, max: number) => z.number().int().min(min).max(max);
const INT32_MAX = 2_147_483_647;

/**
 * What a turn's `variant` may be: a short identifier (letters, digits, `.`, `_`, `+`, `-`; at most
 * 64 characters), so it can name a group in a report, a table row or a command-line flag as it is.
 * @example
 * VARIANT_PATTERN.test('hyper-sd-8step') // true
 */
export const VARIANT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._+-]{0,63}$/;

/**
 * Hugging Face `datasets` Image layout: `struct<bytes: binary, path: string>`.
 * @useDeclaredType
 */
export const ImageFieldSchema = z.object({
  /** The encoded file bytes (PNG/JPEG/WebP …), exactly as published. */
  // z.custom keeps the type `Uint8Array` (any backing buffer): z.instanceof would narrow it to
  // Uint8Array<ArrayBuffer> and reject views of Node Buffers and wasm memory at the type level.
  bytes: z.custom<Uint8Array>((v) => v instanceof Uint8Array, { message: 'expected a Uint8Array of encoded image bytes' }).nullable(),
  /** Original file name or path, informative only. */
  path: z.string().nullable(),
});
/** An encoded image cell: bytes plus an informative path. */
export type ImageField = z.infer<typeof ImageFieldSchema>;

/**
 * One local edit, in edit order.
 * @useDeclaredType
 */
export const TurnSchema = z.object({
  /** 0-based position of the edit in the sequence (0, 1, 2). */
  index: int(0, 127),
  /** Model that made the edit. */
  generator: z.enum(GENERATORS),
  /** Label id of the generator (1..8); must match `generator`. */
  label: int(1, GENERATORS.length),
  /** Kind of edit. */
  edit_type: z.enum(EDIT_TYPES),
  /** Editing prompt given to the model. */
  prompt: z.string(),
  /** Coarse object category (food, vehicle, person …). */
  category: z.string().nullable(),
  /** The edited object as named by the VLM. */
  object: z.string().nullable(),
  /** COCO compressed RLE counts string of this turn's mask (size = [height, width] of the record). */
  mask_rle: z.string(),
  /** Number of pixels in the turn's mask. */
  area: int(0, INT32_MAX),
  /** Bounding box `[x, y, w, h]` of the turn's mask (all zero for an empty mask). */
  bbox: z.tuple([int(0, INT32_MAX), int(0, INT32_MAX), int(0, INT32_MAX), int(0, INT32_MAX)]),
  /**
   * The variant of `generator` that made the edit when it was not the vanilla model — e.g.
   * `'hyper-sd-8step'` for SDXL with the Hyper-SD LoRA at 8 steps (the paper's Table 4) — and
   * null (or absent) for the vanilla model. The edit is still labelled as its parent: `generator`
   * and `label` stay those of SDXL, so the eight label ids never change. A short identifier:
   * letters, digits, `.`, `_`, `+`, `-`, at most 64 characters. Readers give null for shards
   * written before the field existed.
   */
  variant: z.string().regex(VARIANT_PATTERN, 'must be a short identifier: letters, digits, ".", "_", "+", "-", at most 64 characters').nullable().optional(),
});
/** One local edit. */
export type Turn = z.infer<typeof TurnSchema>;

/**
 * Every field of a record except the two encoded images: what a metadata-only pass yields.
 * @useDeclaredType
 */
export const RecordMetadataSchema = z.object({
  /**
   * Present only on records of layouts without turns (`'mask-only'`, see
   * {@link MaskOnlyMetadataSchema}); a fully annotated record has no such field.
   */
  annotations: z.undefined().optional(),
  /** Unique id of the image. */
  id: z.string().min(1),
  /** Split the record belongs to (`train`, `validation`, …). */
  split: z.string().min(1),
  /** Image width in pixels. */
  width: int(1, INT32_MAX),
  /** Image height in pixels. */
  height: int(1, INT32_MAX),
  /** Whether the base image was a real photo or generated. */
  base_type: z.enum(BASE_TYPES),
  /** Model that generated the base image (null for a real base). */
  base_generator: z.string().nullable(),
  /** COCO image id of the base (or of its prompt), when known. */
  coco_id: z.number().int().nonnegative().nullable(),
  /** Prompt that generated the base image (null for a real base). */
  base_prompt: z.string().nullable(),
  /** Local edits in order; empty for an unedited negative. */
  turns: z.array(TurnSchema),
  /** Number of turns (0..3 in DiffSeg30k). */
  num_turns: int(0, 127),
  /** VLM quality score 0–5 (the paper keeps ≥ 3), or null when not scored. */
  quality_score: z.number().min(0).max(5).nullable(),
  /** VLM's reason for the score. */
  quality_reason: z.string().nullable(),
});
/** A record without its image bytes. */
export type RecordMetadata = z.infer<typeof RecordMetadataSchema>;

/**
 * A full record: metadata plus the encoded image and label-map mask.
 * @useDeclaredType
 */
export const DatasetRecordSchema = RecordMetadataSchema.extend({
  /** The edited image, original encoded bytes, never re-encoded. */
  image: ImageFieldSchema,
  /** 8-bit grey PNG whose pixel values are label ids. */
  mask: ImageFieldSchema,
});
/** A full record of the dataset. */
export type DatasetRecord = z.infer<typeof DatasetRecordSchema>;

/**
 * A record of a layout that publishes only an image and its label-map mask (the authors' zip
 * release, plain image/mask Parquet). Its turns are **unknown**, not empty: `turns`, `num_turns`
 * and every base and quality field are `null`, and `annotations` says so, so such a record can
 * never pass for an unedited negative. The generators present come from the mask's label ids.
 */
export const MaskOnlyMetadataSchema = z.object({
  /** Unique id of the image (an `id` column, the member's 8 digits, or the row index). */
  id: z.string().min(1),
  /** Split the record belongs to. */
  split: z.string().min(1),
  /** Image width in pixels (from the mask). */
  width: int(1, INT32_MAX),
  /** Image height in pixels (from the mask). */
  height: int(1, INT32_MAX),
  /** What the layout has: an image and a mask, no per-turn metadata. */
  annotations: z.literal('mask-only'),
  /** Generators whose label id occurs in the mask, in label-id order. */
  generators: z.array(z.enum(GENERATORS)),
  /** Unknown: the layout does not say. */
  turns: z.null(),
  /** Unknown: the layout does not say. */
  num_turns: z.null(),
  /** Unknown: the layout does not say. */
  base_type: z.null(),
  /** Unknown: the layout does not say. */
  base_generator: z.null(),
  /** Unknown: the layout does not say. */
  coco_id: z.null(),
  /** Unknown: the layout does not say. */
  base_prompt: z.null(),
  /** Unknown: the layout does not say. */
  quality_score: z.null(),
  /** Unknown: the layout does not say. */
  quality_reason: z.null(),
  /**
   * The generator behind each mask value 1, 2, …, when the masks do not use this package's label
   * ids (the `labelOrder` option); `labelMap()` then maps the values to the package's ids.
   */
  label_order: z.array(z.enum(GENERATORS)).optional(),
});
/** A mask-only record without its image bytes. */
export type MaskOnlyMetadata = z.infer<typeof MaskOnlyMetadataSchema>;

/** A mask-only record with its encoded image and mask. */
export const MaskOnlyRecordSchema = MaskOnlyMetadataSchema.extend({
  /** The encoded image, exactly as published. */
  image: ImageFieldSchema,
  /** The label-map mask as published (its values mapped by `label_order`, when given). */
  mask: ImageFieldSchema,
});
/** A mask-only record with its encoded image and mask. */
export type MaskOnlyRecord = z.infer<typeof MaskOnlyRecordSchema>;

/** Metadata of any layout: fully annotated, or mask-only (`annotations: 'mask-only'`). */
export type AnyRecordMetadata = RecordMetadata | MaskOnlyMetadata;
/** A record of any layout. */
export type AnyRecord = DatasetRecord | MaskOnlyRecord;

/** Whether a record is mask-only (its turns unknown). */
export function isMaskOnly(record: { annotations?: unknown }): record is MaskOnlyMetadata {
  return record?.annotations === 'mask-only';
}
