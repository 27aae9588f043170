import { openDataset } from '../../format/open-dataset.js';
import type { HubDatasetSource } from '../../repo/hub-source.js';
import { resolveSource } from '../../repo/resolve-source.js';
import { type Command, EXIT, UsageError, parseCommandArgs } from '../command.js';
import { DATA_OPTION, datasetArgument } from '../dataset-argument.js';
import { formatTable } from '../format-table.js';

const HELP = `Usage: diffseg30k download [hf://datasets/{org}/{name}[@{revision}]] [--split <name>]... [--json]

Puts a Hub dataset's files (or only the card and the files of some splits) into the Hugging Face
cache, the one Python's huggingface_hub uses (HF_HUB_CACHE, else HF_HOME/hub, else
~/.cache/huggingface/hub), checking each downloaded file's sha256 against the Hub's LFS id. A
later run then works without the network: HF_HUB_OFFLINE=1 npx diffseg30k info hf://…

Without a URL: DIFFSEG30K_SOURCE, else hf://datasets/Chaos2629/Diffseg30k. Files already in the
cache are not fetched again. HF_ENDPOINT and HF_TOKEN are honoured.

Options:
  --split <name>  only this split's files, plus the card (repeatable)
  --json          print what was done as JSON
  -h, --help      show this help
`;

/** `diffseg30k download`: fill the Hugging Face cache so a later run works offline. */
export const downloadCommand: Command = {
  name: 'download',
  summary: 'fill the Hugging Face cache with a Hub dataset, for offline use',
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, { ...DATA_OPTION, split: { type: 'string', multiple: true }, json: { type: 'boolean' } });
    const { values } = parsed;
    const source = await resolveSource({ source: datasetArgument(parsed), cwd: io.cwd });
    if (!('download' in source)) throw new UsageError(`${source.name} is not a Hub dataset: download takes an hf://datasets/{org}/{name} URL`);
    const hub = source as HubDatasetSource;
    let paths: string[] | undefined;
    const splits = values.split as string[] | undefined;
    if (splits) {
      const layout = await openDataset({ source: hub });
      const wanted = new Set<string>();
      if ((await hub.listFiles()).some((f) => f.path === 'README.md')) wanted.add('README.md');
      for (const name of splits) {
        for (const f of layout.split(name).files) {
          // Pairs not in an archive: every file of the split is a member.
          if (f.path === '.') for (const file of await hub.listFiles()) wanted.add(file.path);
          else wanted.add(f.path);
        }
      }
      paths = [...wanted];
    }
    const done = await hub.download({
      paths,
      onFile: (file, i, total) => {
        if (io.isTTY) io.stderr(`\r${i + 1}/${total} ${file.path}${' '.repeat(20)}`);
      },
    });
    if (io.isTTY) io.stderr('\n');
    const fetched = done.filter((d) => !d.cached);
    if (values.json) {
      io.stdout(`${JSON.stringify({ source: hub.toJSON(), cacheDir: hub.cacheDir, files: done }, null, 2)}\n`);
      return EXIT.ok;
    }
    io.stdout(
      formatTable({
        header: ['file', 'MB', ''],
        rows: done.map((d) => [d.path, Number((d.size / 1e6).toFixed(2)), d.cached ? 'already cached' : 'downloaded, sha256 checked']),
      }),
    );
    io.stdout(
      `\n${done.length} files of ${hub.name} in ${hub.cacheDir} (${fetched.length} downloaded, ${(fetched.reduce((n, d) => n + d.size, 0) / 1e6).toFixed(1)} MB)\n` +
        `offline from now on: HF_HUB_OFFLINE=1 npx diffseg30k info hf://datasets/${hub.repo}${hub.requestedRevision === 'main' ? '' : `@${hub.requestedRevision}`}\n`,
    );
    return EXIT.ok;
  },
};
