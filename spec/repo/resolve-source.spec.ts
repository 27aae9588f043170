import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArgumentError, HubError } from '../../src/errors.js';
import { localSource } from '../../src/repo/local-source.js';
import { DEFAULT_SOURCE, resolveSource } from '../../src/repo/resolve-source.js';
import { parseHfUrl } from '../../src/repo/parse-hf-url.js';
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

  it('reads DIFFSEG30K_SOURCE, else the Hub default, when no source is given', async () => {
    expect((await resolveSource({ hub: { env: { DIFFSEG30K_SOURCE: 'samples' } } })).name).toBe('samples');
    // Nothing listens on port 9: the error shows that the default Hub repo was asked for.
    const error = await resolveSource({ hub: { env: { HF_ENDPOINT: 'http://127.0.0.1:9' }, retry: { maxTries: 1 } } }).catch((e) => e);
    expect(error).toBeInstanceOf(HubError);
    expect(error.message).toContain('Chaos2629/Diffseg30k');
    expect(DEFAULT_SOURCE).toBe('hf://datasets/Chaos2629/Diffseg30k');
  });

  it('rejects an empty, mistyped or malformed source with an ArgumentError that says what to pass', async () => {
    await expect(resolveSource({ source: '' })).rejects.toThrow(/pass an hf:\/\/datasets\/\{org\}\/\{name\} URL, 'samples'/);
    await expect(resolveSource({ source: 42 as unknown as string })).rejects.toThrow(/must be a string .* got number/);
    await expect(resolveSource({ source: null as unknown as string })).rejects.toThrow(ArgumentError);
    await expect(resolveSource({ source: 'hf://models/org/name' })).rejects.toThrow(/not a Hub dataset URL/);
    await expect(resolveSource({ source: 'hf://datasets/org' })).rejects.toThrow(ArgumentError);
  });

  it('parses hf:// URLs as HfFileSystem writes them', () => {
    expect(parseHfUrl('hf://datasets/Chaos2629/Diffseg30k')).toEqual({ repo: 'Chaos2629/Diffseg30k', revision: undefined });
    expect(parseHfUrl('hf://datasets/org/name@v1.0')).toEqual({ repo: 'org/name', revision: 'v1.0' });
    expect(parseHfUrl('hf://datasets/org/name@refs%2Fconvert%2Fparquet')).toEqual({ repo: 'org/name', revision: 'refs/convert/parquet' });
    expect(parseHfUrl('hf://datasets/org/name@refs/convert/parquet')).toEqual({ repo: 'org/name', revision: 'refs/convert/parquet' });
    expect(() => parseHfUrl('hf://datasets/org/name/data/x.parquet')).toThrow(/a path inside the repo is not supported/);
  });
});
