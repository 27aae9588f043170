/** Runs every benchmark in turn: `npm run bench`. Each prints its own table of ratios. */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const benches = ['rle.ts', 'scan.ts', 'metrics.ts', 'transforms.ts', 'loader.ts', 'first-sample.ts', 'hub.ts', 'http-deadlines.ts', 'label-maps.ts', 'stats.ts', 'eval.ts', 'distort.ts'];
let failed = 0;
for (const file of benches) {
  const path = join(import.meta.dirname, file);
  if (!existsSync(path)) continue;
  console.log(`\n=== bench/${file}`);
  const result = spawnSync(process.execPath, ['--import', 'tsx', path], { stdio: 'inherit' });
  if (result.status !== 0) failed++;
}
process.exitCode = failed ? 1 : 0;
