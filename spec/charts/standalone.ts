/**
 * Helpers for the chart specs: a chart fragment as a standalone SVG document, rendered by sharp
 * (librsvg parses with libxml2, which rejects any ill-formed XML), and the attributes of its
 * elements read back.
 */
import sharp from 'sharp';
import type { Chart } from '../../src/charts/chart.js';
import { FONT_FAMILY } from '../../src/charts/chart.js';

export function standalone(chart: Chart): string {
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${chart.width}" height="${chart.height}" font-family="${FONT_FAMILY}"><rect width="100%" height="100%" fill="#fff"/>${chart.svg}</svg>`;
}

/** Renders at scale 1; rejects on XML that does not parse. Returns grey pixels. */
export async function render(svg: string): Promise<{ data: Uint8Array; width: number; height: number }> {
  const { data, info } = await sharp(Buffer.from(svg)).flatten({ background: '#ffffff' }).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { data: new Uint8Array(data), width: info.width, height: info.height };
}

/** Every element with a `data-value`, as { tag, attributes } in document order. */
export function dataElements(svg: string): { tag: string; attrs: Record<string, string> }[] {
  const out: { tag: string; attrs: Record<string, string> }[] = [];
  for (const m of svg.matchAll(/<(rect|path|circle)\b([^>]*\bdata-value="[^"]*"[^>]*)>/g)) {
    const attrs: Record<string, string> = {};
    for (const a of m[2].matchAll(/([\w-]+)="([^"]*)"/g)) attrs[a[1]] = a[2];
    out.push({ tag: m[1], attrs });
  }
  return out;
}
