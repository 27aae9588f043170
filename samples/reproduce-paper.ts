/**
 * Runs docs/reproduce.md ("Reproduce the paper") on the bundled samples, exactly as written, and
 * copies what the guide shows into OUT: the figures (Figure 3, the report's Figures 5 and 6 …),
 * the paper-shaped tables and the eval JSONs they come from. The images and tables in
 * docs/images/reproduce are this script's output (`npx tsx samples/reproduce-paper.ts
 * docs/images/reproduce`); a spec runs it and checks the committed files are current.
 *
 * The guide is the script: its ```sh blocks run in order in one bash (set -eu) in a fresh folder,
 * laid out as a user's project — `node_modules/diffseg30k` is this package, `node_modules/tsx`
 * the tsx that runs this script, and `diffseg30k` on PATH is this package's CLI. A ```ts block
 * whose first line is `// NAME.ts …` is saved as NAME.ts where it stands (the guide asks the
 * reader to save it). A block under `<!-- reproduce: skip (why) -->` is not run (the install step).
 *
 * Run: npx tsx samples/reproduce-paper.ts <out dir> [--work <dir>]   (--work keeps the walk's folder)
 */
import { spawn } from 'node:child_process';
import { chmod, cp, mkdir, mkdtemp, readFile, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

/** The files of the walk's folder the guide shows, copied to OUT. */
export const GUIDE_FILES = [
  'figure-3/figure-3.svg',
  'figure-3/figure-3.png',
  'report/report.html',
  'report/figure-5.svg',
  'report/figure-5.png',
  'report/figure-6.svg',
  'report/figure-6.png',
  'report/per-class.svg',
  'report/per-class.png',
  'report/by-num_turns.svg',
  'report/by-num_turns.png',
  'report/pr-curve.svg',
  'report/pr-curve.png',
  'tables/table2.md',
  'tables/table2.tex',
  'tables/table3.md',
  'tables/table4.md',
  'tables/table5.md',
  'runs/baseline.json',
  'runs/jpeg60.json',
  'runs/jpeg80.json',
  'runs/resize256.json',
  'runs/resize1024.json',
  'runs/flux.1+hunyuandit-1.1.json',
  'runs/sd2+sd3.5.json',
  'runs/glide+kolors.json',
  'runs/sdxl.json',
  'runs/lora.json',
] as const;

/** One step of the walk: a shell block to run, or a TypeScript file to save. */
export type WalkStep = { kind: 'sh'; line: number; code: string } | { kind: 'file'; line: number; name: string; code: string };

/** The guide's steps in order: its ```sh blocks (unless marked skip) and its named ```ts files. */
export function walkSteps(markdown: string): WalkStep[] {
  const lines = markdown.split('\n');
  const steps: WalkStep[] = [];
  for (let i = 0; i < lines.length; i++) {
    const fence = /^```(\w*)\s*$/.exec(lines[i]);
    if (!fence) continue;
    let end = i + 1;
    while (end < lines.length && !/^```\s*$/.test(lines[end])) end++;
    const code = lines.slice(i + 1, end).join('\n');
    const skipped = lines.slice(Math.max(0, i - 3), i).some((l) => /^<!--\s*reproduce:\s*skip\b/.test(l));
    const named = /^\/\/ ([\w.+-]+\.ts)\b/.exec(lines[i + 1] ?? '');
    if (!skipped && fence[1] === 'sh') steps.push({ kind: 'sh', line: i + 2, code });
    if (!skipped && fence[1] === 'ts' && named) steps.push({ kind: 'file', line: i + 2, name: named[1], code });
    i = end;
  }
  return steps;
}

/** Runs the walk in `work` (made a user's project first); resolves with its output, rejects naming the guide's line. */
export async function runWalk(params: { guide: string; work: string; root: string; onOutput?: (text: string) => void }): Promise<string> {
  const { guide, work, root } = params;
  const steps = walkSteps(await readFile(guide, 'utf8'));
  // A user's project: the package and tsx in node_modules, the CLI on PATH.
  const tsx = dirname(createRequire(join(root, 'package.json')).resolve('tsx/package.json'));
  await mkdir(join(work, 'node_modules', '.bin'), { recursive: true });
  await writeFile(join(work, 'package.json'), '{ "private": true, "type": "module" }\n');
  await symlink(root, join(work, 'node_modules', 'diffseg30k'), 'dir');
  await symlink(tsx, join(work, 'node_modules', 'tsx'), 'dir');
  await symlink(join(tsx, 'dist', 'cli.mjs'), join(work, 'node_modules', '.bin', 'tsx'));
  const cli = join(work, 'node_modules', '.bin', 'diffseg30k');
  await writeFile(cli, `#!/bin/sh\nexec "${process.execPath}" "${join(root, 'dist', 'cli', 'main.js')}" "$@"\n`);
  await chmod(cli, 0o755);
  // One shell, as a reader typing the blocks into one terminal; each block announces its line.
  const script = ['set -eu'];
  for (const step of steps) {
    script.push(`echo "# ${relativeGuide(guide)}:${step.line}" >&2`);
    if (step.kind === 'file') script.push(`cat > '${step.name}' <<'REPRODUCE_EOF'\n${step.code}\nREPRODUCE_EOF`);
    else script.push(step.code);
  }
  const env = { ...process.env, PATH: `${join(work, 'node_modules', '.bin')}:${process.env.PATH ?? ''}`, NO_COLOR: '1', npm_config_yes: 'false' };
  return new Promise((resolvePromise, reject) => {
    const child = spawn('bash', ['-c', script.join('\n')], { cwd: work, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    let lastStep = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      params.onOutput?.(chunk.toString());
    });
    child.stderr.on('data', (chunk: Buffer) => {
      const text = chunk.toString();
      for (const m of text.matchAll(/^# (\S+:\d+)$/gm)) lastStep = m[1];
      output += text;
      params.onOutput?.(text);
    });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolvePromise(output) : reject(new Error(`the walk failed at ${lastStep} (exit ${code}):\n${output.slice(-4000)}`))));
  });
}

/**
 * Copies one file of the walk to OUT. `eval` and `table` name files by absolute path (the JSON's
 * `pred`, the tables' notes, the report's details); in text files the walk's folder is cut from
 * those paths, so they read as the reader's own relative paths and OUT is the same from any folder.
 */
export async function copyOut(params: { from: string; to: string; work: string }): Promise<void> {
  if (!/\.(json|md|tex|html|svg)$/.test(params.from)) return cp(params.from, params.to);
  await writeFile(params.to, (await readFile(params.from, 'utf8')).replaceAll(`${params.work}/`, ''));
}

function relativeGuide(guide: string): string {
  return guide.endsWith(join('docs', 'reproduce.md')) ? 'docs/reproduce.md' : guide;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { work: { type: 'string' } } });
  const out = positionals[0];
  if (!out) {
    console.error('usage: npx tsx samples/reproduce-paper.ts <out dir> [--work <dir>]');
    process.exit(2);
  }
  const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
  // The real path: eval and table name files by it, and copyOut cuts it from their text.
  const work = await realpath(values.work ? (await mkdir(values.work, { recursive: true }), values.work) : await mkdtemp(join(tmpdir(), 'reproduce-paper-')));
  try {
    await runWalk({ guide: join(root, 'docs', 'reproduce.md'), work, root, onOutput: (text) => process.stdout.write(text) });
    await mkdir(out, { recursive: true });
    for (const file of GUIDE_FILES) await copyOut({ from: join(work, file), to: join(out, file.split('/').pop()!), work });
    console.log(`wrote ${GUIDE_FILES.length} files to ${out}`);
  } finally {
    if (!values.work) await rm(work, { recursive: true, force: true });
  }
}
