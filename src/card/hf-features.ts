/**
 * The shard schema as Hugging Face `datasets` features, in the two forms the Hub uses:
 * the JSON of `Features.to_dict()` (stored in each shard's `huggingface` key-value metadata) and
 * the YAML list of a dataset card's `dataset_info.features`. Lists are written as JSON arrays
 * (`[feature]`), the one list form every `datasets` version reads as `list<…>`; `Sequence` would
 * turn a list of structs into a struct of lists, a different Arrow layout.
 */

/** A scalar column: `{"dtype": "int32", "_type": "Value"}`. */
export interface HfValueFeature {
  /** The Arrow type name Python `datasets` uses (`string`, `int8`, `float32` …). */
  dtype: string;
  /** Always `'Value'`. */
  _type: 'Value';
}

/** An encoded-image column, stored as `struct<bytes, path>`: `{"_type": "Image"}`. */
export interface HfImageFeature {
  /** Always `'Image'`. */
  _type: 'Image';
}

/** A feature in `Features.to_dict()` JSON: a value, an image, a list (`[feature]`) or a struct (`{field: feature}`). */
export type HfFeature = HfValueFeature | HfImageFeature | readonly HfFeature[] | { readonly [field: string]: HfFeature };

const value = (dtype: string): HfValueFeature => ({ dtype, _type: 'Value' });

/**
 * `Features.to_dict()` of a DiffSeg30k shard: `{"_type": "Image"}` for `image` and `mask`.
 * @example
 * JSON.stringify({ info: { features: HF_FEATURES } }) // the `huggingface` footer value
 */
export const HF_FEATURES: Readonly<Record<string, HfFeature>> = {
  id: value('string'),
  image: { _type: 'Image' },
  mask: { _type: 'Image' },
  width: value('int32'),
  height: value('int32'),
  base_type: value('string'),
  base_generator: value('string'),
  coco_id: value('int64'),
  base_prompt: value('string'),
  turns: [
    {
      index: value('int8'),
      generator: value('string'),
      label: value('int8'),
      edit_type: value('string'),
      prompt: value('string'),
      category: value('string'),
      object: value('string'),
      mask_rle: value('string'),
      area: value('int32'),
      bbox: [value('int32')],
      variant: value('string'),
    },
  ],
  num_turns: value('int8'),
  quality_score: value('float32'),
  quality_reason: value('string'),
};

/**
 * The value of the `huggingface` key in a shard's Parquet key-value metadata.
 * @example
 * new WriterPropertiesBuilder().setKeyValueMetadata(new Map([['huggingface', hfFooterMetadata()]]))
 */
export function hfFooterMetadata(): string {
  return JSON.stringify({ info: { features: HF_FEATURES } });
}

/** One entry of a card's `dataset_info.features` list. */
export interface HfYamlFeature {
  /** Column (or struct field) name. */
  name: string;
  /** Scalar type name, or `image`. */
  dtype?: string;
  /** A list's element: a type name, or the fields of a struct element. */
  list?: string | HfYamlFeature[];
  /** A struct's fields. */
  struct?: HfYamlFeature[];
}

/**
 * The `dataset_info.features` YAML list of a card, as `datasets`' `Features._to_yaml_list`
 * writes it (`dtype: image`, `list: int32`, `list: [{name, dtype}, …]`).
 * @example
 * hfFeaturesYaml()[0] // { name: 'id', dtype: 'string' }
 */
export function hfFeaturesYaml(): HfYamlFeature[] {
  return Object.entries(HF_FEATURES).map(([name, f]) => ({ name, ...yamlOf(f) }));
}

function yamlOf(f: unknown): Omit<HfYamlFeature, 'name'> {
  if (Array.isArray(f)) {
    const inner = yamlOf(f[0]);
    // `{list: {dtype: x}}` simplifies to `{list: x}`, `{list: {struct: [...]}}` to `{list: [...]}`.
    if (inner.dtype !== undefined && Object.keys(inner).length === 1) return { list: inner.dtype };
    if (inner.struct !== undefined && Object.keys(inner).length === 1) return { list: inner.struct };
    throw new Error('unsupported nested list feature');
  }
  const o = f as Record<string, unknown>;
  if (o._type === 'Value') return { dtype: o.dtype as string };
  if (o._type === 'Image') return { dtype: 'image' };
  return { struct: Object.entries(o).map(([name, sub]) => ({ name, ...yamlOf(sub) })) };
}
