import { execFile } from 'node:child_process';
import { stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { ArgumentError } from '../errors.js';
import { checkParams, keysOf } from '../internal/check-params.js';

/** What {@link rasterizeSvg} returns. */
export interface RasterizedSvg {
  /** PNG bytes (8-bit RGBA). */
  png: Uint8Array;
  /** Width in pixels: the SVG's width × scale. */
  width: number;
  /** Height in pixels: the SVG's height × scale. */
  height: number;
  /**
   * Whether text was drawn with a font: false when no font is installed (fontconfig finds none,
   * as in a bare container) and none was given as `fontFile` — the labels are then empty boxes,
   * while the SVG itself is fine.
   */
  textRendered: boolean;
}

/** A drawing with a font file gives up after this long (a child process does it). */
const FONT_DRAW_TIMEOUT_MS = 120_000;
let probe: Promise<boolean> | undefined;

/**
 * An SVG as a PNG, through sharp (libvips with librsvg, whose libxml2 is a strict XML parser: an
 * ill-formed SVG is an error, never a blank image). Text is drawn with the fonts fontconfig knows;
 * on a machine without any, pass `fontFile` (any TrueType/OpenType file, e.g. DejaVuSans.ttf).
 * @param params.scale - pixels per SVG unit. @default 2
 * @param params.fontFile - a font file to draw the text with when the machine has none. The
 *   drawing then runs in a short-lived child process (see the comment on `drawWithFont`).
 * @throws {ArgumentError} for an SVG that does not parse or render, a scale outside (0, 8], or a
 *   font file that is not a regular file (a file fontconfig cannot read as a font is ignored by
 *   it: `textRendered` then says whether text was drawn).
 * @example
 * const { png, textRendered } = await rasterizeSvg({ svg });
 */
export async function rasterizeSvg(params: { svg: string; scale?: number; fontFile?: string }): Promise<RasterizedSvg> {
  checkParams('rasterizeSvg', params, keysOf<Parameters<typeof rasterizeSvg>[0]>()('svg', 'scale', 'fontFile'));
  const scale = params.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new ArgumentError({ message: `rasterizeSvg: scale must be in (0, 8], got ${scale}` });
  if (params.fontFile !== undefined) return drawWithFont({ svg: params.svg, scale, fontFile: params.fontFile });
  const { png, width, height } = await draw(sharp, params.svg, scale).catch((cause: Error) => {
    throw new ArgumentError({ message: `rasterizeSvg: the SVG does not render: ${cause.message}`, cause });
  });
  // The fonts fontconfig finds do not change during a process: one look is enough.
  probe ??= textRenders(sharp);
  return { png: new Uint8Array(png), width, height, textRendered: await probe };
}

/*
 * Drawing and the font check, as JavaScript source: they also run in the child process of
 * `drawWithFont`, and a function's own source text is not safe to send there (transpilers add
 * helpers to it, such as esbuild's `__name`). Each takes the `sharp` module it is given.
 */
const DRAW_SOURCE = `async (sharp, svg, scale) => {
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 * scale }).png().toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}`;
// Without fonts, Pango draws every character as the same box ("tofu"), so a row of 'i' is as wide
// as a row of 'M'. With any real font the 'M' row is about three times wider.
const TEXT_RENDERS_SOURCE = `async (sharp) => {
  const row = (y, ch) => '<text x="4" y="' + y + '" font-size="20" font-family="sans-serif" fill="#000">' + ch.repeat(10) + '</text>';
  const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><rect width="400" height="60" fill="#fff"/>' + row(24, 'i') + row(52, 'M') + '</svg>';
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const inkWidth = (y0, y1) => {
    let first = -1;
    let last = -1;
    for (let x = 0; x < info.width; x++) {
      for (let y = y0; y < y1; y++) {
        if (data[(y * info.width + x) * info.channels] < 128) {
          if (first < 0) first = x;
          last = x;
          break;
        }
      }
    }
    return first < 0 ? 0 : last - first + 1;
  };
  const narrow = inkWidth(0, 30);
  return narrow > 0 && inkWidth(30, 60) > 1.6 * narrow;
}`;
const draw = new Function(`return ${DRAW_SOURCE}`)() as (sharpModule: typeof sharp, svg: string, scale: number) => Promise<{ png: Buffer; width: number; height: number }>;
const textRenders = new Function(`return ${TEXT_RENDERS_SOURCE}`)() as (sharpModule: typeof sharp) => Promise<boolean>;

/*
 * sharp's text input with `fontfile` adds the file to fontconfig's configuration
 * (FcConfigAppFontAddFile), which librsvg's Pango then uses for SVG text — but only in font maps
 * made after that: Pango keeps one font map per thread of libvips' pool, each caching the fonts it
 * saw first, so once any SVG text has been drawn in a process a font added later reaches some
 * threads and not others. A fresh child process registers the font before drawing anything, so
 * every thread sees it; the cost (≈ 0.3 s) is paid only on machines that need a font file.
 */
async function drawWithFont(params: { svg: string; scale: number; fontFile: string }): Promise<RasterizedSvg> {
  const { fontFile } = params;
  const info = await stat(fontFile).catch((cause: Error) => {
    throw new ArgumentError({ message: `rasterizeSvg: font file ${fontFile}: ${cause.message}`, cause });
  });
  if (!info.isFile()) throw new ArgumentError({ message: `rasterizeSvg: font file ${fontFile} is not a regular file` });
  const script = [
    'const [sharpUrl, fontFile, scale] = process.argv.slice(1);',
    'const { default: sharp } = await import(sharpUrl);',
    `const draw = ${DRAW_SOURCE};`,
    `const textRenders = ${TEXT_RENDERS_SOURCE};`,
    'let svg = "";',
    'process.stdin.setEncoding("utf8");',
    'for await (const chunk of process.stdin) svg += chunk;',
    'try { await sharp({ text: { text: "x", fontfile: fontFile } }).png().toBuffer(); }',
    'catch (error) { process.stderr.write(`font: ${error.message}`); process.exit(3); }',
    'let drawn;',
    'try { drawn = await draw(sharp, svg, Number(scale)); }',
    'catch (error) { process.stderr.write(`svg: ${error.message}`); process.exit(4); }',
    'process.stdout.write(JSON.stringify({ png: drawn.png.toString("base64"), width: drawn.width, height: drawn.height, textRendered: await textRenders(sharp) }));',
  ].join('\n');
  const sharpUrl = pathToFileURL(createRequire(import.meta.url).resolve('sharp')).href;
  const result = await new Promise<string>((resolve, reject) => {
    const child = execFile(
      process.execPath,
      ['--input-type=module', '-e', script, '--', sharpUrl, fontFile, String(params.scale)],
      { timeout: FONT_DRAW_TIMEOUT_MS, maxBuffer: 1 << 30, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve(stdout);
        const why = stderr.trim() || error.message;
        reject(
          new ArgumentError({
            message: why.startsWith('font: ')
              ? `rasterizeSvg: font file ${fontFile} cannot be used: ${why.slice(6)}`
              : why.startsWith('svg: ')
                ? `rasterizeSvg: the SVG does not render: ${why.slice(5)}`
                : `rasterizeSvg: drawing with font file ${fontFile} failed: ${error.killed ? `no result in ${FONT_DRAW_TIMEOUT_MS / 1000} s` : why}`,
            cause: error,
          }),
        );
      },
    );
    child.stdin?.end(params.svg);
  });
  const { png, width, height, textRendered } = JSON.parse(result) as { png: string; width: number; height: number; textRendered: boolean };
  return { png: new Uint8Array(Buffer.from(png, 'base64')), width, height, textRendered };
}
