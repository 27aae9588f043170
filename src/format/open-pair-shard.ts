import { FormatError } from '../errors.js';
import type { Generator } from '../schema/labels.js';
import type { MaskOnlyMetadata, MaskOnlyRecord } from '../schema/record.js';
import { maskOnlyRecord } from './mask-only-record.js';
import type { RecordShard, ShardRowGroup } from './open-shard.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** An image and its mask in the authors' layout: `<dir>/<8 digits>.image.png` + `.mask.png`. */
export interface MemberPair {
  /** The record id: the 8 digits. */
  id: string;
  /** Member name of the image. */
  image: string;
  /** Member name of the mask. */
  mask: string;
  /** Size of the image in bytes (inflated). */
  imageSize: number;
  /** Size of the mask in bytes (inflated). */
  maskSize: number;
}

/** Pairs per row group: with 1024² PNGs about 50 MB, the unit fetched and decoded at once. */
export const PAIRS_PER_GROUP = 32;

const MEMBER = /^(?:(.*)\/)?(\d{8})\.(image|mask)\.png$/;

/** Whether a path is a member of a pair in the authors' layout. */
export function isPairMember(path: string): boolean {
  return MEMBER.test(path);
}

/**
 * The image/mask pairs among a list of files, sorted by name. Files of other names are not
 * records and are left out; an image without its mask (or the reverse), and an id that occurs
 * twice, are {@link FormatError}s naming the archive and the member.
 */
export function findPairs(params: { files: readonly { path: string; size: number }[]; file: string }): MemberPair[] {
  checkParams('findPairs', params, keysOf<Parameters<typeof findPairs>[0]>()('files', 'file'));
  const byStem = new Map<string, { image?: { path: string; size: number }; mask?: { path: string; size: number }; id: string }>();
  for (const f of params.files) {
    const m = MEMBER.exec(f.path);
    if (!m) continue;
    const stem = `${m[1] ?? ''}/${m[2]}`;
    const entry = byStem.get(stem) ?? { id: m[2] };
    entry[m[3] as 'image' | 'mask'] = f;
    byStem.set(stem, entry);
  }
  const pairs: MemberPair[] = [];
  const ids = new Map<string, string>();
  for (const [stem, e] of [...byStem].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    if (!e.image || !e.mask) {
      const has = (e.image ?? e.mask)!.path;
      throw new FormatError({ module: 'zip', file: params.file, message: `member ${has} has no ${e.image ? 'mask' : 'image'} beside it (expected ${stem.replace(/^\//, '')}.${e.image ? 'mask' : 'image'}.png)` });
    }
    const other = ids.get(e.id);
    if (other) throw new FormatError({ module: 'zip', file: params.file, message: `id ${e.id} occurs twice: ${other} and ${e.image.path}` });
    ids.set(e.id, e.image.path);
    pairs.push({ id: e.id, image: e.image.path, mask: e.mask.path, imageSize: e.image.size, maskSize: e.mask.size });
  }
  return pairs;
}

/**
 * A {@link RecordShard} over image/mask pairs (the authors' zip release, or the same files
 * unpacked): row groups are fixed batches of {@link PAIRS_PER_GROUP} pairs; `readRecords` fetches a
 * batch's members (adjacent members in one request), `readMetadata` only the masks. Records are
 * mask-only: turns unknown, generators from the mask.
 * @internal
 */
export function openPairShard(params: {
  /** The archive (or directory) name, for messages. */
  file: string;
  split: string;
  pairs: readonly MemberPair[];
  /** Reads members by name, in the order given. */
  readMembers: (names: readonly string[]) => Promise<Uint8Array[]>;
  labelOrder?: readonly Generator[];
  pairsPerGroup?: number;
}): RecordShard {
  checkParams('openPairShard', params, keysOf<Parameters<typeof openPairShard>[0]>()('file', 'split', 'pairs', 'readMembers', 'labelOrder', 'pairsPerGroup'));
  const { file, split, pairs } = params;
  const per = params.pairsPerGroup ?? PAIRS_PER_GROUP;
  const rowGroups: ShardRowGroup[] = [];
  for (let first = 0; first < pairs.length; first += per) {
    const batch = pairs.slice(first, first + per);
    rowGroups.push({
      numRows: batch.length,
      firstRow: first,
      columnBytes: { image: batch.reduce((n, p) => n + p.imageSize, 0), mask: batch.reduce((n, p) => n + p.maskSize, 0) },
    });
  }
  const batchOf = (g: number): readonly MemberPair[] => {
    if (!Number.isInteger(g) || g < 0 || g >= rowGroups.length) throw new FormatError({ module: 'zip', file, message: `no row group ${g} (there are ${rowGroups.length})` });
    return pairs.slice(rowGroups[g].firstRow, rowGroups[g].firstRow + rowGroups[g].numRows);
  };
  const records = async (g: number, withImage: boolean): Promise<(MaskOnlyMetadata | MaskOnlyRecord)[]> => {
    const batch = batchOf(g);
    const names = withImage ? batch.flatMap((p) => [p.image, p.mask]) : batch.map((p) => p.mask);
    const bytes = await params.readMembers(names);
    return Promise.all(
      batch.map((p, i) =>
        maskOnlyRecord({
          id: p.id,
          split,
          file,
          row: rowGroups[g].firstRow + i,
          labelOrder: params.labelOrder,
          mask: { bytes: bytes[withImage ? 2 * i + 1 : i], path: p.mask },
          image: withImage ? { bytes: bytes[2 * i], path: p.image } : undefined,
        }),
      ),
    );
  };
  return {
    file,
    split,
    numRows: pairs.length,
    rowGroups,
    readMetadata: (g) => records(g, false),
    readRecords: (g) => records(g, true) as Promise<MaskOnlyRecord[]>,
  };
}
