import { describe, expect, it } from 'vitest';
import { HF_FEATURES, hfFeaturesYaml } from '../../src/card/hf-features.js';
import { layoutFromCard } from '../../src/card/layout-from-card.js';
import { parseDatasetCard } from '../../src/card/parse-dataset-card.js';
import { renderDatasetCard } from '../../src/card/render-dataset-card.js';

const layout = (yaml: string) => layoutFromCard(parseDatasetCard({ text: `---\n${yaml}\n---\n` }));

describe('layoutFromCard', () => {
  it('tells canonical shards from the features renderDatasetCard writes', () => {
    expect(hfFeaturesYaml().map((f) => f.name)).toEqual(Object.keys(HF_FEATURES));
    expect(layoutFromCard(parseDatasetCard({ text: renderDatasetCard({ splits: { train: { num_examples: 1, num_bytes: 1, download_size: 1 } } }) }))).toBe('canonical');
  });

  it('tells image/mask Parquet, in the list and the mapping form, and in a per-config list', () => {
    expect(layout('dataset_info:\n  features:\n  - name: image\n    dtype: image\n  - name: mask\n    dtype: image')).toBe('image-mask');
    expect(layout('dataset_info:\n  features: {image: {_type: Image}, mask: {_type: Image}}')).toBe('image-mask');
    expect(layout('dataset_info:\n- config_name: other\n  features: [{name: image}]\n- config_name: default\n  features: [{name: image}, {name: mask}]')).toBe('image-mask');
  });

  it('says nothing when the features do not decide (the first footer then does)', () => {
    expect(layout('license: mit')).toBeUndefined();
    expect(layout('dataset_info:\n  features: [{name: image}, {name: label}]')).toBeUndefined();
    expect(layout('dataset_info:\n  features: "turns, num_turns"')).toBeUndefined();
    expect(layout('dataset_info:\n  features: [null, 3, {name: turns}]')).toBeUndefined();
  });
});
