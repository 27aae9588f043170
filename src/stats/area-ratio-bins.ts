/**
 * The fixed bins of the mask-area-ratio distribution (Figure 3 b): 20 bins of 5 % of the image
 * each, `[0, 0.05)`, `[0.05, 0.10)`, …, `[0.95, 1]` (the last one closed, so a mask covering the
 * whole image is counted). Fixed rather than fitted to the data, so two datasets — or a dataset
 * and its distorted copy — are compared bin for bin.
 */
export const AREA_RATIO_EDGES: readonly number[] = Array.from({ length: 21 }, (_, i) => i / 20);

/**
 * The bin of a mask of `area` pixels in an image of `pixels` pixels: `floor(20 · area / pixels)`,
 * in integer arithmetic (no edge lands in the wrong bin by a rounding error), the last bin closed.
 * @example areaRatioBin({ area: 1000, pixels: 10_000 }) // 2 (10 %: the bin [0.10, 0.15))
 * @internal
 */
export function areaRatioBin(params: { area: number; pixels: number }): number {
  return Math.min(AREA_RATIO_EDGES.length - 2, Math.floor((params.area * (AREA_RATIO_EDGES.length - 1)) / params.pixels));
}
