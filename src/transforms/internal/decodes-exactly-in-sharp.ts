import sharp from 'sharp';

/**
 * Whether starting a sharp step from these bytes sees exactly the pixels `decodeImage` gives:
 * an 8-bit RGB or RGBA PNG (lossless, no shrink-on-load, no palette, no ICC profile to convert)
 * of the record's size. Only the header is read.
 */
export async function decodesExactlyInSharp(bytes: Uint8Array, width: number, height: number): Promise<boolean> {
  try {
    const m = await sharp(bytes).metadata();
    return (
      m.format === 'png' && m.depth === 'uchar' && (m.channels === 3 || m.channels === 4) &&
      !m.hasProfile && !m.isPalette && m.width === width && m.height === height
    );
  } catch {
    return false; // not readable here: the decoded path reports it properly
  }
}
