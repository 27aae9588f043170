import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { rasterizeSvg } from '../../src/charts/rasterize-svg.js';
import { resultPanels } from '../../src/report/result-panels.js';
import { LABELS } from '../../src/schema/labels.js';

const image = { data: new Uint8Array(8 * 4 * 3).fill(200), width: 8, height: 4, channels: 3 };
const gt = new Uint8Array(32).fill(0).fill(3, 0, 16);
const pred = new Uint8Array(32).fill(0).fill(6, 0, 16);

describe('resultPanels', () => {
  it('embeds image, truth and prediction as PNGs, the label maps in the overlay colours', async () => {
    const svg = await resultPanels({ groups: [{ title: 'Worst & <first>', images: [{ id: 'a"b', iou: 0, image, gt, pred }] }], thumbnail: 16 });
    const hrefs = [...svg.matchAll(/href="data:image\/png;base64,([^"]+)"/g)].map((m) => Buffer.from(m[1], 'base64'));
    expect(hrefs).toHaveLength(3);
    const pixel = async (png: Buffer, x: number, y: number) => {
      const { data, info } = await sharp(png).raw().toBuffer({ resolveWithObject: true });
      return [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)];
    };
    // The top half is label 3 (sdxl) in the truth, 6 (kolors) in the prediction; the rest background.
    expect(await pixel(hrefs[1], 2, 1)).toEqual([...LABELS[3].color]);
    expect(await pixel(hrefs[2], 2, 1)).toEqual([...LABELS[6].color]);
    expect(await pixel(hrefs[2], 2, 6)).toEqual([0, 0, 0]);
    expect(svg).toContain('Worst &amp; &lt;first&gt;');
    expect(svg).toContain('data-id="a&quot;b"');
    await expect(rasterizeSvg({ svg, scale: 1 })).resolves.toMatchObject({ textRendered: expect.any(Boolean) });
  });

  it('refuses label maps that do not match the image, naming it', async () => {
    await expect(resultPanels({ groups: [{ title: 'x', images: [{ id: 'img-7', iou: 1, image, gt: gt.subarray(1), pred }] }] })).rejects.toThrow(/image img-7: label maps of 31 and 32 pixels for a 8×4 image/);
  });
});
