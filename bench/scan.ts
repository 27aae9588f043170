/**
 * A metadata-only scan of the bundled samples against a full pass that decodes every image and
 * label map. Run: `npx tsx bench/scan.ts`. Also prints the bytes each pass fetches, from the
 * shards' footers (`shard.byteRanges`), so the I/O saving is visible next to the time saving.
 */
import { loadSplit } from '../src/index.js';
import { openDataset, openShard } from '../src/format/index.js';
import { samplesDirectory } from '../src/repo/index.js';
import { fromFile } from '../src/io/index.js';
import { METADATA_COLUMNS } from '../src/parquet/arrow.js';
import { printTable, timePerCall } from './harness.js';

const dir = samplesDirectory();
const layout = await openDataset({ source: dir });
let metadataBytes = 0;
let allBytes = 0;
for (const split of layout.splits) {
  for (const { path } of split.files) {
    const shard = await openShard({ byteSource: await layout.source.open({ path }) });
    for (let g = 0; g < shard.rowGroups.length; g++) {
      const size = (ranges: [number, number][]) => ranges.reduce((n, [a, b]) => n + b - a, 0);
      metadataBytes += size(shard.byteRanges({ rowGroup: g, columns: METADATA_COLUMNS }));
      allBytes += size(shard.byteRanges({ rowGroup: g }));
    }
  }
}

async function pass(metadataOnly: boolean): Promise<number> {
  let n = 0;
  for (const split of layout.splits) {
    for await (const s of loadSplit(split.name, { source: dir, metadataOnly })) {
      if (!metadataOnly) {
        await s.image();
        await s.labelMap();
      }
      n++;
    }
  }
  return n;
}

const records = await pass(true);
const metadata = await timePerCall(() => pass(true), { rounds: 5, minSeconds: 0.5 });
const full = await timePerCall(() => pass(false), { rounds: 5, minSeconds: 0.5 });
printTable(`Scan of the bundled samples (${records} records)`, ['pass', 'ms per pass', 'µs per record', 'bytes fetched', 'speed-up'], [
  ['full decode (image + label map)', full * 1e3, (full / records) * 1e6, allBytes, '1.00×'],
  ['metadata only', metadata * 1e3, (metadata / records) * 1e6, metadataBytes, `${(full / metadata).toFixed(2)}×`],
]);
