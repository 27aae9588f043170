import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { DetectionMetrics } from '../../src/metrics/detection-metrics.js';
import { SegmentationMetrics } from '../../src/metrics/segmentation-metrics.js';
import { toBinaryLabels } from '../../src/metrics/to-binary-labels.js';
import { loadSplit } from '../../src/stream/load-split.js';

interface Truth {
  id: string;
  width: number;
  height: number;
  numTurns: number;
  generators: string[];
  gt: Uint8Array;
}

let dir: string;
let truths: Truth[] = [];
/** Perturbed predictions by id (also written to `${dir}/perturbed`). */
const perturbed = new Map<string, Uint8Array>();

async function writePng(path: string, map: Uint8Array, width: number, height: number): Promise<void> {
  await sharp(map, { raw: { width, height, channels: 1 } }).png().toFile(path);
}

async function run(...argv: string[]) {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['eval', ...argv], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: false, cwd: dir });
  return { code, stdout, stderr };
}

async function runJson(...argv: string[]) {
  const file = join(dir, `out-${Math.random().toString(36).slice(2)}.json`);
  const result = await run(...argv, '--json', file);
  expect(result.code, result.stderr).toBe(0);
  return { ...result, json: JSON.parse(await readFile(file, 'utf8')) };
}

/** What the public API gives for the same images, computed directly. */
function direct(preds: (t: Truth) => Uint8Array, filter: (t: Truth) => boolean = () => true, boundary: 'bfscore' | 'davis' = 'bfscore') {
  const semantic = new SegmentationMetrics({ numClasses: 9, boundary });
  const binary = new SegmentationMetrics({ numClasses: 2, boundary });
  for (const t of truths.filter(filter)) {
    semantic.update({ gt: t.gt, pred: preds(t), width: t.width, height: t.height });
    binary.update({ gt: toBinaryLabels(t.gt), pred: toBinaryLabels(preds(t)), width: t.width, height: t.height });
  }
  return { semantic: semantic.compute(), binary: binary.compute() };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diffseg30k-eval-'));
  for (const name of ['perfect', 'perturbed', 'missing', 'mis-sized', 'bad-label']) await import('node:fs/promises').then((fs) => fs.mkdir(join(dir, name)));
  for await (const s of loadSplit('validation', { source: 'samples' })) {
    truths.push({ id: s.id, width: s.width, height: s.height, numTurns: s.num_turns!, generators: s.turns!.map((t) => t.generator), gt: await s.labelMap() });
  }
  truths = truths.slice(0, 10);
  for (const [i, t] of truths.entries()) {
    await writePng(join(dir, 'perfect', `${t.id}.png`), t.gt, t.width, t.height);
    // Perturb: shift every row by i % 4 pixels and relabel one generator as another.
    const p = new Uint8Array(t.gt.length);
    for (let y = 0; y < t.height; y++) {
      for (let x = 0; x < t.width; x++) {
        const v = t.gt[y * t.width + Math.max(0, x - (i % 4))];
        p[y * t.width + x] = v === 3 ? 6 : v === 255 ? 0 : v;
      }
    }
    perturbed.set(t.id, p);
    await writePng(join(dir, 'perturbed', `${t.id}.png`), p, t.width, t.height);
    if (i !== 3) await writePng(join(dir, 'missing', `${t.id}.png`), t.gt, t.width, t.height);
    await writePng(join(dir, 'mis-sized', `${t.id}.png`), i === 2 ? t.gt.subarray(0, t.width * (t.height - 1)) : t.gt, t.width, i === 2 ? t.height - 1 : t.height);
    const bad = t.gt.slice();
    if (i === 5) bad[7] = 9;
    await writePng(join(dir, 'bad-label', `${t.id}.png`), bad, t.width, t.height);
  }
  await writeFile(join(dir, 'scores.csv'), `id,score\n${truths.map((t, i) => `${t.id},${((i * 37) % 10) / 10}`).join('\n')}\n`);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('diffseg30k eval', () => {
  it('scores ground-truth predictions as perfect and prints a Table-2-shaped table', async () => {
    const { code, stdout, stderr, json } = await runJson('--data', 'samples', '--pred', 'perfect', '--limit', '10');
    expect(code).toBe(0);
    expect(stderr).toBe(''); // no progress bar without a TTY
    expect(stdout).toMatch(/Binary segmentation\s+Semantic segmentation/);
    expect(stdout).toMatch(/Acc\s+mIoU\s+bF1\s+Acc\s+mIoU\s+bF1/);
    expect(stdout).toMatch(/all \(10\)\s+1\.000\s+1\.000\s+1\.000\s+1\.000\s+1\.000\s+1\.000/);
    expect(stdout).toMatch(/kandinsky-2\.2\s+1\.000\s+1\.000/);
    for (const task of ['binary', 'semantic']) {
      expect(json.overall[task]).toMatchObject({ accuracy: 1, miou: 1, bf1: 1, images: 10 });
    }
    const c = json.overall.semantic.confusion as number[][];
    expect(c.length).toBe(9);
    c.forEach((row, g) => row.forEach((v, p) => g !== p && expect(v).toBe(0)));
    expect(json.overall.semantic.classNames[4]).toBe('flux.1');
  });

  it('reports exactly what SegmentationMetrics computes for imperfect predictions, with and without workers', async () => {
    const want = direct((t) => perturbed.get(t.id)!);
    const { json, stdout } = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10');
    const strip = ({ classNames: _, ...rest }: Record<string, unknown>) => rest;
    expect(strip(json.overall.semantic)).toEqual(want.semantic);
    expect(strip(json.overall.binary)).toEqual(want.binary);
    expect(want.semantic.miou).toBeLessThan(1);
    expect(stdout).toContain(`all (10)`);
    const pooled = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10', '--workers', '2');
    expect(pooled.json.overall).toEqual(json.overall);
  });

  it('--boundary davis scores with the DAVIS convention, says so in every table header and in the JSON', async () => {
    const want = direct((t) => perturbed.get(t.id)!, () => true, 'davis');
    const bfscore = direct((t) => perturbed.get(t.id)!);
    expect(want.semantic.bf1).not.toEqual(bfscore.semantic.bf1); // the conventions differ on these images
    for (const extra of [[], ['--workers', '2']]) {
      const { json, stdout } = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10', '--boundary', 'davis', '--by', 'num_turns', ...extra);
      expect(json.boundary).toBe('davis');
      expect(json.overall.semantic.bf1).toEqual(want.semantic.bf1);
      expect(json.overall.binary.bf1).toEqual(want.binary.bf1);
      expect(json.overall.semantic.confusion).toEqual(want.semantic.confusion);
      // The overall table and the --by table both name the convention in their header.
      expect(stdout.match(/^bF1 convention: davis\s+Acc\s+mIoU\s+bF1\s+Acc\s+mIoU\s+bF1$/gm)).toHaveLength(2);
      expect(stdout).toMatch(/Per class \(semantic\)\s+IoU\s+bF1 \(davis\)/);
    }
    const { json, stdout } = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10');
    expect(json.boundary).toBe('bfscore');
    expect(stdout).toMatch(/^bF1 convention: bfscore\s+Acc/m);
    expect((await run('--data', 'samples', '--pred', 'perturbed', '--boundary', 'matlab')).code).toBe(2);
  });

  it('--task semantic reports only the semantic task', async () => {
    const { json, stdout } = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10', '--task', 'semantic');
    expect(json.overall.binary).toBeUndefined();
    expect(json.overall.semantic.images).toBe(10);
    expect(stdout).not.toContain('Binary segmentation');
  });

  it('--by num_turns reports each group as SegmentationMetrics computes it', async () => {
    const { json, stdout } = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10', '--by', 'num_turns');
    const turnCounts = [...new Set(truths.map((t) => t.numTurns))].sort();
    expect(Object.keys(json.groups.num_turns).sort()).toEqual(turnCounts.map(String));
    for (const n of turnCounts) {
      const want = direct((t) => perturbed.get(t.id)!, (t) => t.numTurns === n);
      expect(json.groups.num_turns[String(n)].semantic.confusion).toEqual(want.semantic.confusion);
      expect(json.groups.num_turns[String(n)].semantic.bf1).toEqual(want.semantic.bf1);
      expect(json.groups.num_turns[String(n)].images).toBe(truths.filter((t) => t.numTurns === n).length);
    }
    expect(stdout).toContain('By num_turns');
  });

  it('--by generator counts an image in the group of every generator that edited it; unedited images form none', async () => {
    const { json } = await runJson('--data', 'samples', '--pred', 'perturbed', '--limit', '10', '--by', 'generator', '--task', 'semantic');
    const groups = json.groups.generator as Record<string, { images: number; semantic: { confusion: number[][] } }>;
    const expected = new Map<string, Truth[]>();
    for (const t of truths) for (const g of t.generators.length ? new Set(t.generators) : ['none']) expected.set(g, [...(expected.get(g) ?? []), t]);
    expect(Object.keys(groups).sort()).toEqual([...expected.keys()].sort());
    for (const [g, members] of expected) {
      expect(groups[g].images, g).toBe(members.length);
      const want = direct((t) => perturbed.get(t.id)!, (t) => members.includes(t));
      expect(groups[g].semantic.confusion, g).toEqual(want.semantic.confusion);
    }
  });

  it('--scores adds detection accuracy and AP (positive = the image has an edit)', async () => {
    const { json, stdout } = await runJson('--data', 'samples', '--pred', 'perfect', '--limit', '10', '--scores', 'scores.csv');
    const d = new DetectionMetrics();
    truths.forEach((t, i) => d.update({ scores: ((i * 37) % 10) / 10, labels: t.numTurns > 0 }));
    expect(json.overall.detection).toEqual(d.compute());
    expect(stdout).toMatch(/Detection \(score > 0\.5\): Acc \d\.\d{3}\s+AP \d\.\d{3}/);
  });

  it('fails with exit 1 naming the id of a missing prediction, unless --missing background', async () => {
    const id = truths[3].id;
    const failed = await run('--data', 'samples', '--pred', 'missing', '--limit', '10');
    expect(failed.code).toBe(1);
    expect(failed.stderr).toContain(`image ${id}: no prediction`);
    const { json } = await runJson('--data', 'samples', '--pred', 'missing', '--limit', '10', '--missing', 'background');
    expect(json.missingPredictions).toEqual([id]);
    const want = direct((t) => (t.id === id ? new Uint8Array(t.gt.length) : t.gt));
    expect(json.overall.semantic.confusion).toEqual(want.semantic.confusion);
    expect(json.overall.semantic.bf1).toEqual(want.semantic.bf1);
  });

  it('fails with exit 1 naming the id of a mis-sized prediction or a bad label (also with workers)', async () => {
    const sized = await run('--data', 'samples', '--pred', 'mis-sized', '--limit', '10');
    expect(sized.code).toBe(1);
    expect(sized.stderr).toContain(`mis-sized/${truths[2].id}.png, image ${truths[2].id}: label map is 256×255, expected 256×256`);
    for (const extra of [[], ['--workers', '2']]) {
      const bad = await run('--data', 'samples', '--pred', 'bad-label', '--limit', '10', ...extra);
      expect(bad.code).toBe(1);
      expect(bad.stderr).toContain(`image ${truths[5].id}: the prediction has label 9 at x=7, y=0; predictions are label ids 0..8`);
    }
    // The binary task alone: the label is still named for what it is, not as "numClasses is 2".
    const binary = await run('--data', 'samples', '--pred', 'bad-label', '--limit', '10', '--task', 'binary');
    expect(binary.code).toBe(1);
    expect(binary.stderr).toContain(`image ${truths[5].id}: the prediction has label 9 at x=7, y=0; predictions are label ids 0..8 (0 background, 1..8 the generators; 0/1 also works for the binary task)`);
    expect(binary.stderr).not.toMatch(/numClasses is 2/);
  });

  it('a first CSV line that does not parse is an error unless it is a header starting with id,', async () => {
    await writeFile(join(dir, 'bad-first.csv'), `${truths[0].id},oops\n${truths.slice(1).map((t) => `${t.id},0.5`).join('\n')}\n`);
    const bad = await run('--data', 'samples', '--pred', 'perfect', '--limit', '10', '--scores', 'bad-first.csv');
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain(`bad-first.csv, line 1: expected 'id,score' with a finite score, got '${truths[0].id},oops' (a header line must start with 'id,')`);
    await writeFile(join(dir, 'header.csv'), `ID,probability\n${truths.map((t) => `${t.id},0.5`).join('\n')}\n`);
    expect((await run('--data', 'samples', '--pred', 'perfect', '--limit', '10', '--scores', 'header.csv')).code).toBe(0);
  });

  it('a --json path that cannot be written is a typed OUTPUT_ERROR (exit 1), not an internal error', async () => {
    await writeFile(join(dir, 'a-file'), 'x');
    const result = await run('--data', 'samples', '--pred', 'perfect', '--limit', '2', '--json', join('a-file', 'report.json'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^diffseg30k eval: output: .*a-file\/report\.json: cannot write the --json report: ENOTDIR/);
  });

  it('draws a progress bar on stderr only when stdout is a terminal', async () => {
    let stdout = '';
    let stderr = '';
    const code = await runCli(['eval', '--data', 'samples', '--pred', 'perfect', '--limit', '10'], { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), isTTY: true, cwd: dir });
    expect(code).toBe(0);
    expect(stderr).toContain('10/10');
    expect(stdout).not.toContain('10/10');
    expect(stdout).toMatch(/all \(10\)/);
  });

  it('reads the default dataset (DIFFSEG30K_SOURCE, else the Hub) when none is given', async () => {
    const saved = process.env.DIFFSEG30K_SOURCE;
    process.env.DIFFSEG30K_SOURCE = 'samples';
    try {
      const { code, stdout } = await run('--pred', 'perfect', '--limit', '10');
      expect(code).toBe(0);
      expect(stdout).toMatch(/all \(10\)\s+1\.000/);
    } finally {
      if (saved === undefined) delete process.env.DIFFSEG30K_SOURCE;
      else process.env.DIFFSEG30K_SOURCE = saved;
    }
  });

  it('rejects usage mistakes with exit 2', async () => {
    expect((await run('--data', 'samples')).code).toBe(2);
    expect((await run('samples', '--data', 'other', '--pred', 'perfect')).code).toBe(2);
    expect((await run('--data', 'samples', '--pred', 'perfect', '--task', 'all')).code).toBe(2);
    expect((await run('--data', 'samples', '--pred', 'perfect', '--by', 'colour')).code).toBe(2);
    expect((await run('--data', 'samples', '--pred', 'perfect', '--workers', '0')).code).toBe(2);
    expect((await run('--data', 'samples', '--pred', 'nowhere')).code).toBe(2);
    expect((await run('--data', 'samples', '--pred', 'perfect', '--bogus')).code).toBe(2);
    expect(await run('--data', 'samples', '--pred', 'perfect', '--generators', 'sdxl,dalle')).toMatchObject({ code: 2, stderr: expect.stringContaining("--generators: unknown generator 'dalle'") });
    expect(await run('--data', 'samples', '--pred', 'perfect', '--generators', 'sdxll')).toMatchObject({ code: 2, stderr: expect.stringContaining("did you mean 'sdxl'?") });
    expect((await run('--data', 'samples', '--pred', 'perfect', '--generators', ',')).code).toBe(2);
  });

  it('--holdout scores the test side of a holdout (images with a held-out edit), a preset or generators', async () => {
    for (const [flag, generators] of [['glide+kolors', ['glide', 'kolors']], ['kolors,sd2', ['sd2', 'kolors']]] as const) {
      // 'perfect' holds the first 10 images' predictions; the others score as background.
      const { code, stdout, json } = await runJson('--data', 'samples', '--pred', 'perfect', '--missing', 'background', '--holdout', flag, '--task', 'binary');
      expect(code).toBe(0);
      expect(stdout).toContain(`the test side of holdout ${generators.join('+')}`);
      const side: string[] = [];
      let all = 0;
      for await (const s of loadSplit('validation', { source: 'samples', metadataOnly: true })) {
        all++;
        if (s.turns!.some((t) => (generators as readonly string[]).includes(t.generator))) side.push(s.id);
      }
      expect(side.length).toBeGreaterThan(0);
      expect(side.length).toBeLessThan(all);
      expect(json.holdout).toEqual(generators);
      expect(json.images).toBe(side.length);
      expect(json.missingPredictions.every((id: string) => side.includes(id))).toBe(true);
    }
    expect(await run('--data', 'samples', '--pred', 'perfect', '--holdout', 'sd2+sd35')).toMatchObject({ code: 2, stderr: expect.stringContaining("--holdout: unknown holdout preset 'sd2+sd35'") });
    expect(await run('--data', 'samples', '--pred', 'perfect', '--holdout', 'sd2,dalle')).toMatchObject({ code: 2, stderr: expect.stringContaining("--holdout: unknown generator 'dalle'") });
  });

  it('--generators scores only the masks named, as evaluatePredictions does, and says so', async () => {
    const { code, stdout } = await run('--data', 'samples', '--pred', 'perfect', '--generators', 'kolors,sdxl', '--by', 'variant', '--limit', '10', '--json', 'kept.json');
    expect(code).toBe(0);
    expect(stdout).toContain('only the masks of sdxl, kolors scored');
    const json = JSON.parse(await readFile(join(dir, 'kept.json'), 'utf8'));
    expect(json.generators).toEqual(['sdxl', 'kolors']);
    expect(Object.keys(json.groups.variant).sort()).toEqual(['kolors', 'none', 'sdxl']);
    expect(json.overall.semantic.miou).toBe(1);
  });
});
