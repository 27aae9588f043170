import type { Generator } from '../schema/labels.js';
import type { MaskOnlyMetadata, MaskOnlyRecord } from '../schema/record.js';
import { FormatError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { maskOnlyRecord } from './mask-only-record.js';
import { type RecordShard, openShard } from './open-shard.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** Whether a Parquet file's columns are those of an image/mask dataset (layout 2). */
export function isImageMaskSchema(columns: readonly string[]): boolean {
  return columns.includes('image') && columns.includes('mask');
}

/**
 * A {@link RecordShard} over a Parquet file of the plain image-segmentation layout — `image` and
 * `mask` Image columns (`struct<bytes, path>`), maybe an `id` column, nothing else we use: a
 * community mirror of DiffSeg30k, or the Hub's auto-converted `refs/convert/parquet` branch. Read
 * with the same row-group streaming and column projection as canonical shards: a metadata-only
 * pass reads the `mask` (and `id`) columns, never `image`. Records are mask-only; their id is the
 * `id` column, else `{file}:{row}`.
 * @throws {FormatError} when the file lacks an `image` or `mask` column.
 * @internal
 */
export async function openImageMaskShard(params: { byteSource: ByteSource; path: string; split: string; labelOrder?: readonly Generator[] }): Promise<RecordShard> {
  checkParams('openImageMaskShard', params, keysOf<Parameters<typeof openImageMaskShard>[0]>()('byteSource', 'path', 'split', 'labelOrder'));
  const shard = await openShard({ byteSource: params.byteSource, split: params.split, layout: 'any' });
  const file = shard.file;
  if (!isImageMaskSchema(shard.columns)) {
    throw new FormatError({ module: 'parquet', file, message: `neither a DiffSeg30k shard nor an image/mask one: it has columns ${shard.columns.join(', ')} (an image/mask file needs \`image\` and \`mask\`)` });
  }
  const hasId = shard.columns.includes('id');
  const records = async (g: number, withImage: boolean): Promise<(MaskOnlyMetadata | MaskOnlyRecord)[]> => {
    const columns = [...(hasId ? ['id'] : []), ...(withImage ? ['image'] : []), 'mask'];
    const table = await shard.readTable({ rowGroup: g, columns });
    const firstRow = shard.rowGroups[g].firstRow;
    const cell = (name: string, i: number) => table.getChild(name)?.get(i) as { bytes?: Uint8Array | null; path?: string | null } | null;
    const out: Promise<MaskOnlyMetadata | MaskOnlyRecord>[] = [];
    for (let i = 0; i < table.numRows; i++) {
      const row = firstRow + i;
      const rawId = hasId ? table.getChild('id')?.get(i) : undefined;
      const id = rawId === null || rawId === undefined ? `${params.path}:${row}` : String(rawId);
      const field = (name: string) => {
        const c = cell(name, i);
        if (!c?.bytes) throw new FormatError({ module: 'parquet', file, rowGroup: g, row, message: `record ${id}: no ${name} bytes` });
        // Copy: the bytes alias the whole batch buffer.
        return { bytes: c.bytes.slice(), path: c.path ?? null };
      };
      out.push(maskOnlyRecord({ id, split: shard.split, file, row, labelOrder: params.labelOrder, mask: field('mask'), image: withImage ? field('image') : undefined }));
    }
    return Promise.all(out);
  };
  return {
    file,
    split: shard.split,
    numRows: shard.numRows,
    rowGroups: shard.rowGroups,
    readMetadata: (g) => records(g, false),
    readRecords: (g) => records(g, true) as Promise<MaskOnlyRecord[]>,
  };
}
