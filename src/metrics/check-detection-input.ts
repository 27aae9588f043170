import { MetricsError } from './metrics-error.js';

/** Checks scores and 0/1 labels (internal; shared by averagePrecision and DetectionMetrics). */
export function checkDetectionInput(params: { scores: ArrayLike<number>; labels: ArrayLike<number | boolean>; where: string }): void {
  const { scores, labels, where } = params;
  if (scores.length !== labels.length) {
    throw new MetricsError({ message: `${where}: ${scores.length} scores but ${labels.length} labels` });
  }
  for (let i = 0; i < scores.length; i++) {
    if (typeof scores[i] !== 'number' || !Number.isFinite(scores[i])) throw new MetricsError({ message: `${where}: score ${i} is ${scores[i]}; scores must be finite numbers` });
    const l = labels[i];
    if (!(l === 0 || l === 1 || l === true || l === false)) throw new MetricsError({ message: `${where}: label ${i} is ${String(l)}; labels must be 0/1 or booleans` });
  }
}
