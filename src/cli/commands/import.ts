import { resolve } from 'node:path';
import { importDataset } from '../../format/import-dataset.js';
import { type Command, EXIT, UsageError, parseCommandArgs } from '../command.js';
import { DATA_OPTION, datasetArgument } from '../dataset-argument.js';
import { formatTable } from '../format-table.js';

const HELP = `Usage: diffseg30k import [hf://datasets/{org}/{name}[@{rev}] | <dir> | <file.zip>] --out <dir> [options]

Converts a dataset in a layout without per-turn metadata — the authors' zip release of
<dir>/<8 digits>.image.png + .mask.png pairs, or image/mask Parquet — into canonical DiffSeg30k
shards and a dataset card, readable by this package and by Python's datasets. Every record is
mask-only: turns, base and quality are null (unknown). Streams with bounded memory; if
interrupted, run the same command again: shards already complete and verified (sha256) are kept.

Without a source: DIFFSEG30K_SOURCE, else hf://datasets/Chaos2629/Diffseg30k.

Options:
  --out <dir>          output dataset directory (required)
  --split <name>       import only this split (repeatable)
  --shard-rows <n>     at most this many records per output shard (default 256)
  --overwrite          replace what --out holds when it is not this same import (only a folder
                       of a card and shards; anything else is never touched)
  --json               print the summary as JSON
  -h, --help           show this help
`;

/** `diffseg30k import`: layout 2 or 3 → canonical shards, resumable. */
export const importCommand: Command = {
  name: 'import',
  summary: "convert the authors' zip release or image/mask Parquet to canonical shards",
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      ...DATA_OPTION,
      out: { type: 'string' },
      split: { type: 'string', multiple: true },
      'shard-rows': { type: 'string' },
      overwrite: { type: 'boolean' },
      json: { type: 'boolean' },
    });
    const { values } = parsed;
    if (!values.out) throw new UsageError('--out is required');
    const shardRows = values['shard-rows'] === undefined ? undefined : Number(values['shard-rows']);
    if (shardRows !== undefined && (!Number.isInteger(shardRows) || shardRows < 1)) throw new UsageError(`--shard-rows must be a positive integer, got ${values['shard-rows']}`);
    const summary = await importDataset({
      source: datasetArgument(parsed),
      cwd: io.cwd,
      out: resolve(io.cwd, values.out as string),
      splits: values.split as string[] | undefined,
      maxShardRows: shardRows,
      overwrite: values.overwrite === true,
      onProgress: (e) => {
        if (io.isTTY) io.stderr(`\r${e.split}: shard ${e.shard + 1}/${e.shards}${e.skipped ? ' (kept)' : ''}${' '.repeat(10)}`);
      },
    });
    if (io.isTTY) io.stderr('\n');
    if (values.json) {
      io.stdout(`${JSON.stringify(summary, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout(
      formatTable({
        header: ['split', 'records', 'shards', 'kept from before'],
        rows: Object.entries(summary.splits).map(([split, s]) => [split, s.num_examples, s.files.length, s.skipped]),
      }),
    );
    io.stdout(`\nimported ${summary.source} (${summary.kind}) into ${summary.out}: mask-only records (turns unknown)\n`);
    return EXIT.ok;
  },
};
