import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { loadSplit } from '../../src/stream/load-split.js';

let dir: string;

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: dir });
  return { code, stdout, stderr };
}

/** Two real runs of eval --json on the samples: perfect predictions, and SDXL blamed on Kolors. */
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-table-cli-'));
  for (const name of ['perfect', 'blamed']) await mkdir(join(dir, name));
  for await (const s of loadSplit('validation', { source: 'samples' })) {
    const gt = await s.labelMap();
    for (const [name, pred] of [['perfect', gt.map((v) => (v === 255 ? 0 : v))], ['blamed', gt.map((v) => (v === 255 ? 0 : v === 3 ? 6 : v))]] as const) {
      await sharp(pred, { raw: { width: s.width, height: s.height, channels: 1 } }).png().toFile(join(dir, name, `${s.id}.png`));
    }
  }
  for (const name of ['perfect', 'blamed']) {
    const result = await run('eval', '--data', 'samples', '--pred', name, '--json', `${name}.json`);
    expect(result.code, result.stderr).toBe(0);
  }
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('diffseg30k table', () => {
  it("prints Table 2 as Markdown with the paper's rows and one row per run, numbers from the JSON", async () => {
    const { code, stdout, stderr } = await run('table', 'perfect.json', 'blamed.json');
    expect(code, stderr).toBe(0);
    const blamed = JSON.parse(await readFile(join(dir, 'blamed.json'), 'utf8'));
    const b = blamed.overall.binary;
    const s = blamed.overall.semantic;
    expect(stdout).toContain('| FCN-8s (paper) | 0.566 | 0.366 | 0.363 | 0.192 | 0.039 | 0.053 |');
    expect(stdout).toContain('| perfect | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |');
    expect(stdout).toContain(`| blamed | ${[b.accuracy, b.miou, b.bf1, s.accuracy, s.miou, s.bf1].map((v: number) => v.toFixed(3)).join(' | ')} |`);
    expect(stdout).toContain('bF1 of your runs: the bfscore convention');
  });

  it('writes Table 3 as LaTeX with labels as settings, to --out', async () => {
    const { code, stderr } = await run('table', 'perfect.json', 'blamed.json', '--paper', 'table3', '--format', 'latex', '--label', 'Baseline', '--label', 'JPEG 60', '--model', 'UNet', '--out', 't3.tex');
    expect(code, stderr).toBe(0);
    const tex = await readFile(join(dir, 't3.tex'), 'utf8');
    expect(tex).toContain('DeepLabv3+ (paper) & JPEG 60 & 0.867 & 0.782 & 0.556 & 0.184 & 0.013 & 0.019 \\\\');
    expect(tex).toMatch(/\\midrule\nUNet & Baseline & 1\.000 & /);
    expect(tex).toContain('\\cmidrule(lr){3-5} \\cmidrule(lr){6-8}');
  });

  it('says what is wrong: usage (exit 2), a file that is not an eval report (exit 1), a run without scores', async () => {
    expect(await run('table')).toMatchObject({ code: 2, stderr: expect.stringContaining('give at least one RUN.json') });
    expect(await run('table', 'perfect.json', '--paper', 'table8')).toMatchObject({ code: 2, stderr: expect.stringContaining('--paper must be one of table2, table3, table4, table5, table6, table7') });
    expect(await run('table', 'perfect.json', '--format', 'docx')).toMatchObject({ code: 2, stderr: expect.stringContaining('--format must be one of md, latex, csv, html') });
    expect(await run('table', 'perfect.json', 'blamed.json', '--label', 'one')).toMatchObject({ code: 2, stderr: expect.stringContaining('--label given 1 times for 2 runs') });
    await writeFile(join(dir, 'other.json'), '{"hello": 1}');
    const other = await run('table', 'other.json');
    expect(other.code).toBe(1);
    expect(other.stderr).toContain(`${join(dir, 'other.json')}: not an eval --json report`);
    expect(await run('table', 'perfect.json', '--paper', 'table6')).toMatchObject({ code: 2, stderr: expect.stringContaining('needs detection scores (run eval with --scores)') });
    expect(await run('table', 'perfect.json', '--paper', 'table4')).toMatchObject({ code: 2, stderr: expect.stringContaining("scored every generator's masks; table4 reports mIoU on sdxl masks only: run eval with --generators sdxl") });
  });
});
