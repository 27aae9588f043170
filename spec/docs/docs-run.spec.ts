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
 *   real Hub, a package the repository does not install …). The reason is required.
 * - `<!-- docs-run: no-check (why) -->` — neither checked nor run: a sketch that is not a program
 *   (a signature listing). The reason is required.
 * - `<!-- docs-run: after previous -->` — the block continues the previous block of the same file:
 *   the two (or more) are one program, checked and run together.
 * - A prelude, for names a reader supplies (their model, their training step):
 *
 *       <!-- docs-run: prelude
 *       const model = {};
 *       -->
 *
 *   The prelude's lines run before the block. Keep preludes to what a reader would write
 *   themselves; anything the package provides belongs in the visible block.
 *
 * A marker the spec cannot read, or one that is not above a ```ts block, fails the spec.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, readdir, rm, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type FakeHub, startFakeHub } from '../helpers/fake-hub.js';
import { authorsZips } from '../helpers/hub-fixtures.js';
import { type DocProgram, MarkerError, extractBlocks, toPrograms } from './doc-blocks.js';

const root = resolve(import.meta.dirname, '..', '..');
const RUN_TIMEOUT_MS = 90_000;
const CONCURRENCY = 2;

interface Outcome {
  typeErrors: string[];
  run?: { code: number | null; signal: string | null; timedOut: boolean; output: string };
}

async function docFiles(): Promise<string[]> {
  const docs = (await readdir(join(root, 'docs'))).filter((f) => f.endsWith('.md')).sort();
  return ['README.md', ...docs.map((f) => `docs/${f}`)];
}

async function allPrograms(): Promise<DocProgram[]> {
  const programs: DocProgram[] = [];
  for (const file of await docFiles()) programs.push(...toPrograms(extractBlocks({ file, text: await readFile(join(root, file), 'utf8') })));
  return programs;
}

/** Replaces `pNN.ts:LINE` (in tsc output and source-mapped stacks) by the Markdown file and line. */
function mapLines(text: string, programs: DocProgram[]): string {
  return text.replace(/(?:file:\/\/)?(?:[^\s():]*\/)?p(\d+)\.ts(?:\((\d+),(\d+)\)|:(\d+))/g, (all, index: string, tscLine?: string, tscColumn?: string, line?: string) => {
    const origin = programs[Number(index)]?.origin[Number(tscLine ?? line) - 1];
    return origin === undefined ? all : tscColumn ? `${origin}:${tscColumn}` : origin;
  });
}

function runNode(params: { file: string; cwd: string; env: NodeJS.ProcessEnv }): Promise<NonNullable<Outcome['run']>> {
  return new Promise((done) => {
    execFile(
      process.execPath,
      ['--enable-source-maps', params.file],
      { cwd: params.cwd, env: params.env, timeout: RUN_TIMEOUT_MS, killSignal: 'SIGKILL', maxBuffer: 16 << 20 },
      (error, stdout, stderr) => {
        const e = error as (Error & { code?: number | string; signal?: string; killed?: boolean }) | null;
        done({
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e?.signal ?? null,
          timedOut: Boolean(e?.killed && e.signal === 'SIGKILL'),
          output: `${stdout}${stderr}`,
        });
      },
    );
  });
}

let work: string;
let hub: FakeHub | undefined;
let programs: DocProgram[] = [];
let setupError: unknown;
const outcomes = new Map<string, Outcome>();

beforeAll(async () => {
  try {
    programs = await allPrograms();
    if (!existsSync(join(root, 'dist', 'index.d.ts'))) throw new Error('docs-run: dist/ is missing: run `npm run build` first (npm test does)');
    // Inside the repository, so packages the docs import (tfjs) resolve from its node_modules; the
    // package itself resolves as a user's project resolves it, through node_modules/diffseg30k.
    work = await mkdtemp(join(root, '.tmp-docs-run-'));
    await mkdir(join(work, 'node_modules'));
    await symlink(root, join(work, 'node_modules', 'diffseg30k'), 'dir');
    let checked: string[] = [];
    for (const [i, p] of programs.entries()) {
      outcomes.set(p.name, { typeErrors: [] });
      if (p.mode === 'no-check') continue;
      await writeFile(join(work, `p${i}.ts`), p.source);
      checked.push(`p${i}.ts`);
    }
    const tsconfig = {
      compilerOptions: {
        target: 'ES2022',
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        lib: ['ES2022', 'DOM'],
        types: ['node'],
        strict: true,
        skipLibCheck: true,
        esModuleInterop: true,
        sourceMap: true,
        rootDir: '.',
      },
    };
    await writeFile(join(work, 'package.json'), JSON.stringify({ name: 'docs-run', private: true, type: 'module' }));
    // One compiler run over every block: it type-checks and emits the JS that is run below. tsc
    // reports no semantic error at all while any file has a syntax error (TS1xxx), so the files
    // with one are reported and left out of a second run.
    for (let attempt = 0; attempt < 2 && checked.length; attempt++) {
      await writeFile(join(work, 'tsconfig.json'), JSON.stringify({ ...tsconfig, files: checked }, null, 2));
      const tsc = await new Promise<string>((done) => {
        execFile(process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', work, '--pretty', 'false'], { cwd: work, maxBuffer: 16 << 20 }, (_e, stdout, stderr) => done(`${stdout}${stderr}`));
      });
      const syntax = new Set<string>();
      for (const line of tsc.split('\n')) {
        const m = /^(p(\d+)\.ts)\(\d+,\d+\): error TS(\d+)/.exec(line);
        if (m) {
          outcomes.get(programs[Number(m[2])].name)!.typeErrors.push(mapLines(line, programs));
          if (m[3].startsWith('1')) syntax.add(m[1]);
        } else if (line.trim()) throw new Error(`docs-run: tsc said something not about a block:\n${tsc}`);
      }
      if (!syntax.size) break;
      checked = checked.filter((f) => !syntax.has(f));
    }
    hub = await startFakeHub();
    hub.addRepo({ repo: 'Chaos2629/Diffseg30k', files: { 'diffseg30k-val.zip': (await authorsZips()).zip } });
    const env: NodeJS.ProcessEnv = { ...process.env, HF_ENDPOINT: hub.endpoint, HF_HUB_CACHE: join(work, 'hf-cache'), HF_HUB_DISABLE_TELEMETRY: '1' };
    for (const name of ['HF_TOKEN', 'HF_HUB_OFFLINE', 'DIFFSEG30K_SOURCE', 'HF_HOME', 'RANK', 'WORLD_SIZE']) delete env[name];
    const queue = programs.map((p, i) => ({ p, i })).filter(({ p }) => p.mode === 'run');
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const cwd = join(work, `run-${next.i}`);
          await mkdir(cwd);
          const run = await runNode({ file: join(work, `p${next.i}.js`), cwd, env });
          outcomes.get(next.p.name)!.run = { ...run, output: mapLines(run.output, programs) };
        }
      }),
    );
  } catch (e) {
    setupError = e;
  }
}, 900_000);

afterAll(async () => {
  await hub?.close();
  if (work) await rm(work, { recursive: true, force: true });
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
      const outcome = outcomes.get(name)!;
      expect(outcome.typeErrors, `${name}: type errors:\n${outcome.typeErrors.join('\n')}`).toEqual([]);
      if (mode !== 'run') return;
      const run = outcome.run!;
      const why = run.timedOut ? `timed out after ${RUN_TIMEOUT_MS / 1000} s` : `exit code ${run.code}${run.signal ? `, signal ${run.signal}` : ''}`;
      expect(run.code, `${name} failed when run (${why}):\n${run.output}`).toBe(0);
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
});
