import { stringify } from 'yaml';
import { hfFeaturesYaml } from './hf-features.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** What a dataset author can say in the card `writeDataset` writes. */
export interface DatasetCardOptions {
  /** Human-readable name: the card's `pretty_name` and its first heading. */
  title?: string;
  /** Markdown after the heading. @default a short note that the dataset is in the DiffSeg30k format */
  body?: string;
  /** Hub tags. */
  tags?: string[];
  /** SPDX-style license id for the Hub (`cc-by-4.0`, `mit`, `other` …). */
  license?: string;
  /** Hub task categories. @default ['image-segmentation'] */
  taskCategories?: string[];
  /** Further top-level YAML keys, written as given (they do not override `configs` or `dataset_info`). */
  extra?: Record<string, unknown>;
}

/** Per-split numbers the card's `dataset_info.splits` declares. */
export interface CardSplit {
  /** Records in the split (Python `datasets` checks it against what it reads). */
  num_examples: number;
  /** Size of the split as Arrow data. */
  num_bytes: number;
  /** Bytes of the split's shard files. */
  download_size: number;
}

const DEFAULT_BODY =
  'Images edited locally by diffusion models, with per-pixel masks that say where each edit is and which ' +
  'model made it, in the DiffSeg30k format (one row per image; `mask` is a PNG of label ids; each turn ' +
  'carries its COCO RLE mask). The format is specified in `docs/format.md` of the ' +
  '[diffseg30k](https://www.npmjs.com/package/diffseg30k) npm package; check a copy with ' +
  '`npx diffseg30k validate <dir>`.';

/**
 * The dataset card `README.md`: YAML front matter with `configs` (one `data_files` pattern per
 * split, `data/{split}-*`) and `dataset_info` (features, splits with `num_examples` and
 * `num_bytes`, `download_size`, `dataset_size`), then the Markdown body.
 * @example
 * renderDatasetCard({ splits: { train: { num_examples: 10, num_bytes: 1e6, download_size: 9e5 } }, title: 'Demo' })
 */
export function renderDatasetCard(params: DatasetCardOptions & { splits: Record<string, CardSplit> }): string {
  checkParams('renderDatasetCard', params, keysOf<Parameters<typeof renderDatasetCard>[0]>()('title', 'body', 'tags', 'license', 'taskCategories', 'extra', 'splits'));
  const splits = Object.entries(params.splits);
  const front: Record<string, unknown> = {};
  if (params.license) front.license = params.license;
  if (params.title) front.pretty_name = params.title;
  front.task_categories = params.taskCategories ?? ['image-segmentation'];
  if (params.tags?.length) front.tags = params.tags;
  for (const [k, v] of Object.entries(params.extra ?? {})) if (k !== 'configs' && k !== 'dataset_info') front[k] = v;
  front.configs = [
    {
      config_name: 'default',
      data_files: splits.map(([split]) => ({ split, path: `data/${split}-*` })),
    },
  ];
  front.dataset_info = {
    features: hfFeaturesYaml(),
    splits: splits.map(([name, s]) => ({ name, num_bytes: s.num_bytes, num_examples: s.num_examples })),
    download_size: splits.reduce((n, [, s]) => n + s.download_size, 0),
    dataset_size: splits.reduce((n, [, s]) => n + s.num_bytes, 0),
  };
  const heading = params.title ? `# ${params.title}\n\n` : '';
  const body = (params.body ?? DEFAULT_BODY).trim();
  return `---\n${stringify(front, { lineWidth: 0 })}---\n\n${heading}${body}\n`;
}
