import type { ImageSize } from '../schema/decoded.js';
import { checkSize } from './internal/args.js';
import { resamplingTransform } from './internal/resample.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Output size of {@link resize} for an input size: `{ width, height }` as given; for a number `n`,
 * a square image becomes `n × n` and otherwise the shorter side becomes `n` and the longer side
 * `floor(n · long / short)` (torchvision's `Resize(n)` rule).
 */
export function resizedSize(params: { size: number | ImageSize; width: number; height: number }): ImageSize {
  const { size, width, height } = params;
  if (typeof size !== 'number') return { width: size.width, height: size.height };
  if (width === height) return { width: size, height: size };
  if (width < height) return { width: size, height: Math.max(1, Math.floor((size * height) / width)) };
  return { width: Math.max(1, Math.floor((size * width) / height)), height: size };
}

/**
 * Resizes image and label map together. The image is resampled with Lanczos-3; the label map
 * with nearest neighbour (pixel-centre aligned), so no label id is ever invented. A number `n`
 * makes a square image `n × n` and otherwise sets the shorter side to `n` (aspect kept);
 * `{ width, height }` resizes to exactly that. Resizing to the current size is a no-op.
 *
 * @throws {ArgumentError} for a size ≤ 0 or not an integer.
 * @example
 * resize({ size: 256 })                          // the paper's resize-256 distortion (Table 3)
 * resize({ width: 640, height: 480 })  // exact size, aspect not kept
 */
export function resize(params: { size: number } | { width: number; height: number }): Transform {
  // An object first (a positional number has no `in`), then its keys, by the form it takes.
  checkParams('resize', params, 'size' in checkParams('resize', params) ? ['size'] : ['width', 'height']);
  const checked = checkSize('resize', 'size' in params ? params.size : { width: params.width, height: params.height });
  const name = typeof checked === 'number' ? `resize(${checked})` : `resize(${checked.width}x${checked.height})`;
  return resamplingTransform(name, ({ width, height }) => resizedSize({ size: checked, width, height }));
}
