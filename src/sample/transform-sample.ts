import { binaryMaskOf } from '../mask/binary-mask-of.js';
import { decodeRle } from '../mask/decode-rle.js';
import { encodeRle } from '../mask/encode-rle.js';
import { rleArea } from '../mask/rle-area.js';
import { rleBbox } from '../mask/rle-bbox.js';
import type { Turn } from '../schema/record.js';
import type { Sample } from '../schema/sample.js';
import { applyTransform } from '../transforms/apply-transform.js';
import { applyEncodedTransform } from '../transforms/internal/apply-encoded.js';
import { decodesExactlyInSharp } from '../transforms/internal/decodes-exactly-in-sharp.js';
import { gatherLabels } from '../transforms/internal/pixels.js';
import type { Geometry, Transform, TransformContext, TransformResult } from '../transforms/transform.js';
import { TransformError } from '../transforms/transform-error.js';
import { checkParams } from '../internal/check-params.js';

/** A {@link Sample} seen through a transform (see {@link transformSample}). */
export type TransformedSample = Sample & {
  /** The untransformed sample (its `imageBytes`/`maskBytes` are the published files). */
  readonly original: Sample;
  /** The transform applied. */
  readonly transform: Transform;
  /** The full transform result (pixels, label map, `encoded` bytes, `sourceIndex`); computed once. */
  result(): Promise<TransformResult>;
};

/**
 * Wraps a sample so that `image()` and `labelMap()` return transformed pixels, decoded and
 * transformed once, lazily, on first use. The metadata follows the geometry: `width`/`height` are
 * the output size, and after a geometric transform (resize, crop, flip …) each turn's `mask_rle`,
 * `area` and `bbox` are recomputed by moving the turn mask exactly as the label map moves, so the
 * record's invariants (turns compose to the label map) still hold. `turnMask(i)` and
 * `binaryMask()` are transformed too. Randomness derives from `(transform seed, seed, sample.id)`.
 *
 * `imageBytes` and `maskBytes` are `undefined` — the published bytes no longer describe the
 * pixels; they stay reachable as `original.imageBytes`. A hand-written transform without
 * `geometry()` keeps the original `width`/`height`/`turns` metadata and cannot give `turnMask`.
 *
 * @param params.sample - the sample to wrap (anything shaped like a {@link Sample}).
 * @param params.transform - the transform, e.g. `compose([randomCrop({ size: 512 }), flip()])`.
 * @param params.seed - run-level seed passed as `context.seed` (e.g. the epoch). @default 0
 * @example
 * for await (const s of loadSplit('train')) {
 *   const t = transformSample({ sample: s, transform: compose([randomCrop({ size: 448, seed: 1 }), flip()]), seed: epoch });
 *   const { data } = await t.image(); const labels = await t.labelMap();
 * }
 */
export function transformSample(params: { sample: Sample; transform: Transform; seed?: number }): TransformedSample {
  checkParams('transformSample', params, ['sample', 'transform', 'seed']);
  const { sample, transform } = params;
  const context: TransformContext = { id: sample.id, seed: params.seed ?? 0 };
  let geometry: Geometry | null | undefined;
  const getGeometry = (): Geometry | null => {
    if (geometry === undefined) geometry = transform.geometry ? transform.geometry({ width: sample.width, height: sample.height }, context) : null;
    return geometry;
  };
  let pending: Promise<TransformResult> | undefined;
  const result = (): Promise<TransformResult> => {
    pending ??= (async () => {
      const bytes = sample.imageBytes;
      let out: TransformResult;
      if (transform.applyEncoded && bytes && (await decodesExactlyInSharp(bytes, sample.width, sample.height))) {
        // Start from the file: libvips decodes and transforms in one streamed pipeline, with the
        // very pixels `sample.image()` would have given (see decodesExactlyInSharp).
        const labelMap = await sample.labelMap();
        out = await applyEncodedTransform(transform, { bytes, width: sample.width, height: sample.height, labelMap }, context);
      } else {
        const [image, labelMap] = await Promise.all([sample.image(), sample.labelMap()]);
        out = await applyTransform({ transform, image, labelMap, ...context });
      }
      const g = getGeometry();
      if (g && (g.width !== out.image.width || g.height !== out.image.height)) {
        throw new TransformError({
          sampleId: sample.id,
          transform: transform.name,
          message: `output is ${out.image.width}×${out.image.height} but the transform's geometry for the ${sample.width}×${sample.height} record says ${g.width}×${g.height} (does the record's width/height match its image?)`,
        });
      }
      return out;
    })();
    return pending;
  };
  const moveMask = (mask: Uint8Array): Uint8Array => {
    const g = getGeometry();
    if (!g) {
      throw new TransformError({ sampleId: sample.id, transform: transform.name, message: 'the transform has no geometry(), so turn masks cannot be moved with it' });
    }
    return g.sourceIndex ? gatherLabels(mask, g.sourceIndex) : mask;
  };
  let turns: Turn[] | null | undefined;
  const getTurns = (): Turn[] | null => {
    if (turns !== undefined) return turns;
    const g = getGeometry();
    if (!g || !g.sourceIndex || sample.turns === null) return (turns = sample.turns);
    turns = sample.turns.map((turn) => {
      const moved = moveMask(decodeRle({ size: [sample.height, sample.width], counts: turn.mask_rle }));
      const rle = encodeRle({ mask: moved, height: g.height, width: g.width });
      return { ...turn, mask_rle: rle.counts as string, area: rleArea(rle), bbox: rleBbox(rle) };
    });
    return turns;
  };
  // Every field of the sample is carried over — a field added to records later is never dropped —
  // by copying property descriptors, so getters (an inner transformed sample's lazy turns) stay lazy.
  const descriptors = Object.getOwnPropertyDescriptors(sample) as Record<string, PropertyDescriptor>;
  // A mask-only sample's label map is already in the package's ids, so its `label_order` is not carried over.
  for (const replaced of ['width', 'height', 'turns', 'imageBytes', 'maskBytes', 'original', 'transform', 'result', 'image', 'labelMap', 'binaryMask', 'turnMask', 'label_order']) {
    delete descriptors[replaced];
  }
  const out = Object.defineProperties({}, descriptors) as Omit<TransformedSample, 'width' | 'height' | 'turns'>;
  Object.assign(out, {
    imageBytes: undefined,
    maskBytes: undefined,
    original: sample,
    transform,
    result,
    image: async () => (await result()).image,
    labelMap: async () => (await result()).labelMap,
    binaryMask: async () => binaryMaskOf((await result()).labelMap),
    turnMask: (index: number) => moveMask(sample.turnMask(index)),
  });
  // Getters (enumerable, so a spread copies the values) keep metadata lazy: a geometry or turn
  // re-encoding is only computed when someone reads it.
  Object.defineProperties(out, {
    width: { enumerable: true, get: () => getGeometry()?.width ?? sample.width },
    height: { enumerable: true, get: () => getGeometry()?.height ?? sample.height },
    turns: { enumerable: true, get: getTurns },
  });
  return out as TransformedSample;
}
