import { type ParsedArgs, UsageError } from './command.js';

/** The `--data` option every dataset-reading command declares (pass it to `parseCommandArgs`). */
export const DATA_OPTION = { data: { type: 'string' } } as const;

/**
 * The dataset a command reads, given as `--data <…>` or as its one positional argument (`info
 * samples` and `info --data samples` are the same): a directory, or `samples` for the bundled
 * synthetic dataset. One rule for every command, so they cannot drift apart.
 * @param params.fallback - what to read when neither is given; without one, that is a usage error.
 * @throws {UsageError} for two datasets, extra arguments, or none without a fallback.
 */
export function requireDataset(params: ParsedArgs & { fallback?: string }): string {
  const { values, positionals, fallback } = params;
  const flag = values.data as string | undefined;
  if (positionals.length > 1) throw new UsageError(`expected one dataset, got ${positionals.length} arguments: ${positionals.join(' ')}`);
  const positional = positionals[0];
  if (flag !== undefined && positional !== undefined && flag !== positional) {
    throw new UsageError(`two datasets given (--data ${flag} and ${positional}); give one`);
  }
  const dataset = flag ?? positional ?? fallback;
  if (dataset === undefined || dataset === '') throw new UsageError("a dataset is required: --data <dataset dir | samples> (or as the argument)");
  return dataset;
}
