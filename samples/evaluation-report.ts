/**
 * An evaluation report and a paper table from a toy predictor on the bundled samples: the edits
 * found exactly, but SDXL's blamed on Kolors, and a strip at the left of every image missed. The
 * report (report.html, Figures 5 and 6, per-class and per-round charts) is what `diffseg30k eval
 * --report` writes; the table is `diffseg30k table --paper table2`. The images in
 * docs/report.md are this script's output (`npx tsx samples/evaluation-report.ts docs/images/report`).
 * Run: npx tsx samples/evaluation-report.ts [out dir]
 */
import { evaluatePredictions, loadSplit } from 'diffseg30k';
import { paperTable, readEvaluationRun, trackImages, writeEvaluationReport } from 'diffseg30k/report';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';

const out = process.argv[2] ?? 'evaluation-report';

/** The toy predictor: a label map from the truth, wrong in two known ways. */
const predict = (truth: Uint8Array, width: number) => truth.map((v, i) => (v === 255 || i % width < 12 ? 0 : v === 3 ? 6 : v));

async function* items() {
  for await (const s of loadSplit('validation', { source: 'samples' })) {
    const gt = await s.labelMap();
    yield { record: s, gt, pred: predict(gt, s.width) };
  }
}

// trackImages keeps each image's id and IoU (no pixels) for Figure 6.
const tracked = trackImages({ items: items() });
const report = await evaluatePredictions({ items: tracked.items, by: ['num_turns'] });
console.log(`semantic mIoU ${report.overall.semantic!.miou!.toFixed(3)}, binary mIoU ${report.overall.binary!.miou!.toFixed(3)} on ${report.images} images`);

// Figure 6 reads its few images again, by id.
async function* readImages(ids: readonly string[]) {
  const wanted = new Set(ids);
  for await (const s of loadSplit('validation', { source: 'samples', filter: (r) => wanted.has(r.id) })) {
    const gt = await s.labelMap();
    yield { id: s.id, image: await s.image(), gt, pred: predict(gt, s.width) };
  }
}
const written = await writeEvaluationReport({ report, out, images: tracked.images, readImages, panels: 2, scale: 1, details: ['toy predictor on the bundled samples (samples/evaluation-report.ts)'] });
console.log(`wrote ${written.html} and ${Object.keys(written.figures).join(', ')}`);

// The same numbers beside the paper's Table 2, as `diffseg30k table` prints them from eval --json.
await writeFile(join(out, 'eval.json'), `${JSON.stringify({ tool: 'diffseg30k eval', version: 1, ...report }, null, 2)}\n`);
console.log(paperTable({ paper: 'table2', format: 'md', runs: [await readEvaluationRun({ path: join(out, 'eval.json'), label: 'toy predictor' })] }));
