import { execFile } from 'node:child_process';
import { readFile, readdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { OutputError } from '../../src/index.js';
import { datasetStatistics } from '../../src/stats/dataset-statistics.js';
import { statisticsFigure } from '../../src/stats/statistics-figure.js';
import { statisticsMarkdown } from '../../src/stats/statistics-markdown.js';
import { writeStatistics } from '../../src/stats/write-statistics.js';
import { tempDir } from '../helpers/temp-dir.js';

describe('writeStatistics', () => {
  it('writes the SVG, a non-blank PNG of its size × scale, the JSON and the tables', async () => {
    const statistics = await datasetStatistics({ source: 'samples' });
    const out = join(await tempDir('write-stats-'), 'new', 'folder');
    const written = await writeStatistics({ statistics, out, scale: 1.5 });
    expect(written.files).toEqual({ svg: join(out, 'figure-3.svg'), png: join(out, 'figure-3.png'), json: join(out, 'stats.json'), markdown: join(out, 'stats.md') });
    const svg = await readFile(written.files.svg, 'utf8');
    expect(svg).toBe(statisticsFigure({ statistics }));
    expect(JSON.parse(await readFile(written.files.json, 'utf8'))).toEqual(statistics);
    expect(await readFile(written.files.markdown, 'utf8')).toBe(statisticsMarkdown({ statistics }));

    const [, w, h] = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const { data, info } = await sharp(written.files.png).raw().toBuffer({ resolveWithObject: true });
    expect([info.width, info.height]).toEqual([Math.round(w * 1.5), Math.round(h * 1.5)]);
    expect(written.png).toEqual({ width: info.width, height: info.height });
    expect(written.textRendered).toBe(true);
    // Non-blank: many distinct colours (the generators', the neutral series', text in grey).
    const colours = new Set<number>();
    for (let i = 0; i < data.length; i += info.channels * 7) colours.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
    expect(colours.size).toBeGreaterThan(50);
    // Every overlay colour of a generator is there (panel c).
    for (const rgb of [[230, 159, 0], [86, 180, 233], [0, 158, 115], [148, 52, 230]]) expect(colours.has((rgb[0] << 16) | (rgb[1] << 8) | rgb[2])).toBe(true);
  });

  it('fails with an OutputError naming the path when the folder cannot be made', async () => {
    const statistics = await datasetStatistics({ source: 'samples', splits: ['validation'] });
    const file = join(await tempDir('write-stats-'), 'a-file');
    await writeFile(file, 'in the way');
    const error = await writeStatistics({ statistics, out: join(file, 'out') }).catch((e) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect(error.path).toBe(join(file, 'out'));
  });

  it('runs the example of docs/statistics.md as printed', async () => {
    const root = resolve(import.meta.dirname, '..', '..');
    const doc = await readFile(join(root, 'docs', 'statistics.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(doc)![1];
    expect(block).toContain("from 'diffseg30k/stats'");
    const cwd = await tempDir('stats-doc-');
    const script = `${block.replace("from 'diffseg30k/stats'", `from ${JSON.stringify(join(root, 'src', 'stats', 'index.ts'))}`)}\nconsole.log(JSON.stringify(statistics.rounds?.ratio), svg.length);`;
    await writeFile(join(cwd, 'example.mts'), script);
    const { stdout } = await promisify(execFile)(process.execPath, ['--import', pathToFileURL(join(root, 'node_modules', 'tsx', 'dist', 'loader.mjs')).href, 'example.mts'], { cwd });
    expect(stdout).toMatch(/^\[1,4,5\] \d{4,}$/m);
    expect((await readdir(join(cwd, 'figure-3'))).sort()).toEqual(['figure-3.png', 'figure-3.svg', 'stats.json', 'stats.md']);
  }, 60_000);
});
