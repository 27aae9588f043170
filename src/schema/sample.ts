import type { DecodedImage } from './decoded.js';
import type { RecordMetadata } from './record.js';

/**
 * One image of a split as {@link loadSplit} yields it: the record's metadata as plain typed
 * fields, and the pixels decoded lazily, only when asked (and at most once each).
 */
export interface Sample extends RecordMetadata {
  /** Shard file (or archive member) the record came from, for error messages. */
  readonly file: string;
  /** The encoded image bytes as published (undefined in a metadata-only pass). */
  readonly imageBytes: Uint8Array | undefined;
  /** The encoded label-map PNG bytes (undefined in a metadata-only pass). */
  readonly maskBytes: Uint8Array | undefined;
  /** Decoded 8-bit RGB(A) pixels of the image (grey is given as RGB, as libvips does). */
  image(): Promise<DecodedImage>;
  /** Row-major label ids (0 background, 1..8 generators, 255 ignore), width × height bytes. */
  labelMap(): Promise<Uint8Array>;
  /** Row-major 0/1: 1 where any turn edited the pixel (the binary task's ground truth); 255 (ignore) stays 255. */
  binaryMask(): Promise<Uint8Array>;
  /** Row-major 0/1 mask of turn `index` alone, decoded from its RLE. */
  turnMask(index: number): Uint8Array;
}
