/**
 * Worker side of {@link MetricsPool}: keeps one SegmentationMetrics per key, adds each job's image
 * to every key it names (measured once), and on `collect` sends every accumulator's lossless JSON
 * back. Not part of the package API; loaded by MetricsPool as a worker_threads entry.
 */
import { parentPort } from 'node:worker_threads';
import type { MetricsPoolJob } from './metrics-pool.js';
import { SegmentationMetrics } from './segmentation-metrics.js';

/** A job as MetricsPool posts it: the job of `update`, numbered, without its label. */
type JobMessage = Omit<MetricsPoolJob, 'label'> & { type: 'job'; job: number };

const accumulators = new Map<string, SegmentationMetrics>();

function accumulator(key: string, options: JobMessage['options']): SegmentationMetrics {
  let metrics = accumulators.get(key);
  if (!metrics) {
    metrics = new SegmentationMetrics({ numClasses: options.numClasses, ignoreIndex: options.ignoreIndex, boundary: options.boundary, boundaryTolerance: options.boundaryTolerance });
    accumulators.set(key, metrics);
  }
  return metrics;
}

parentPort!.on('message', (message: JobMessage | { type: 'collect' }) => {
  if (message.type === 'collect') {
    parentPort!.postMessage({ type: 'collected', accumulators: Object.fromEntries([...accumulators].map(([k, m]) => [k, m.toJSON()])) });
    return;
  }
  try {
    const targets = message.keys.map((key) => accumulator(key, message.options));
    const stats = targets[0].measureImage({ gt: message.gt, pred: message.pred, width: message.width, height: message.height });
    for (const t of targets) t.addImageStats(stats);
    parentPort!.postMessage({ type: 'done', job: message.job });
  } catch (error) {
    const e = error as { message?: string; reason?: string; code?: string; name?: string };
    // The reason alone: the pool names the image itself, as a field.
    parentPort!.postMessage({ type: 'failed', job: message.job, message: e.reason ?? e.message ?? String(error), code: e.code, name: e.name });
  }
});
