import { decodeImage } from '../../codec/decode-image.js';
import type { EncodedImage, Transform, TransformResult } from '../transform.js';
import type { PixelSource } from './pixels.js';

/** Encodes an image (decoded pixels, or a file sharp decodes as it streams) into one file. */
export type Encoder = (source: PixelSource) => Promise<EncodedImage>;

/**
 * The transforms that are one encode and nothing else (`jpeg`, `webp`), with their encoder. Kept
 * beside the objects rather than on them: `Transform` is a public contract, and this is a
 * shortcut for the package's own callers.
 */
const ENCODERS = new WeakMap<Transform, Encoder>();

/**
 * Builds a transform whose whole effect is `encoder`: the result is the encoded file, decoded
 * again (so it carries the real compression artefacts), with the label map unchanged.
 */
export function encodeTransform(params: { name: string; encoder: Encoder }): Transform {
  const { name, encoder } = params;
  const run = async (source: PixelSource, labelMap: Uint8Array): Promise<TransformResult> => {
    const encoded = await encoder(source);
    return { image: await decodeImage({ bytes: encoded.bytes, name: `${name} output` }), labelMap, encoded };
  };
  const transform: Transform = {
    name,
    geometry: ({ width, height }) => ({ width, height, sourceIndex: null }),
    apply: (input) => run(input.image, input.labelMap),
    applyEncoded: (input) => run(input.bytes, input.labelMap),
  };
  ENCODERS.set(transform, encoder);
  return transform;
}

/**
 * The encoder of a transform made by {@link encodeTransform}, for a caller that keeps the file
 * and never looks at its pixels (`diffseg30k distort` storing a JPEG): decoding it again is a
 * third of a JPEG preset's work. `undefined` for every other transform (a composition included).
 */
export function encoderOf(transform: Transform): Encoder | undefined {
  return ENCODERS.get(transform);
}
