/**
 * The paper's Table 4 protocol on the bundled samples: a dataset with the samples' validation
 * split as published (`validation`) and a *variant split* (`validation_lora`) in which every
 * region SDXL edited is edited again by a variant of SDXL — the paper re-edits them with SDXL and
 * the Hyper-SD LoRA at 8 steps. The samples are synthetic, so here "re-editing" repaints the SDXL
 * pixels (their colours rotated and darkened); each SDXL turn keeps `generator: 'sdxl'` and its
 * label (the variant counts as SDXL) and records `variant: 'hyper-sd-8step'`. Masks, RLEs and
 * every other field are unchanged. docs/metrics.md scores it with `eval --generators sdxl`.
 * Run: npx tsx samples/lora-variant.ts [out dir]
 */
import { type AnnotatedSample, LABELS, loadSplit, writeDataset } from 'diffseg30k';
import sharp from 'sharp';

const out = process.argv[2] ?? 'lora-variant';
const VARIANT = 'hyper-sd-8step';
const SDXL = LABELS.find((l) => l.name === 'sdxl')!.id;

/** The sample again, SDXL's pixels repainted and its turns marked as the variant's. */
async function reEdited(s: AnnotatedSample) {
  const labels = await s.labelMap();
  const { data, width, height, channels } = await s.image();
  const pixels = Uint8Array.from(data);
  for (let i = 0; i < labels.length; i++) {
    if (labels[i] !== SDXL) continue;
    const p = i * channels;
    const [r, g, b] = [pixels[p], pixels[p + 1], pixels[p + 2]];
    [pixels[p], pixels[p + 1], pixels[p + 2]] = [(g * 7) >> 3, (b * 7) >> 3, (r * 7) >> 3];
  }
  const image = await sharp(pixels, { raw: { width, height, channels: channels as 3 | 4 } }).png().toBuffer();
  const { file, imageBytes, maskBytes, image: _i, labelMap: _l, binaryMask: _b, turnMask: _t, ...metadata } = s;
  return {
    ...metadata,
    split: 'validation_lora',
    turns: s.turns.map((t) => (t.generator === 'sdxl' ? { ...t, variant: VARIANT } : t)),
    image: { bytes: new Uint8Array(image), path: null },
    mask: { bytes: maskBytes!, path: null },
  };
}

async function* variantSplit() {
  for await (const s of loadSplit('validation', { source: 'samples' })) {
    if (s.annotations === 'mask-only') throw new Error('the samples are fully annotated');
    yield await reEdited(s);
  }
}

const summary = await writeDataset({
  out,
  overwrite: true,
  splits: { validation: loadSplit('validation', { source: 'samples' }), validation_lora: variantSplit() },
});
const edited = [];
for await (const s of loadSplit('validation_lora', { source: out, metadataOnly: true })) if (s.turns?.some((t) => t.variant === VARIANT)) edited.push(s.id);
console.log(`wrote ${out}: validation ${summary.splits.validation.num_examples} records, validation_lora ${summary.splits.validation_lora.num_examples} (${edited.length} with SDXL edits re-made by sdxl:${VARIANT})`);
