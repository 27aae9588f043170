import { openDataset } from '../../format/open-dataset.js';
import type { HubDatasetSource } from '../../repo/hub-source.js';
import { resolveSource } from '../../repo/resolve-source.js';
import { type Command, EXIT, UsageError, parseCommandArgs } from '../command.js';
import { DATA_OPTION, datasetArgument } from '../dataset-argument.js';
import { formatTable } from '../format-table.js';

const HELP = `Usage: diffseg30k download [hf://datasets/{org}/{name}[@{revision}]] [--split <name>]... [--json]

Puts a Hub dataset's files (or only the card and the files of some splits) into the Hugging Face
cache, the one Python's huggingface_hub uses (HF_HUB_CACHE, else HF_HOME/hub, else
~/.cache/huggingface/hub), in its layout (blobs, snapshots, refs, trees/{sha}.json), checking
each file's sha256 (or git blob id) against the Hub's listing. A later run, of this package or of
Python, then works without the network: HF_HUB_OFFLINE=1 npx diffseg30k info hf://…

Without a URL: DIFFSEG30K_SOURCE, else hf://datasets/Chaos2629/Diffseg30k. Files already in the
cache are verified and not fetched again. HF_ENDPOINT, HF_TOKEN and the token file of
\`hf auth login\` are honoured.

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
    const fetched = done.filter((d) => d.how === 'fetched');
    const linked = done.filter((d) => d.how === 'linked');
    if (values.json) {
      io.stdout(`${JSON.stringify({ source: hub.toJSON(), cacheDir: hub.cacheDir, files: done }, null, 2)}\n`);
      return EXIT.ok;
    }
    const said = { fetched: 'downloaded, id checked', linked: 'blob already cached (verified), linked', cached: 'already cached (verified)' } as const;
    io.stdout(formatTable({ header: ['file', 'MB', ''], rows: done.map((d) => [d.path, Number((d.size / 1e6).toFixed(2)), said[d.how]]) }));
    const mb = (files: typeof done) => (files.reduce((n, d) => n + d.size, 0) / 1e6).toFixed(1);
    io.stdout(
      `\n${done.length} files of ${hub.name} in ${hub.cacheDir}: ${fetched.length} downloaded (${mb(fetched)} MB), ` +
        `${linked.length} reused from blobs already in the cache (${mb(linked)} MB), ${done.length - fetched.length - linked.length} already in the snapshot\n` +
        `offline from now on: HF_HUB_OFFLINE=1 npx diffseg30k info hf://datasets/${hub.repo}${hub.requestedRevision === 'main' ? '' : `@${hub.requestedRevision}`}\n`,
    );
    return EXIT.ok;
  },
};
