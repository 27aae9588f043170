/**
 * Runs every example program in samples/ as a user would (`npx tsx samples/<name>.ts`), so the
 * examples never rot: each must exit 0 and print what it promises.
 */
import { execFile } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { rasterizeSvg } from '../../src/charts/rasterize-svg.js';
import { runCli } from '../../src/cli/run-cli.js';
import { encodeLabelMap } from '../../src/mask/index.js';
import { type Sample, loadSplit } from '../../src/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const run = promisify(execFile);
const root = resolve(import.meta.dirname, '..', '..');

async function example(name: string, args: string[] = []): Promise<string> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', `samples/${name}.ts`, ...args], { cwd: root });
  return stdout;
}

describe('samples/ example programs', () => {
  it('stream-split.ts streams the validation split', async () => {
    const out = await example('stream-split');
    expect(out).toMatch(/ds-\d{6}\s+256×256×3/);
    expect(out).toMatch(/^\d+ images, \d+\.\d % of pixels edited$/m);
  });

  it('stream-split.ts streams the authors\' zip layout as mask-only samples', async () => {
    const out = await example('stream-split', ['samples/authors-layout.zip', 'validation']);
    expect(out).toMatch(/^00000005\s+256×256×3\s+\?\s+.* \(mask only\)$/m);
    expect(out).toMatch(/^2 images, /m);
  });

  it('evaluate-baselines.ts scores the two trivial detectors', async () => {
    const out = await example('evaluate-baselines');
    expect(out).toMatch(/all background \(binary\)\s+Acc 0\.\d{3}\s+mIoU 0\.000/);
    // Knowing where every edit is gives a perfect binary score.
    expect(out).toMatch(/blame SDXL \(binary\)\s+Acc 1\.000\s+mIoU 1\.000\s+bF1 1\.000/);
    expect(out).toMatch(/per-class IoU: sd2 0\.00/);
  });

  it('data-parallel.ts trains on 4 ranks, checkpoints, resumes on 2 and covers the epoch once', async () => {
    const out = await example('data-parallel');
    expect(out).toMatch(/^4 ranks: 4 \+ 4 \+ 4 \+ 4 samples, then a checkpoint: \{"version":1,/m);
    expect(out).toMatch(/^resumed on 2 ranks: 12 \+ 12 samples$/m);
    expect(out).toMatch(/^epoch 0: 40 samples of 40, every sample exactly once$/m);
  }, 60_000);

  it('holdout-protocol.ts prints the three Table 5 holdouts', async () => {
    const out = await example('holdout-protocol');
    for (const preset of ['flux.1+hunyuandit-1.1', 'sd2+sd3.5', 'glide+kolors']) expect(out).toContain(preset);
    expect(out).toMatch(/train \d+ \(negatives \d+\), test \d+ \(mixed \d+\)/);
  });

  it('lora-variant.ts writes a variant split (Table 4) that eval --generators sdxl --by variant and table --paper table4 score', async () => {
    const dir = await tempDir('lora-variant-');
    const data = join(dir, 'lora');
    const printed = await example('lora-variant', [data]);
    expect(printed).toMatch(/^wrote .*lora: validation 16 records, validation_lora 16 \(\d+ with SDXL edits re-made by sdxl:hyper-sd-8step\)$/m);
    const vanilla = new Map<string, Sample>();
    for await (const s of loadSplit('validation', { source: 'samples' })) vanilla.set(s.id, s);
    let variants = 0;
    for await (const s of loadSplit('validation_lora', { source: data })) {
      const before = vanilla.get(s.id)!;
      const sdxl = before.turns!.some((t) => t.generator === 'sdxl');
      // Labelled as the parent: the same generators, labels, masks; only SDXL's turns carry the variant.
      expect(s.turns!.map((t) => [t.generator, t.label, t.mask_rle, t.variant])).toEqual(before.turns!.map((t) => [t.generator, t.label, t.mask_rle, t.generator === 'sdxl' ? 'hyper-sd-8step' : null]));
      expect(s.maskBytes).toEqual(before.maskBytes);
      // Re-edited: the SDXL pixels changed, no other pixel did.
      const [labels, now, was] = [await s.labelMap(), (await s.image()).data, (await before.image()).data];
      for (let i = 0; i < labels.length; i++) {
        const same = now[3 * i] === was[3 * i] && now[3 * i + 1] === was[3 * i + 1] && now[3 * i + 2] === was[3 * i + 2];
        if (labels[i] !== 3 && !same) expect.fail(`${s.id}: pixel ${i} outside SDXL changed`);
      }
      if (sdxl) {
        variants++;
        expect(Buffer.compare(Buffer.from(now), Buffer.from(was))).not.toBe(0);
      }
    }
    expect(variants).toBeGreaterThan(0);

    // A model that misses every other row of the variant's edits, scored as Table 4 scores it.
    for (const split of ['validation', 'validation_lora']) {
      await mkdir(join(dir, split));
      for await (const s of loadSplit(split, { source: data })) {
        const pred = await s.labelMap();
        s.turns!.forEach((t, k) => {
          if (!t.variant) return;
          const mask = s.turnMask(k);
          for (let i = 0; i < mask.length; i++) if (mask[i] && Math.floor(i / s.width) % 2 === 0) pred[i] = 0;
        });
        await writeFile(join(dir, split, `${s.id}.png`), await encodeLabelMap({ labels: pred, width: s.width, height: s.height }));
      }
    }
    const cli = async (argv: string[]) => {
      let stdout = '';
      const code = await runCli(argv, { stdout: (t) => (stdout += t), stderr: () => {}, isTTY: false, cwd: dir });
      expect(code, stdout).toBe(0);
      return stdout;
    };
    await cli(['eval', '--data', data, '--split', 'validation', '--pred', 'validation', '--generators', 'sdxl', '--json', 'sdxl.json']);
    const lora = await cli(['eval', '--data', data, '--split', 'validation_lora', '--pred', 'validation_lora', '--generators', 'sdxl', '--by', 'variant', '--json', 'lora.json']);
    expect(lora).toContain('only the masks of sdxl scored');
    expect(lora).toMatch(/^sdxl:hyper-sd-8step \(\d+\)\s/m);
    const [sdxlRun, loraRun] = [JSON.parse(await readFile(join(dir, 'sdxl.json'), 'utf8')), JSON.parse(await readFile(join(dir, 'lora.json'), 'utf8'))];
    expect(sdxlRun.generators).toEqual(['sdxl']);
    expect(sdxlRun.overall.semantic.miou).toBe(1);
    expect(loraRun.overall.semantic.miou).toBeLessThan(0.75);
    expect(loraRun.overall.semantic.miou).toBe(loraRun.overall.semantic.iou[3]);
    const table = await cli(['table', 'sdxl.json', 'lora.json', '--paper', 'table4', '--label', 'SDXL', '--label', 'SDXL-LoRA']);
    expect(table).toContain('| DeepLabv3+ (paper) | SDXL-LoRA | 0.630 |');
    expect(table).toContain(`| ours | SDXL-LoRA | ${loraRun.overall.semantic.miou.toFixed(3)} |`);
  }, 120_000);

  it('figure-3.ts writes the figure of docs/statistics.md: the committed files are its output on the samples', async () => {
    const out = await tempDir('figure-3-');
    const printed = await example('figure-3', ['samples', out]);
    expect(printed).toMatch(/^56 images in train, validation$/m);
    expect(printed).toMatch(/^1 : 2 : 3 rounds = 1\.00 : 4\.00 : 5\.00, 6 unedited$/m);
    const docs = join(root, 'docs', 'images', 'figure-3');
    for (const file of ['figure-3.svg', 'stats.json', 'stats.md']) {
      expect(await readFile(join(out, file), 'utf8'), `docs/images/figure-3/${file} is stale: run npx tsx samples/figure-3.ts samples docs/images/figure-3`).toBe(await readFile(join(docs, file), 'utf8'));
    }
    // The PNG is the SVG drawn with this machine's fonts: byte for byte the committed one where the
    // fonts draw as where it was made, else only the SVG above can be compared.
    const committed = await readFile(join(docs, 'figure-3.png'));
    const drawnHere = (await rasterizeSvg({ svg: await readFile(join(docs, 'figure-3.svg'), 'utf8') })).png;
    expect(await readFile(join(out, 'figure-3.png'))).toEqual(Buffer.from(drawnHere));
    if (Buffer.compare(Buffer.from(drawnHere), committed) === 0) expect(await readFile(join(out, 'figure-3.png'))).toEqual(committed);
    else console.info('examples spec: this machine draws the figure\'s text differently from where docs/images/figure-3/figure-3.png was made; compared its SVG only');
  }, 60_000);

  it('evaluation-report.ts writes the report of docs/report.md: the committed files are its output on the samples', async () => {
    const out = await tempDir('evaluation-report-');
    const printed = await example('evaluation-report', [out]);
    expect(printed).toMatch(/^semantic mIoU 0\.\d{3}, binary mIoU 0\.\d{3} on 16 images$/m);
    expect(printed).toContain('| FCN-8s (paper) | 0.566 | 0.366 | 0.363 | 0.192 | 0.039 | 0.053 |');
    expect(printed).toMatch(/^\| toy predictor \| (\d\.\d{3} \| ){5}\d\.\d{3} \|$/m);
    const docs = join(root, 'docs', 'images', 'report');
    const figures = ['by-num_turns', 'figure-5', 'figure-6', 'per-class'];
    for (const file of [...figures.map((f) => `${f}.svg`), 'report.html', 'eval.json']) {
      expect(await readFile(join(out, file), 'utf8'), `docs/images/report/${file} is stale: run npx tsx samples/evaluation-report.ts docs/images/report`).toBe(await readFile(join(docs, file), 'utf8'));
    }
    // PNGs: as for Figure 3, byte for byte only where this machine draws text as where they were made.
    for (const f of figures) {
      const committed = await readFile(join(docs, `${f}.png`));
      const drawnHere = (await rasterizeSvg({ svg: await readFile(join(docs, `${f}.svg`), 'utf8'), scale: 1 })).png;
      expect(await readFile(join(out, `${f}.png`))).toEqual(Buffer.from(drawnHere));
      if (Buffer.compare(Buffer.from(drawnHere), committed) === 0) expect(await readFile(join(out, `${f}.png`))).toEqual(committed);
      else console.info(`examples spec: this machine draws text differently from where docs/images/report/${f}.png was made; compared its SVG only`);
    }
  }, 60_000);
});
