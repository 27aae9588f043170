import { describe, expect, it } from 'vitest';
import { HF_FEATURES, hfFeaturesYaml, hfFooterMetadata } from '../../src/card/hf-features.js';
import { RECORD_COLUMNS } from '../../src/parquet/arrow.js';

describe('Hugging Face features', () => {
  it('describe every column, with Image for image and mask and JSON-array lists', () => {
    expect(Object.keys(HF_FEATURES)).toEqual(RECORD_COLUMNS);
    expect(HF_FEATURES.image).toEqual({ _type: 'Image' });
    expect(HF_FEATURES.mask).toEqual({ _type: 'Image' });
    expect(HF_FEATURES.coco_id).toEqual({ dtype: 'int64', _type: 'Value' });
    expect(Array.isArray(HF_FEATURES.turns)).toBe(true);
    expect((HF_FEATURES.turns as readonly Record<string, unknown>[])[0].bbox).toEqual([{ dtype: 'int32', _type: 'Value' }]);
    expect(JSON.parse(hfFooterMetadata())).toEqual({ info: { features: HF_FEATURES } });
  });

  it('render the card YAML list as datasets writes it', () => {
    const yaml = hfFeaturesYaml();
    expect(yaml.slice(0, 4)).toEqual([
      { name: 'id', dtype: 'string' },
      { name: 'image', dtype: 'image' },
      { name: 'mask', dtype: 'image' },
      { name: 'width', dtype: 'int32' },
    ]);
    expect(yaml.find((f) => f.name === 'turns')).toEqual({
      name: 'turns',
      list: [
        { name: 'index', dtype: 'int8' },
        { name: 'generator', dtype: 'string' },
        { name: 'label', dtype: 'int8' },
        { name: 'edit_type', dtype: 'string' },
        { name: 'prompt', dtype: 'string' },
        { name: 'category', dtype: 'string' },
        { name: 'object', dtype: 'string' },
        { name: 'mask_rle', dtype: 'string' },
        { name: 'area', dtype: 'int32' },
        { name: 'bbox', list: 'int32' },
        { name: 'variant', dtype: 'string' },
      ],
    });
    expect(yaml.find((f) => f.name === 'quality_score')).toEqual({ name: 'quality_score', dtype: 'float32' });
  });
});
