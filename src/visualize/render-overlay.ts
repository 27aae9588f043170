import sharp from 'sharp';
import { escapeXml } from '../charts/escape-xml.js';
import { ArgumentError } from '../errors.js';
import type { DecodedImage } from '../schema/decoded.js';
import { IGNORE_LABEL, LABELS, labelOfGenerator } from '../schema/labels.js';
import type { Turn } from '../schema/record.js';
import { checkParams } from '../internal/check-params.js';

const LINE = 16;
const PAD = 6;

/**
 * Draws a record for people: the image with every edited pixel tinted in the colour of the model
 * that edited it last (the label map), region outlines in full colour, and a legend below listing
 * each turn (model, edit type, prompt) in its colour. Returns PNG bytes.
 *
 * @param params.alpha - tint strength 0–1. @default 0.45
 * @example
 * const png = await renderOverlay({ image: await s.image(), labelMap: await s.labelMap(), turns: s.turns });
 */
export async function renderOverlay(params: {
  image: DecodedImage;
  labelMap: Uint8Array;
  turns: readonly Pick<Turn, 'generator' | 'edit_type' | 'prompt'>[];
  alpha?: number;
}): Promise<Uint8Array> {
  checkParams('renderOverlay', params, ['image', 'labelMap', 'turns', 'alpha']);
  const { image, labelMap, turns } = params;
  const alpha = params.alpha ?? 0.45;
  const { width, height, channels } = image;
  if (labelMap.length !== width * height) {
    throw new ArgumentError({ message: `renderOverlay: label map has ${labelMap.length} bytes, the image is ${width}×${height}` });
  }
  const colorOf = (label: number) => (label === IGNORE_LABEL.id ? IGNORE_LABEL.color : LABELS[label]?.color);
  const rgb = new Uint8Array(width * height * 3);
  for (let p = 0; p < width * height; p++) {
    const label = labelMap[p];
    const src = p * channels;
    const grey = channels < 3;
    const r = image.data[src];
    const g = grey ? r : image.data[src + 1];
    const b = grey ? r : image.data[src + 2];
    const color = label === 0 ? undefined : colorOf(label);
    if (!color) {
      rgb.set([r, g, b], p * 3);
      continue;
    }
    const x = p % width;
    const y = (p - x) / width;
    // A pixel whose 4-neighbour differs (or that touches the border) is on the outline: full colour.
    const edge =
      x === 0 || y === 0 || x === width - 1 || y === height - 1 ||
      labelMap[p - 1] !== label || labelMap[p + 1] !== label || labelMap[p - width] !== label || labelMap[p + width] !== label;
    const a = edge ? 1 : alpha;
    rgb[p * 3] = Math.round(r * (1 - a) + color[0] * a);
    rgb[p * 3 + 1] = Math.round(g * (1 - a) + color[1] * a);
    rgb[p * 3 + 2] = Math.round(b * (1 - a) + color[2] * a);
  }
  const lines = turns.length ? turns : [{ generator: undefined, edit_type: undefined, prompt: 'unedited image (no turns)' }];
  const canvasWidth = Math.max(width, 420);
  const legendHeight = PAD * 2 + LINE * lines.length;
  const legend = lines
    .map((t, i) => {
      const y = PAD + i * LINE;
      const color = t.generator ? LABELS[labelOfGenerator(t.generator)].color : [255, 255, 255];
      const label = t.generator ? `turn ${i + 1} · ${t.generator} · ${t.edit_type} · ${t.prompt}` : t.prompt;
      const text = escapeXml(label.length > 70 ? `${label.slice(0, 69)}…` : label);
      return `<rect x="${PAD}" y="${y + 2}" width="11" height="11" fill="rgb(${color.join(',')})" stroke="white"/>` +
        `<text x="${PAD + 17}" y="${y + 12}" font-family="sans-serif" font-size="11" fill="white">${text}</text>`;
    })
    .join('');
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${canvasWidth}" height="${legendHeight}">${legend}</svg>`;
  const png = await sharp({ create: { width: canvasWidth, height: height + legendHeight, channels: 3, background: { r: 24, g: 24, b: 24 } } })
    .composite([
      { input: Buffer.from(rgb.buffer, rgb.byteOffset, rgb.byteLength), raw: { width, height, channels: 3 }, left: 0, top: 0 },
      { input: Buffer.from(svg), left: 0, top: height },
    ])
    .png()
    .toBuffer();
  return new Uint8Array(png);
}
