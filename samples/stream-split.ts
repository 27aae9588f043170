/**
 * Stream a split and look at what it holds.
 * Run: npx tsx samples/stream-split.ts [hf://datasets/org/name | dataset dir | file.zip | samples] [split]
 */
import { loadSplit } from 'diffseg30k';

const source = process.argv[2] ?? 'samples';
const split = process.argv[3] ?? 'validation';

let images = 0;
let editedPixels = 0;
let pixels = 0;
for await (const sample of loadSplit(split, { source })) {
  const labels = await sample.labelMap(); // 0 background, 1..8 generator ids, 255 ignore
  const edited = labels.reduce((n, v) => n + (v !== 0 && v !== 255 ? 1 : 0), 0);
  const { width, height, channels } = await sample.image();
  // The authors' zip release has no turns (null, unknown): only the generators its mask shows.
  const models =
    sample.turns === null
      ? `${sample.generators.join(', ') || 'none'} (mask only)`
      : sample.turns.map((t) => `${t.generator} (${t.edit_type})`).join(' → ') || 'unedited';
  console.log(`${sample.id}  ${width}×${height}×${channels}  ${(sample.base_type ?? '?').padEnd(9)}  ${models}`);
  images++;
  editedPixels += edited;
  pixels += labels.length;
}
console.log(`${images} images, ${((100 * editedPixels) / Math.max(pixels, 1)).toFixed(1)} % of pixels edited`);
