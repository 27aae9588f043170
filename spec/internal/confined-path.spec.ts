import { mkdir, realpath, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { UnsafePathError } from '../../src/errors.js';
import { confinedPath } from '../../src/internal/confined-path.js';
import { tempDir } from '../helpers/temp-dir.js';

let base: string;
let root: string;
beforeAll(async () => {
  base = await realpath(await tempDir('confined-path-'));
  root = join(base, 'root');
  await mkdir(join(root, 'inner'), { recursive: true });
  await mkdir(join(base, 'outside'));
  await writeFile(join(base, 'outside', 'secret'), 'x');
  await symlink(join(base, 'outside'), join(root, 'escape'));
  await symlink('../outside/secret', join(root, 'file-link'));
  await symlink(join(root, 'inner'), join(root, 'inner-link'));
});

describe('confinedPath', () => {
  it('joins plain names, existing or not, inside the root', async () => {
    expect(await confinedPath({ root, parts: ['inner', 'a/b.txt'] })).toBe(join(root, 'inner', 'a', 'b.txt'));
    expect(await confinedPath({ root, parts: ['not-yet', '.hidden'] })).toBe(join(root, 'not-yet', '.hidden'));
    expect(await confinedPath({ root, parts: ['inner-link', 'x'] })).toBe(join(root, 'inner-link', 'x'));
  });

  it.each([['..'], ['a/../../x'], ['.'], [''], ['a//b'], ['/abs'], ['a\\b'], ['nul\0'], ['x/']])('refuses the part %j before touching the file system', async (part) => {
    const error = await confinedPath({ root, parts: ['inner', part] }).catch((e) => e);
    expect(error).toBeInstanceOf(UnsafePathError);
    expect(error.code).toBe('PATH_UNSAFE');
    expect(error.root).toBe(root);
  });

  it('refuses a path that leaves the root through a link, a dangling one included', async () => {
    for (const parts of [['escape', 'secret'], ['escape', 'new-file'], ['file-link']]) {
      const error = await confinedPath({ root, parts }).catch((e) => e);
      expect(error, parts.join('/')).toBeInstanceOf(UnsafePathError);
      expect(error.message).toMatch(/through a link/);
    }
    await symlink(join(base, 'outside', 'not-there'), join(root, 'dangling'));
    await expect(confinedPath({ root, parts: ['dangling'] })).rejects.toBeInstanceOf(UnsafePathError);
  });
});
