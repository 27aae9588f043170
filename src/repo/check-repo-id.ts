import { ArgumentError } from '../errors.js';

/**
 * `repo` when it is a Hub repo id `org/name` as `huggingface_hub` validates one: each half 1 to 96
 * of letters, digits, `-`, `_` and `.`, not starting or ending with `-` or `.`, and no `--` or
 * `..` (the cache folder `datasets--{org}--{name}` is built from it, so nothing else may pass).
 * @throws {ArgumentError} naming the id and what is wrong with it.
 * @example
 * checkRepoId('Chaos2629/Diffseg30k') // 'Chaos2629/Diffseg30k'
 */
export function checkRepoId(repo: string): string {
  const parts = typeof repo === 'string' ? repo.split('/') : [];
  const ok =
    parts.length === 2 &&
    parts.every((p) => /^[A-Za-z0-9_](?:[A-Za-z0-9_.-]{0,94}[A-Za-z0-9_])?$/.test(p) && !p.includes('--') && !p.includes('..'));
  if (!ok) {
    throw new ArgumentError({
      message: `repo: ${JSON.stringify(repo)} is not a Hub repo id: expected {org}/{name}, each of letters, digits, '-', '_' and '.', without '--' or '..'`,
    });
  }
  return repo;
}
