export type { Sample } from './sample.js';
export { loadSplit, type LoadSplitOptions } from './load-split.js';
export { createSample } from './create-sample.js';
export { samplesDirectory } from './resolve-source.js';
