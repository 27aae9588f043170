import { ArgumentError } from '../errors.js';
import type { BoundaryConvention } from './image-stats.js';

/** Parameters of {@link boundaryMatchLimit}. */
export interface BoundaryMatchLimitParams {
  /** Image width in pixels. */
  width: number;
  /** Image height in pixels. */
  height: number;
  /**
   * Boundary convention: `'bfscore'` matches at squared distance **<** θ², `'davis'` at **≤** r².
   * @default 'bfscore'
   */
  boundary?: BoundaryConvention;
  /**
   * θ (bfscore) or r (davis) in pixels, any finite number ≥ 0.
   * @default the convention's own: bfscore 0.0075 × diagonal, davis ceil(0.008 × diagonal)
   */
  tolerance?: number;
}

const f64 = new Float64Array(1);
const u64 = new BigUint64Array(f64.buffer);

/**
 * ⌊x²⌋ of a finite double x ≥ 0, exactly, and whether x² is an integer. A double is m·2^e with an
 * integer m, so x² = m²·2^(2e) is computed without rounding in BigInt.
 */
function floorOfSquare(x: number): { floor: number; exact: boolean } {
  f64[0] = x;
  const bits = u64[0];
  const exponent = (bits >> 52n) & 0x7ffn;
  const fraction = bits & 0xfffffffffffffn;
  const mantissa = exponent === 0n ? fraction : fraction | 0x10000000000000n;
  const shift = 2n * ((exponent === 0n ? 1n : exponent) - 1075n); // x² = mantissa² · 2^shift
  const square = mantissa * mantissa;
  if (shift >= 0n) return { floor: Number(square << shift), exact: true };
  const floor = square >> -shift;
  return { floor: Number(floor), exact: floor << -shift === square };
}

/**
 * The largest squared distance (an integer) at which a boundary pixel still matches, for one
 * image size — so every engine compares integers, `dx² + dy² ≤ limit`, and no rounding of θ can
 * move a pixel in or out of tolerance.
 *
 * - `'bfscore'`, default tolerance: θ = 3/400 of the diagonal, so d² < θ² ⇔ 160000·d² < 9·(w² + h²),
 *   decided in integers. (In doubles θ² comes out as 450.00000000000006 at 2000×2000 and a pixel
 *   at exactly θ would match.)
 * - `'bfscore'`, given θ: the largest integer < θ², with θ² computed exactly from the double θ.
 * - `'davis'`, default: r = ceil(0.008 × √(h² + w²)) evaluated in doubles exactly as
 *   davis2017-evaluation's NumPy code does, limit r².
 * - `'davis'`, given r: the largest integer ≤ r².
 *
 * The result is capped at (w − 1)² + (h − 1)², the largest squared distance inside the image, and is
 * −1 when nothing can match (θ = 0 under bfscore). Internal to the engines.
 * @throws {ArgumentError} for a tolerance that is negative, NaN or infinite.
 */
export function boundaryMatchLimit(params: BoundaryMatchLimitParams): number {
  const { width, height, boundary = 'bfscore', tolerance } = params;
  const widest = (width - 1) * (width - 1) + (height - 1) * (height - 1);
  let limit: number;
  if (tolerance === undefined) {
    if (boundary === 'davis') {
      const r = Math.ceil(0.008 * Math.sqrt(height * height + width * width));
      limit = r * r;
    } else {
      const sum = BigInt(width) * BigInt(width) + BigInt(height) * BigInt(height);
      limit = Number((9n * sum - 1n) / 160000n);
    }
  } else if (!(tolerance >= 0) || tolerance === Infinity) {
    throw new ArgumentError({ message: `metrics: boundary tolerance must be a finite number of pixels ≥ 0, got ${tolerance}` });
  } else {
    const { floor, exact } = floorOfSquare(tolerance);
    limit = boundary === 'davis' || !exact ? floor : floor - 1;
  }
  return Math.min(limit, widest);
}
