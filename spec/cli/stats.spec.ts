import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run-cli.js';
import { samplesDirectory } from '../../src/repo/index.js';
import { datasetStatistics } from '../../src/stats/dataset-statistics.js';
import { statisticsMarkdown } from '../../src/stats/statistics-markdown.js';
import { tempDir } from '../helpers/temp-dir.js';
import { memoryIo } from './io.js';

describe('diffseg30k stats', () => {
  it('prints the tables and writes the figure, the JSON and the tables into --out (relative to the cwd)', async () => {
    const cwd = await tempDir('cli-stats-');
    const io = memoryIo({ cwd });
    expect(await runCli(['stats', 'samples', '--out', 'figure', '--top', '3', '--scale', '1'], io)).toBe(0);
    const statistics = await datasetStatistics({ source: 'samples', topCategories: 3 });
    expect(io.out()).toBe(statisticsMarkdown({ statistics }));
    expect(JSON.parse(await readFile(join(cwd, 'figure', 'stats.json'), 'utf8'))).toEqual(statistics);
    expect(await readFile(join(cwd, 'figure', 'stats.md'), 'utf8')).toBe(io.out());
    const svg = await readFile(join(cwd, 'figure', 'figure-3.svg'), 'utf8');
    const [, w, h] = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const meta = await sharp(join(cwd, 'figure', 'figure-3.png')).metadata();
    expect([meta.width, meta.height]).toEqual([w, h]);
    expect(io.err()).toContain(join(cwd, 'figure', 'figure-3.png'));
    expect(io.err()).not.toMatch(/warning/);
  });

  const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
  if (!existsSync(FONT)) console.info(`stats CLI spec: skipping the font-file test: ${FONT} is not on this machine`);
  it.skipIf(!existsSync(FONT))('draws the PNG with the --font given, to the same size', async () => {
    const cwd = await tempDir('cli-stats-');
    const io = memoryIo({ cwd });
    expect(await runCli(['stats', 'samples', '--split', 'validation', '--out', 'o', '--font', FONT], io)).toBe(0);
    const svg = await readFile(join(cwd, 'o', 'figure-3.svg'), 'utf8');
    const [, w, h] = /^<svg [^>]*width="(\d+)" height="(\d+)"/.exec(svg)!.map(Number);
    const meta = await sharp(join(cwd, 'o', 'figure-3.png')).metadata();
    expect([meta.width, meta.height]).toEqual([2 * w, 2 * h]);
    expect(io.err()).not.toMatch(/warning/);
  });

  it('prints JSON with --json, counts only the --split asked, and marks what a zip cannot give', async () => {
    const io = memoryIo();
    expect(await runCli(['stats', '--data', 'samples', '--split', 'validation', '--json'], io)).toBe(0);
    expect(JSON.parse(io.out())).toEqual(await datasetStatistics({ source: 'samples', splits: ['validation'] }));

    const zip = memoryIo();
    expect(await runCli(['stats', join(samplesDirectory(), '..', 'authors-layout.zip'), '--json'], zip)).toBe(0);
    const json = JSON.parse(zip.out());
    expect(json.coverage.a.status).toBe('unavailable');
    expect(json.rounds).toBeNull();
  });

  it('shows progress on a terminal only, on stderr', async () => {
    const io = memoryIo({ isTTY: true });
    expect(await runCli(['stats', 'samples'], io)).toBe(0);
    expect(io.err()).toMatch(/stats \[#+\] 56\/56/);
    expect(io.out()).not.toMatch(/\r/);
    const quiet = memoryIo();
    await runCli(['stats', 'samples'], quiet);
    expect(quiet.err()).toBe('');
  });

  it('exits 2 on usage mistakes and 1 on data problems, naming the cause', async () => {
    for (const args of [['--top', '0'], ['--top', 'x'], ['--scale', '0'], ['--scale', '9'], ['--bogus']]) {
      const io = memoryIo();
      expect(await runCli(['stats', 'samples', ...args], io)).toBe(2);
      expect(io.err()).toMatch(/diffseg30k stats: /);
    }
    const font = memoryIo({ cwd: await tempDir('cli-stats-') });
    expect(await runCli(['stats', 'samples', '--out', 'o', '--font', 'missing.ttf'], font)).toBe(2);
    expect(font.err()).toMatch(/font file .*missing\.ttf/);
    const split = memoryIo();
    expect(await runCli(['stats', 'samples', '--split', 'test'], split)).toBe(1);
    expect(split.err()).toMatch(/test/);
  });
});
