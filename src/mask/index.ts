/**
 * `diffseg30k/mask` — masks and pixels, for code that works on records' bytes outside the
 * loader: COCO RLE (byte for byte pycocotools), label maps composed from a record's turns, binary
 * masks, decoding images and label maps, and the decoders' limits. Samples from `loadSplit`
 * already give `image()`, `labelMap()` and `turnMask(i)`.
 * @packageDocumentation
 */
export { RleError } from '../errors.js';
export { encodeRle } from './encode-rle.js';
export { decodeRle } from './decode-rle.js';
export { rleArea } from './rle-area.js';
export { rleBbox } from './rle-bbox.js';
export type { Rle, CompressedRle } from './rle-counts.js';
export { composeLabelMap, type LabelledMask } from './compose-label-map.js';
export { binaryMaskOf } from './binary-mask-of.js';
export { decodeImage } from '../codec/decode-image.js';
export { decodeLabelMap } from '../codec/decode-label-map.js';
export { encodeLabelMap, type EncodeLabelMapParams } from '../codec/encode-label-map.js';
export { DECODE_MEMORY_BYTES, MAX_IMAGE_PIXELS } from '../schema/limits.js';
