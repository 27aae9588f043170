import { ArgumentError } from '../errors.js';
import { decodeImage } from '../codec/decode-image.js';
import { decodeLabelMap } from '../codec/decode-label-map.js';
import { binaryMaskOf } from '../mask/binary-mask-of.js';
import { composeLabelMap } from '../mask/compose-label-map.js';
import { decodeRle } from '../mask/decode-rle.js';
import type { DecodedImage } from '../schema/decoded.js';
import type { DatasetRecord, RecordMetadata } from '../schema/record.js';
import type { Sample } from '../schema/sample.js';

/**
 * Wraps one record as a {@link Sample}: metadata copied as plain fields, pixels decoded on first
 * request and cached (the same promise is returned on every call, so concurrent callers decode once).
 *
 * Without mask bytes (a metadata-only pass) `labelMap()` is composed from the turns' RLE masks,
 * which by the format's invariant is exactly the stored mask — so metrics can run without reading
 * a single image byte.
 *
 * @example
 * const sample = createSample({ record, file: 'data/validation-00000-of-00001.parquet' });
 * const labels = await sample.labelMap();
 */
export function createSample(params: { record: RecordMetadata | DatasetRecord; file: string }): Sample {
  const { record, file } = params;
  const { image: imageField, mask: maskField, ...metadata } = record as Partial<DatasetRecord> & RecordMetadata;
  const imageBytes = imageField?.bytes ?? undefined;
  const maskBytes = maskField?.bytes ?? undefined;
  const where = `${file}, record ${record.id}`;
  let image: Promise<DecodedImage> | undefined;
  let labelMap: Promise<Uint8Array> | undefined;
  let binary: Promise<Uint8Array> | undefined;

  const sample: Sample = {
    ...metadata,
    file,
    imageBytes,
    maskBytes,
    image() {
      image ??= imageBytes
        ? decodeImage({ bytes: imageBytes, name: `${where}, image` })
        : Promise.reject(new ArgumentError({ message: `sample: ${where}: no image bytes (the split was loaded with metadataOnly)` }));
      return image;
    },
    labelMap() {
      labelMap ??= maskBytes
        ? decodeLabelMap({ bytes: maskBytes, name: `${where}, mask`, width: record.width, height: record.height })
        : Promise.resolve().then(() => composeLabelMap({ turns: record.turns, height: record.height, width: record.width }));
      return labelMap;
    },
    binaryMask() {
      binary ??= sample.labelMap().then(binaryMaskOf);
      return binary;
    },
    turnMask(index) {
      const turn = record.turns[index];
      if (!turn) throw new ArgumentError({ message: `sample: ${where}: no turn ${index} (the record has ${record.turns.length})` });
      return decodeRle({ size: [record.height, record.width], counts: turn.mask_rle });
    },
  };
  return sample;
}
