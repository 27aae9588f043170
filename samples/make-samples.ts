/**
 * `npm run samples`: regenerates the bundled synthetic samples in `samples/data/` and
 * `samples/authors-layout.zip`. Deterministic — run it twice and the files are byte-identical;
 * commit the result whenever the generator changes (the samples spec fails until you do).
 */
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { makeSamples } from './lib/make.js';

const root = dirname(fileURLToPath(import.meta.url));
const { dataDir, zipPath } = await makeSamples({ root });
console.log(`samples: wrote ${dataDir} and ${zipPath}`);
