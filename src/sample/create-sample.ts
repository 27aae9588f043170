import { ArgumentError, FormatError, RleError, SchemaError } from '../errors.js';
import { MAX_IMAGE_PIXELS } from '../schema/limits.js';
import { decodeImage } from '../codec/decode-image.js';
import { decodeLabelMap } from '../codec/decode-label-map.js';
import { binaryMaskOf } from '../mask/binary-mask-of.js';
import { composeLabelMap } from '../mask/compose-label-map.js';
import { decodeRle } from '../mask/decode-rle.js';
import type { DecodedImage } from '../schema/decoded.js';
import type { AnyRecord, AnyRecordMetadata } from '../schema/record.js';
import { type Generator, labelOfGenerator } from '../schema/labels.js';
import type { Sample } from '../schema/sample.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Wraps one record as a {@link Sample}: metadata copied as plain fields, pixels decoded on first
 * request and cached (the same promise is returned on every call, so concurrent callers decode once).
 *
 * Without mask bytes (a metadata-only pass) `labelMap()` is composed from the turns' RLE masks,
 * which by the format's invariant is exactly the stored mask — so metrics can run without reading
 * a single image byte. A mask-only record (`annotations: 'mask-only'`) keeps its turns `null`:
 * `labelMap()` decodes its mask (mapping values through its `label_order` when it has one) and
 * `turnMask()` throws.
 *
 * @example
 * const sample = createSample({ record, file: 'data/validation-00000-of-00001.parquet' });
 * const labels = await sample.labelMap();
 */
export function createSample(params: { record: AnyRecordMetadata | AnyRecord; file: string }): Sample {
  checkParams('createSample', params, ['record', 'file']);
  const { record, file } = params;
  const { image: imageField, mask: maskField, ...metadata } = record as Partial<AnyRecord> & AnyRecordMetadata;
  const imageBytes = imageField?.bytes ?? undefined;
  const maskBytes = maskField?.bytes ?? undefined;
  const where = `${file}, record ${record.id}`;
  let image: Promise<DecodedImage> | undefined;
  let labelMap: Promise<Uint8Array> | undefined;
  let binary: Promise<Uint8Array> | undefined;

  // A record claiming a size no mask can have is a broken record, said before allocating for it.
  const checkSize = () => {
    if (record.width * record.height > MAX_IMAGE_PIXELS) {
      throw new SchemaError({
        issues: [{ path: ['width'], message: `${record.width}×${record.height} is more than the ${MAX_IMAGE_PIXELS} pixels (16383²) any image or mask may have` }],
        recordId: record.id,
        file,
      });
    }
  };

  const composed = (): Promise<Uint8Array> =>
    Promise.resolve().then(() => {
      // A mask struct present but empty is a broken record, not a reason to guess from the turns.
      if (maskField !== undefined && maskField !== null) {
        throw new FormatError({ module: 'image', file: `${where}, mask`, code: 'IMAGE_INVALID', message: 'the shard stores no mask bytes for this record (mask.bytes is null)' });
      }
      if (record.turns === null) {
        // Nothing to compose from: the mask is all a mask-only record has.
        throw new ArgumentError({ message: `sample: ${where}: no mask bytes, and a mask-only record has no turns to compose a label map from` });
      }
      checkSize();
      try {
        return composeLabelMap({ turns: record.turns, height: record.height, width: record.width });
      } catch (error) {
        throw error instanceof RleError ? error.within({ file, record: record.id }) : error;
      }
    });
  const decoded = async (bytes: Uint8Array): Promise<Uint8Array> => {
    const labels = await decodeLabelMap({ bytes, name: `${where}, mask`, width: record.width, height: record.height });
    const order = record.turns === null ? record.label_order : undefined;
    return order ? remapLabels(labels, order) : labels;
  };

  const sample = {
    ...metadata,
    file,
    imageBytes,
    maskBytes,
    image() {
      image ??= imageBytes
        ? decodeImage({ bytes: imageBytes, name: `${where}, image`, width: record.width, height: record.height })
        : Promise.reject(
            imageField === undefined
              ? new ArgumentError({ message: `sample: ${where}: no image bytes (the split was loaded with metadataOnly)` })
              : new FormatError({ module: 'image', file: `${where}, image`, code: 'IMAGE_INVALID', message: 'the shard stores no image bytes for this record (image.bytes is null)' }),
          );
      return image;
    },
    labelMap() {
      labelMap ??= maskBytes ? decoded(maskBytes) : composed();
      return labelMap;
    },
    binaryMask() {
      binary ??= sample.labelMap().then(binaryMaskOf);
      return binary;
    },
    turnMask(index: number) {
      if (record.turns === null) {
        throw new ArgumentError({ message: `sample: ${where}: mask-only record: its turns are unknown, so there is no turn ${index} mask (labelMap() has the composed result)` });
      }
      const turn = record.turns[index];
      if (!turn) throw new ArgumentError({ message: `sample: ${where}: no turn ${index} (the record has ${record.turns.length})` });
      checkSize();
      try {
        return decodeRle({ size: [record.height, record.width], counts: turn.mask_rle });
      } catch (error) {
        throw error instanceof RleError ? error.within({ file, record: record.id, turn: index }) : error;
      }
    },
  } as Sample;
  return sample;
}

/** Mask values 1..n → the package's ids of the generators `order` names (0 and 255 stay). */
function remapLabels(labels: Uint8Array, order: readonly Generator[]): Uint8Array {
  const table = new Uint8Array(256).map((_, v) => v);
  order.forEach((g, i) => (table[i + 1] = labelOfGenerator(g)));
  for (let v = order.length + 1; v < 255; v++) table[v] = v;
  const out = new Uint8Array(labels.length);
  for (let i = 0; i < labels.length; i++) out[i] = table[labels[i]];
  return out;
}
