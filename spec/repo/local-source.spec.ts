import { execFileSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DiffsegError, SourceError } from '../../src/errors.js';
import { localSource } from '../../src/repo/local-source.js';

let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'diffseg-local-source-'));
  await mkdir(join(root, 'data', 'deep'), { recursive: true });
  await mkdir(join(root, '.git'));
  await writeFile(join(root, 'README.md'), '# card\n');
  await writeFile(join(root, 'data', 'b.parquet'), 'bb');
  await writeFile(join(root, 'data', 'deep', 'a.parquet'), 'a');
  await writeFile(join(root, '.git', 'HEAD'), 'ref');
  await writeFile(join(root, 'data', '.hidden'), 'h');
  await symlink(join(root, 'data', 'b.parquet'), join(root, 'data', 'link.parquet'));
  await symlink(join(root, 'nowhere'), join(root, 'data', '.hidden-dangling.parquet'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('localSource', () => {
  it('lists regular files (and links to them) by /-separated relative path, sorted, hidden entries excluded', async () => {
    const source = await localSource({ path: root });
    expect(source.name).toBe(root);
    expect(source.revision).toBeUndefined();
    expect((await source.listFiles()).map(({ path, size }) => ({ path, size }))).toEqual([
      { path: 'README.md', size: 7 },
      { path: 'data/b.parquet', size: 2 },
      { path: 'data/deep/a.parquet', size: 1 },
      { path: 'data/link.parquet', size: 2 },
    ]);
  });

  it('gives a file a version once unchanged for two seconds, and a file rewritten at the same size another', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diffseg-local-source-version-'));
    try {
      await writeFile(join(dir, 'a.parquet'), 'one');
      const source = await localSource({ path: dir });
      // Just written: a rewrite within the same timestamp tick could leave its times unmoved.
      expect((await source.listFiles())[0].version).toBeUndefined();
      vi.useFakeTimers({ toFake: ['Date'] });
      vi.setSystemTime(Date.now() + 10_000);
      const [first] = await source.listFiles();
      expect(first.version).toMatch(/^\d+:\d+:3:\d+:\d+$/); // device, inode, size, mtime and ctime in ns
      expect((await source.listFiles())[0].version).toBe(first.version);
      await new Promise((r) => setTimeout(r, 50)); // a later timestamp tick, however coarse the filesystem's
      await writeFile(join(dir, 'a.parquet'), 'two');
      const [second] = await source.listFiles();
      expect(second).toMatchObject({ path: 'a.parquet', size: 3 });
      expect(second.version).toBeDefined();
      expect(second.version).not.toBe(first.version);
    } finally {
      vi.useRealTimers();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('refuses to list a location holding a broken link: it may be a shard, and skipping it would shorten a split', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diffseg-local-source-dangling-'));
    try {
      await mkdir(join(dir, 'data'));
      await writeFile(join(dir, 'data', 'train-00000-of-00002.parquet'), 'x');
      await symlink(join(dir, 'blobs', 'never-downloaded'), join(dir, 'data', 'train-00001-of-00002.parquet'));
      const error = await (await localSource({ path: dir })).listFiles().catch((e) => e);
      expect(error).toBeInstanceOf(SourceError);
      expect(error.message).toMatch(/data\/train-00001-of-00002\.parquet is a broken link/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reads small files whole, answers undefined for a missing one, and opens byte sources', async () => {
    const source = await localSource({ path: root, name: 'mine' });
    expect(source.name).toBe('mine');
    expect(new TextDecoder().decode(await source.readFile({ path: 'README.md' }))).toBe('# card\n');
    expect(await source.readFile({ path: 'missing.md' })).toBeUndefined();
    const bytes = await source.open({ path: 'data/deep/a.parquet' });
    expect(bytes.byteLength).toBe(1);
    expect(Array.from(await bytes.read(0, 1))).toEqual([97]);
    await expect(source.open({ path: 'data/none.parquet' })).rejects.toBeInstanceOf(SourceError);
  });

  it('refuses paths that leave the directory, files over maxBytes, and anything but a regular file', async () => {
    const source = await localSource({ path: root });
    await expect(source.readFile({ path: '../etc/passwd' })).rejects.toThrow(/leaves the directory/);
    await expect(source.readFile({ path: 'README.md', maxBytes: 3 })).rejects.toThrow(/7 bytes, more than the 3 read whole/);
    await expect(source.readFile({ path: 'data' })).rejects.toThrow(/data: is not a regular file/);
    const fifo = join(root, 'pipe.md');
    execFileSync('mkfifo', [fifo]);
    // A named pipe would block a read forever; it must be refused without opening it.
    const error = await source.readFile({ path: 'pipe.md' }).catch((e) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect(error.code).toBe('SOURCE_ERROR');
    expect(error.message).toMatch(/pipe\.md: is not a regular file/);
    expect((await source.listFiles()).map((f) => f.path)).not.toContain('pipe.md');
  });

  it('is NOT_A_DATASET for a path that does not exist or is a file', async () => {
    const missing = await localSource({ path: join(root, 'nope') }).catch((e) => e);
    expect(missing).toBeInstanceOf(DiffsegError);
    expect(missing.code).toBe('NOT_A_DATASET');
    expect(missing.message).toMatch(/nope: not a dataset: it does not exist/);
    const file = await localSource({ path: join(root, 'README.md') }).catch((e) => e);
    expect(file.message).toMatch(/it is not a directory/);
  });
});
