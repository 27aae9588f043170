import { join } from 'node:path';
import { DatasetError, DiffsegError, FormatError, SourceError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import { readAheadSource } from '../io/read-ahead-source.js';
import type { DatasetSource, RepoFile } from '../repo/dataset-source.js';
import { DEFAULT_MAX_MEMBER_BYTES } from '../repo/read-zip-member.js';
import { SOURCE_KEYS, resolveSource, type SourceParams } from '../repo/resolve-source.js';
import { type ZipDatasetSource, zipSource } from '../repo/zip-source.js';
import { canonicalSplit } from '../schema/labels.js';
import { labelOrderFromCard } from '../card/label-order-from-card.js';
import { layoutFromCard } from '../card/layout-from-card.js';
import type { DatasetCard } from '../card/parse-dataset-card.js';
import { readDatasetCard } from '../card/read-dataset-card.js';
import { splitSizesFromCard } from '../card/split-sizes-from-card.js';
import { splitsFromCard } from '../card/splits-from-card.js';
import { isImageMaskSchema, openImageMaskShard } from './open-image-mask-shard.js';
import { type MemberPair, findPairs, isPairMember, openPairShard } from './open-pair-shard.js';
import { openShard, type RecordShard, type Shard } from './open-shard.js';
import { readCachedFooter } from '../parquet/read-cached-footer.js';
import { splitOfDirectory, splitOfFileName, splitsFromPaths } from './split-from-paths.js';
import { checkShardSets } from './check-shard-sets.js';
import { checkOptions, keysOf, pickKeys } from '../internal/check-params.js';

/** One split of a dataset. */
export interface DatasetSplit {
  /** Split name as the dataset spells it (`train`, `validation`, …). */
  name: string;
  /** Its Parquet shards (paths relative to the source's root), sorted by path. */
  files: RepoFile[];
  /** Record count from the card's `dataset_info`, when it says. */
  num_examples: number | undefined;
  /** Arrow size from the card's `dataset_info`, when it says. */
  num_bytes: number | undefined;
}

/**
 * Which of the layouts the package reads a dataset is in:
 * - `canonical` — DiffSeg30k Parquet shards with every per-turn field (what `writeDataset` writes);
 * - `image-mask` — Parquet with `image` and `mask` Image columns only (community mirrors, the Hub's
 *   `refs/convert/parquet` branch): mask-only records;
 * - `pairs` — `<dir>/<8 digits>.image.png` + `.mask.png` pairs, in zip archives (the authors'
 *   release) or unpacked: mask-only records.
 */
export type LayoutKind = 'canonical' | 'image-mask' | 'pairs';

/** An opened dataset: where it is, its card, its layout, and where each split's shards are. */
export interface Dataset {
  /** The location; open a shard with `source.open({ path: split.files[i].path })`. */
  source: DatasetSource;
  /** The parsed `README.md`, or `undefined` when there is none. */
  card: DatasetCard | undefined;
  /** Where the split list came from: the card's `configs`, or the files' names. */
  from: 'configs' | 'files';
  /** The layout, found from the files (see {@link LayoutKind}). */
  kind: LayoutKind;
  /** Splits in the order the card (or the file names) give them. */
  splits: DatasetSplit[];
  /**
   * The split named `name` (`val` finds `validation`).
   * @throws {DiffsegError} code `SPLIT_NOT_FOUND`, naming the splits there are and their files.
   */
  split(name: string): DatasetSplit;
  /**
   * Opens one file of split `split` for reading a row group at a time, in the dataset's layout
   * (for `pairs`, the file is a zip archive, or `.` for pairs not in an archive).
   * @throws {FormatError} / {@link SourceError} naming the file when it cannot be opened.
   */
  openShard(params: { split: string; path: string }): Promise<RecordShard>;
}

/** Bytes read at once from the end of a remote file: a shard footer fits, and a metadata column chunk is rarely smaller. */
const FOOTER_READ_AHEAD = 64 * 1024;

/** Parameters of {@link openDataset}. */
export interface OpenDatasetParams extends SourceParams {
  /**
   * A hint that only metadata will be read (`loadSplit`'s option of the same name): remote files
   * are then read without fetching ahead, so not one byte of an image column is fetched.
   * @default false
   */
  metadataOnly?: boolean;
}

/** The keys of {@link OpenDatasetParams}, checked at run time. @internal */
export const OPEN_DATASET_KEYS = keysOf<OpenDatasetParams>()(...SOURCE_KEYS, 'metadataOnly');

/** The `path` of the split file standing for image/mask pairs that are not inside a zip archive. */
export const LOOSE_PAIRS = '.';

/**
 * Reads where a dataset's splits are and in which layout, from the file list and the card alone:
 * - a card `README.md` whose `configs` → `data_files` patterns match Parquet files (as the Hub reads
 *   them), or without one, `data/{split}-NNNNN-of-NNNNN.parquet` names, or any Parquet files split
 *   by name like Python `datasets` does — canonical shards or image/mask Parquet, told apart by the
 *   first file's footer;
 * - else zip archives of `<dir>/<8 digits>.image.png` + `.mask.png` pairs (the authors' release),
 *   the split from the archive's name (`train`/`training` → train; `validation`/`valid`/`val`/`dev`
 *   → validation; `test`/`testing`/`eval`/`evaluation` → test) — such an archive is not read
 *   until a shard of its split is opened, so reading one split never fetches another's archive —
 *   else from the members' directories (the archive's central directory is then read here,
 *   once), else `train`;
 * - else such pairs as plain files (an unpacked release, or a zip given as the source).
 * Numbers come from the card's `dataset_info` when it has them.
 *
 * @throws {DiffsegError} code `NOT_A_DATASET` when none of these is there — the message says which;
 *   what {@link resolveSource} throws for a location that is not there.
 * @example
 * const layout = await openDataset({ source: 'samples' });
 * for (const { path } of layout.split('val').files) {
 *   const shard = await layout.openShard({ split: 'val', path });
 *   console.log(path, shard.numRows);
 * }
 */
export async function openDataset(params: OpenDatasetParams): Promise<Dataset> {
  params = checkOptions('openDataset', params, OPEN_DATASET_KEYS);
  const source = await resolveSource(pickKeys(params, SOURCE_KEYS));
  const notADataset = (why: string) => new DatasetError({ code: 'NOT_A_DATASET', source: source.name, message: `not a dataset: ${why}` });
  const files = await source.listFiles();
  const card = await readDatasetCard({ source, files });
  const info = splitSizesFromCard(card);
  // A dataset written by `diffseg30k import` with a label order records it in its card.
  const labelOrder = labelOrderFromCard({ card, labelOrder: params?.labelOrder });

  // One ByteSource per file, shared by layout detection and reading (a remote file's footer is
  // then fetched once).
  const opened = new Map<string, Promise<ByteSource>>();
  const listed = new Map(files.map((f) => [f.path, f]));
  /**
   * A Parquet file of the listing: its footer, and the metadata of the row groups read, parsed
   * once per version of the file in this process.
   */
  const openParquet = async (p: { path: string; byteSource: ByteSource; split: string; layout?: 'any' }): Promise<Shard> => {
    const version = listed.get(p.path)?.version;
    const key = version === undefined ? undefined : `${source.name}\u0000${p.path}\u0000${version}`;
    const footer = await readCachedFooter({ byteSource: p.byteSource, key });
    return openShard({ byteSource: p.byteSource, split: p.split, layout: p.layout, labelOrder, footer, contentKey: key });
  };
  const byteSourceOf = (path: string): Promise<ByteSource> => {
    let p = opened.get(path);
    if (!p) {
      // Over the network a footer is one request, not two: fetch the tail at once — except in a
      // metadata-only pass, where the bytes before the footer may belong to an image column.
      const readAhead = source.remote && !params?.metadataOnly;
      // Nothing else is fetched ahead here: the readers ask for the next row group themselves,
      // in the order they will use it (shuffled too).
      p = source.open({ path }).then((s) => (readAhead ? readAheadSource({ source: s, tailBytes: FOOTER_READ_AHEAD }) : s));
      opened.set(path, p);
      p.catch(() => opened.delete(path));
    }
    return p;
  };

  let from: Dataset['from'] = 'configs';
  let kind: LayoutKind = 'canonical';
  // A partial listing (a cache filled file by file) may lack whole splits: each is then an error
  // when asked for, naming what is missing, while the splits that are there read as usual.
  const unavailable = new Map<string, string>();
  const onMissing = source.partial ? (split: string, why: string) => unavailable.set(split, why) : undefined;
  let groups = card ? splitsFromCard({ card, files, source: source.name, onMissing }) : undefined;
  if (!groups) {
    from = 'files';
    const parquet = files.filter((f) => f.path.endsWith('.parquet'));
    groups = new Map([...splitsFromPaths(parquet.map((f) => f.path))].map(([split, paths]) => [split, paths.map((p) => parquet.find((f) => f.path === p)!)]));
  }
  const pairGroups = new Map<string, Map<string, MemberPair[]>>(); // file → split → pairs
  const zips = new Map<string, Promise<ZipDatasetSource>>();
  const namedArchives = new Set<string>(); // archives whose name gives the split: read when opened
  const namedPairs = new Map<string, Promise<MemberPair[]>>();
  let detected: { path: string; shard: Shard } | undefined;
  const fromCard = card && layoutFromCard(card);
  if (groups.size > 0 && fromCard) kind = fromCard;
  else if (groups.size > 0) {
    // The card does not say: the first file's footer does (and is then reused to read it).
    const first = [...groups.values()][0][0];
    const shard = await openParquet({ path: first.path, byteSource: await byteSourceOf(first.path), split: [...groups.keys()][0], layout: 'any' });
    if (shard.isDiffseg) detected = { path: first.path, shard };
    else if (isImageMaskSchema(shard.columns)) kind = 'image-mask';
    else {
      throw notADataset(`${first.path} is neither a DiffSeg30k shard nor image/mask Parquet: it has columns ${shard.columns.join(', ')}`);
    }
  } else {
    kind = 'pairs';
    const archives = files.filter((f) => /\.zip$/i.test(f.path));
    const units: { file: RepoFile; members: { path: string; size: number }[]; name: string }[] = [];
    for (const archive of archives) {
      // An archive whose name gives its split is opened only when that split is read: reading
      // `validation` never fetches a byte of a 21.5 GB `train.zip`, its directory included.
      const named = splitOfDirectory(archive.path) ?? splitOfFileName(archive.path);
      if (named) {
        groups.set(named, [...(groups.get(named) ?? []), archive]);
        namedArchives.add(archive.path);
        continue;
      }
      const zip = openZip(source, archive.path, byteSourceOf);
      zips.set(archive.path, zip);
      units.push({ file: archive, members: await (await zip).listFiles(), name: archive.path });
    }
    if (archives.length === 0) {
      const loose = files.filter((f) => isPairMember(f.path));
      if (loose.length) units.push({ file: { path: LOOSE_PAIRS, size: loose.reduce((n, f) => n + f.size, 0) }, members: loose, name: source.name.split(/[\\/]/).pop() ?? '' });
    }
    for (const unit of units) {
      const pairs = findPairs({ files: unit.members, file: unit.file.path === LOOSE_PAIRS ? source.name : `${source.name}/${unit.file.path}` });
      if (pairs.length === 0) continue;
      // The archive's name decides; else each pair's directory; else train.
      const byName = splitOfDirectory(unit.file.path) ?? splitOfFileName(unit.name);
      const bySplit = new Map<string, MemberPair[]>();
      for (const pair of pairs) {
        const split = byName ?? splitOfDirectory(pair.image) ?? 'train';
        bySplit.set(split, [...(bySplit.get(split) ?? []), pair]);
      }
      pairGroups.set(unit.file.path, bySplit);
      for (const split of bySplit.keys()) groups.set(split, [...(groups.get(split) ?? []), unit.file]);
    }
    if (groups.size === 0) {
      throw notADataset(
        card
          ? 'README.md has no `configs` with `data_files`, and there are no Parquet files, no zip archives of image/mask pairs and no <dir>/<8 digits>.image.png + .mask.png pairs'
          : 'no README.md dataset card, no Parquet files, no zip archives of image/mask pairs and no <dir>/<8 digits>.image.png + .mask.png pairs',
      );
    }
    // Train, validation, test first, as Python `datasets` orders them.
    const order = ['train', 'validation', 'test'];
    groups = new Map([...groups].sort(([a], [b]) => (order.indexOf(a) + 1 || 99) - (order.indexOf(b) + 1 || 99)));
  }

  const splits: DatasetSplit[] = [];
  for (const [name, list] of groups) {
    const s = { name, files: [...list].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0)), num_examples: info.get(name)?.num_examples, num_bytes: info.get(name)?.num_bytes };
    try {
      checkShardSets({ source: source.name, split: s.name, files: s.files, listing: files });
    } catch (error) {
      if (!onMissing || !(error instanceof DiffsegError)) throw error;
      onMissing(name, error.message);
      continue;
    }
    splits.push(s);
  }
  const split = (name: string): DatasetSplit => {
    const wanted = canonicalSplit(name);
    const found = splits.find((s) => s.name === wanted) ?? splits.find((s) => s.name === name);
    const missing = unavailable.get(wanted) ?? unavailable.get(name);
    if (!found && missing) {
      throw new SourceError({ source: source.name, message: `split ${wanted} is not available here, only ${splits.map((s) => s.name).join(', ') || 'no split'}: ${missing}; download it first` });
    }
    if (!found) {
      const list = splits.map((s) => `${s.name} (${s.files.map((f) => f.path).slice(0, 3).join(', ')}${s.files.length > 3 ? ', …' : ''})`).join('; ');
      throw new DatasetError({ code: 'SPLIT_NOT_FOUND', source: source.name, message: `no split "${name}"; the splits are ${list}` });
    }
    return found;
  };
  /** The pairs of an archive whose name gives its split, read when a shard of it is first opened. */
  const namedArchive = (path: string, name: string): Promise<MemberPair[]> => {
    if (!zips.has(path)) zips.set(path, openZip(source, path, byteSourceOf));
    let pairs = namedPairs.get(path);
    if (!pairs) {
      pairs = zips.get(path)!.then(async (zip) => {
        const found = findPairs({ files: await zip.listFiles(), file: `${source.name}/${path}` });
        if (found.length === 0) throw new FormatError({ module: 'zip', file: `${source.name}/${path}`, message: `no <dir>/<8 digits>.image.png + .mask.png pairs in the archive of split ${name}` });
        return found;
      });
      namedPairs.set(path, pairs);
      pairs.catch(() => {
        namedPairs.delete(path);
        zips.delete(path);
      });
    }
    return pairs;
  };
  const openShardOf = async (p: { split: string; path: string }): Promise<RecordShard> => {
    const name = split(p.split).name;
    if (kind === 'pairs') {
      const named = namedArchives.has(p.path) && split(name).files.some((f) => f.path === p.path);
      const pairs = named ? await namedArchive(p.path, name) : pairGroups.get(p.path)?.get(name);
      if (!pairs) throw new DatasetError({ code: 'SPLIT_NOT_FOUND', source: source.name, message: `${p.path} has no records of split ${name}` });
      const zip = zips.get(p.path);
      const readMembers = zip
        ? async (names: readonly string[]) => (await zip).readMembers({ names })
        : (names: readonly string[]) => Promise.all(names.map(async (n) => (await source.readFile({ path: n, maxBytes: DEFAULT_MAX_MEMBER_BYTES }))!));
      return openPairShard({ file: p.path === LOOSE_PAIRS ? source.name : `${source.name}/${p.path}`, split: name, pairs, readMembers, labelOrder });
    }
    const byteSource = await byteSourceOf(p.path);
    opened.delete(p.path); // a long stream must not keep every file's source alive
    if (kind === 'image-mask') return openImageMaskShard({ byteSource, path: p.path, split: name, labelOrder });
    if (detected?.path === p.path && detected.shard.split === name) return detected.shard;
    return openParquet({ path: p.path, byteSource, split: name });
  };
  return { source, card, from, kind, splits, split, openShard: openShardOf };
}

/** A zip archive of the location as a source of its members; its directory cached when the revision is pinned. */
function openZip(source: DatasetSource, path: string, byteSourceOf: (path: string) => Promise<ByteSource>): Promise<ZipDatasetSource> {
  return byteSourceOf(path).then((byteSource) =>
    zipSource({
      byteSource,
      name: `${source.name}/${path}`,
      directoryCache: source.derivedCacheDir ? join(source.derivedCacheDir, 'zip-directory', `${encodeURIComponent(path)}.json`) : undefined,
    }),
  );
}
