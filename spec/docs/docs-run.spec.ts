/**
 * Docs that run: every ```ts / ```typescript block of README.md and docs/*.md is type-checked
 * against the BUILT package (`npm run build` first; `diffseg30k` and `diffseg30k/<subpath>` resolve
 * through package.json "exports", as in a user's project) and executed, each in a child process of
 * its own with a fresh empty folder as cwd: on the bundled samples, or on a fake Hub on 127.0.0.1
 * (`HF_ENDPOINT`) serving the authors' zip layout as `Chaos2629/Diffseg30k` for examples that read
 * the default dataset. A failure names the Markdown file and line.
 *
 * Markers — HTML comments directly above a block's fence, one per line (readers don't see them):
 *
 * - `<!-- docs-run: typecheck-only (why) -->` — type-checked, not run (needs a GPU, a browser, the
 *   real Hub, a multi-GB file …). The reason is required.
 * - `<!-- docs-run: no-check (why) -->` — neither checked nor run: a sketch that is not a program
 *   (a signature listing). The reason is required.
 * - `<!-- docs-run: after previous -->` — the block continues the previous block of the same file:
 *   the two (or more) are one program, checked and run together.
 * - A prelude, for names a reader supplies (their model, their training step) or has from an
 *   earlier block of the page (the records the page's first example collects):
 *
 *       <!-- docs-run: prelude
 *       const model = {};
 *       -->
 *
 *   The prelude's lines run before the block. Keep preludes to what a reader writes themselves or
 *   was shown just before; how to call the package belongs in a visible block.
 *
 * A marker the spec cannot read, or one that is not above a ```ts block, fails the spec.
 */
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DocProgram, MarkerError, extractBlocks, toPrograms } from '../helpers/doc-blocks.js';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { authorsZips } from '../helpers/hub-fixtures.js';
import { type DocOutcome, mapLines, runDocPrograms } from '../helpers/run-doc-programs.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = resolve(import.meta.dirname, '..', '..');
const RUN_TIMEOUT_MS = 90_000;

async function allPrograms(): Promise<DocProgram[]> {
  const docs = (await readdir(join(root, 'docs'))).filter((f) => f.endsWith('.md')).sort();
  const programs: DocProgram[] = [];
  for (const file of ['README.md', ...docs.map((f) => `docs/${f}`)]) {
    programs.push(...toPrograms(extractBlocks({ file, text: await readFile(join(root, file), 'utf8') })));
  }
  return programs;
}

/** The environment of a doc program: the fake Hub, an empty cache, nothing of this shell's Hub settings. */
async function docEnv(hub: FakeHub): Promise<NodeJS.ProcessEnv> {
  const env: NodeJS.ProcessEnv = { ...process.env, HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: await tempDir('docs-run-hf-'), HF_HUB_DISABLE_TELEMETRY: '1' };
  for (const name of ['HF_TOKEN', 'HF_HUB_OFFLINE', 'DIFFSEG30K_SOURCE', 'HF_HOME', 'RANK', 'WORLD_SIZE']) delete env[name];
  return env;
}

/** Asserts one outcome, with the Markdown line in every message. */
function expectPasses(name: string, mode: DocProgram['mode'], outcome: DocOutcome | undefined): void {
  expect(outcome, `${name}: no outcome`).toBeDefined();
  expect(outcome!.typeErrors, `${name}: type errors:\n${outcome!.typeErrors.join('\n')}`).toEqual([]);
  if (mode !== 'run') return;
  const run = outcome!.run!;
  const why = run.timedOut ? `timed out after ${RUN_TIMEOUT_MS / 1000} s` : `exit code ${run.code}${run.signal ? `, signal ${run.signal}` : ''}`;
  expect(run.code, `${name} failed when run (${why}):\n${run.output}`).toBe(0);
}

let hub: FakeHub | undefined;
let programs: DocProgram[] = [];
let setupError: unknown;
let outcomes = new Map<string, DocOutcome>();

beforeAll(async () => {
  try {
    programs = await allPrograms();
    if (!existsSync(join(root, 'dist', 'index.d.ts'))) throw new Error('docs-run: dist/ is missing: run `npm run build` first (npm test does)');
    hub = await startFakeHub();
    hub.addRepo({ repo: 'Chaos2629/Diffseg30k', files: { 'diffseg30k-val.zip': (await authorsZips()).zip } });
    outcomes = await runDocPrograms({ programs, root, env: await docEnv(hub), concurrency: 2, timeoutMs: RUN_TIMEOUT_MS });
  } catch (e) {
    setupError = e;
  }
}, 900_000);

afterAll(async () => {
  await hub?.close();
});

// vitest needs the tests when it collects them: one per program, named by its Markdown line. A
// marker error leaves this list empty; the first test then reports it.
const names = await allPrograms().then(
  (ps) => ps.map((p) => ({ name: p.name, mode: p.mode, reason: p.blocks.find((b) => b.reason)?.reason })),
  () => [],
);

describe('docs that run', () => {
  it('every marker is readable and above a block', () => {
    if (setupError) throw setupError;
    expect(programs.length).toBeGreaterThan(20);
  });

  for (const { name, mode, reason } of names) {
    const label = mode === 'run' ? `${name} type-checks and runs` : mode === 'typecheck-only' ? `${name} type-checks (not run: ${reason})` : `${name} is a sketch, neither checked nor run (${reason})`;
    it.skipIf(mode === 'no-check')(label, () => {
      if (setupError) throw setupError;
      expectPasses(name, mode, outcomes.get(name));
    });
  }
});

describe('docs-run markers', () => {
  const text = (marker: string) => `intro\n\n${marker}\n\`\`\`ts\nconst x = 1;\n\`\`\`\n`;

  it('reads a mode with its reason, a prelude and `after previous`', () => {
    const blocks = extractBlocks({ file: 'a.md', text: `${text('<!-- docs-run: typecheck-only (needs a GPU) -->')}\n<!-- docs-run: prelude\nconst y = 2;\n-->\n<!-- docs-run: after previous -->\n\`\`\`typescript\nx + y;\n\`\`\`\n` });
    expect(blocks.map((b) => [b.line, b.mode, b.reason, b.afterPrevious])).toEqual([
      [5, 'typecheck-only', 'needs a GPU', false],
      [13, 'run', undefined, true],
    ]);
    expect(blocks[1].prelude).toEqual({ line: 9, code: ['const y = 2;'] });
    const [program] = toPrograms(blocks);
    expect(program.mode).toBe('typecheck-only');
    expect(program.source).toBe('const y = 2;\nconst x = 1;\nx + y;\nexport {};\n');
    expect(program.origin).toEqual(['a.md:9', 'a.md:5', 'a.md:13', undefined]);
  });

  it('fails a mode marker without a reason, an unknown marker, and a marker above no block', () => {
    expect(() => extractBlocks({ file: 'a.md', text: text('<!-- docs-run: no-run -->') })).toThrow(/a\.md:3: unknown docs-run marker "no-run"/);
    expect(() => extractBlocks({ file: 'a.md', text: text('<!-- docs-run: typecheck-only -->') })).toThrow(MarkerError);
    expect(() => extractBlocks({ file: 'a.md', text: text('<!-- docs-run: typecheck-only () -->') })).toThrow(/a\.md:3: "typecheck-only" needs a reason/);
    expect(() => extractBlocks({ file: 'a.md', text: `<!-- docs-run: typecheck-only (x) -->\n\n${text('')}` })).toThrow(/a\.md:1: a docs-run marker that is not directly above/);
    expect(() => extractBlocks({ file: 'a.md', text: text('<!-- docs-run: after previous -->') })).toThrow(/first block/);
  });

  it('ignores ```ts lines inside another language\'s block', () => {
    expect(extractBlocks({ file: 'a.md', text: '```md\n```ts\nnot code\n```\n' })).toEqual([]);
  });

  it('names the Markdown line of a type error and of a stack frame', () => {
    const programs = toPrograms(extractBlocks({ file: 'd.md', text: text('') }));
    expect(mapLines('p0.ts(1,7): error TS2322: no', programs)).toBe('d.md:5:7: error TS2322: no');
    expect(mapLines('at file:///w/p0.ts:1:3', programs)).toBe('at d.md:5:3');
  });

  it('bites: a wrong name, a syntax error, a throw and a hang each fail at their Markdown line; a good block passes', async () => {
    const md = [
      "```ts\nimport { decodeRle } from 'diffseg30k/mask';\nif (decodeRle({ size: [2, 3], counts: '231' }).join('') !== '011010') process.exit(3);\n```", // 2-3: passes
      "```ts\nimport { openDataset } from 'diffseg30k/format';\nawait openDataset({ source: 'samples' }).splitFiles('val');\n```", // 7-8: no such method
      '```ts\nconst a = {;\n```', // 12: syntax
      "```ts\nimport { decodeRle } from 'diffseg30k/mask';\ndecodeRle({ size: [2, 3], counts: '9' });\n```", // 16-17: throws
      '<!-- docs-run: typecheck-only (never ends) -->\n```ts\nsetInterval(() => {}, 1000);\n```', // 22: not run
      '```ts\nsetInterval(() => {}, 1000);\n```', // 26: hangs
    ].join('\n\n');
    const ps = toPrograms(extractBlocks({ file: 'x.md', text: md }));
    expect(ps.map((p) => p.name)).toEqual(['x.md:2', 'x.md:7', 'x.md:12', 'x.md:16', 'x.md:22', 'x.md:26']);
    const got = await runDocPrograms({ programs: ps, root, env: { ...process.env }, concurrency: 2, timeoutMs: 20_000 });
    expect(got.get('x.md:2')).toMatchObject({ typeErrors: [], run: { code: 0 } });
    expect(got.get('x.md:7')!.typeErrors.join('\n')).toMatch(/^x\.md:8:\d+: error TS2339: Property 'splitFiles' does not exist/);
    expect(got.get('x.md:12')!.typeErrors.join('\n')).toMatch(/^x\.md:12:\d+: error TS1/);
    expect(got.get('x.md:12')!.run).toBeUndefined();
    expect(got.get('x.md:16')!.typeErrors).toEqual([]);
    expect(got.get('x.md:16')!.run).toMatchObject({ code: 1, timedOut: false });
    expect(got.get('x.md:16')!.run!.output).toMatch(/RleError[\s\S]*x\.md:17/);
    expect(got.get('x.md:22')).toEqual({ typeErrors: [] });
    expect(got.get('x.md:26')!.run).toMatchObject({ code: null, timedOut: true });
  }, 120_000);
});
