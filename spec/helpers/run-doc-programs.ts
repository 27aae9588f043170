/**
 * Type-checks and runs doc programs (spec/helpers/doc-blocks.ts) as a user's project would: in a
 * temp folder inside the repository whose node_modules/diffseg30k links to the package, so
 * `diffseg30k` and `diffseg30k/<subpath>` resolve through package.json "exports" to the BUILT
 * package, and other packages (tfjs) from the repository's node_modules.
 */
import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { DocProgram } from './doc-blocks.js';

/** What happened to one program. */
export interface DocOutcome {
  /** tsc's errors, each starting with the Markdown file, line and column. */
  typeErrors: string[];
  /** The run, for programs in mode `run` without a syntax error. */
  run?: { code: number | null; signal: string | null; timedOut: boolean; output: string };
}

const TSCONFIG = {
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

/** Replaces `pN.ts:LINE` / `pN.ts(LINE,COL)` (tsc output, source-mapped stacks) by the Markdown file and line. */
export function mapLines(text: string, programs: readonly DocProgram[]): string {
  return text.replace(/(?:file:\/\/)?(?:[^\s():]*\/)?p(\d+)\.ts(?:\((\d+),(\d+)\)|:(\d+))/g, (all, index: string, tscLine?: string, tscColumn?: string, line?: string) => {
    const origin = programs[Number(index)]?.origin[Number(tscLine ?? line) - 1];
    return origin === undefined ? all : tscColumn ? `${origin}:${tscColumn}` : origin;
  });
}

function run(params: { args: string[]; cwd: string; env?: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<NonNullable<DocOutcome['run']>> {
  return new Promise((done) => {
    execFile(process.execPath, params.args, { cwd: params.cwd, env: params.env, timeout: params.timeoutMs ?? 0, killSignal: 'SIGKILL', maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const e = error as (Error & { code?: number | string; signal?: string; killed?: boolean }) | null;
      done({
        code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
        signal: e?.signal ?? null,
        timedOut: Boolean(e?.killed && e.signal === 'SIGKILL'),
        output: `${stdout}${stderr}`,
      });
    });
  });
}

/**
 * One tsc run over every program but `no-check` ones (it type-checks them and emits the JS), then
 * each `run` program in a child process with a fresh empty cwd, `concurrency` at a time, killed
 * after `timeoutMs`. Outcomes are keyed by program name.
 */
export async function runDocPrograms(params: {
  programs: readonly DocProgram[];
  root: string;
  env: NodeJS.ProcessEnv;
  concurrency: number;
  timeoutMs: number;
}): Promise<Map<string, DocOutcome>> {
  const { programs, root } = params;
  const outcomes = new Map<string, DocOutcome>(programs.map((p) => [p.name, { typeErrors: [] }]));
  const work = await mkdtemp(join(root, '.tmp-docs-run-'));
  try {
    await mkdir(join(work, 'node_modules'));
    await symlink(root, join(work, 'node_modules', 'diffseg30k'), 'dir');
    await writeFile(join(work, 'package.json'), JSON.stringify({ name: 'docs-run', private: true, type: 'module' }));
    let checked: string[] = [];
    for (const [i, p] of programs.entries()) {
      if (p.mode === 'no-check') continue;
      await writeFile(join(work, `p${i}.ts`), p.source);
      checked.push(`p${i}.ts`);
    }
    // tsc reports no semantic error at all while any file has a syntax error (TS1xxx): files with
    // one are reported, left out, and the rest checked again.
    const broken = new Set<string>();
    for (let attempt = 0; attempt < 2 && checked.length; attempt++) {
      await writeFile(join(work, 'tsconfig.json'), JSON.stringify({ ...TSCONFIG, files: checked }, null, 2));
      const tsc = await run({ args: [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', work, '--pretty', 'false'], cwd: work });
      const syntax = new Set<string>();
      let last: string[] | undefined;
      for (const line of tsc.output.split('\n')) {
        const m = /^(p(\d+)\.ts)\(\d+,\d+\): error TS(\d+)/.exec(line);
        if (m) {
          last = outcomes.get(programs[Number(m[2])].name)!.typeErrors;
          last.push(mapLines(line, programs));
          if (m[3].startsWith('1')) syntax.add(m[1]);
        } else if (last && /^\s/.test(line)) last[last.length - 1] += `\n${mapLines(line, programs)}`; // a message's continuation
        else if (line.trim()) throw new Error(`docs-run: tsc said something not about a block:\n${tsc.output}`);
      }
      if (!syntax.size) break;
      for (const f of syntax) broken.add(f);
      checked = checked.filter((f) => !syntax.has(f));
    }
    const queue = programs.map((p, i) => ({ p, i })).filter(({ p, i }) => p.mode === 'run' && !broken.has(`p${i}.ts`));
    await Promise.all(
      Array.from({ length: params.concurrency }, async () => {
        for (let next = queue.shift(); next; next = queue.shift()) {
          const cwd = join(work, `run-${next.i}`);
          await mkdir(cwd);
          const outcome = await run({ args: ['--enable-source-maps', join(work, `p${next.i}.js`)], cwd, env: params.env, timeoutMs: params.timeoutMs });
          outcomes.get(next.p.name)!.run = { ...outcome, output: mapLines(outcome.output, programs) };
        }
      }),
    );
    return outcomes;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
