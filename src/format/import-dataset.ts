import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ArgumentError, OutputError } from '../errors.js';
import { checkParams, keysOf, pickKeys } from '../internal/check-params.js';
import { confinedPath } from '../internal/confined-path.js';
import { SOURCE_KEYS, type SourceParams } from '../repo/resolve-source.js';
import { outputFailed } from '../internal/output-failed.js';
import type { AnyRecord } from '../schema/record.js';
import { LABEL_ORDER_KEY } from '../card/label-order-from-card.js';
import { type LayoutKind, openDataset } from './open-dataset.js';
import type { RecordShard } from './open-shard.js';
import { renderDatasetCard } from '../card/render-dataset-card.js';
import { SHARD_NAME, shardName } from './shard-name.js';
import { foreignEntries } from './stage-dataset-directory.js';
import { writeDataset } from './write-dataset.js';

/** Parameters of {@link importDataset}. */
export interface ImportDatasetParams extends SourceParams {
  /** Output dataset directory (created). */
  out: string;
  /** Import only these splits. @default every split */
  splits?: readonly string[];
  /**
   * Start a new output shard rather than pass this many records (as `writeDataset`'s option).
   * Shards are cut between input row groups, so one input row group larger than this makes a
   * shard of its own; a shard is also the unit a rerun resumes by, hence a finite default.
   * @default 256
   */
  maxShardRows?: number;
  /**
   * Rows per Parquet row group of the output: the unit a reader fetches and decodes at once.
   * @default 100 (as `writeDataset`)
   */
  rowGroupRows?: number;
  /** The card's title. @default 'DiffSeg30k (imported)' */
  title?: string;
  /** Called after each output shard, written or skipped. */
  onProgress?: (event: { split: string; shard: number; shards: number; rows: number; skipped: boolean }) => void;
  /** Stops between row groups; completed shards stay and a later run resumes after them. */
  signal?: AbortSignal;
  /**
   * Replace what `out` holds when it is not this same import (another source or plan, or a
   * dataset written some other way) — and even then only a folder holding nothing but a card and
   * shards. Without it such an `out` is refused: an import never destroys what it did not write.
   * @default false
   */
  overwrite?: boolean;
}

/** The keys of {@link ImportDatasetParams}, checked at run time. */
const IMPORT_DATASET_KEYS = keysOf<ImportDatasetParams>()(...SOURCE_KEYS, 'out', 'splits', 'maxShardRows', 'rowGroupRows', 'title', 'onProgress', 'signal', 'overwrite');

/** What {@link importDataset} did. */
export interface ImportSummary {
  /** The output directory. */
  out: string;
  /** The input, as messages name it (an `hf://` source includes its commit sha). */
  source: string;
  /** The input's layout. */
  kind: LayoutKind;
  /** Per split: its shards, records, and how many shards were already complete and verified. */
  splits: Record<string, ImportedSplit>;
}

/** One split written by {@link importDataset}. */
export interface ImportedSplit {
  /** Its shards, relative to the output directory. */
  files: string[];
  /** Records written. */
  num_examples: number;
  /** Shards already complete and verified from an earlier run, not rewritten. */
  skipped: number;
}

/** Where the plan and the checksums of completed shards are kept, inside the output directory. */
const MANIFEST = '.diffseg30k-import.json';
/** Where a shard is written before it is moved into `data/`. */
const STAGING = '.import-staging';

interface Part {
  rows: number;
  units: { path: string; rowGroup: number }[];
}
interface Done {
  rows: number;
  size: number;
  sha256: string;
  num_bytes: number;
}

/**
 * Converts a dataset in a layout without turns — the authors' zip release (layout 3) or
 * image/mask Parquet (layout 2), local or on the Hub — into canonical shards (`writeDataset`'s
 * format, readable by Python `datasets`, with mask-only records: turns, base and quality null)
 * plus a dataset card. It streams: one input row group at a time, one output row group at a
 * time, so memory stays bounded whatever the size. It is resumable: the plan (which input row
 * groups make which output shard) and each finished shard's size and sha256 are kept in
 * `{out}/.diffseg30k-import.json`; a rerun of the same import skips the shards that are complete
 * and verified and writes the rest.
 *
 * @throws {ArgumentError} when the input is already canonical (nothing to convert), or on a bad option.
 * @example
 * await importDataset({ source: 'hf://datasets/Chaos2629/Diffseg30k', out: 'diffseg30k-parquet' });
 */
export async function importDataset(params: ImportDatasetParams): Promise<ImportSummary> {
  params = checkParams('importDataset', params, IMPORT_DATASET_KEYS);
  const maxShardRows = params.maxShardRows ?? 256;
  const rowGroupRows = params.rowGroupRows ?? 100;
  if (!Number.isInteger(maxShardRows) || maxShardRows < 1) throw new ArgumentError({ message: `import: maxShardRows must be a positive integer, got ${maxShardRows}` });
  if (!Number.isInteger(rowGroupRows) || rowGroupRows < 1) throw new ArgumentError({ message: `import: rowGroupRows must be a positive integer, got ${rowGroupRows}` });
  if (!params.out) throw new ArgumentError({ message: 'import: out (the output directory) is required' });
  const layout = await openDataset(pickKeys(params, SOURCE_KEYS));
  if (layout.kind === 'canonical') {
    throw new ArgumentError({ message: `import: ${layout.source.name} is already in the canonical format; read it directly` });
  }
  const splits = params.splits ? params.splits.map((s) => layout.split(s)) : layout.splits;

  // The plan: input row groups, in order, cut into output shards of at most maxShardRows records
  // (an input row group is never split: one larger than that is a shard of its own).
  const shards = new Map<string, Promise<RecordShard>>();
  const shardOf = (split: string, path: string) => {
    const key = `${split}\0${path}`;
    if (!shards.has(key)) shards.set(key, layout.openShard({ split, path }));
    return shards.get(key)!;
  };
  const plan: Record<string, Part[]> = {};
  for (const split of splits) {
    const parts: Part[] = [];
    let current: Part = { rows: 0, units: [] };
    for (const { path } of split.files) {
      const shard = await shardOf(split.name, path);
      shard.rowGroups.forEach((g, rowGroup) => {
        if (current.rows > 0 && current.rows + g.numRows > maxShardRows) {
          parts.push(current);
          current = { rows: 0, units: [] };
        }
        current.units.push({ path, rowGroup });
        current.rows += g.numRows;
      });
    }
    if (current.rows > 0 || parts.length === 0) parts.push(current);
    plan[split.name] = parts;
  }
  const labelOrder = params.labelOrder;
  const key = JSON.stringify({ source: layout.source.name, revision: layout.source.revision, kind: layout.kind, labelOrder, rowGroupRows, plan });

  const dataDir = join(params.out, 'data');
  const manifestPath = join(params.out, MANIFEST);
  const saved = await readFile(manifestPath, 'utf8').then(
    (t) => JSON.parse(t) as { key: string; done: Record<string, Done> },
    () => undefined,
  );
  const manifest = saved?.key === key ? saved : { key, done: {} as Record<string, Done> };
  if (manifest !== saved) await checkReplaceable({ out: params.out, overwrite: params.overwrite ?? false, resumable: saved !== undefined });
  await mkdir(dataDir, { recursive: true }).catch(outputFailed({ path: dataDir, what: 'cannot create the folder' }));
  if (manifest !== saved) {
    // Another plan (or none): shards of these splits from before cannot be trusted to fit it.
    for (const name of await readdir(dataDir).catch(outputFailed({ path: dataDir, what: 'cannot list' }))) {
      const m = SHARD_NAME.exec(name);
      if (m && plan[m[1]]) await rm(join(dataDir, name), { force: true }).catch(outputFailed({ path: join(dataDir, name), what: 'cannot remove' }));
    }
  }
  const saveManifest = async () => {
    await writeFile(`${manifestPath}.tmp`, JSON.stringify(manifest, null, 1)).catch(outputFailed({ path: `${manifestPath}.tmp`, what: 'cannot write' }));
    await rename(`${manifestPath}.tmp`, manifestPath).catch(outputFailed({ path: manifestPath, what: 'cannot write' }));
  };
  await saveManifest();

  const staging = join(params.out, STAGING);
  const summary: ImportSummary = { out: params.out, source: layout.source.name, kind: layout.kind, splits: {} };
  const card: Record<string, { num_examples: number; num_bytes: number; download_size: number }> = {};
  for (const [split, parts] of Object.entries(plan)) {
    const files: string[] = [];
    let skipped = 0;
    let numExamples = 0;
    let numBytes = 0;
    let downloadSize = 0;
    for (const [i, part] of parts.entries()) {
      const file = `data/${shardName({ split, index: i, count: parts.length })}`;
      // Split names come from the source's card: confined to `out` whatever they say.
      const path = await confinedPath({ root: params.out, parts: [file] });
      const done = manifest.done[file];
      let ok = false;
      if (done && done.rows === part.rows) {
        const s = await stat(path).catch(() => undefined);
        ok = s?.size === done.size && (await sha256Of(path)) === done.sha256;
      }
      if (!ok) {
        const dir = await confinedPath({ root: params.out, parts: [STAGING, `${split}-${i}`] });
        await rm(dir, { recursive: true, force: true }).catch(outputFailed({ path: dir, what: 'cannot remove' }));
        const written = await writeDataset({
          out: dir,
          splits: { [split]: recordsOf(part, split, shardOf, params.signal) },
          card: false,
          rowGroupRows,
          maxShardBytes: Number.POSITIVE_INFINITY,
          signal: params.signal,
        });
        const [only] = written.splits[split].files;
        await rename(join(dir, only), path).catch(outputFailed({ path, what: 'cannot write' }));
        await rm(dir, { recursive: true, force: true }).catch(outputFailed({ path: dir, what: 'cannot remove' }));
        const size = (await stat(path).catch(outputFailed({ path, what: 'cannot read back' }))).size;
        manifest.done[file] = { rows: written.splits[split].num_examples, size, sha256: await sha256Of(path), num_bytes: written.splits[split].num_bytes };
        await saveManifest();
      } else skipped++;
      const d = manifest.done[file];
      files.push(file);
      numExamples += d.rows;
      numBytes += d.num_bytes;
      downloadSize += d.size;
      params.onProgress?.({ split, shard: i, shards: parts.length, rows: d.rows, skipped: ok });
    }
    summary.splits[split] = { files, num_examples: numExamples, skipped };
    card[split] = { num_examples: numExamples, num_bytes: numBytes, download_size: downloadSize };
  }
  await rm(staging, { recursive: true, force: true }).catch(outputFailed({ path: staging, what: 'cannot remove' }));
  const text = renderDatasetCard({
    splits: card,
    title: params.title ?? 'DiffSeg30k (imported)',
    body:
      `Imported with \`diffseg30k import\` from ${layout.source.name} (${layout.kind === 'pairs' ? 'zip archives of image/mask pairs' : 'image/mask Parquet'}). ` +
      'That layout publishes only each image and its label-map mask, so every record here is mask-only: ' +
      '`turns`, `num_turns`, the base and the quality fields are null (unknown), never empty.',
    extra: labelOrder ? { [LABEL_ORDER_KEY]: [...labelOrder] } : {},
  });
  await writeFile(join(params.out, 'README.md.tmp'), text).catch(outputFailed({ path: join(params.out, 'README.md.tmp'), what: 'cannot write' }));
  await rename(join(params.out, 'README.md.tmp'), join(params.out, 'README.md')).catch(outputFailed({ path: join(params.out, 'README.md'), what: 'cannot write' }));
  return summary;
}

/**
 * Whether an import that is not resuming itself may write into `out`: a missing or empty folder,
 * or — with `overwrite` — one that holds only a card, shards and an import's own files.
 */
async function checkReplaceable(params: { out: string; overwrite: boolean; resumable: boolean }): Promise<void> {
  const { out, overwrite } = params;
  const entries = await readdir(out).catch((cause: NodeJS.ErrnoException) => {
    if (cause.code === 'ENOENT') return [];
    throw new OutputError({ path: out, message: `cannot list: ${cause.message}`, cause });
  });
  if (entries.length === 0) return;
  if (!overwrite) {
    throw new ArgumentError({
      message:
        `import: ${out} is not empty and holds ${params.resumable ? 'an import of another source or plan' : 'no import of this source'}; ` +
        'pass overwrite: true (diffseg30k import --overwrite) to replace a dataset written before',
    });
  }
  const foreign = (await foreignEntries(out)).filter((e) => e !== MANIFEST && e !== `${STAGING}/`);
  if (foreign.length > 0) {
    throw new ArgumentError({
      message: `import: will not overwrite ${out}: it holds ${foreign.slice(0, 5).join(', ')}${foreign.length > 5 ? ` and ${foreign.length - 5} more` : ''}, which an import never writes`,
    });
  }
}

/** The records of one output shard, a row group at a time, the next one read while this one is written. */
async function* recordsOf(
  part: Part,
  split: string,
  shardOf: (split: string, path: string) => Promise<RecordShard>,
  signal: AbortSignal | undefined,
): AsyncGenerator<AnyRecord> {
  const read = async (k: number) => (await shardOf(split, part.units[k].path)).readRecords(part.units[k].rowGroup);
  let next = part.units.length ? read(0) : undefined;
  for (let k = 0; k < part.units.length; k++) {
    signal?.throwIfAborted();
    const rows = await next!;
    next = k + 1 < part.units.length ? read(k + 1) : undefined;
    next?.catch(() => undefined);
    yield* rows;
  }
}

async function sha256Of(path: string): Promise<string> {
  const hash = createHash('sha256');
  try {
    for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  } catch (cause) {
    outputFailed({ path, what: 'cannot read back' })(cause);
  }
  return hash.digest('hex');
}
