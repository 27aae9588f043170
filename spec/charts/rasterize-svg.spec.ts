import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { rasterizeSvg } from '../../src/charts/rasterize-svg.js';
import { ArgumentError } from '../../src/errors.js';

const run = promisify(execFile);
const dirs: string[] = [];
afterAll(() => Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true }))));

const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="200" height="50"><rect width="200" height="50" fill="#fff"/><text x="4" y="34" font-size="24" font-family="sans-serif">Food 14,308</text></svg>`;
const FONT = '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf';
if (!existsSync(FONT)) console.info(`rasterizeSvg spec: skipping the font-file test: ${FONT} is not on this machine`);

describe('rasterizeSvg', () => {
  it('renders at the scale asked, with text, as a PNG sharp reads back', async () => {
    const { png, width, height, textRendered } = await rasterizeSvg({ svg, scale: 2 });
    expect([width, height]).toEqual([400, 100]);
    const meta = await sharp(png).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', 400, 100]);
    expect(textRendered).toBe(true);
    const { data } = await sharp(png).greyscale().raw().toBuffer({ resolveWithObject: true });
    expect(data.some((v) => v < 100)).toBe(true);
  });

  it('refuses an ill-formed SVG, a bad scale and a missing font file with ArgumentErrors', async () => {
    await expect(rasterizeSvg({ svg: '<svg xmlns="http://www.w3.org/2000/svg"><g></svg>' })).rejects.toThrow(/does not render: .*XML/);
    await expect(rasterizeSvg({ svg, scale: 0 })).rejects.toThrow(ArgumentError);
    await expect(rasterizeSvg({ svg, scale: 9 })).rejects.toThrow(ArgumentError);
    await expect(rasterizeSvg({ svg, fontFile: '/nonexistent/font.ttf' })).rejects.toThrow(/font file \/nonexistent\/font.ttf/);
    await expect(rasterizeSvg({ svg, fontFile: tmpdir() })).rejects.toThrow(/not a regular file/);
  });

  // A machine without fonts is simulated with a fontconfig configuration that lists none, in a
  // child process (fontconfig reads its configuration once per process). Text drawn before the
  // font file is given must not keep it from being used (Pango caches fonts per thread).
  it.skipIf(!existsSync(FONT))('says when no font renders text, and draws text again with a font file given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'diffseg-nofont-'));
    dirs.push(dir);
    await writeFile(join(dir, 'fonts.conf'), `<?xml version="1.0"?>\n<fontconfig><dir>${dir}/none</dir><cachedir>${dir}/cache</cachedir></fontconfig>\n`);
    await copyFile(FONT, join(dir, 'font.ttf'));
    const module = resolve(import.meta.dirname, '../../src/charts/rasterize-svg.ts');
    const script = `
      const { rasterizeSvg } = await import(${JSON.stringify(module)});
      const svg = ${JSON.stringify(svg)};
      const bare = await rasterizeSvg({ svg });
      const withFont = await rasterizeSvg({ svg, fontFile: ${JSON.stringify(join(dir, 'font.ttf'))} });
      const notAFont = await rasterizeSvg({ svg, fontFile: ${JSON.stringify(join(dir, 'fonts.conf'))} });
      const again = await rasterizeSvg({ svg });
      console.log(JSON.stringify({ bare: bare.textRendered, withFont: withFont.textRendered, notAFont: notAFont.textRendered, again: again.textRendered }));`;
    const tsx = resolve(import.meta.dirname, '../../node_modules/.bin/tsx');
    const { stdout } = await run(tsx, ['--input-type=module', '-e', script], { env: { ...process.env, FONTCONFIG_FILE: join(dir, 'fonts.conf') } });
    expect(JSON.parse(stdout.trim().split('\n').pop()!)).toEqual({ bare: false, withFont: true, notAFont: false, again: false });
  }, 60_000);
});
