export type { Sample } from './sample.js';
export { loadSplit, type LoadSplitOptions } from './load-split.js';
export { createSample } from './create-sample.js';
export { samplesDirectory } from './resolve-source.js';
export { validateDataset, type DatasetValidation, type DatasetProblem } from './validate-dataset.js';
export { describeDataset, type DatasetDescription, type SplitDescription } from './describe-dataset.js';
