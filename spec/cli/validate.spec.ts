import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { FormatError, loadSplit, writeDataset } from '../../src/index.js';
import { makeRecord } from '../fixtures/make-record.js';
import { memoryIo } from './io.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-validate-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function hashes(root: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  for (const f of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!f.isFile()) continue;
    const path = join(f.parentPath, f.name);
    out[path] = createHash('sha256').update(await readFile(path)).digest('hex');
  }
  return out;
}

describe('diffseg30k validate', () => {
  it('passes the bundled samples with exit 0', async () => {
    const io = memoryIo();
    expect(await runCli(['validate', 'samples'], io)).toBe(0);
    expect(io.out()).toMatch(/^valid: .*\(train \d+, validation \d+\)/);
  });

  it('reports every bad record with file, row and path, exits 1, and modifies nothing', async () => {
    const good = await makeRecord({ id: 'good', turns: [{ generator: 'sdxl', rect: [1, 1, 5, 5] }] });
    const wrongArea = await makeRecord({ id: 'wrong-area', turns: [{ generator: 'sdxl', rect: [1, 1, 5, 5] }] });
    wrongArea.turns[0].area = 7;
    const other = await makeRecord({ id: 'wrong-mask', turns: [{ generator: 'kolors', rect: [0, 0, 3, 3] }] });
    const wrongMask = { ...other, mask: good.mask };
    const duplicate = await makeRecord({ id: 'good' });
    const out = join(dir, 'bad');
    await writeDataset({ out: out, splits: { validation: [good, wrongArea, wrongMask, duplicate] } });
    const before = await hashes(out);

    const io = memoryIo();
    expect(await runCli(['validate', out], io)).toBe(1);
    const text = io.out();
    expect(text).toMatch(/row 1, record wrong-area\n\s+turns\.0\.area: is 7 but mask_rle covers 25 pixels/);
    expect(text).toMatch(/row 2, record wrong-mask\n\s+mask: differs from the composition of the turns/);
    expect(text).toMatch(/row 3, record good\n(.|\n)*id: duplicate id, first seen in .*row 0/);
    expect(text).toMatch(/invalid: 3 problem\(s\)/);
    expect(text).not.toMatch(/row 0, record good/);
    expect(await hashes(out)).toEqual(before);

    const json = memoryIo();
    expect(await runCli(['validate', out, '--json'], json)).toBe(1);
    const report = JSON.parse(json.out());
    expect(report.ok).toBe(false);
    expect(report.problems.map((p: { id: string }) => p.id)).toEqual(['wrong-area', 'wrong-mask', 'good']);
  });

  it('says invalid for an image loadSplit cannot decode (a valid header over a truncated body)', async () => {
    const good = await makeRecord({ id: 'good', turns: [{ generator: 'sdxl', rect: [1, 1, 5, 5] }] });
    const cut = await makeRecord({ id: 'cut', turns: [{ generator: 'sdxl', rect: [1, 1, 5, 5] }] });
    cut.image = { bytes: cut.image.bytes!.slice(0, Math.floor(cut.image.bytes!.length * 0.6)), path: 'cut.png' };
    const out = join(dir, 'truncated');
    await writeDataset({ out: out, splits: { validation: [good, cut] } });
    // What loadSplit makes of it: a typed error naming the record.
    let failure: unknown;
    for await (const s of loadSplit('validation', { source: out })) await s.image().catch((e) => (failure ??= e));
    expect(failure).toBeInstanceOf(FormatError);
    expect((failure as Error).message).toMatch(/record cut, image: cannot decode/);
    // And validate agrees.
    const io = memoryIo();
    expect(await runCli(['validate', out], io)).toBe(1);
    expect(io.out()).toMatch(/row 1, record cut\n\s+image: .*cannot decode/);
  });

  it('exits 1 for a missing split and 2 for two datasets', async () => {
    const io = memoryIo();
    expect(await runCli(['validate', 'samples', '--split', 'test'], io)).toBe(1);
    expect(io.err()).toMatch(/test/);
    expect(await runCli(['validate', 'samples', 'samples'], memoryIo())).toBe(2);
  });
});
