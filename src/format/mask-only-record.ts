import { imageSize } from '../codec/image-size.js';
import { scanLabelMap } from '../codec/scan-label-map.js';
import { FormatError } from '../errors.js';
import { GENERATORS, type Generator } from '../schema/labels.js';
import type { MaskOnlyMetadata, MaskOnlyRecord } from '../schema/record.js';

/**
 * One mask-only record (layouts with only an image and a label-map mask) from its encoded files:
 * width and height from the mask, the generators present from the mask's values (value `v` in
 * 1..n is the generator `labelOrder[v-1]`; 0 background, 255 ignore). Any other value, an image
 * of another size than its mask, or bytes that do not decode are a {@link FormatError} naming
 * the file and row. The mask's values are scanned as it inflates, never held decoded, and the
 * image's header alone is read: a batch of huge masks costs a few rows each.
 * @internal
 */
export async function maskOnlyRecord(params: {
  id: string;
  split: string;
  file: string;
  row: number;
  mask: { bytes: Uint8Array; path: string | null };
  image?: { bytes: Uint8Array; path: string | null };
  labelOrder?: readonly Generator[];
}): Promise<MaskOnlyMetadata | MaskOnlyRecord> {
  const { file, row } = params;
  const order = params.labelOrder ?? GENERATORS;
  const where = `${file}, row ${row} (${params.id})`;
  // The ids a mask holds, streamed: a metadata pass holds no decoded mask, whatever its size.
  const { ids: seen, ...size } = await scanLabelMap({ bytes: params.mask.bytes, name: `${where}, mask` });
  const generators: Generator[] = [];
  for (let v = 1; v < 255; v++) {
    if (!seen[v]) continue;
    if (v > order.length) {
      throw new FormatError({ module: 'mask', file, row, message: `record ${params.id}: mask value ${v} is no label (values are 0 background, 1..${order.length} generators, 255 ignore)` });
    }
    generators.push(order[v - 1]);
  }
  generators.sort((a, b) => GENERATORS.indexOf(a) - GENERATORS.indexOf(b));
  if (params.image) {
    const image = await imageSize({ bytes: params.image.bytes, name: `${where}, image` });
    if (image.width !== size.width || image.height !== size.height) {
      throw new FormatError({ module: 'mask', file, row, code: 'IMAGE_INVALID', message: `record ${params.id}: the image is ${image.width}×${image.height} but its mask ${size.width}×${size.height}` });
    }
  }
  const custom = params.labelOrder && params.labelOrder.some((g, i) => g !== GENERATORS[i]);
  return {
    id: params.id,
    split: params.split,
    width: size.width,
    height: size.height,
    annotations: 'mask-only',
    generators,
    turns: null,
    num_turns: null,
    base_type: null,
    base_generator: null,
    coco_id: null,
    base_prompt: null,
    quality_score: null,
    quality_reason: null,
    ...(custom ? { label_order: [...params.labelOrder!] } : {}),
    ...(params.image ? { image: params.image } : {}),
    mask: params.mask,
  } as MaskOnlyRecord;
}
