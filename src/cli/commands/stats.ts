import { resolve } from 'node:path';
import { datasetStatistics } from '../../stats/dataset-statistics.js';
import { statisticsMarkdown } from '../../stats/statistics-markdown.js';
import { writeStatistics } from '../../stats/write-statistics.js';
import { DATA_OPTION, datasetArgument } from '../dataset-argument.js';
import { type Command, EXIT, UsageError, parseCommandArgs } from '../command.js';
import { progressBar } from '../progress-bar.js';

const HELP = `Usage: diffseg30k stats [hf://datasets/{org}/{name}[@{rev}] | <dir> | <file.zip> | samples] [--out <dir>] [options]

The paper's Figure 3 for a dataset, from one metadata pass (no image byte is read; for layouts
without turns, such as the authors' zip release, the masks are): (a) edited-object categories,
(b) mask area ratio in bins of 5 %, (c) edits per generator and round, (d) images by number of
rounds and unedited negatives, (e) real vs generated base images. Prints the numbers as tables;
with --out, writes figure-3.svg, figure-3.png, stats.json and stats.md there. Panels a layout
cannot give are marked so, in the figure and in the JSON ("coverage"). Without a dataset:
DIFFSEG30K_SOURCE, else hf://datasets/Chaos2629/Diffseg30k.

Options:
  --out <dir>      write the figure (SVG, PNG), stats.json and stats.md into this folder
  --split <name>   count only this split (repeat for several; default: every split)
  --top <n>        categories named in panel (a); the rest are "other" (default: 10)
  --scale <s>      PNG pixels per SVG unit (default: 2)
  --font <file>    a .ttf/.otf to draw the PNG's text with, on a machine without fonts
  --json           print the statistics as JSON instead of tables
  -h, --help       show this help
`;

/** `diffseg30k stats`: the statistics of the paper's Figure 3, as tables, JSON and a figure. */
export const statsCommand: Command = {
  name: 'stats',
  summary: "the paper's Figure 3: statistics as tables, JSON, SVG and PNG",
  help: HELP,
  async run(argv, io) {
    const parsed = parseCommandArgs(argv, {
      ...DATA_OPTION,
      out: { type: 'string' },
      split: { type: 'string', multiple: true },
      top: { type: 'string' },
      scale: { type: 'string' },
      font: { type: 'string' },
      json: { type: 'boolean' },
    });
    const { values } = parsed;
    const number = (flag: 'top' | 'scale', ok: (n: number) => boolean, what: string) => {
      const text = values[flag] as string | undefined;
      if (text === undefined) return undefined;
      const n = Number(text);
      if (text.trim() === '' || !ok(n)) throw new UsageError(`--${flag} must be ${what}, got ${text}`);
      return n;
    };
    const topCategories = number('top', (n) => Number.isInteger(n) && n > 0, 'a positive integer');
    const scale = number('scale', (n) => n > 0 && n <= 8, 'a number in (0, 8]');
    const bar = progressBar({ io, label: 'stats' });
    const statistics = await datasetStatistics({
      source: datasetArgument(parsed),
      cwd: io.cwd,
      splits: values.split as string[] | undefined,
      topCategories,
      onProgress: (done, total) => bar.update(done, total),
    });
    bar.done();
    io.stdout(values.json ? `${JSON.stringify(statistics, null, 2)}\n` : statisticsMarkdown({ statistics }));
    if (values.out !== undefined) {
      const fontFile = values.font === undefined ? undefined : resolve(io.cwd, values.font as string);
      const written = await writeStatistics({ statistics, out: resolve(io.cwd, values.out as string), scale, fontFile });
      const { svg, png, json, markdown } = written.files;
      io.stderr(`wrote ${svg}\n      ${png} (${written.png.width}×${written.png.height})\n      ${json}\n      ${markdown}\n`);
      if (!written.textRendered) {
        io.stderr(
          'stats: warning: no font renders text on this machine, so the labels of figure-3.png are empty boxes ' +
            '(figure-3.svg is fine). Install one (e.g. Debian: apt-get install fonts-dejavu-core) or pass --font <file.ttf>.\n',
        );
      }
    }
    return EXIT.ok;
  },
};
