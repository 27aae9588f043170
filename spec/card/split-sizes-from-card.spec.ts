import { describe, expect, it } from 'vitest';
import { parseDatasetCard } from '../../src/card/parse-dataset-card.js';
import { renderDatasetCard } from '../../src/card/render-dataset-card.js';
import { splitSizesFromCard } from '../../src/card/split-sizes-from-card.js';

const sizes = (yaml: string) => Object.fromEntries(splitSizesFromCard(parseDatasetCard({ text: `---\n${yaml}\n---\n` })));

describe('splitSizesFromCard', () => {
  it('reads num_examples and num_bytes of each split from what renderDatasetCard writes', () => {
    const card = parseDatasetCard({ text: renderDatasetCard({ splits: { train: { num_examples: 5, num_bytes: 900, download_size: 800 }, validation: { num_examples: 3, num_bytes: 500, download_size: 400 } } }) });
    expect(Object.fromEntries(splitSizesFromCard(card))).toEqual({ train: { num_examples: 5, num_bytes: 900 }, validation: { num_examples: 3, num_bytes: 500 } });
  });

  it('takes the default config of a per-config list, else the first', () => {
    const list = (names: string[]) => `dataset_info:\n${names.map((n, i) => `- config_name: ${n}\n  splits:\n  - name: train\n    num_examples: ${i + 1}`).join('\n')}`;
    expect(sizes(list(['small', 'default'])).train.num_examples).toBe(2);
    expect(sizes(list(['small', 'large'])).train.num_examples).toBe(1);
  });

  it('passes over what is not a number or has no name, and is empty for a card that says nothing', () => {
    expect(sizes('dataset_info:\n  splits:\n  - name: train\n    num_examples: "5"\n    num_bytes: 7\n  - num_examples: 3\n  - null')).toEqual({ train: { num_examples: undefined, num_bytes: 7 } });
    expect(sizes('dataset_info: 3')).toEqual({});
    expect(sizes('dataset_info:\n  splits: {train: 3}')).toEqual({});
    expect(splitSizesFromCard(undefined).size).toBe(0);
  });
});
