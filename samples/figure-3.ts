/**
 * The paper's Figure 3 for a dataset: the five statistics panels as SVG and PNG, with the numbers
 * as JSON and Markdown tables. The figure in docs/statistics.md is this script's output on the
 * bundled samples (`npx tsx samples/figure-3.ts samples docs/images/figure-3`; a spec checks that
 * the committed files are what it writes).
 * Run: npx tsx samples/figure-3.ts [hf://datasets/org/name | dataset dir | file.zip | samples] [out dir]
 */
import { datasetStatistics, writeStatistics } from 'diffseg30k/stats';

const source = process.argv[2] ?? 'samples';
const out = process.argv[3] ?? 'figure-3';

const statistics = await datasetStatistics({ source });
const { categories, rounds, baseImages, edits } = statistics;
console.log(`${statistics.records} images in ${statistics.splits.map((s) => s.name).join(', ')}`);
if (categories) console.log(`most edited: ${categories.top.slice(0, 3).map((c) => `${c.category} (${c.edits})`).join(', ')}`);
if (rounds?.ratio) console.log(`1 : 2 : 3 rounds = ${rounds.ratio.map((x) => x.toFixed(2)).join(' : ')}, ${rounds.negatives} unedited`);
if (baseImages) console.log(`bases: ${baseImages.real} real, ${baseImages.generated} generated`);
console.log(`edits per generator: ${Object.entries(edits.total).map(([g, n]) => `${g} ${n}`).join(', ')}`);
for (const [panel, { status, reason }] of Object.entries(statistics.coverage)) if (status !== 'complete') console.log(`(${panel}) ${status}: ${reason}`);

const { files, textRendered } = await writeStatistics({ statistics, out });
console.log(`wrote ${Object.values(files).join(', ')}`);
if (!textRendered) console.log('warning: no font renders text here; the PNG labels are boxes (the SVG is fine)');
