import { stat } from 'node:fs/promises';
import sharp, { type OutputInfo } from 'sharp';
import { ArgumentError } from '../errors.js';

/** What {@link rasterizeSvg} returns. */
export interface RasterizedSvg {
  /** PNG bytes (8-bit RGBA). */
  png: Uint8Array;
  /** Width in pixels: the SVG's width × scale. */
  width: number;
  /** Height in pixels: the SVG's height × scale. */
  height: number;
  /**
   * Whether this machine renders text: false when no font is installed (fontconfig finds none,
   * as in a bare container) and none was given as `fontFile` — the labels are then empty boxes,
   * while the SVG itself is fine. Checked once per process (and again after a new `fontFile`).
   */
  textRendered: boolean;
}

const registered = new Set<string>();
let probe: Promise<boolean> | undefined;

/**
 * An SVG as a PNG, through sharp (libvips with librsvg, whose libxml2 is a strict XML parser: an
 * ill-formed SVG is an error, never a blank image). Text is drawn with the fonts fontconfig knows;
 * on a machine without any, pass `fontFile` (any TrueType/OpenType file, e.g. DejaVuSans.ttf)
 * and it is registered with fontconfig for this process before drawing.
 * @param params.scale - pixels per SVG unit. @default 2
 * @param params.fontFile - a font file to draw the text with when the machine has none.
 * @throws {ArgumentError} for an SVG that does not parse or render, a scale outside (0, 8], or a
 *   font file that is not a readable file.
 * @example
 * const { png, textRendered } = await rasterizeSvg({ svg });
 */
export async function rasterizeSvg(params: { svg: string; scale?: number; fontFile?: string }): Promise<RasterizedSvg> {
  const scale = params.scale ?? 2;
  if (!(scale > 0 && scale <= 8)) throw new ArgumentError({ message: `rasterizeSvg: scale must be in (0, 8], got ${scale}` });
  if (params.fontFile !== undefined) await registerFont(params.fontFile);
  let rendered: { data: Buffer; info: OutputInfo };
  try {
    rendered = await sharp(Buffer.from(params.svg), { density: 72 * scale }).png().toBuffer({ resolveWithObject: true });
  } catch (cause) {
    throw new ArgumentError({ message: `rasterizeSvg: the SVG does not render: ${(cause as Error).message}`, cause });
  }
  probe ??= textRenders();
  return { png: new Uint8Array(rendered.data), width: rendered.info.width, height: rendered.info.height, textRendered: await probe };
}

/*
 * sharp's text input with `fontfile` adds the file to fontconfig's current configuration
 * (FcConfigAppFontAddFile), the same configuration librsvg's Pango asks when it draws SVG text:
 * rendering one character with it is how a font file reaches the SVG renderer.
 */
async function registerFont(path: string): Promise<void> {
  if (registered.has(path)) return;
  const info = await stat(path).catch((cause: Error) => {
    throw new ArgumentError({ message: `rasterizeSvg: font file ${path}: ${cause.message}`, cause });
  });
  if (!info.isFile()) throw new ArgumentError({ message: `rasterizeSvg: font file ${path} is not a regular file` });
  try {
    await sharp({ text: { text: 'x', fontfile: path } }).png().toBuffer();
  } catch (cause) {
    throw new ArgumentError({ message: `rasterizeSvg: font file ${path} cannot be used: ${(cause as Error).message}`, cause });
  }
  registered.add(path);
  probe = undefined;
}

/*
 * Without fonts, Pango draws every character as the same box ("tofu"), so a row of 'i' is as wide
 * as a row of 'M'. With any real font the 'M' row is about three times wider.
 */
async function textRenders(): Promise<boolean> {
  const row = (y: number, ch: string) => `<text x="4" y="${y}" font-size="20" font-family="sans-serif" fill="#000">${ch.repeat(10)}</text>`;
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="400" height="60"><rect width="400" height="60" fill="#fff"/>${row(24, 'i')}${row(52, 'M')}</svg>`;
  const { data, info } = await sharp(Buffer.from(svg)).greyscale().raw().toBuffer({ resolveWithObject: true });
  const inkWidth = (y0: number, y1: number) => {
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
  const wide = inkWidth(30, 60);
  return narrow > 0 && wide > 1.6 * narrow;
}
