/**
 * The boundary-F1 tolerance θ of docs/metrics.md when none is given: 0.0075 × the image diagonal,
 * in pixels (MATLAB `bfscore`'s default; ≈ 5.43 at 512×512, ≈ 10.86 at 1024×1024).
 *
 * @example
 * ```ts
 * defaultBoundaryTolerance({ width: 512, height: 512 }); // 5.4305…
 * ```
 */
export function defaultBoundaryTolerance(params: { width: number; height: number }): number {
  return 0.0075 * Math.sqrt(params.height * params.height + params.width * params.width);
}
