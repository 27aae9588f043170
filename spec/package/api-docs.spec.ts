import { execFile } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

// `npm run docs` (typedoc, warnings as errors) builds the API site; this checks what it holds.
const ROOT = join(import.meta.dirname, '..', '..');
let out: string;
let log: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'diffseg-api-docs-'));
  const result = await promisify(execFile)(process.execPath, [join(ROOT, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--out', out], { cwd: ROOT });
  log = result.stdout + result.stderr;
}, 180_000);
afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('the API site', () => {
  it('builds without a warning and includes the README and every guide in docs/', async () => {
    expect(log).not.toMatch(/warning/i);
    const guides = (await readdir(join(ROOT, 'docs'))).filter((f) => f.endsWith('.md')).map((f) => f.replace(/\.md$/, '.html'));
    expect(guides.length).toBeGreaterThan(5);
    expect((await readdir(join(out, 'documents'))).sort()).toEqual(expect.arrayContaining(guides));
    expect(await readFile(join(out, 'index.html'), 'utf8')).toContain('Run every test');
  });

  it('documents the root verbs and the format subpath, and strips @internal members', async () => {
    const fn = await readdir(join(out, 'functions'));
    expect(fn).toEqual(expect.arrayContaining(['index.loadSplit.html', 'index.evaluatePredictions.html', 'format.readParquetFooter.html']));
    const footer = await readFile(join(out, 'interfaces', 'format.ParquetFooter.html'), 'utf8');
    expect(footer).toContain('rowGroups');
    expect(footer).not.toMatch(/\braw\b/); // `raw` is @internal
  });
});
