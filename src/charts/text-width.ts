/**
 * Advance widths of printable ASCII (space … `~`) in hundredths of an em, measured from DejaVu Sans
 * (the family the charts name first, and the widest of the usual sans-serif fonts: a label laid out
 * for it also fits in Liberation Sans, Arial or Helvetica).
 */
const ASCII_WIDTHS = [
  32, 40, 46, 84, 64, 95, 78, 27, 39, 39, 50, 84, 32, 36, 32, 34, 64, 64, 64, 64, 64, 64, 64, 64, 64, 64, 34, 34, 84, 84, 84, 53,
  100, 71, 69, 70, 77, 63, 58, 77, 75, 29, 29, 66, 56, 86, 75, 79, 60, 79, 69, 63, 59, 73, 68, 99, 69, 61, 69, 39, 34, 39, 84, 50,
  50, 61, 63, 55, 63, 62, 35, 63, 63, 28, 28, 58, 28, 97, 63, 61, 63, 63, 39, 52, 39, 63, 59, 82, 59, 59, 52, 64, 34, 64, 84,
];

/**
 * The width a label will take, in pixels at `fontSize`, for laying charts out without a font at
 * hand (an SVG is written before anything renders it). Exact for ASCII in DejaVu Sans; other
 * characters count 0.7 em, and East Asian wide ones 1 em.
 * @example textWidth({ text: 'food', fontSize: 10 }) // 22
 */
export function textWidth(params: { text: string; fontSize: number }): number {
  let hundredths = 0;
  for (const ch of params.text) {
    const c = ch.codePointAt(0)!;
    if (c >= 32 && c < 127) hundredths += ASCII_WIDTHS[c - 32];
    else if (c >= 0x1100 && (c <= 0x115f || (c >= 0x2e80 && c <= 0xa4cf) || (c >= 0xac00 && c <= 0xd7a3) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xff00 && c <= 0xff60) || c >= 0x20000)) hundredths += 100;
    else hundredths += 70;
  }
  return (hundredths / 100) * params.fontSize;
}
