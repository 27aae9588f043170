/**
 * Writes the bundled samples: the synthetic dataset in the canonical Parquet layout and the zip in
 * the authors' layout. Shared by `samples/make-samples.ts` (`npm run samples`) and the samples
 * spec, which regenerates into a temporary directory and compares bytes with what is committed.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeDataset } from '../../src/format/write-dataset.js';
import { buildAuthorsZip } from './authors-zip.js';
import { COMPOSITION, SEED, buildSplits } from './synth.js';

/** Rows per row group and per shard: small, so that the samples exercise multi-shard, multi-row-group reading. */
export const ROW_GROUP_ROWS = 8;
/** See {@link ROW_GROUP_ROWS}: train becomes two shards (24 + 16 rows), validation one. */
export const MAX_SHARD_ROWS = 24;

/** Title of the samples' dataset card. */
export const CARD_TITLE = 'DiffSeg30k synthetic samples';

function cardBody(): string {
  const edited = (s: keyof typeof COMPOSITION) => COMPOSITION[s].byTurns.reduce((a, b) => a + b, 0);
  const total = (s: keyof typeof COMPOSITION) => COMPOSITION[s].negatives + edited(s);
  return [
    '**This dataset is SYNTHETIC.** Its images are procedural textures (gradients, stripes, tiles,',
    'low-frequency value noise) standing in for photos, and its "edits" are procedural too: each edit',
    'repaints the pixels inside its mask with a texture of its own. No diffusion model made or edited',
    'any of these pixels, the generator names are labels drawn at random, and the prompts, COCO ids and',
    'quality scores are invented. Do not train or evaluate a detector on it.',
    '',
    '## What it is for',
    '',
    'It is the bundled sample of the [diffseg30k](https://www.npmjs.com/package/diffseg30k) npm package:',
    'a small dataset in the exact DiffSeg30k format, for examples (`npx diffseg30k demo`), tests and',
    'trying the API without downloading the real 30k-image benchmark. It has the structure of the real',
    'data (paper §3, Figure 3): 1, 2 and 3 sequential edits by distinct generators in a 1:4:5 ratio, later',
    'edits overwriting earlier ones, all eight generators and all three edit types (attribute, addition,',
    'removal), real and generated bases, unedited negatives, VLM-style quality scores (a few below 3).',
    'Every masked pixel really differs from the base image, and no pixel outside the masks does, so the',
    'label maps are exact ground truth for what was changed.',
    '',
    '| split | records | unedited | 1 / 2 / 3 turns |',
    '|---|---|---|---|',
    ...(['train', 'validation'] as const).map(
      (s) => `| ${s} | ${total(s)} | ${COMPOSITION[s].negatives} | ${COMPOSITION[s].byTurns.join(' / ')} |`,
    ),
    '',
    'Images are 256×256 RGB PNGs; `mask` is an 8-bit grey PNG of label ids (0 = unedited, 1–8 = generator).',
    '',
    '## How it was made',
    '',
    `\`npm run samples\` in the package repository runs \`samples/make-samples.ts\`, which draws everything`,
    `from one seeded PRNG (seed ${SEED}) and writes the same bytes on every run and machine (PNGs are`,
    'encoded with the pure-JS fflate, not a native library). A spec regenerates the data and checks that',
    'it matches the committed files byte for byte.',
  ].join('\n');
}

/** Paths written by {@link makeSamples}. */
export interface MadeSamples {
  /** The dataset directory (card + `data/`). */
  dataDir: string;
  /** The authors'-layout zip. */
  zipPath: string;
}

/**
 * Writes the dataset to `{root}/data/` (replacing what was there) and the zip to
 * `{root}/authors-layout.zip`.
 */
export async function makeSamples(params: { root: string }): Promise<MadeSamples> {
  const dataDir = join(params.root, 'data');
  const zipPath = join(params.root, 'authors-layout.zip');
  await mkdir(params.root, { recursive: true });
  const splits = buildSplits();
  await writeDataset({
    out: dataDir,
    // The whole dataset is replaced, so no file of an older layout survives.
    overwrite: true,
    splits,
    rowGroupRows: ROW_GROUP_ROWS,
    maxShardRows: MAX_SHARD_ROWS,
    card: {
      title: CARD_TITLE,
      body: cardBody(),
      license: 'mit',
      tags: ['synthetic', 'diffseg30k', 'image-forensics'],
    },
  });
  await writeFile(zipPath, buildAuthorsZip());
  return { dataDir, zipPath };
}
