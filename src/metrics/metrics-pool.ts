import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { ArgumentError, DiffsegError, type DiffsegErrorCode } from '../errors.js';
import { MetricsError } from './metrics-error.js';
import { SegmentationMetrics, type SegmentationMetricsJSON, type SegmentationMetricsOptions } from './segmentation-metrics.js';
import { checkParams } from '../internal/check-params.js';

/** Options of {@link MetricsPool}. */
export interface MetricsPoolOptions {
  /**
   * Number of worker threads.
   * @default os.availableParallelism() − 1, at least 1
   */
  workers?: number;
}

/** One image for {@link MetricsPool.update}. */
export interface MetricsPoolJob {
  /**
   * Accumulators this image is added to, by name (e.g. `['semantic', 'semantic|num_turns=2']`).
   * Each is created on first use with `options`; a key must always come with the same options.
   */
  keys: string[];
  /** Settings of the accumulators (the typed-array engine is used). */
  options: Pick<SegmentationMetricsOptions, 'numClasses' | 'ignoreIndex' | 'boundary' | 'boundaryTolerance'>;
  /** Ground-truth label map, row-major, `width × height` bytes. */
  gt: Uint8Array;
  /** Predicted label map, row-major, `width × height` bytes. */
  pred: Uint8Array;
  /** Columns of both maps. */
  width: number;
  /** Rows of both maps. */
  height: number;
  /** Names the image in error messages (e.g. its record id). */
  label?: string;
  /**
   * Hand `gt`'s and `pred`'s memory to the worker instead of copying it: the arrays become
   * unusable (length 0) here once `update` returns. A copy of two 1024² maps costs the main
   * thread about a fifth of what measuring them costs a worker, so without it one thread feeding
   * two workers is soon the bottleneck. An array that is a view into a larger buffer (whose
   * other bytes are not the pool's to take) or into shared memory is copied regardless.
   * @default false
   */
  transfer?: boolean;
}

/** The buffer of `array` when handing it over moves nothing but it: it spans its whole, unshared ArrayBuffer. */
function transferable(array: Uint8Array): ArrayBuffer | undefined {
  const buffer = array.buffer;
  return buffer instanceof ArrayBuffer && array.byteOffset === 0 && array.byteLength === buffer.byteLength ? buffer : undefined;
}

type Reply =
  | { type: 'done'; job: number }
  | { type: 'failed'; job: number; message: string; code?: string; name?: string }
  | { type: 'collected'; accumulators: Record<string, SegmentationMetricsJSON> };

interface Slot {
  worker: Worker;
  busy: number;
  collected?: (value: Record<string, SegmentationMetricsJSON>) => void;
}

/**
 * Starts the worker script: the compiled `.js` beside this file, or — when running from the
 * TypeScript sources (specs, tsx) — the `.ts` file through tsx's loader, registered inside the
 * worker because Node 20 does not pass loader hooks to workers.
 */
function startWorker(): Worker {
  const js = new URL('./metrics-worker.js', import.meta.url);
  if (existsSync(fileURLToPath(js))) return new Worker(js);
  const ts = new URL('./metrics-worker.ts', import.meta.url);
  return new Worker(`import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(ts.href)}); });`, { eval: true });
}

/**
 * Spreads whole-split evaluation over `worker_threads`. Each image goes to the least busy worker,
 * which validates it, measures it once with the typed-array engine and adds it to every
 * accumulator its job names; {@link close} merges the workers' accumulators. All counts are
 * integers and per-image F1 sums are exact, so the result is identical — `toJSON()` for
 * `toJSON()` — to one SegmentationMetrics fed the same images on one thread, whatever the
 * number of workers or the order jobs finish in.
 *
 * Each {@link update} resolves when its image has been counted (and rejects with its
 * MetricsError); keep a bounded number in flight, e.g. twice the worker count.
 *
 * @example
 * ```ts
 * const pool = new MetricsPool({ workers: 4 });
 * const inFlight = new Set<Promise<void>>();
 * for await (const s of loadSplit('validation')) {
 *   const p = pool.update({ keys: ['semantic'], options: { numClasses: 9 }, gt: await s.labelMap(), pred, width: s.width, height: s.height, label: s.id });
 *   inFlight.add(p);
 *   p.finally(() => inFlight.delete(p));
 *   if (inFlight.size >= 8) await Promise.race(inFlight);
 * }
 * await Promise.all(inFlight);
 * const metrics = (await pool.close()).get('semantic')!.compute();
 * ```
 */
export class MetricsPool {
  /** Number of worker threads. */
  readonly workers: number;
  private readonly slots: Slot[] = [];
  private readonly pending = new Map<number, { resolve: () => void; reject: (error: Error) => void; label?: string }>();
  private readonly keyOptions = new Map<string, string>();
  private nextJob = 0;
  private closed = false;
  private fatal: Error | undefined;

  constructor(options: MetricsPoolOptions = {}) {
    const workers = checkParams('MetricsPool', options ?? {}, ['workers']).workers ?? Math.max(1, availableParallelism() - 1);
    if (!Number.isInteger(workers) || workers < 1) throw new ArgumentError({ message: `metrics: workers must be a positive integer, got ${workers}` });
    this.workers = workers;
    for (let i = 0; i < workers; i++) {
      const slot: Slot = { worker: startWorker(), busy: 0 };
      slot.worker.on('message', (reply: Reply) => this.onReply(slot, reply));
      slot.worker.on('error', (error) => this.fail(new MetricsError({ message: `a pool worker crashed: ${error.message}`, cause: error })));
      this.slots.push(slot);
    }
  }

  /**
   * Sends one image to a worker; resolves once it is counted.
   * @throws {MetricsError} (as a rejection) for an invalid image — the message names `label` —
   *   or a key reused with other options.
   */
  update(job: MetricsPoolJob): Promise<void> {
    if (this.closed) return Promise.reject(new MetricsError({ message: 'the pool is closed' }));
    if (this.fatal) return Promise.reject(this.fatal);
    const settings = JSON.stringify([job.options.numClasses, job.options.ignoreIndex ?? 255, job.options.boundary ?? 'bfscore', job.options.boundaryTolerance ?? null]);
    for (const key of job.keys) {
      const known = this.keyOptions.get(key);
      if (known !== undefined && known !== settings) return Promise.reject(new MetricsError({ message: `accumulator '${key}' was created with other options (${known} vs ${settings})` }));
      this.keyOptions.set(key, settings);
    }
    if (job.keys.length === 0) return Promise.reject(new MetricsError({ message: 'a pool job needs at least one key' }));
    const id = this.nextJob++;
    const slot = this.slots.reduce((a, b) => (b.busy < a.busy ? b : a));
    slot.busy++;
    return new Promise<void>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, label: job.label });
      // Structured clone copies the buffers unless they are handed over: the caller may keep using its arrays.
      const handOver = job.transfer ? [transferable(job.gt), transferable(job.pred)].filter((b, i, all): b is ArrayBuffer => b !== undefined && all.indexOf(b) === i) : [];
      slot.worker.postMessage({ type: 'job', job: id, keys: job.keys, options: job.options, gt: job.gt, pred: job.pred, width: job.width, height: job.height }, handOver);
    });
  }

  /**
   * Waits for every job, merges each key's accumulators from all workers, stops the workers.
   * @returns one SegmentationMetrics per key.
   */
  async close(): Promise<Map<string, SegmentationMetrics>> {
    this.closed = true;
    try {
      await Promise.allSettled([...this.pending.keys()].map((id) => new Promise<void>((resolve) => {
        const p = this.pending.get(id)!;
        this.pending.set(id, { resolve: () => (p.resolve(), resolve()), reject: (e) => (p.reject(e), resolve()), label: p.label });
      })));
      if (this.fatal) throw this.fatal;
      const parts = await Promise.all(
        this.slots.map((slot) => new Promise<Record<string, SegmentationMetricsJSON>>((resolve) => {
          slot.collected = resolve;
          slot.worker.postMessage({ type: 'collect' });
        })),
      );
      const result = new Map<string, SegmentationMetrics>();
      for (const part of parts) {
        for (const [key, json] of Object.entries(part)) {
          const metrics = SegmentationMetrics.fromJSON(json);
          const existing = result.get(key);
          if (existing) existing.merge(metrics);
          else result.set(key, metrics);
        }
      }
      return result;
    } finally {
      await Promise.all(this.slots.map((s) => s.worker.terminate()));
    }
  }

  /** Stops the workers at once, abandoning unfinished jobs (they reject). */
  async terminate(): Promise<void> {
    this.closed = true;
    this.fail(new MetricsError({ message: 'the pool was terminated' }));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }

  private onReply(slot: Slot, reply: Reply): void {
    if (reply.type === 'collected') {
      slot.collected?.(reply.accumulators);
      return;
    }
    slot.busy--;
    const p = this.pending.get(reply.job);
    if (!p) return;
    this.pending.delete(reply.job);
    if (reply.type === 'done') {
      p.resolve();
      return;
    }
    const context = { image: p.label };
    p.reject(
      reply.code === 'METRICS_INVALID' || reply.code === undefined
        ? new MetricsError({ message: reply.message, context })
        : new DiffsegError({ code: reply.code as DiffsegErrorCode, module: 'metrics', message: reply.message, context }),
    );
  }

  private fail(error: Error): void {
    this.fatal ??= error;
    for (const [id, p] of this.pending) {
      this.pending.delete(id);
      p.reject(error);
    }
    for (const slot of this.slots) slot.collected?.({});
  }
}
