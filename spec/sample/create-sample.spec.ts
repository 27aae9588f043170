import { describe, expect, it } from 'vitest';
import { ArgumentError, FormatError, RleError, SchemaError } from '../../src/errors.js';
import { createSample } from '../../src/sample/create-sample.js';
import { makeRecord } from '../fixtures/make-record.js';

const FILE = 'data/validation-00000-of-00001.parquet';

async function metadataOf(id: string) {
  const { image: _i, mask: _m, ...metadata } = await makeRecord({ id, turns: [{ generator: 'sdxl', rect: [1, 1, 4, 4] }, { generator: 'glide', rect: [2, 2, 5, 5] }] });
  return metadata;
}

describe('createSample', () => {
  it('an RLE error in a metadata-only pass names the file, the record and the turn', async () => {
    const record = await metadataOf('bad-rle');
    record.turns[1].mask_rle = '23';
    const sample = createSample({ record, file: FILE });
    const error = await sample.labelMap().catch((e) => e);
    expect(error).toBeInstanceOf(RleError);
    expect(error.message).toBe(`rle: ${FILE}, record bad-rle, turn 1: runs sum to 5 but a 12×16 mask has 192 pixels`);
    let turn: unknown;
    try {
      sample.turnMask(1);
    } catch (e) {
      turn = e;
    }
    expect(turn).toBeInstanceOf(RleError);
    expect((turn as Error).message).toBe(`rle: ${FILE}, record bad-rle, turn 1: runs sum to 5 but a 12×16 mask has 192 pixels`);
  });

  it('null image or mask bytes in a full read are a broken record, not blamed on metadataOnly', async () => {
    const record = await makeRecord({ id: 'nulls' });
    const sample = createSample({ record: { ...record, image: { bytes: null, path: 'x.png' }, mask: { bytes: null, path: null } }, file: FILE });
    const image = await sample.image().catch((e) => e);
    expect(image).toBeInstanceOf(FormatError);
    expect(image.code).toBe('IMAGE_INVALID');
    expect(image.message).toBe(`image: ${FILE}, record nulls, image: the shard stores no image bytes for this record (image.bytes is null)`);
    const mask = await sample.labelMap().catch((e) => e);
    expect(mask).toBeInstanceOf(FormatError);
    expect(mask.message).toMatch(/record nulls, mask: the shard stores no mask bytes/);
    // A metadata-only sample still says so.
    const meta = createSample({ record: await metadataOf('meta'), file: FILE });
    const error = await meta.image().catch((e) => e);
    expect(error).toBeInstanceOf(ArgumentError);
    expect(error.message).toMatch(/loaded with metadataOnly/);
  });

  it('a record claiming a size no mask can have is a SchemaError naming it, before any allocation', async () => {
    const record = { ...(await metadataOf('huge')), width: 200_000, height: 200_000 };
    const sample = createSample({ record, file: FILE });
    const error = await sample.labelMap().catch((e) => e);
    expect(error).toBeInstanceOf(SchemaError);
    expect(error.message).toBe(`schema: file ${FILE}, record huge: width: 200000×200000 is more than the 268402689 pixels (16383²) any image or mask may have`);
    expect(() => sample.turnMask(0)).toThrow(SchemaError);
  });
});
