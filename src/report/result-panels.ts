import sharp from 'sharp';
import { FONT_FAMILY, STYLE, px } from '../charts/chart.js';
import { drawLegend } from '../charts/draw-legend.js';
import { escapeXml } from '../charts/escape-xml.js';
import { ArgumentError } from '../errors.js';
import { checkParams } from '../internal/check-params.js';
import type { DecodedImage } from '../schema/decoded.js';
import { IGNORE_LABEL, LABELS } from '../schema/labels.js';

/** One image of Figure 6: the edited image, its ground truth and the prediction. */
export interface ResultPanelImage {
  /** The record's id (the caption). */
  id: string;
  /** Semantic IoU of the prediction, shown in the caption (null: no edit in either map). */
  iou: number | null;
  /** The edited image. */
  image: DecodedImage;
  /** Ground-truth label map, `width × height` bytes. */
  gt: Uint8Array;
  /** Predicted label map, `width × height` bytes. */
  pred: Uint8Array;
}

/** A titled group of Figure 6 ("The 4 worst by semantic IoU"). */
export interface ResultPanelGroup {
  /** Heading printed above the group. */
  title: string;
  /** The group's images, in the order shown. */
  images: readonly ResultPanelImage[];
}

const MARGIN = 14;
const GAP = 6;
const TRIPLET_GAP = 22;

/** A label map in the overlay colours (background black, as the paper's masks), as RGB bytes. */
function colorize(map: Uint8Array): Uint8Array {
  const rgb = new Uint8Array(map.length * 3);
  for (let i = 0; i < map.length; i++) {
    const color = map[i] === IGNORE_LABEL.id ? IGNORE_LABEL.color : (LABELS[map[i]]?.color ?? IGNORE_LABEL.color);
    rgb[i * 3] = color[0];
    rgb[i * 3 + 1] = color[1];
    rgb[i * 3 + 2] = color[2];
  }
  return rgb;
}

/** A thumbnail `size` pixels wide as a data: URL; label maps are resized nearest-neighbour so no colour is invented. */
async function thumbnail(raw: Uint8Array, width: number, height: number, channels: 1 | 2 | 3 | 4, size: number, labels: boolean): Promise<{ href: string; height: number }> {
  const h = Math.max(1, Math.round((height * size) / width));
  const png = await sharp(raw, { raw: { width, height, channels } })
    .resize(size, h, { fit: 'fill', kernel: labels ? 'nearest' : 'lanczos3' })
    .png()
    .toBuffer();
  return { href: `data:image/png;base64,${png.toString('base64')}`, height: h };
}

/**
 * The paper's Figure 6 for a set of results: groups of images (e.g. the worst, best and random
 * ones by semantic IoU), each shown as image · ground truth · prediction, the label maps in the
 * generators' overlay colours with one legend for the figure. Returns a standalone SVG whose
 * pictures are embedded PNG thumbnails (data: URLs), so it opens anywhere with no other file.
 * @param params.thumbnail - width of each picture in pixels. @default 150
 * @param params.columns - image triplets per line. @default 2
 * @throws {ArgumentError} when a label map does not match its image's size.
 * @example
 * const svg = await resultPanels({ groups: [{ title: 'Worst', images: [{ id, iou, image, gt, pred }] }] });
 */
export async function resultPanels(params: { groups: readonly ResultPanelGroup[]; thumbnail?: number; columns?: number; title?: string }): Promise<string> {
  checkParams('resultPanels', params, ['groups', 'thumbnail', 'columns', 'title']);
  const size = params.thumbnail ?? 150;
  const columns = params.columns ?? 2;
  const tripletWidth = 3 * size + 2 * GAP;
  const width = 2 * MARGIN + columns * tripletWidth + (columns - 1) * TRIPLET_GAP;
  const fontSize = STYLE.smallFontSize;
  const parts: string[] = [];
  let y = MARGIN;
  if (params.title) {
    parts.push(`<text x="${MARGIN}" y="${y + STYLE.titleFontSize}" font-size="${STYLE.titleFontSize + 2}" font-weight="bold" fill="${STYLE.text}">${escapeXml(params.title)}</text>`);
    y += STYLE.titleFontSize + 12;
  }
  const legend = drawLegend({ items: LABELS.map((l) => ({ label: l.name, color: `rgb(${l.color.join(',')})` })).concat([{ label: 'ignore', color: `rgb(${IGNORE_LABEL.color.join(',')})` }]), x: MARGIN, y, maxWidth: width - 2 * MARGIN });
  parts.push(`<g class="legend">${legend.svg}</g>`);
  y += legend.height + 8;
  for (const [g, group] of params.groups.entries()) {
    parts.push(`<text class="group-title" x="${MARGIN}" y="${px(y + STYLE.fontSize + 2)}" font-size="${STYLE.fontSize + 1}" font-weight="bold" fill="${STYLE.text}">${escapeXml(group.title)}</text>`);
    y += STYLE.fontSize + 10;
    if (group.images.length === 0) {
      parts.push(`<text x="${MARGIN}" y="${px(y + fontSize)}" font-size="${fontSize}" fill="${STYLE.muted}">(no image)</text>`);
      y += fontSize + 12;
      continue;
    }
    for (let start = 0; start < group.images.length; start += columns) {
      let lineHeight = 0;
      const line = group.images.slice(start, start + columns);
      for (const [c, item] of line.entries()) {
        const { image, gt, pred, id } = item;
        const pixels = image.width * image.height;
        if (gt.length !== pixels || pred.length !== pixels) {
          throw new ArgumentError({ message: `resultPanels: image ${id}: label maps of ${gt.length} and ${pred.length} pixels for a ${image.width}×${image.height} image` });
        }
        const pictures = [
          await thumbnail(image.data, image.width, image.height, image.channels as 1 | 3 | 4, size, false),
          await thumbnail(colorize(gt), image.width, image.height, 3, size, true),
          await thumbnail(colorize(pred), image.width, image.height, 3, size, true),
        ];
        const x0 = MARGIN + c * (tripletWidth + TRIPLET_GAP);
        const caption = `${id} · IoU ${item.iou === null ? '—' : item.iou.toFixed(3)}`;
        const captions = ['image', 'ground truth', 'prediction'];
        parts.push(`<g class="result" data-id="${escapeXml(id)}" data-iou="${item.iou ?? ''}" data-group="${g}">`);
        parts.push(`<text x="${px(x0)}" y="${px(y + fontSize)}" font-size="${fontSize}" fill="${STYLE.text}">${escapeXml(caption)}</text>`);
        pictures.forEach((p, k) => {
          const x = x0 + k * (size + GAP);
          parts.push(`<image x="${px(x)}" y="${px(y + fontSize + 4)}" width="${size}" height="${p.height}" href="${p.href}"><title>${escapeXml(`${id}: ${captions[k]}`)}</title></image>`);
          parts.push(`<text x="${px(x + size / 2)}" y="${px(y + fontSize + 4 + p.height + fontSize + 2)}" font-size="${fontSize}" text-anchor="middle" fill="${STYLE.muted}">${captions[k]}</text>`);
        });
        parts.push('</g>');
        lineHeight = Math.max(lineHeight, fontSize + 4 + pictures[0].height + fontSize + 10);
      }
      y += lineHeight + 6;
    }
  }
  const height = Math.ceil(y + MARGIN);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="${FONT_FAMILY}">` +
    (params.title ? `<title>${escapeXml(params.title)}</title>` : '') +
    `<rect width="100%" height="100%" fill="#ffffff"/>${parts.join('')}</svg>\n`
  );
}
