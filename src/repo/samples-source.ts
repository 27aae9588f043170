import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DatasetSource } from './dataset-source.js';
import { localSource } from './local-source.js';

/** The `source` word that names the synthetic dataset shipped inside the package. */
export const SAMPLES_SOURCE = 'samples';

/**
 * Directory of the bundled synthetic dataset (`samples/data` of the package). Found relative to
 * this module, which sits two levels below the package root both as `src/repo/*.ts` and as
 * `dist/repo/*.js`, so it works from a checkout and from `npm i diffseg30k` alike.
 */
export function samplesDirectory(): string {
  return resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'samples', 'data');
}

/**
 * The synthetic dataset bundled with the package (56 records, 256×256): what `source: 'samples'`
 * reads. Its name in messages is `samples`.
 * @example
 * const layout = await openDataset({ source: await samplesSource() });
 */
export async function samplesSource(): Promise<DatasetSource> {
  return localSource({ path: samplesDirectory(), name: SAMPLES_SOURCE });
}
