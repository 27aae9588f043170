/**
 * The paper's cross-generator protocol (Table 5) over the bundled samples: for each preset, how
 * many images train on the six seen generators and how many test the two held-out ones.
 * Run: npx tsx samples/holdout-protocol.ts
 */
import { type AnyRecordMetadata, HOLDOUT_PRESETS, type HoldoutPreset, crossGeneratorSplit, loadSplit } from 'diffseg30k';

// Any layout works: a mask-only record (the authors' zip release) is judged by its label map.
const records: AnyRecordMetadata[] = [];
for (const split of ['train', 'validation']) {
  for await (const s of loadSplit(split, { source: 'samples', metadataOnly: true })) records.push(s);
}
for (const preset of Object.keys(HOLDOUT_PRESETS) as HoldoutPreset[]) {
  const { counts } = crossGeneratorSplit(records, { holdout: preset });
  console.log(`${preset.padEnd(24)} held out ${HOLDOUT_PRESETS[preset].join(', ').padEnd(24)} train ${counts.train} (negatives ${counts.negatives}), test ${counts.test} (mixed ${counts.mixed})`);
}
