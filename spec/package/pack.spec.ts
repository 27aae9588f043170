/**
 * The package as a user gets it: `npm pack`, install the tarball into an empty folder, then run
 * `npx diffseg30k demo` and import the library — proving `files`, `bin`, `exports` and the bundled
 * samples work outside this checkout.
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
let dir: string;
let app: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg-pack-'));
  // `prepack` builds dist/ first, so the tarball always holds the current code.
  const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--json'], { cwd: root, maxBuffer: 64 << 20 });
  const [{ filename }] = JSON.parse(stdout.slice(stdout.indexOf('[')));
  app = join(dir, 'app');
  await run('mkdir', ['-p', app]);
  await writeFile(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', join(dir, filename)], { cwd: app, maxBuffer: 64 << 20 });
}, 300_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the packed package', () => {
  it('runs `npx diffseg30k demo` from an empty folder', async () => {
    const { stdout } = await run('npx', ['diffseg30k', 'demo', '--out', 'overlays'], { cwd: app });
    expect(stdout).toMatch(/images of split 'validation'/);
    const files = await readdir(join(app, 'overlays'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.every((f) => f.endsWith('.overlay.png'))).toBe(true);
  }, 120_000);

  it('imports from the root and streams the bundled samples without tfjs installed', async () => {
    const script = [
      "import { existsSync } from 'node:fs';",
      "import { loadSplit, SegmentationMetrics } from 'diffseg30k';",
      "import { encodeRle, decodeRle } from 'diffseg30k/mask';",
      'let n = 0;',
      "for await (const s of loadSplit('val', { source: 'samples' })) { await s.labelMap(); n++; }",
      "const metrics = new SegmentationMetrics({ numClasses: 9, engine: 'tfjs' });",
      'const code = await Promise.resolve().then(() => metrics.updateAsync({ gt: new Uint8Array(4), pred: new Uint8Array(4), width: 2, height: 2 })).then(() => "no error", (e) => e.code);',
      "console.log(JSON.stringify({ n, rle: encodeRle({ mask: decodeRle({ size: [2, 3], counts: '231' }), height: 2, width: 3 }).counts, tfjsInstalled: existsSync('node_modules/@tensorflow'), code }));",
    ].join('\n');
    await writeFile(join(app, 'use.mjs'), script);
    const { stdout } = await run('node', ['use.mjs'], { cwd: app });
    const result = JSON.parse(stdout);
    expect(result.n).toBeGreaterThan(0);
    expect(result.rle).toBe('231');
    expect(result.tfjsInstalled).toBe(false);
    expect(result.code).toBe('DEPENDENCY_MISSING');
  }, 120_000);
});
