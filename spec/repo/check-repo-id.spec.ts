import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { checkRepoId } from '../../src/repo/check-repo-id.js';

describe('checkRepoId', () => {
  it.each(['Chaos2629/Diffseg30k', 'org/name', 'a/b', 'my_org/data.set-v2', 'KhangTruong/Diffseg30k'])('accepts %s', (repo) => {
    expect(checkRepoId(repo)).toBe(repo);
  });

  it.each(['name', 'a/b/c', '../x', 'org/..', 'org/.', 'org/a--b', 'org/a..b', 'org/-a', 'org/a.', 'org/', '/name', 'o rg/x', 'org/x%2F', `org/${'a'.repeat(97)}`])('refuses %j', (repo) => {
    expect(() => checkRepoId(repo)).toThrow(ArgumentError);
  });
});
