import type { ByteSource } from '../io/byte-source.js';

/** One file of a dataset location, as {@link DatasetSource.listFiles} lists it. */
export interface RepoFile {
  /** Path relative to the location's root, `/`-separated (e.g. `data/train-00000-of-00004.parquet`). */
  path: string;
  /** Size in bytes. */
  size: number;
  /**
   * An identity of the file's content, when the location can vouch for one: two listings giving
   * the same version of the same path saw the same bytes, so what was derived from them (a
   * parsed footer or card) may be reused. A local directory gives the file's device, inode, size
   * and modification and change times, except for a file changed within the last two seconds,
   * whose next change could fall in the same timestamp tick (it then has none).
   */
  version?: string;
}

/**
 * Where a dataset is: a local directory, the samples bundled with the package, a Hub repo, a zip
 * archive. Every dataset-level verb (`openDataset`, `loadSplit`, `describeDataset`,
 * `validateDataset`, the CLI) reaches files only through this interface, so a new kind of
 * location plugs in without touching them. Paths are always relative to the root and
 * `/`-separated, whatever the platform.
 */
export interface DatasetSource {
  /** What to call the location in messages: a directory path, `samples`, an `hf://` URL. */
  readonly name: string;
  /**
   * An identity of the content, when the location has one (a Hub commit sha). Two reads with the
   * same revision see the same bytes. `undefined` for a local directory, which can change anytime.
   */
  readonly revision: string | undefined;
  /**
   * Every regular file below the root (hidden entries — any path part starting with `.` —
   * excluded), sorted by path. A link counts as the file it points to.
   * @throws {SourceError} when the location cannot be listed, or holds a broken link (never skipped:
   *   it may be a shard, and skipping it would shorten a split silently).
   */
  listFiles(): Promise<RepoFile[]>;
  /**
   * The whole of a small file (a dataset card, a JSON index), or `undefined` when there is no
   * such file. Only regular files are read, so a named pipe or a device can never block.
   * @throws {SourceError} when the path is not a regular file, is larger than `maxBytes`, or
   *   cannot be read.
   */
  readFile(params: {
    path: string;
    /** Refuse files larger than this. @default 16 MiB */
    maxBytes?: number;
  }): Promise<Uint8Array | undefined>;
  /**
   * A {@link ByteSource} over one file, for range reads (Parquet shards, zip members).
   * @throws {SourceError} when the file does not exist or is not a regular file.
   */
  open(params: { path: string }): Promise<ByteSource>;
  /**
   * A directory where data derived from this location's files may be cached on disk (a zip's
   * central directory), present only when the content is pinned (`revision` is a commit sha).
   */
  readonly derivedCacheDir?: string;
  /**
   * Whether each read costs a network round trip (a Hub repo): readers then fetch a file's tail
   * in one request (a Parquet footer is otherwise two), unless told the pass reads metadata only.
   */
  readonly remote?: boolean;
  /**
   * Whether the listing may lack files the dataset has (a Hub cache filled file by file, with no
   * saved listing of the repo): a split with no file here is then "not available", an error naming
   * what is missing when it is asked for, not a dataset that is broken.
   */
  readonly partial?: boolean;
}

/** Largest file `readFile` returns unless asked for more: far above any dataset card. */
export const DEFAULT_MAX_SMALL_FILE_BYTES = 16 * 1024 * 1024;
