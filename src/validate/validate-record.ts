import sharp from 'sharp';
import type { z } from 'zod';
import { DiffsegError, type SchemaIssue } from '../errors.js';
import { decodeLabelMap } from '../codec/decode-label-map.js';
import { composeLabelMap } from '../mask/compose-label-map.js';
import { rleArea } from '../mask/rle-area.js';
import { rleBbox } from '../mask/rle-bbox.js';
import { labelOfGenerator } from '../schema/labels.js';
import { DatasetRecordSchema, RecordMetadataSchema } from '../schema/record.js';

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
 * and the mask decode at `width × height`, and composing the turns in order gives exactly the mask.
 *
 * A record without `image`/`mask` (a metadata-only pass) gets every check but the pixel ones.
 * Never throws for a bad record — that is what the report is for.
 *
 * @example
 * const report = await validateRecord({ record });
 * if (!report.ok) throw new SchemaError({ issues: report.issues, recordId: report.id });
 */
export async function validateRecord(params: { record: unknown }): Promise<RecordValidation> {
  const record = params.record as Record<string, unknown> | null;
  const id = record && typeof record === 'object' && typeof record.id === 'string' ? record.id : undefined;
  const hasPixels = record !== null && typeof record === 'object' && ('image' in record || 'mask' in record);
  const parsed = (hasPixels ? DatasetRecordSchema : RecordMetadataSchema).safeParse(record);
  if (!parsed.success) return { id, ok: false, issues: zodIssues(parsed.error) };

  const r = parsed.data;
  const issues: SchemaIssue[] = [];
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

  if ('image' in r && 'mask' in r) {
    const full = r as z.infer<typeof DatasetRecordSchema>;
    if (full.image.bytes === null) issues.push({ path: ['image', 'bytes'], message: 'is null: the image bytes are missing' });
    else {
      try {
        const meta = await sharp(full.image.bytes).metadata();
        if (meta.width !== r.width || meta.height !== r.height) {
          issues.push({ path: ['image'], message: `is ${meta.width}×${meta.height} but the record says ${r.width}×${r.height}` });
        }
      } catch (error) {
        issues.push({ path: ['image'], message: `cannot decode: ${(error as Error).message}` });
      }
    }
    if (full.mask.bytes === null) issues.push({ path: ['mask', 'bytes'], message: 'is null: the label-map mask is missing' });
    else {
      try {
        const meta = await sharp(full.mask.bytes).metadata();
        if (meta.format !== 'png' || meta.channels !== 1 || meta.depth !== 'uchar') {
          issues.push({ path: ['mask'], message: `must be an 8-bit greyscale PNG, got ${meta.format} with ${meta.channels} channel(s) of ${meta.depth}` });
        }
        const mask = await decodeLabelMap({ bytes: full.mask.bytes, name: `record ${r.id}, mask`, width: r.width, height: r.height });
        if (rlesOk) {
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
      } catch (error) {
        const message = error instanceof DiffsegError ? error.message : `cannot decode: ${(error as Error).message}`;
        issues.push({ path: ['mask'], message });
      }
    }
  }
  return { id, ok: issues.length === 0, issues };
}
