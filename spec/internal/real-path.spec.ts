import { mkdir, mkdtemp, realpath, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { realPath } from '../../src/internal/real-path.js';

let root: string;
beforeAll(async () => {
  root = await realpath(await mkdtemp(join(tmpdir(), 'real-path-')));
});
afterAll(() => rm(root, { recursive: true, force: true }));

describe('realPath', () => {
  it('follows links, also when the last parts do not exist yet', async () => {
    await mkdir(join(root, 'data'));
    await symlink(join(root, 'data'), join(root, 'link'));
    expect(await realPath(join(root, 'link'))).toBe(join(root, 'data'));
    expect(await realPath(join(root, 'link', 'new', 'deeper'))).toBe(join(root, 'data', 'new', 'deeper'));
    expect(await realPath(join(root, 'missing', 'x'))).toBe(join(root, 'missing', 'x'));
  });

  it('follows a dangling link to where it points, and ends a link loop', async () => {
    await symlink(join(root, 'data', 'not-yet'), join(root, 'dangling'));
    expect(await realPath(join(root, 'dangling'))).toBe(join(root, 'data', 'not-yet'));
    await symlink(join(root, 'loop-b'), join(root, 'loop-a'));
    await symlink(join(root, 'loop-a'), join(root, 'loop-b'));
    expect(typeof (await realPath(join(root, 'loop-a', 'x')))).toBe('string');
  });
});
