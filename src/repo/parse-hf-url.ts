import { ArgumentError } from '../errors.js';
import { checkRepoId } from './check-repo-id.js';
import { checkRevision } from './check-revision.js';

/** A parsed `hf://datasets/{org}/{name}[@{revision}]` URL. */
export interface HfUrl {
  /** `org/name`. */
  repo: string;
  /** The revision after `@` (a branch, tag or commit sha), or `undefined` for the default branch. */
  revision: string | undefined;
}

const HF_URL = /^hf:\/\/datasets\/([^/@\s]+)\/([^/@\s]+?)(?:@(.+?))?\/?$/;

/** Whether `value` is meant as an `hf://` URL (so a wrong one is an error, not a directory name). */
export function isHfUrl(value: string): boolean {
  return value.startsWith('hf://');
}

/**
 * Parses the URL form of a Hub dataset that `huggingface_hub`'s HfFileSystem, DuckDB and Polars
 * use: `hf://datasets/{org}/{name}`, optionally `@{revision}`. A revision with slashes is written
 * URL-encoded (`@refs%2Fconvert%2Fparquet`) or as is (`@refs/convert/parquet`).
 * @throws {ArgumentError} for anything else (a model or space URL, a path inside the repo, no org).
 * @example
 * parseHfUrl('hf://datasets/Chaos2629/Diffseg30k@main') // { repo: 'Chaos2629/Diffseg30k', revision: 'main' }
 */
export function parseHfUrl(url: string): HfUrl {
  const m = HF_URL.exec(url);
  if (!m) {
    throw new ArgumentError({ message: `source: ${url} is not a Hub dataset URL: expected hf://datasets/{org}/{name} or hf://datasets/{org}/{name}@{revision} ` +
        '(models and spaces are not datasets; a path inside the repo is not supported, the whole repo is read)' });
  }
  let revision: string | undefined;
  if (m[3] !== undefined) {
    try {
      revision = decodeURIComponent(m[3]);
    } catch {
      throw new ArgumentError({ message: `source: ${url}: the revision ${m[3]} is not valid URL encoding` });
    }
    checkRevision(revision);
  }
  return { repo: checkRepoId(`${m[1]}/${m[2]}`), revision };
}
