import { parse } from 'yaml';
import { FormatError } from '../errors.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** A dataset card split into its YAML front matter and Markdown body. */
export interface DatasetCard {
  /** The parsed YAML front matter (`{}` when the card has none). */
  data: Record<string, unknown>;
  /** The Markdown after the front matter. */
  body: string;
}

/**
 * Splits a `README.md` dataset card into parsed YAML front matter and body. A front matter that
 * is not valid YAML, or not a mapping, is a {@link FormatError} naming the file.
 * @example
 * const card = parseDatasetCard({ text: await readFile('README.md', 'utf8'), file: 'README.md' });
 * card.data.configs
 */
export function parseDatasetCard(params: { text: string; file?: string }): DatasetCard {
  checkParams('parseDatasetCard', params, keysOf<Parameters<typeof parseDatasetCard>[0]>()('text', 'file'));
  const file = params.file ?? 'README.md';
  const text = params.text.replace(/^\uFEFF/, '');
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/.exec(text);
  if (!m) return { data: {}, body: text };
  let data: unknown;
  try {
    data = parse(m[1]);
  } catch (cause) {
    throw new FormatError({ module: 'card', file, message: `front matter is not valid YAML: ${(cause as Error).message}`, cause });
  }
  if (data === null || data === undefined) data = {};
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new FormatError({ module: 'card', file, message: 'front matter is not a YAML mapping' });
  }
  return { data: data as Record<string, unknown>, body: text.slice(m[0].length).replace(/^\r?\n/, '') };
}
