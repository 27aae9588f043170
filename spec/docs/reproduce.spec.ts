/**
 * docs/reproduce.md runs as written: samples/reproduce-paper.ts runs the guide's ```sh blocks in
 * order in a fresh folder laid out as a user's project (`diffseg30k` on PATH is the built CLI,
 * `npx tsx` runs the package's samples from node_modules), and this spec checks what the walk
 * prints and writes: every table the guide shows exists, its numbers are the eval JSONs', the
 * tables pasted in the guide are the walk's, the toy predictor's mistakes show where the guide
 * says they do, and docs/images/reproduce is the walk's current output (SVG, JSON, Markdown and
 * HTML byte for byte; PNG only where this machine's fonts draw as where they were made). The
 * guide's Python block runs against the real `datasets` when a Python peer has it.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, realpath, symlink, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { rasterizeSvg } from '../../src/charts/rasterize-svg.js';
import { GUIDE_FILES, runWalk, walkSteps } from '../../samples/reproduce-paper.js';
import { findPython } from '../helpers/python.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');
const guidePath = join(root, 'docs', 'reproduce.md');
const committed = join(root, 'docs', 'images', 'reproduce');
const python = findPython(['datasets', 'PIL', 'numpy']);
const TABLES = ['table2.md', 'table3.md', 'table4.md', 'table5.md'];

/** An eval JSON, read loosely: the spec compares its fields with what the tables print. */
type Json = Record<string, any>;

let out = '';
let work = '';
let printed = '';

beforeAll(async () => {
  out = await tempDir('reproduce-out-');
  work = await realpath(await tempDir('reproduce-work-'));
  // As a reader runs it: the script, as a child process, from the repository's root.
  const result = await run(process.execPath, ['--import', 'tsx', 'samples/reproduce-paper.ts', out, '--work', join(work, 'walk')], { cwd: root, maxBuffer: 64 * 1024 * 1024 });
  printed = result.stdout;
}, 300_000);

const file = (name: string) => join(out, name);
const json = async (name: string): Promise<Json> => JSON.parse(await readFile(file(name), 'utf8')) as Json;

/** A paper-shaped Markdown table: its header, its rows of cells, and the run files its note names by label. */
function parseTable(text: string): { header: string[]; rows: string[][]; runs: Map<string, string> } {
  const lines = text.split('\n').filter((l) => l.startsWith('|'));
  const cells = (l: string) => l.slice(1, -1).split('|').map((c) => c.trim());
  const runs = new Map<string, string>();
  const note = /the others are your runs \((.*)\)\.\s*$/m.exec(text)?.[1] ?? '';
  for (const m of note.matchAll(/(?:^|; )(.+?): (\S+\.json), \d+ images/g)) runs.set(m[1], m[2]);
  return { header: cells(lines[0]), rows: lines.slice(2).map(cells), runs };
}

/** The eval JSON field of a column heading: "Binary mIoU" → overall.binary.miou. */
function metricOf(heading: string): [string, string] | undefined {
  if (heading === 'mIoU (SDXL)') return ['semantic', 'miou']; // Table 4: the mIoU of a run scored on SDXL alone
  const m = /^(Binary|Semantic|Detection) (Acc|mIoU|bF1|AP)$/.exec(heading);
  if (!m) return undefined;
  return [m[1].toLowerCase(), { Acc: 'accuracy', mIoU: 'miou', bF1: 'bf1', AP: 'ap' }[m[2]]!];
}

describe('docs/reproduce.md, walked on the samples', () => {
  it('runs every sh block in order and prints what each step promises', async () => {
    expect(printed).toContain('Source `samples`: 56 images (train 40, validation 16)'); // stats: Figure 3's numbers
    expect(printed).toMatch(/^wrote .*figure-3\/figure-3\.svg/m);
    expect(printed).toMatch(/^wrote 16 predictions to preds\/baseline and scores to runs\/baseline-scores\.csv$/m);
    for (const preset of ['jpeg60', 'jpeg80', 'resize256', 'resize1024']) expect(printed).toMatch(new RegExp(`^wrote 16 predictions to preds/${preset}$`, 'm'));
    expect(printed).toMatch(/^diffseg30k eval: split validation of samples, \d+ images, predictions in .*preds\/baseline, the test side of holdout flux\.1\+hunyuandit-1\.1$/m);
    // Table 6, printed from the detection scores: the paper's rows and the toy's, from its JSON.
    const { detection } = (await json('baseline.json')).overall;
    expect(printed).toContain('| CNNSpot (paper) | 0.942 | 0.979 |');
    expect(printed).toContain(`| toy predictor | ${(detection.accuracy as number).toFixed(3)} | ${(detection.ap as number).toFixed(3)} |`);
    expect(printed).toMatch(/^wrote \d+ files to /m);
    for (const name of GUIDE_FILES) expect(existsSync(file(name.split('/').pop()!)), name).toBe(true);
  });

  it('the tables\' numbers are the eval JSONs\', row by row and column by column', async () => {
    let checked = 0;
    for (const table of TABLES) {
      const { header, rows, runs } = parseTable(await readFile(file(table), 'utf8'));
      expect(runs.size, table).toBeGreaterThan(0);
      for (const row of rows.filter((r) => !r[0].endsWith('(paper)'))) {
        const label = metricOf(header[1]) ? row[0] : row[1]; // Tables 3, 4, 5: the run is the setting
        const run = await json(runs.get(label)!.split('/').pop()!);
        expect(run.tool).toBe('diffseg30k eval');
        header.forEach((heading, c) => {
          const metric = metricOf(heading);
          if (!metric) return;
          expect(row[c], `${table} ${label} ${heading}`).toBe((run.overall[metric[0]][metric[1]] as number).toFixed(3));
          checked++;
        });
      }
    }
    expect(checked).toBe(6 + 5 * 6 + 2 + 4 * 3);
  });

  it('the guide shows the walk\'s tables', async () => {
    const guide = await readFile(guidePath, 'utf8');
    for (const table of TABLES) {
      const shown = guide.split(`<!-- reproduce: ${table} -->\n`)[1];
      expect(shown, `docs/reproduce.md has no <!-- reproduce: ${table} --> marker`).toBeDefined();
      expect(shown.startsWith(await readFile(file(table), 'utf8')), `docs/reproduce.md's ${table} is stale: run npx tsx samples/reproduce-paper.ts docs/images/reproduce and paste ${table}`).toBe(true);
    }
    expect(await readFile(file('table2.tex'), 'utf8')).toMatch(/\\begin\{tabular\}[\s\S]*\\midrule\ntoy predictor & 0\.997 &[\s\S]*\\bottomrule\n\\end\{tabular\}/);
  });

  it('the toy predictor\'s mistakes show where the guide says they do', async () => {
    const baseline = await json('baseline.json');
    const names = baseline.overall.semantic.classNames as string[];
    const iou = (run: Json, g: string) => run.overall.semantic.iou[names.indexOf(g)] as number;
    expect(iou(baseline, 'sd2')).toBe(0); // SD2 blamed on SD3.5
    expect(baseline.overall.semantic.confusion[names.indexOf('sd2')][names.indexOf('sd3.5')]).toBeGreaterThan(0);
    expect(iou(baseline, 'sdxl')).toBe(1); // no strip here on the samples, no variant
    expect(baseline.overall.binary.miou).toBeLessThan(1); // the missed strip
    // JPEG leaves the truth, and so the toy's predictions, alone: its Table 3 rows equal the baseline.
    const jpeg60 = await json('jpeg60.json');
    for (const task of ['binary', 'semantic']) expect(jpeg60.overall[task]).toEqual(baseline.overall[task]);
    // Table 4: the variant's every other row missed, so half of SDXL's IoU; the vanilla split's SDXL found whole.
    expect((await json('sdxl.json')).generators).toEqual(['sdxl']);
    expect((await json('sdxl.json')).overall.semantic.miou).toBe(1);
    const lora = await json('lora.json');
    expect(lora.overall.semantic.miou).toBeGreaterThan(0.45);
    expect(lora.overall.semantic.miou).toBeLessThan(0.55);
    expect(lora.groups.variant['sdxl:hyper-sd-8step'].semantic.miou).toBe(lora.overall.semantic.miou);
    expect(printed).toMatch(/^wrote 16 predictions to preds\/lora \(\d+ variant turns half missed\)$/m);
    // A holdout's test side is the images with a held-out edit: fewer than the split.
    for (const holdout of ['flux.1+hunyuandit-1.1', 'sd2+sd3.5', 'glide+kolors']) {
      const run = await json(`${holdout}.json`);
      expect(run.images).toBeGreaterThan(0);
      expect(run.images).toBeLessThan(baseline.images);
    }
  });

  it('docs/images/reproduce is the walk\'s output (PNG: where the fonts draw as where it was made)', async () => {
    for (const name of GUIDE_FILES.map((f) => f.split('/').pop()!)) {
      if (name.endsWith('.png')) continue;
      expect(await readFile(file(name), 'utf8'), `docs/images/reproduce/${name} is stale: run npx tsx samples/reproduce-paper.ts docs/images/reproduce`).toBe(await readFile(join(committed, name), 'utf8'));
    }
    for (const name of GUIDE_FILES.map((f) => f.split('/').pop()!).filter((f) => f.endsWith('.png'))) {
      const svg = await readFile(join(committed, name.replace(/\.png$/, '.svg')), 'utf8');
      const drawnHere = Buffer.from((await rasterizeSvg({ svg })).png);
      expect(await readFile(file(name)), `${name}: the walk's PNG is its SVG drawn here`).toEqual(drawnHere);
      if (Buffer.compare(drawnHere, await readFile(join(committed, name))) === 0) expect(await readFile(file(name))).toEqual(await readFile(join(committed, name)));
      else console.info(`reproduce spec: this machine draws text differently from where docs/images/reproduce/${name} was made; compared its SVG only`);
    }
  });
});

describe('the walk itself', () => {
  it('runs only sh blocks not marked skip, saves `// NAME.ts` blocks, and names the guide line of a failing step', async () => {
    const md = [
      '<!-- reproduce: skip (installs) -->', '```sh', 'exit 7', '```', //
      '```ts', '// hello.ts — saved', "console.log('from hello');", '```', //
      '```ts', "console.log('not saved');", '```', //
      '```sh', 'npx tsx hello.ts && diffseg30k --help | head -1', '```', //
      '```sh', 'false', '```',
    ].join('\n');
    expect(walkSteps(md).map((s) => [s.kind, s.line])).toEqual([['file', 6], ['sh', 13], ['sh', 16]]);
    const guide = join(await tempDir('walk-guide-'), 'guide.md');
    await writeFile(guide, md);
    const failing = runWalk({ guide, work: await tempDir('walk-'), root });
    await expect(failing).rejects.toThrow(/the walk failed at .*guide\.md:16 \(exit 1\)/);
    await expect(failing).rejects.toThrow(/from hello\n[\s\S]*diffseg30k — tools for the DiffSeg30k benchmark/);
  }, 60_000);
});

describe.skipIf(!python.ok)('the guide\'s Python block', () => {
  it('reads the samples\' shards with datasets and writes predictions eval scores as perfect', async () => {
    const guide = await readFile(guidePath, 'utf8');
    const block = /```python\n([\s\S]*?)```/.exec(guide.split('## 2. Train and predict')[1])![1];
    const dir = await tempDir('reproduce-python-');
    await mkdir(join(dir, 'node_modules'));
    await symlink(root, join(dir, 'node_modules', 'diffseg30k'), 'dir');
    const env = { ...process.env, HF_HOME: join(dir, '.hf'), HF_DATASETS_OFFLINE: '1', HF_HUB_OFFLINE: '1' };
    await run(python.ok ? python.path : 'python3', ['-c', block], { cwd: dir, env, timeout: 120_000 });
    await run(process.execPath, [join(root, 'dist', 'cli', 'main.js'), 'eval', '--data', 'samples', '--pred', 'preds/python', '--json', 'python.json'], { cwd: dir });
    const report = JSON.parse(await readFile(join(dir, 'python.json'), 'utf8')) as Json;
    expect(report.images).toBe(16);
    for (const task of ['binary', 'semantic']) for (const metric of ['accuracy', 'miou', 'bf1']) expect(report.overall[task][metric], `${task} ${metric}`).toBe(1);
  }, 180_000);
});
