import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/errors.js';
import { localSource } from '../../src/repo/local-source.js';
import { resolveSource } from '../../src/repo/resolve-source.js';
import { samplesDirectory } from '../../src/repo/samples-source.js';

let cwd: string;
beforeAll(async () => {
  cwd = await mkdtemp(join(tmpdir(), 'diffseg-resolve-'));
  // A user's own folder that happens to be called `samples`, holding only a train split.
  await cp(samplesDirectory(), join(cwd, 'samples'), { recursive: true });
  await rm(join(cwd, 'samples', 'data', 'validation-00000-of-00001.parquet'));
});
afterAll(async () => {
  await rm(cwd, { recursive: true, force: true });
});

describe('resolveSource', () => {
  it("maps the word 'samples' to the bundled dataset and './samples' to the local folder", async () => {
    const bundled = await resolveSource({ source: 'samples', cwd });
    expect(bundled.name).toBe('samples');
    expect((await bundled.listFiles()).map((f) => f.path)).toContain('data/validation-00000-of-00001.parquet');
    const local = await resolveSource({ source: './samples', cwd });
    expect(local.name).toBe(join(cwd, 'samples'));
    expect((await local.listFiles()).map((f) => f.path)).not.toContain('data/validation-00000-of-00001.parquet');
  });

  it('resolves relative paths against cwd and passes a DatasetSource through unchanged', async () => {
    const source = await localSource({ path: join(cwd, 'samples') });
    expect(await resolveSource({ source })).toBe(source);
    expect((await resolveSource({ source: 'samples/data', cwd })).name).toBe(join(cwd, 'samples', 'data'));
  });

  it('rejects a missing or mistyped source with an ArgumentError that says what to pass', async () => {
    await expect(resolveSource({})).rejects.toThrow(ArgumentError);
    await expect(resolveSource({ source: '' })).rejects.toThrow(/pass \{ source: 'samples' \}/);
    await expect(resolveSource({ source: 42 as unknown as string })).rejects.toThrow(/must be a string .* got number/);
    await expect(resolveSource({ source: null as unknown as string })).rejects.toThrow(ArgumentError);
  });
});
