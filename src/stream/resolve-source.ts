import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ArgumentError } from '../errors.js';

/** The word that names the synthetic dataset shipped inside the package. */
export const SAMPLES_SOURCE = 'samples';

/**
 * Directory of the bundled synthetic dataset (`samples/data` of the package). Found relative to
 * this module, which sits two levels below the package root both as `src/stream/*.ts` and as
 * `dist/stream/*.js`, so it works from a checkout and from `npm i diffseg30k` alike.
 */
export function samplesDirectory(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'data');
}

/**
 * Turns a user's `source` option into a local dataset directory: `'samples'` is the bundled
 * dataset, anything else a path (relative to `cwd`).
 */
export function resolveDatasetDirectory(params: { source: string | undefined; cwd?: string }): string {
  const { source } = params;
  if (source === undefined || source === '') {
    throw new ArgumentError(
      "loadSplit: no source given: pass { source: 'samples' } for the bundled synthetic dataset or " +
        '{ source: <path of a dataset directory> } (a folder with README.md and data/*.parquet)',
    );
  }
  if (source === SAMPLES_SOURCE) {
    const dir = samplesDirectory();
    if (!existsSync(join(dir, 'README.md'))) throw new ArgumentError(`loadSplit: the bundled samples are missing at ${dir}`);
    return dir;
  }
  return resolve(params.cwd ?? process.cwd(), source);
}
