import { describe, expect, it } from 'vitest';
import { ArgumentError } from '../../src/index.js';
import { LABEL_ORDER_KEY, labelOrderFromCard } from '../../src/card/label-order-from-card.js';
import { parseDatasetCard } from '../../src/card/parse-dataset-card.js';
import { renderDatasetCard } from '../../src/card/render-dataset-card.js';

const cardWith = (order: unknown) =>
  parseDatasetCard({ text: renderDatasetCard({ splits: { train: { num_examples: 1, num_bytes: 1, download_size: 1 } }, extra: { [LABEL_ORDER_KEY]: order } }) });

describe('labelOrderFromCard', () => {
  it('gives the order given, else the one the card records, else undefined', () => {
    const card = cardWith(['glide', 'sd2']);
    expect(labelOrderFromCard({ card })).toEqual(['glide', 'sd2']);
    expect(labelOrderFromCard({ card, labelOrder: ['flux.1'] })).toEqual(['flux.1']);
    expect(labelOrderFromCard({ card: undefined })).toBeUndefined();
    expect(labelOrderFromCard({ card: parseDatasetCard({ text: '---\nlicense: mit\n---\n' }) })).toBeUndefined();
  });

  it('refuses an order that is not distinct generator names, given or from the card', () => {
    for (const bad of [[], ['sd2', 'sd2'], ['sd4'], 'sd2', [1], Array(255).fill('sd2')]) {
      expect(() => labelOrderFromCard({ card: cardWith(bad) })).toThrow(ArgumentError);
    }
    expect(() => labelOrderFromCard({ card: undefined, labelOrder: ['sd2', 'nope' as 'sd2'] })).toThrow(/^labelOrder: must list distinct generators \(sd2, sd3\.5, .*\), the one behind mask value 1 first; got \["sd2","nope"\]$/);
  });
});
