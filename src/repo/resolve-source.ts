import { resolve } from 'node:path';
import { ArgumentError } from '../errors.js';
import type { Generator } from '../schema/labels.js';
import type { DatasetSource } from './dataset-source.js';
import { HUB_SOURCE_KEYS, type HubSourceParams, hubSource } from './hub-source.js';
import { localSource } from './local-source.js';
import { isHfUrl, parseHfUrl } from './parse-hf-url.js';
import { SAMPLES_SOURCE, samplesSource } from './samples-source.js';
import { zipSource } from './zip-source.js';
import { checkOptions, checkParams, keysOf } from '../internal/check-params.js';

/** A dataset location as users give it: a {@link DatasetSource}, `'samples'`, an `hf://` URL, or a path. */
export type SourceLike = string | DatasetSource;

/** The dataset read when no `source` is given and `DIFFSEG30K_SOURCE` is not set: the authors' release. */
export const DEFAULT_SOURCE = 'hf://datasets/Chaos2629/Diffseg30k';

/** How to reach the Hub for an `hf://` source (token, endpoint, cache, offline, retries …). */
export type HubOptions = Omit<HubSourceParams, 'repo' | 'revision'>;

/** Parameters shared by every verb that reads a dataset. */
export interface SourceParams {
  /**
   * Where the dataset is: an `hf://datasets/{org}/{name}[@{revision}]` Hub repo, `'samples'` for
   * the synthetic dataset bundled with the package, the path of a dataset directory or of a zip
   * archive (a local folder literally named `samples` is `./samples`), or any {@link DatasetSource}.
   * @default the `DIFFSEG30K_SOURCE` environment variable, else `hf://datasets/Chaos2629/Diffseg30k`
   */
  source?: SourceLike;
  /** Directory relative paths resolve against. @default process.cwd() */
  cwd?: string;
  /** Aborts the reads of the source, also mid-request for a Hub source (unless `hub.signal` is given). */
  signal?: AbortSignal;
  /** Hub settings for an `hf://` source; each defaults to its environment variable (`HF_TOKEN` …). */
  hub?: HubOptions;
  /**
   * For layouts with only an image and a mask (the authors' zip release, image/mask Parquet): the
   * generator behind mask value 1, 2, … . The release does not document its values; by default
   * they are taken to be this package's label ids (1 `sd2` … 8 `kandinsky-2.2`).
   * @default GENERATORS (the package's label ids)
   */
  labelOrder?: readonly Generator[];
}

/** The keys of {@link SourceParams}, checked at run time. @internal */
export const SOURCE_KEYS = keysOf<SourceParams>()('source', 'cwd', 'signal', 'hub', 'labelOrder');
/** The keys of {@link HubOptions}. @internal */
const HUB_OPTIONS_KEYS = HUB_SOURCE_KEYS.filter((k): k is Exclude<typeof k, 'repo' | 'revision'> => k !== 'repo' && k !== 'revision');

/**
 * Turns a user's `source` into a {@link DatasetSource}: an `hf://datasets/…` URL is a Hub repo
 * (its revision resolved to a commit sha now), `'samples'` the bundled dataset, a path ending in
 * `.zip` a zip archive, any other string a directory (relative to `cwd`), and a DatasetSource is
 * used as it is. With no source, `DIFFSEG30K_SOURCE` or else {@link DEFAULT_SOURCE} is read.
 * @throws {ArgumentError} when `source` is of the wrong type or a malformed `hf://` URL.
 * @throws {DiffsegError} code `NOT_A_DATASET` when the directory does not exist or is not one;
 *   {@link index!HubError} when the Hub repo or revision cannot be had.
 * @example
 * const source = await resolveSource({ source: 'hf://datasets/Chaos2629/Diffseg30k' });
 * const files = await source.listFiles();
 */
export async function resolveSource(params: SourceParams): Promise<DatasetSource> {
  // `null` params (a JavaScript caller's `loadSplit('train', null)`) mean the defaults, as `{}` does.
  params = checkOptions('resolveSource', params, SOURCE_KEYS);
  if (params.hub !== undefined) checkParams('hub', params.hub, HUB_OPTIONS_KEYS);
  const given = params.source;
  const env = params.hub?.env ?? process.env;
  const source = given === undefined ? env.DIFFSEG30K_SOURCE?.trim() || DEFAULT_SOURCE : given;
  if (isDatasetSource(source)) return source;
  if (typeof source !== 'string') {
    throw new ArgumentError({ message: `source: must be a string (an hf:// URL, a directory, a .zip or 'samples') or a DatasetSource, got ${source === null ? 'null' : typeof source}` });
  }
  if (source === '') {
    throw new ArgumentError({ message: "source: empty: leave it out to read the Hub's DiffSeg30k, or pass an hf://datasets/{org}/{name} URL, 'samples' (the bundled synthetic dataset) or a dataset directory" });
  }
  if (isHfUrl(source)) {
    const { repo, revision } = parseHfUrl(source);
    return hubSource({ ...params.hub, signal: params.hub?.signal ?? params.signal, repo, revision });
  }
  if (source === SAMPLES_SOURCE) return samplesSource();
  const path = resolve(params.cwd ?? process.cwd(), source);
  if (/\.zip$/i.test(source)) return zipSource({ path });
  return localSource({ path });
}

function isDatasetSource(value: unknown): value is DatasetSource {
  const v = value as Partial<DatasetSource> | null;
  return typeof v === 'object' && v !== null && typeof v.listFiles === 'function' && typeof v.readFile === 'function' && typeof v.open === 'function';
}
