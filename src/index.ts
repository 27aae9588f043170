/**
 * diffseg30k — the TypeScript SDK and data format of the DiffSeg30k benchmark.
 * @packageDocumentation
 */
export * from './errors.js';
export * from './schema/index.js';
export * from './mask/index.js';
export * from './io/index.js';
export * from './format/index.js';
export * from './stream/index.js';
export * from './splits/index.js';
export * from './transforms/index.js';
export * from './metrics/index.js';
export * from './visualize/index.js';
