export { encodeRle } from './encode-rle.js';
export { decodeRle } from './decode-rle.js';
export { rleArea } from './rle-area.js';
export { rleBbox } from './rle-bbox.js';
export { composeLabelMap, type LabelledMask } from './compose-label-map.js';
export type { Rle, CompressedRle } from './rle-counts.js';
export { binaryMaskOf } from './binary-mask-of.js';
