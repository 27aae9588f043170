import { ArgumentError } from '../errors.js';
import { compose } from './compose.js';
import { gaussianBlur } from './gaussian-blur.js';
import { gaussianNoise } from './gaussian-noise.js';
import { jpeg } from './jpeg.js';
import { resize } from './resize.js';
import type { Transform } from './transform.js';
import { webp } from './webp.js';

/** A named distortion of the robustness suite. */
export interface RobustnessPreset {
  /** Preset name, e.g. `jpeg60`. */
  name: string;
  /** One line for cards and `--help`. */
  description: string;
  /** Whether the preset is one of the paper's Table 3 distortions. */
  paper: boolean;
  /** The transform (stateless; one instance serves every sample). */
  transform: Transform;
  /**
   * Whether the label map changes (resize): then turn masks, areas and bboxes are recomputed.
   * Compression, blur and noise leave it byte-for-byte unchanged.
   */
  changesGeometry: boolean;
}

const preset = (name: string, description: string, transform: Transform, paper = false, changesGeometry = false): RobustnessPreset => ({
  name,
  description,
  paper,
  transform,
  changesGeometry,
});

/**
 * The robustness suite: the paper's Table 3 distortions (`jpeg60`, `jpeg80`, `resize256`,
 * `resize1024`; models trained at 512 px) and a wider set. Apply them to evaluation images; each
 * preset moves the label map consistently with the image (a resize resizes it with nearest
 * neighbour; compression, blur and noise leave it unchanged). Noise is seeded per sample id, so
 * a distorted dataset is reproducible.
 */
export const ROBUSTNESS_PRESETS: Readonly<Record<string, RobustnessPreset>> = Object.freeze(
  Object.fromEntries(
    [
      preset('jpeg60', 'JPEG re-compression at quality 60 (paper, Table 3)', jpeg({ quality: 60 }), true),
      preset('jpeg80', 'JPEG re-compression at quality 80 (paper, Table 3)', jpeg({ quality: 80 }), true),
      preset('resize256', 'resize to 256 px on the shorter side (paper, Table 3)', resize({ size: 256 }), true, true),
      preset('resize1024', 'resize to 1024 px on the shorter side (paper, Table 3)', resize({ size: 1024 }), true, true),
      preset('jpeg30', 'JPEG re-compression at quality 30', jpeg({ quality: 30 })),
      preset('jpeg90', 'JPEG re-compression at quality 90', jpeg({ quality: 90 })),
      preset('webp50', 'lossy WebP at quality 50', webp({ quality: 50 })),
      preset('webp75', 'lossy WebP at quality 75', webp({ quality: 75 })),
      preset('blur1', 'Gaussian blur, sigma 1 px', gaussianBlur({ sigma: 1 })),
      preset('blur2', 'Gaussian blur, sigma 2 px', gaussianBlur({ sigma: 2 })),
      preset('noise5', 'additive Gaussian noise, sigma 5 (0–255 scale), seeded per sample id', gaussianNoise({ sigma: 5 })),
      preset('noise10', 'additive Gaussian noise, sigma 10 (0–255 scale), seeded per sample id', gaussianNoise({ sigma: 10 })),
      preset('resize384', 'resize to 384 px on the shorter side', resize({ size: 384 }), false, true),
      preset('resize256+jpeg80', 'resize to 256 px, then JPEG quality 80 (a social-media upload)', compose([resize({ size: 256 }), jpeg({ quality: 80 })]), false, true),
      preset('blur1+jpeg80', 'Gaussian blur sigma 1, then JPEG quality 80', compose([gaussianBlur({ sigma: 1 }), jpeg({ quality: 80 })])),
    ].map((p) => [p.name, Object.freeze(p)]),
  ),
);

/**
 * Looks up a robustness preset by name.
 *
 * @throws {ArgumentError} (code `INVALID_ARGUMENT`) for an unknown name; the message lists the known presets.
 * @example
 * const { transform } = robustnessPreset('jpeg60');
 */
export function robustnessPreset(name: string): RobustnessPreset {
  const found = Object.prototype.hasOwnProperty.call(ROBUSTNESS_PRESETS, name) ? ROBUSTNESS_PRESETS[name] : undefined;
  if (!found) {
    throw new ArgumentError({ message: `transforms: unknown robustness preset '${String(name)}'; known presets: ${Object.keys(ROBUSTNESS_PRESETS).join(', ')}` });
  }
  return found;
}
