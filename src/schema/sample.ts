import type { DecodedImage } from './decoded.js';
import type { MaskOnlyMetadata, RecordMetadata } from './record.js';

/** What every sample has, whatever its layout. */
export interface SampleBase {
  /** Shard file (or archive member) the record came from, for error messages. */
  readonly file: string;
  /** The encoded image bytes as published (undefined in a metadata-only pass). */
  readonly imageBytes: Uint8Array | undefined;
  /** The encoded label-map PNG bytes (undefined in a metadata-only pass of an annotated split). */
  readonly maskBytes: Uint8Array | undefined;
  /** Decoded 8-bit RGB(A) pixels of the image (grey is given as RGB, as libvips does). */
  image(): Promise<DecodedImage>;
  /** Row-major label ids (0 background, 1..8 generators, 255 ignore), width × height bytes. */
  labelMap(): Promise<Uint8Array>;
  /** Row-major 0/1: 1 where any model edited the pixel (the binary task's ground truth); 255 (ignore) stays 255. */
  binaryMask(): Promise<Uint8Array>;
  /**
   * Row-major 0/1 mask of turn `index` alone, decoded from its RLE.
   * @throws {ArgumentError} on a mask-only sample (its turns are unknown).
   */
  turnMask(index: number): Uint8Array;
}

/** A fully annotated sample: turns, base and quality metadata as plain typed fields. */
export interface AnnotatedSample extends RecordMetadata, SampleBase {}

/** A sample of a layout with only an image and a mask: `annotations: 'mask-only'`, turns `null` (unknown). */
export interface MaskOnlySample extends MaskOnlyMetadata, SampleBase {}

/**
 * One image of a split as {@link loadSplit} yields it: the record's metadata as plain typed
 * fields, and the pixels decoded lazily, only when asked (and at most once each). Check
 * `annotations === 'mask-only'` (or `turns === null`) before using per-turn fields on data that
 * may come from the authors' zip release or plain image/mask Parquet.
 */
export type Sample = AnnotatedSample | MaskOnlySample;
