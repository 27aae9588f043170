/**
 * A toy predictor standing in for a trained model in docs/reproduce.md: it writes `<id>.png`
 * label maps for every image of a split, made from the split's own truth with known mistakes, so
 * every step of the guide (eval, the paper's tables, the report's figures) has something to score
 * without a GPU. Its mistakes, all deliberate and all visible in the scores:
 *
 * 1. The leftmost sixteenth of every image's columns is predicted background (edits there missed).
 * 2. SD2's pixels are attributed to SD3.5 (the semantic task's confusion; binary unaffected).
 * 3. The pixels of a turn made by a generator `variant` (e.g. SDXL with a LoRA) are missed on every
 *    other row, so the Table 4 step (SDXL vs SDXL-LoRA) shows a drop.
 * 4. Ignored pixels (255) are predicted background, as a model would.
 *
 * The predictions are PNG label maps written with `encodeLabelMap` (8-bit grey, the ids as values),
 * what `diffseg30k eval --pred` reads. With `--scores FILE` it also writes `id,score` lines for
 * detection: the score is 4 × the share of the image predicted edited, capped at 1, so at the
 * default threshold (0.5) images whose predicted edit covers less than 12.5 % count as unedited.
 *
 * It reads the truth, so distortions that leave the label map alone (JPEG) leave its scores alone;
 * a model's would drop. Uses only the published package, so it runs from node_modules too.
 * Run: npx tsx samples/toy-predictions.ts --data <dataset dir | samples> --split <name> --out <dir> [--scores <csv>]
 */
import { loadSplit } from 'diffseg30k';
import { labelOfGenerator } from 'diffseg30k/format';
import { encodeLabelMap } from 'diffseg30k/mask';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { data: { type: 'string' }, split: { type: 'string' }, out: { type: 'string' }, scores: { type: 'string' } } });
if (!values.data || !values.split || !values.out) {
  console.error('usage: npx tsx samples/toy-predictions.ts --data <dataset dir | samples> --split <name> --out <dir> [--scores <csv>]');
  process.exit(2);
}

const SD2 = labelOfGenerator('sd2');
const SD35 = labelOfGenerator('sd3.5');

await mkdir(values.out, { recursive: true });
const scores = ['id,score'];
let images = 0;
let variantTurns = 0;
for await (const s of loadSplit(values.split, { source: values.data })) {
  const { width, height } = s;
  const truth = await s.labelMap();
  const pred = truth.map((v, i) => (v === 255 || i % width < width / 16 ? 0 : v === SD2 ? SD35 : v));
  // Mistake 3: a variant's visible pixels (its mask, where the label map still shows its
  // generator) are dropped on odd rows.
  for (const [index, turn] of (s.turns ?? []).entries()) {
    if (turn.variant === null) continue;
    variantTurns++;
    const mask = s.turnMask(index);
    const label = labelOfGenerator(turn.generator);
    for (let y = 1; y < height; y += 2) {
      for (let x = 0, i = y * width; x < width; x++, i++) if (mask[i] && truth[i] === label) pred[i] = 0;
    }
  }
  await writeFile(join(values.out, `${s.id}.png`), await encodeLabelMap({ labels: pred, width, height }));
  let edited = 0;
  for (const v of pred) if (v !== 0) edited++;
  scores.push(`${s.id},${Math.min(1, (4 * edited) / pred.length).toFixed(6)}`);
  images++;
}
if (values.scores) await writeFile(values.scores, `${scores.join('\n')}\n`);
console.log(`wrote ${images} predictions to ${values.out}${variantTurns ? ` (${variantTurns} variant turns half missed)` : ''}${values.scores ? ` and scores to ${values.scores}` : ''}`);
