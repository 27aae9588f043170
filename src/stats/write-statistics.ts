import { mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { rasterizeSvg } from '../charts/rasterize-svg.js';
import { OutputError } from '../errors.js';
import type { DatasetStatistics } from './dataset-statistics.js';
import { statisticsFigure } from './statistics-figure.js';
import { statisticsMarkdown } from './statistics-markdown.js';
import { checkParams } from '../internal/check-params.js';

/** What {@link writeStatistics} wrote. */
export interface WrittenStatistics {
  /** Absolute paths of the files written. */
  files: {
    /** `figure-3.svg`. */
    svg: string;
    /** `figure-3.png`. */
    png: string;
    /** `stats.json`. */
    json: string;
    /** `stats.md`. */
    markdown: string;
  };
  /** PNG size in pixels (the SVG's size × `scale`). */
  png: {
    /** Width in pixels. */
    width: number;
    /** Height in pixels. */
    height: number;
  };
  /** False when this machine has no font to draw the PNG's text with (see `fontFile`); the SVG is unaffected. */
  textRendered: boolean;
}

/**
 * Writes the statistics of {@link datasetStatistics} into `out` (created if missing; these four
 * files replaced): `figure-3.svg` (the figure, {@link statisticsFigure}), `figure-3.png` (the same,
 * rasterised by sharp at `scale` pixels per unit), `stats.json` (the numbers, as returned) and
 * `stats.md` (the same numbers as tables, {@link statisticsMarkdown}).
 * @param params.scale - PNG pixels per SVG unit. @default 2
 * @param params.fontFile - a TrueType/OpenType file for the PNG's text on a machine without fonts.
 * @throws {OutputError} when a file cannot be written; {@link index!ArgumentError} for a bad scale or font file.
 * @example
 * const { files } = await writeStatistics({ statistics: await datasetStatistics({ source: 'samples' }), out: 'stats' });
 */
export async function writeStatistics(params: { statistics: DatasetStatistics; out: string; scale?: number; fontFile?: string }): Promise<WrittenStatistics> {
  checkParams('writeStatistics', params, ['statistics', 'out', 'scale', 'fontFile']);
  const out = resolve(params.out);
  const svg = statisticsFigure({ statistics: params.statistics });
  const raster = await rasterizeSvg({ svg, scale: params.scale, fontFile: params.fontFile });
  const files = { svg: join(out, 'figure-3.svg'), png: join(out, 'figure-3.png'), json: join(out, 'stats.json'), markdown: join(out, 'stats.md') };
  await mkdir(out, { recursive: true }).catch((cause: Error) => {
    throw new OutputError({ path: out, message: `cannot create the folder: ${cause.message}`, cause });
  });
  const contents: [string, string | Uint8Array][] = [
    [files.svg, svg],
    [files.png, raster.png],
    [files.json, `${JSON.stringify(params.statistics, null, 2)}\n`],
    [files.markdown, statisticsMarkdown({ statistics: params.statistics })],
  ];
  for (const [path, data] of contents) {
    await writeFile(path, data).catch((cause: Error) => {
      throw new OutputError({ path, message: `cannot write: ${cause.message}`, cause });
    });
  }
  return { files, png: { width: raster.width, height: raster.height }, textRendered: raster.textRendered };
}
