import { resolve } from 'node:path';
import { ArgumentError } from '../errors.js';
import type { DatasetSource } from './dataset-source.js';
import { localSource } from './local-source.js';
import { SAMPLES_SOURCE, samplesSource } from './samples-source.js';

/** A dataset location as users give it: a {@link DatasetSource}, `'samples'`, or a directory path. */
export type SourceLike = string | DatasetSource;

/** Parameters shared by every verb that reads a dataset. */
export interface SourceParams {
  /**
   * Where the dataset is: `'samples'` for the synthetic dataset bundled with the package, the
   * path of a dataset directory (a local folder literally named `samples` is `./samples`), or
   * any {@link DatasetSource}.
   */
  source?: SourceLike;
  /** Directory relative paths resolve against. @default process.cwd() */
  cwd?: string;
}

/**
 * Turns a user's `source` into a {@link DatasetSource}: `'samples'` is the bundled dataset, any
 * other string a directory (relative to `cwd`), and a DatasetSource is used as it is.
 * @throws {ArgumentError} when `source` is missing or of the wrong type.
 * @throws {DiffsegError} code `NOT_A_DATASET` when the directory does not exist or is not one.
 * @example
 * const source = await resolveSource({ source: 'samples' });
 * const files = await source.listFiles();
 */
export async function resolveSource(params: SourceParams): Promise<DatasetSource> {
  const { source } = params ?? {};
  if (source === undefined || source === '') {
    throw new ArgumentError({ message: "source: no dataset given: pass { source: 'samples' } for the bundled synthetic dataset or " +
        '{ source: <path of a dataset directory> } (a folder with README.md and data/*.parquet)' });
  }
  if (isDatasetSource(source)) return source;
  if (typeof source !== 'string') {
    throw new ArgumentError({ message: `source: must be a string (a directory or 'samples') or a DatasetSource, got ${source === null ? 'null' : typeof source}` });
  }
  if (source === SAMPLES_SOURCE) return samplesSource();
  return localSource({ path: resolve(params.cwd ?? process.cwd(), source) });
}

function isDatasetSource(value: unknown): value is DatasetSource {
  const v = value as Partial<DatasetSource> | null;
  return typeof v === 'object' && v !== null && typeof v.listFiles === 'function' && typeof v.readFile === 'function' && typeof v.open === 'function';
}
