import { type ParsedArgs, UsageError } from './command.js';

/** The `--data` option every dataset-reading command declares (pass it to `parseCommandArgs`). */
export const DATA_OPTION = { data: { type: 'string' } } as const;

/**
 * The dataset a command reads, given as `--data <…>` or as its one positional argument (`info
 * samples` and `info --data samples` are the same): an `hf://datasets/{org}/{name}` URL, a
 * directory, a `.zip`, or `samples` for the bundled synthetic dataset. One rule for every command,
 * so they cannot drift apart.
 * @param params.fallback - what to read when neither is given. @default undefined: the default
 *   dataset (`DIFFSEG30K_SOURCE`, else the Hub's DiffSeg30k)
 * @returns the dataset as given, or `undefined` for the default dataset.
 * @throws {UsageError} for two different datasets or extra arguments.
 */
export function datasetArgument(params: ParsedArgs & { fallback?: string }): string | undefined {
  const { values, positionals, fallback } = params;
  const flag = values.data as string | undefined;
  if (positionals.length > 1) throw new UsageError(`expected one dataset, got ${positionals.length} arguments: ${positionals.join(' ')}`);
  const positional = positionals[0];
  if (flag !== undefined && positional !== undefined && flag !== positional) {
    throw new UsageError(`two datasets given (--data ${flag} and ${positional}); give one`);
  }
  const dataset = flag ?? positional ?? fallback;
  if (dataset === '') throw new UsageError('the dataset is empty: leave it out for the default dataset, or give an hf:// URL, a directory, a .zip or samples');
  return dataset;
}

/** How messages name a dataset argument (`undefined` is the default dataset). */
export function datasetName(dataset: string | undefined): string {
  return dataset ?? 'the default dataset';
}
