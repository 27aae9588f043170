import { boundedCache } from '../internal/bounded-cache.js';
import type { DatasetSource, RepoFile } from '../repo/dataset-source.js';
import { type DatasetCard, parseDatasetCard } from './parse-dataset-card.js';

/** Cards parsed in this process, by location and version of their `README.md`: parsing the YAML is most of opening a dataset. */
const cards = boundedCache<string, { card: DatasetCard; bytes: number }>({ maxEntries: 64, maxWeight: 4 << 20, weigh: (c) => c.bytes });

/**
 * The parsed `README.md` dataset card of a location, or `undefined` when it has none. A card whose
 * listed `version` was parsed before in this process is not read again: the caller gets a copy of
 * the one parsed then (it may change its copy freely).
 * @throws {FormatError} (module `card`) for front matter that is not a YAML mapping, naming the card;
 *   what {@link DatasetSource.readFile} throws for a card that cannot be read.
 */
export async function readDatasetCard(params: {
  /** The location. */
  source: DatasetSource;
  /** Its listing (`source.listFiles()`), for the card's version. */
  files: readonly RepoFile[];
}): Promise<DatasetCard | undefined> {
  const { source, files } = params;
  const listed = files.find((f) => f.path === 'README.md');
  const key = listed?.version === undefined ? undefined : `${source.name}\u0000${listed.version}`;
  const cached = key === undefined ? undefined : cards.get(key);
  if (cached) return structuredClone(cached.card);
  const bytes = await source.readFile({ path: 'README.md' });
  if (bytes === undefined) return undefined;
  const card = parseDatasetCard({ text: new TextDecoder().decode(bytes), file: `${source.name}/README.md` });
  if (key !== undefined) cards.set(key, { card: structuredClone(card), bytes: bytes.length });
  return card;
}
