import type { BoundaryConvention } from './image-stats.js';
import { checkParams } from '../internal/check-params.js';

/**
 * The boundary-F1 tolerance of a convention when none is given, in pixels, for one image size:
 * - `'bfscore'`: θ = 0.0075 × the image diagonal (MATLAB `bfscore`'s default; ≈ 5.43 at 512×512,
 *   ≈ 10.86 at 1024×1024). Informative: the engines decide d² < θ² exactly as
 *   160000·d² < 9·(w² + h²), which this rounded double cannot express at every size.
 * - `'davis'`: r = ceil(0.008 × diagonal) (DAVIS `bound_th` 0.008; 6 at 512×512, 12 at 1024×1024),
 *   computed in doubles exactly as the DAVIS code does; matched at d² ≤ r².
 *
 * @example
 * ```ts
 * defaultBoundaryTolerance({ width: 512, height: 512 });                    // 5.4305…
 * defaultBoundaryTolerance({ width: 512, height: 512, boundary: 'davis' }); // 6
 * ```
 */
export function defaultBoundaryTolerance(params: { width: number; height: number; boundary?: BoundaryConvention }): number {
  checkParams('defaultBoundaryTolerance', params, ['width', 'height', 'boundary']);
  const diagonal = Math.sqrt(params.height * params.height + params.width * params.width);
  return params.boundary === 'davis' ? Math.ceil(0.008 * diagonal) : 0.0075 * diagonal;
}
