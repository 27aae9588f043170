/**
 * The public surface, as a user's `import` sees it: every entry point of package.json "exports",
 * imported by its package name from the BUILT `dist/` (a self-reference, resolved through
 * "exports" as an installed package's would be), its runtime names compared with the committed
 * list in surface.json. A name added, removed or moved fails here, so the surface only changes on
 * purpose: update surface.json in the same commit, and keep the root small.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..', '..');
/** At most this many runtime names at the root: what a user of the dataset learns first. */
const MAX_ROOT_NAMES = 45;

type ExportTarget = { types: string; default: string };
type Surface = Record<string, string[]>;

let pkg: { name: string; exports: Record<string, ExportTarget | string> };
let actual: Surface;

/** Every name found in more than one entry point, with where. */
function twice(surface: Surface): string[] {
  const where = new Map<string, string[]>();
  for (const [entry, names] of Object.entries(surface)) for (const n of names) where.set(n, [...(where.get(n) ?? []), entry]);
  return [...where].filter(([, entries]) => entries.length > 1).map(([n, entries]) => `${n}: ${entries.join(', ')}`);
}

/** `diffseg30k` for ".", `diffseg30k/format` for "./format". */
const specifierOf = (key: string): string => (key === '.' ? pkg.name : `${pkg.name}${key.slice(1)}`);

beforeAll(async () => {
  pkg = JSON.parse(await readFile(join(ROOT, 'package.json'), 'utf8'));
  expect(existsSync(join(ROOT, 'dist', 'index.js')), 'dist/ is missing: run `npm run build` (npm test does)').toBe(true);
  const specifiers = Object.keys(pkg.exports).filter((k) => k !== './package.json').map(specifierOf);
  // A child process with the package folder as its cwd: Node resolves `diffseg30k/…` through the
  // package's own "exports" (self-reference), exactly as it would for an installed copy.
  const script = `const out = {};
for (const s of ${JSON.stringify(specifiers)}) out[s] = Object.keys(await import(s)).sort();
console.log(JSON.stringify(out));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { cwd: ROOT, timeout: 60_000 });
  actual = JSON.parse(stdout);
}, 90_000);

describe('the public surface', () => {
  it('is the committed list: the runtime names of the root and of each subpath', async () => {
    const expected: Surface = JSON.parse(await readFile(join(import.meta.dirname, 'surface.json'), 'utf8'));
    expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
    for (const [entry, names] of Object.entries(expected)) {
      expect(actual[entry], `${entry}: names added (+) or gone (−) against spec/package/surface.json`).toEqual([...names].sort());
    }
  });

  it(`keeps at most ${MAX_ROOT_NAMES} runtime names at the root`, () => {
    expect(actual[pkg.name].length).toBeGreaterThan(0);
    expect(actual[pkg.name].length).toBeLessThanOrEqual(MAX_ROOT_NAMES);
  });

  it('exports no runtime name from two entry points', () => {
    expect(twice(actual)).toEqual([]);
  });

  it('exports no type from two entry points either (read from the built .d.ts files "exports" names)', () => {
    const files = Object.entries(pkg.exports)
      .filter(([key]) => key !== './package.json')
      .map(([key, target]) => [specifierOf(key), join(ROOT, (target as ExportTarget).types)] as const);
    const program = ts.createProgram(
      files.map(([, file]) => file),
      // No @types: only the package's own declarations are walked, for speed.
      { module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, noEmit: true, types: [] },
    );
    const checker = program.getTypeChecker();
    const all: Surface = {};
    for (const [entry, file] of files) {
      const module = checker.getSymbolAtLocation(program.getSourceFile(file)!)!;
      all[entry] = checker.getExportsOfModule(module).map((s) => s.name);
    }
    expect(all[pkg.name]).toEqual(expect.arrayContaining(['loadSplit', 'Sample', 'LoadSplitOptions']));
    expect(twice(all)).toEqual([]);
  });

  it('gives every entry point its types and code, both built', () => {
    for (const [key, target] of Object.entries(pkg.exports)) {
      if (key === './package.json') continue;
      expect(typeof target, `${key}: needs { types, default }`).toBe('object');
      const { types, default: code } = target as ExportTarget;
      expect(types, `${key}: types`).toMatch(/^\.\/dist\/.*\.d\.ts$/);
      expect(code, `${key}: default`).toBe(types.replace(/\.d\.ts$/, '.js'));
      expect(existsSync(join(ROOT, types)), `${key}: ${types} was not built`).toBe(true);
    }
  });

  it('documents each entry point in the API site (typedoc entryPoints match "exports")', async () => {
    const typedoc: { entryPoints: string[] } = JSON.parse(await readFile(join(ROOT, 'typedoc.json'), 'utf8'));
    const built = Object.entries(pkg.exports)
      .filter(([key]) => key !== './package.json')
      .map(([, target]) => (target as ExportTarget).default.replace(/^\.\/dist\//, 'src/').replace(/\.js$/, '.ts'));
    expect([...typedoc.entryPoints].sort()).toEqual(built.sort());
  });
});
