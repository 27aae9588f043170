export type { ByteSource } from './byte-source.js';
export { fromFile } from './from-file.js';
export { fromBuffer } from './from-buffer.js';
export { countingSource, type ReadStats } from './counting-source.js';
