import { describe, expect, it } from 'vitest';
import { FormatError } from '../../src/index.js';
import { parseDatasetCard } from '../../src/card/parse-dataset-card.js';
import { renderDatasetCard } from '../../src/card/render-dataset-card.js';

describe('parseDatasetCard', () => {
  it('splits YAML front matter from the Markdown body', () => {
    const card = parseDatasetCard({ text: '---\nlicense: mit\ntags: [a, b]\n---\n\n# Title\n\nText.\n' });
    expect(card).toEqual({ data: { license: 'mit', tags: ['a', 'b'] }, body: '# Title\n\nText.\n' });
  });

  it('accepts CRLF line ends and a byte-order mark', () => {
    const card = parseDatasetCard({ text: '\uFEFF---\r\nlicense: mit\r\n---\r\nBody\r\n' });
    expect(card.data).toEqual({ license: 'mit' });
    expect(card.body).toBe('Body\r\n');
  });

  it('treats a card without front matter as all body', () => {
    expect(parseDatasetCard({ text: '# Just Markdown\n' })).toEqual({ data: {}, body: '# Just Markdown\n' });
  });

  it('rejects front matter that is not a mapping', () => {
    expect(() => parseDatasetCard({ text: '---\n- a\n- b\n---\n', file: 'x/README.md' })).toThrow(FormatError);
    expect(() => parseDatasetCard({ text: '---\n- a\n---\n', file: 'x/README.md' })).toThrow(/^card: x\/README\.md: front matter is not a YAML mapping/);
  });

  it('reads back what renderDatasetCard writes', () => {
    const text = renderDatasetCard({
      splits: { train: { num_examples: 3, num_bytes: 30, download_size: 20 } },
      title: 'T',
      body: 'B',
      extra: { language: ['en'], configs: 'ignored' },
    });
    const card = parseDatasetCard({ text });
    expect(card.body).toBe('# T\n\nB\n');
    expect(card.data.language).toEqual(['en']);
    expect(card.data.configs).toEqual([{ config_name: 'default', data_files: [{ split: 'train', path: 'data/train-*' }] }]);
    expect(card.data.dataset_info).toMatchObject({ splits: [{ name: 'train', num_bytes: 30, num_examples: 3 }], download_size: 20, dataset_size: 30 });
  });
});
