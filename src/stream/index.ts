export type { Sample } from '../schema/sample.js';
export { loadSplit, type LoadSplitOptions } from './load-split.js';
export { createSample } from '../sample/create-sample.js';
export { samplesDirectory } from '../repo/samples-source.js';
export { validateDataset, type DatasetValidation, type DatasetProblem } from '../validate/validate-dataset.js';
export { describeDataset, type DatasetDescription, type SplitDescription } from '../stats/describe-dataset.js';
