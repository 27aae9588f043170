/**
 * What every chart of this folder is: a fragment of SVG drawn from (0, 0) with its size, to be
 * placed by {@link composeFigure} (or wrapped alone). Charts are text the package writes itself,
 * with no plotting dependency; {@link rasterizeSvg} turns a figure into a PNG through sharp.
 */
export interface Chart {
  /** Width in SVG user units (pixels at scale 1). */
  width: number;
  /** Height in SVG user units. */
  height: number;
  /** SVG elements, drawn inside the box [0, width] × [0, height]. */
  svg: string;
}

/** The fonts charts ask for, DejaVu Sans first (the widths of the layout are its widths). */
export const FONT_FAMILY = "'DejaVu Sans', 'Liberation Sans', Arial, Helvetica, sans-serif";

/** Sizes and colours shared by every chart, so panels drawn by different charts match. */
export const STYLE = {
  fontSize: 11,
  smallFontSize: 9.5,
  titleFontSize: 12.5,
  text: '#222222',
  muted: '#666666',
  grid: '#e6e6e6',
  axis: '#999999',
} as const;

/** One entry of a legend: a swatch of `color` (at `opacity`) and its label. */
export interface LegendItem {
  label: string;
  color: string;
  opacity?: number;
}

/** A coordinate to two decimals: smaller files, and the same text on every machine. */
export function px(value: number): number {
  return Math.round(value * 100) / 100;
}
