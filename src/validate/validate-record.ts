import sharp from 'sharp';
import { z } from 'zod';
import { DiffsegError, FormatError, type SchemaIssue } from '../errors.js';
import { readPngHeader } from '../codec/internal/read-png.js';
import { checkParams } from '../internal/check-params.js';
import { decodeImage } from '../codec/decode-image.js';
import { decodeLabelMap } from '../codec/decode-label-map.js';
import { composeLabelMap } from '../mask/compose-label-map.js';
import { rleArea } from '../mask/rle-area.js';
import { rleBbox } from '../mask/rle-bbox.js';
import { GENERATORS, labelOfGenerator } from '../schema/labels.js';
import { type ImageField, ImageFieldSchema, type MaskOnlyMetadata, MaskOnlyMetadataSchema, type RecordMetadata, RecordMetadataSchema, isMaskOnly } from '../schema/record.js';

/** The outcome of {@link validateRecord}: every problem of one record. */
export interface RecordValidation {
  /** Record id (or `undefined` when the record has none). */
  id: string | undefined;
  /** True when no issue was found. */
  ok: boolean;
  /** Each problem with its zod-style path, e.g. `['turns', 1, 'area']`. */
  issues: SchemaIssue[];
}

function zodIssues(error: z.ZodError): SchemaIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/**
 * Checks every invariant of the format (docs/format.md §1.2) on one record and reports each problem with its path:
 * the zod schema (types, ranges, enums), `num_turns` = number of turns, turn `index` = position,
 * `label` ↔ `generator`, each `mask_rle` decodes at the record's size and agrees with `area` and
 * `bbox`, a real base has no `base_generator`; and when the encoded images are present: the image
 * and the mask decode — every pixel, as `loadSplit` decodes them, not just the header — at
 * `width × height`, and composing the turns in order gives exactly the mask.
 *
 * `record` may be a record or a {@link Sample} as `loadSplit` yields it (its `imageBytes` and
 * `maskBytes` are the encoded images). A record without `image`/`mask`, or a sample of a
 * metadata-only pass, gets every check but the pixel ones — what it can check, and `ok` when
 * that passes. A mask-only record or sample (`annotations: 'mask-only'`, turns unknown) is
 * checked against its own schema; with a mask, the mask's label ids must be the `generators` it
 * lists (unless a `label_order` maps them), and there are no turns to compose.
 * Never throws for a bad record — that is what the report is for.
 *
 * @example
 * for await (const sample of loadSplit('validation', { source: 'samples', metadataOnly: true })) {
 *   const report = await validateRecord({ record: sample });
 *   if (!report.ok) throw new SchemaError({ issues: report.issues, recordId: report.id });
 * }
 */
export async function validateRecord(params: { record: unknown }): Promise<RecordValidation> {
  checkParams('validateRecord', params, ['record']);
  const { record, isSample } = recordView(params.record);
  const id = record && typeof record.id === 'string' ? record.id : undefined;
  const maskOnly = record !== null && isMaskOnly(record as { annotations?: unknown });
  const metadata = (maskOnly ? MaskOnlyMetadataSchema : RecordMetadataSchema).safeParse(record);
  const hasPixels = record !== null && ('image' in record || 'mask' in record);
  // A record given with its images must hold both (a sample's are its bytes, checked one by one).
  const files = z.object({ image: ImageFieldSchema, mask: ImageFieldSchema });
  const pixels = hasPixels ? (isSample ? files.partial() : files).safeParse(record) : undefined;
  if (!metadata.success || pixels?.success === false) {
    return { id, ok: false, issues: [...(metadata.success ? [] : zodIssues(metadata.error)), ...(pixels?.success === false ? zodIssues(pixels.error) : [])] };
  }
  const { image, mask: maskFile } = (pixels?.data ?? {}) as { image?: ImageField; mask?: ImageField };
  const issues: SchemaIssue[] = [];
  if (metadata.data.turns === null) {
    const m = metadata.data as MaskOnlyMetadata;
    await checkImage(m, image, issues);
    const mask = await checkMask(m, maskFile, issues);
    if (mask && !m.label_order) {
      const present = new Set(mask);
      const found = GENERATORS.filter((g) => present.has(labelOfGenerator(g)));
      if (found.join() !== m.generators.join()) {
        issues.push({ path: ['generators'], message: `is [${m.generators.join(', ')}] but the mask's label ids are those of [${found.join(', ')}]` });
      }
    }
    return { id, ok: issues.length === 0, issues };
  }

  const r = metadata.data as RecordMetadata;
  if (r.num_turns !== r.turns.length) {
    issues.push({ path: ['num_turns'], message: `is ${r.num_turns} but the record has ${r.turns.length} turns` });
  }
  if (r.base_type === 'real' && r.base_generator !== null) {
    issues.push({ path: ['base_generator'], message: `must be null for a real base image, got ${JSON.stringify(r.base_generator)}` });
  }
  let rlesOk = true;
  r.turns.forEach((turn, i) => {
    if (turn.index !== i) issues.push({ path: ['turns', i, 'index'], message: `is ${turn.index} but the turn is at position ${i}` });
    const label = labelOfGenerator(turn.generator);
    if (turn.label !== label) {
      issues.push({ path: ['turns', i, 'label'], message: `is ${turn.label} but generator ${turn.generator} has label ${label}` });
    }
    const rle = { size: [r.height, r.width] as [number, number], counts: turn.mask_rle };
    try {
      const area = rleArea(rle);
      if (area !== turn.area) issues.push({ path: ['turns', i, 'area'], message: `is ${turn.area} but mask_rle covers ${area} pixels` });
      const bbox = rleBbox(rle);
      if (bbox.some((v, k) => v !== turn.bbox[k])) {
        issues.push({ path: ['turns', i, 'bbox'], message: `is [${turn.bbox.join(', ')}] but mask_rle's box is [${bbox.join(', ')}]` });
      }
    } catch (error) {
      rlesOk = false;
      issues.push({ path: ['turns', i, 'mask_rle'], message: (error as Error).message });
    }
  });

  await checkImage(r, image, issues);
  const mask = await checkMask(r, maskFile, issues);
  if (mask && rlesOk) {
    const composed = composeLabelMap({ turns: r.turns, height: r.height, width: r.width });
    let differ = 0;
    let first = -1;
    for (let p = 0; p < composed.length; p++) {
      if (composed[p] !== mask[p]) {
        differ++;
        if (first < 0) first = p;
      }
    }
    if (differ > 0) {
      const x = first % r.width;
      const y = Math.floor(first / r.width);
      issues.push({
        path: ['mask'],
        message: `differs from the composition of the turns at ${differ} pixels (first at x=${x}, y=${y}: mask ${mask[first]}, turns give ${composed[first]})`,
      });
    }
  }
  return { id, ok: issues.length === 0, issues };
}

/**
 * What to check of `value`: a record as it is; a sample as the record it was read from — its
 * metadata, and `image`/`mask` holding its bytes where it has them (none in a metadata-only
 * pass). `isSample` says so, so that a missing half is not an issue.
 */
function recordView(value: unknown): { record: Record<string, unknown> | null; isSample: boolean } {
  if (value === null || typeof value !== 'object') return { record: null, isSample: false };
  const v = value as Record<string, unknown>;
  if (typeof v.image !== 'function') return { record: v, isSample: false };
  const { image: _i, labelMap: _l, binaryMask: _b, turnMask: _t, file: _f, imageBytes, maskBytes, ...metadata } = v;
  const record = {
    ...metadata,
    ...(imageBytes instanceof Uint8Array ? { image: { bytes: imageBytes, path: null } } : {}),
    ...(maskBytes instanceof Uint8Array ? { mask: { bytes: maskBytes, path: null } } : {}),
  };
  return { record, isSample: true };
}

/** The image decodes, every pixel, at the record's size; issues under `image`. */
async function checkImage(r: { id: string; width: number; height: number }, image: ImageField | undefined, issues: SchemaIssue[]): Promise<void> {
  if (!image) return;
  if (image.bytes === null) {
    issues.push({ path: ['image', 'bytes'], message: 'is null: the image bytes are missing' });
    return;
  }
  try {
    // The header first: a wrong size is reported without decoding (it may be a bomb).
    const meta = await headerOf(image.bytes);
    if (meta.width !== r.width || meta.height !== r.height) {
      issues.push({ path: ['image'], message: `is ${meta.width}×${meta.height} but the record says ${r.width}×${r.height}` });
    } else {
      // Then every pixel, as loadSplit would: a header can be fine above corrupt or missing data.
      await decodeImage({ bytes: image.bytes, name: `record ${r.id}, image`, width: r.width, height: r.height });
    }
  } catch (error) {
    issues.push({ path: ['image'], message: reasonOf(error) });
  }
}

/** The mask is an 8-bit grey PNG of the record's size that decodes; its label ids, when it does. */
async function checkMask(r: { id: string; width: number; height: number }, mask: ImageField | undefined, issues: SchemaIssue[]): Promise<Uint8Array | undefined> {
  if (!mask) return undefined;
  if (mask.bytes === null) {
    issues.push({ path: ['mask', 'bytes'], message: 'is null: the label-map mask is missing' });
    return undefined;
  }
  try {
    const meta = await headerOf(mask.bytes);
    // The loaders also read palette, 16-bit and grey-as-RGB label maps; the format asks for one kind.
    if (meta.kind !== 'an 8-bit greyscale PNG') issues.push({ path: ['mask'], message: `must be an 8-bit greyscale PNG, got ${meta.kind}` });
    // A wrong size is reported from the header alone, without decoding what may be a bomb.
    if (meta.width !== r.width || meta.height !== r.height) {
      issues.push({ path: ['mask'], message: `is ${meta.width}×${meta.height} but the record says ${r.width}×${r.height}` });
      return undefined;
    }
    return await decodeLabelMap({ bytes: mask.bytes, name: `record ${r.id}, mask`, width: r.width, height: r.height });
  } catch (error) {
    issues.push({ path: ['mask'], message: reasonOf(error) });
    return undefined;
  }
}

const PNG_KINDS: Record<number, string> = { 0: 'greyscale', 2: 'RGB', 3: 'palette', 4: 'greyscale+alpha', 6: 'RGBA' };

/** Size and kind from the header alone (a PNG's IHDR, else sharp's metadata, which reads only the header). */
async function headerOf(bytes: Uint8Array): Promise<{ width: number | undefined; height: number | undefined; kind: string }> {
  const png = readPngHeader(bytes);
  if (png) return { width: png.width, height: png.height, kind: `a${png.bitDepth === 8 ? 'n' : ''} ${png.bitDepth}-bit ${PNG_KINDS[png.colorType]}${png.interlaced ? ' interlaced' : ''} PNG` };
  // No pixel limit: only the header is read, and a huge size is reported as such.
  const m = await sharp(bytes, { limitInputPixels: false }).metadata();
  return { width: m.width, height: m.height, kind: `a ${m.format?.toUpperCase() ?? 'file of unknown format'}` };
}

/** The cause of a decoder's error, without the name it repeats (the issue's path already says which). */
function reasonOf(error: unknown): string {
  if (error instanceof FormatError) return error.reason;
  if (error instanceof DiffsegError) return error.message;
  return `cannot decode: ${(error as Error).message}`;
}
