import { ArgumentError } from '../errors.js';

/** Longest ref name accepted: far above any branch or tag a person types. */
const MAX_REVISION_LENGTH = 255;

/**
 * `revision` when it is a commit sha or a ref name git and the Hub accept (`main`, `v1.0`,
 * `refs/convert/parquet`, `refs/pr/3`): no `.` or `..` part, no part starting with `.` or ending
 * in `.lock`, no empty part, no `%` (escapes are decoded before this, never twice), no NUL,
 * control character, space or any of `~^:?*[\` and no `@{`. A revision names a file of the cache
 * (`refs/{revision}`), so this is what keeps `../../x` or `main%00` away from the file system.
 * @throws {ArgumentError} naming the revision and what is wrong with it.
 * @example
 * checkRevision('refs/convert/parquet') // 'refs/convert/parquet'
 */
export function checkRevision(revision: string): string {
  const fail = (why: string) => new ArgumentError({ message: `revision: ${JSON.stringify(revision)} is not a branch, tag or commit sha: ${why}` });
  if (typeof revision !== 'string' || revision === '') throw fail('it is empty');
  if (revision.length > MAX_REVISION_LENGTH) throw fail(`it is longer than ${MAX_REVISION_LENGTH} characters`);
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u0020\u007f~^:?*[\\%]/.test(revision)) throw fail('it holds a space, a control character, `%` or one of ~^:?*[\\');
  if (revision.includes('@{')) throw fail('it holds `@{`');
  for (const part of revision.split('/')) {
    if (part === '') throw fail('it has an empty part (a leading, doubled or trailing `/`)');
    if (part.startsWith('.')) throw fail(`its part ${JSON.stringify(part)} starts with a dot`);
    if (part.endsWith('.lock')) throw fail(`its part ${JSON.stringify(part)} ends in .lock`);
  }
  if (revision.includes('..')) throw fail('it holds `..`');
  if (revision.endsWith('.')) throw fail('it ends with a dot');
  return revision;
}
