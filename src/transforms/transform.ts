/**
 * The transform contract shared by every distortion and augmentation. A transform changes an
 * image and its label map together, so a label pixel always describes the image pixel beside it.
 */
import type { DecodedImage, ImageSize, LabelledImage } from '../schema/decoded.js';

/**
 * Per-sample context. Randomness is derived from it (plus the transform's own seed), never from
 * call order, so a sample gets the same augmentation whether it is read first or last, alone or
 * among others, in one process or split across eight.
 */
export interface TransformContext {
  /** Id of the sample being transformed (the record's `id`). */
  id: string;
  /**
   * Run-level seed mixed into every random transform (e.g. an epoch number).
   * @default 0
   */
  seed?: number;
}

/**
 * Where the label map goes under a transform, known from sizes alone (no pixels):
 * output label pixel `j` is input label pixel `sourceIndex[j]`. Every built-in transform moves
 * labels only by such a pixel selection, which is why no label id can ever be invented and why
 * turn masks (and any other per-pixel annotation) can be moved the same way.
 */
export interface Geometry {
  /** Output width. */
  width: number;
  /** Output height. */
  height: number;
  /** Row-major input pixel index of each output pixel, or `null` when pixels stay where they are. */
  sourceIndex: Uint32Array | null;
}

/** The encoded file a transform produced when encoding was its point (JPEG, WebP distortions). */
export interface EncodedImage {
  /** Codec of `bytes`. */
  format: 'jpeg' | 'webp';
  /** The encoded file, exactly as the encoder wrote it. */
  bytes: Uint8Array;
}

/**
 * What a transform returns: the new image and label map, plus what it knows about them. Buffers
 * may be shared with the input (e.g. `jpeg` passes the label map through): treat them as read-only.
 */
export interface TransformResult extends LabelledImage {
  /**
   * The encoded bytes whose decoding is `image`, when the transform's last step was an encode.
   * A later pixel-changing step drops it. `diffseg30k distort` stores these bytes as is.
   */
  encoded?: EncodedImage;
  /**
   * Row-major input pixel index of each output label pixel (see {@link Geometry}); `null` or
   * absent when the geometry is unchanged.
   */
  sourceIndex?: Uint32Array | null;
}

/**
 * An image still in its encoded file (as published), with its label map: the input of
 * {@link Transform.applyEncoded}. `width`/`height` are the record's; the file must match them.
 */
export interface EncodedInput {
  /** The encoded image file (PNG …). */
  bytes: Uint8Array;
  /** Columns of the encoded image (the record's width). */
  width: number;
  /** Rows of the encoded image (the record's height). */
  height: number;
  /** Row-major label ids, `width × height`. */
  labelMap: Uint8Array;
}

/**
 * A transform of an image and its label map. Build one with the factories ({@link jpeg},
 * {@link resize}, {@link compose} …) and run it with {@link applyTransform}, which checks its
 * input and output. A hand-written transform only needs `name` and `apply`.
 */
export interface Transform {
  /** Human-readable description, e.g. `jpeg(60)`; names the distortion in dataset cards and errors. */
  readonly name: string;
  /**
   * Output size and label pixel selection for an input of this size, without touching pixels.
   * Optional for hand-written transforms; without it a transformed sample cannot move its turn
   * masks and keeps its original width/height metadata until decoded.
   */
  geometry?(size: ImageSize, context: TransformContext): Geometry;
  /** Transforms the pixels. Must not modify `input`. */
  apply(input: LabelledImage, context: TransformContext): Promise<TransformResult>;
  /**
   * The same transform started from the encoded file instead of decoded pixels, for transforms
   * whose first step is a sharp operation: libvips then decodes and transforms in one streamed
   * pipeline, which is markedly faster than materialising the decoded image first. It must give
   * exactly what `apply` gives on the decoded image; `transformSample` uses it only for inputs
   * where that is guaranteed (8-bit RGB/RGBA PNG without an ICC profile).
   */
  applyEncoded?(input: EncodedInput, context: TransformContext): Promise<TransformResult>;
}

export type { DecodedImage, ImageSize, LabelledImage };
