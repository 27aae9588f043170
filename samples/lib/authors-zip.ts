/**
 * A tiny zip in the DiffSeg30k authors' published layout (docs/format.md, "other layouts"): members
 * `<dir>/<8 digits>.image.png` + `<dir>/<8 digits>.mask.png`, the mask an 8-bit grey PNG of label
 * ids. It carries no turn metadata, which is exactly what an importer of that layout must cope with.
 */
import { zipSync, type Zippable } from 'fflate';
import { composeLabelMap } from '../../src/mask/compose-label-map.js';
import { encodeRle } from '../../src/mask/encode-rle.js';
import { labelOfGenerator } from '../../src/schema/labels.js';
import { encodePng } from './png.js';
import { SIZE } from './raster.js';
import { planDataset, renderRecord, type RecordPlan } from './synth.js';

/** Seed of the zip's images: a different draw from the Parquet samples, same generator. */
export const ZIP_SEED = 2025;

/**
 * Zip entry time. fflate writes DOS timestamps from a Date's *local* fields, so the date is built
 * from local fields too: the bytes are then the same in every time zone (and never "now").
 */
const MTIME = new Date(2025, 0, 1, 12, 0, 0);

/** Member name stem of pair `n` in `dir`, e.g. `train/00000001`. */
export function authorsMemberStem(dir: string, n: number): string {
  return `${dir}/${String(n).padStart(8, '0')}`;
}

/** The plans behind the zip: four edited images for `train/`, two for `val/`. */
export function authorsZipPlans(seed = ZIP_SEED): { dir: 'train' | 'val'; plan: RecordPlan }[] {
  const edited = planDataset(seed).filter((p) => p.turns.length > 0);
  const train = edited.filter((p) => p.split === 'train').slice(0, 4);
  const val = edited.filter((p) => p.split === 'validation').slice(0, 2);
  return [...train.map((plan) => ({ dir: 'train' as const, plan })), ...val.map((plan) => ({ dir: 'val' as const, plan }))];
}

/** Builds the zip's bytes: stored entries (PNG is already deflated), fixed times, fixed order. */
export function buildAuthorsZip(seed = ZIP_SEED): Uint8Array {
  const files: Zippable = {};
  authorsZipPlans(seed).forEach(({ dir, plan }, i) => {
    const { image, turnMasks } = renderRecord(plan);
    const labelMap = composeLabelMap({ turns: plan.turns.map((t, k) => ({ label: labelOfGenerator(t.generator), mask_rle: encodeRle({ mask: turnMasks[k], height: SIZE, width: SIZE }).counts })), height: SIZE, width: SIZE });
    const stem = authorsMemberStem(dir, i + 1);
    files[`${stem}.image.png`] = [encodePng(image, SIZE, SIZE, 3), { level: 0, mtime: MTIME }];
    files[`${stem}.mask.png`] = [encodePng(labelMap, SIZE, SIZE, 1), { level: 0, mtime: MTIME }];
  });
  return zipSync(files, { level: 0, mtime: MTIME });
}
