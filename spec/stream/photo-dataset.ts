/** A dataset of photograph-sized images for the loader's specs on reading part of a row group. */
import { writeDataset, type DatasetRecord } from '../../src/index.js';
import { makeRecord, pngOf } from '../fixtures/make-record.js';
import { mulberry32 } from '../fixtures/mulberry32.js';

/**
 * 60 `validation` records `p-00`… with 192² noise images (incompressible PNGs of ~110 KB, like
 * photographs) in one shard of two row groups of 30: each row group's image column spans several
 * pages of about 1 MB, with an offset index (as writeDataset writes). Returns the records.
 */
export async function writePhotoDataset(params: { dir: string }): Promise<DatasetRecord[]> {
  const random = mulberry32(7);
  const records: DatasetRecord[] = [];
  for (let i = 0; i < 60; i++) {
    const record = await makeRecord({ id: `p-${String(i).padStart(2, '0')}`, width: 192, height: 192, turns: [{ generator: 'sdxl', rect: [10, 20, 30, 40] }], split: 'validation' });
    const noise = Uint8Array.from({ length: 192 * 192 * 3 }, () => Math.floor(random() * 256));
    records.push({ ...record, image: { bytes: await pngOf(noise, 192, 192, 3), path: record.image.path } });
  }
  await writeDataset({ out: params.dir, splits: { validation: records }, rowGroupRows: 30 });
  return records;
}
