/**
 * The deadline machinery of the HTTP client (`httpClient`), the same over both of its transports:
 * the total deadline of a call,
 * the connect deadline of each request, the idle and rate deadlines of each body, and the typed
 * error a passed deadline becomes.
 * @internal
 */
import { type HttpDeadline, HttpError } from '../errors.js';
import { describeNetworkCause } from '../internal/describe-network-cause.js';
import type { CallTimeouts } from './http-timeouts.js';

/**
 * One attempt (or a whole call) ran out of time. Internal: an attempt's deadline is retried like a
 * reset, and what reaches a caller is an {@link HttpError} with `deadline` set ({@link deadlineFailure}).
 * @internal
 */
export class DeadlineError extends Error {
  constructor(
    readonly deadline: HttpDeadline,
    message: string,
  ) {
    super(message);
    this.name = 'DeadlineError';
  }
}

/** setTimeout's largest delay; a longer one would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Runs `fn` after `ms` (never for Infinity); returns the function that cancels it. The timer is
 * unref'd: while a request waits, its socket keeps the process alive; a deadline alone must not
 * (a response a caller drops unread would otherwise hold the process until its timer fired).
 */
export function after(ms: number, fn: () => void): () => void {
  if (!Number.isFinite(ms)) return noop;
  const timer = setTimeout(fn, Math.min(Math.max(ms, 0), MAX_TIMER_MS));
  timer.unref();
  return () => clearTimeout(timer);
}

/** The connect deadline's error. */
export function connectDeadline(ms: number): DeadlineError {
  return new DeadlineError('connect', `no response within ${ms} ms of sending the request (timeouts.connectMs)`);
}

/** A call's signal and the end of its deadline. */
export interface CallDeadline {
  /**
   * Aborted by any of the caller's signals (with its reason) or when the call's total deadline
   * passes (with a {@link DeadlineError}); `undefined` when neither can happen.
   */
  signal: AbortSignal | undefined;
  /** The call is over: clears the timer and lets go of the caller's signals. */
  end(): void;
}

/** The signal of one call: the caller's signals combined with the call's total deadline. */
export function startCall(params: { signals: (AbortSignal | undefined)[]; timeouts: CallTimeouts }): CallDeadline {
  // The same signal given twice (a client's and a read's) is one signal.
  const given = [...new Set(params.signals.filter((s): s is AbortSignal => s !== undefined))];
  const { totalMs, totalName } = params.timeouts;
  if (!Number.isFinite(totalMs) && given.length <= 1) return { signal: given[0], end: noop };
  const controller = new AbortController();
  const abort = (reason: unknown) => {
    if (!controller.signal.aborted) controller.abort(reason);
  };
  const unlink = given.map((s) => link(s, abort));
  const cancel = after(totalMs, () => abort(new DeadlineError('total', `not done within ${totalMs} ms (timeouts.${totalName})`)));
  return {
    signal: controller.signal,
    end: () => {
      cancel();
      for (const u of unlink) u();
    },
  };
}

/** One attempt's own abort (its request, then its body), linked to its call's signal. */
export interface Attempt {
  /** Whether the attempt was ended early: a deadline, the call's signal, a cancel. */
  readonly aborted: boolean;
  /** Why, once `aborted`. */
  readonly reason: unknown;
  /** Calls `fn(reason)` when the attempt is aborted — at once if it is; returns the unlink. */
  onAbort(fn: (reason: unknown) => void): () => void;
  /** The attempt as an `AbortSignal`, for an API that takes one (a `fetch`); made when first asked. */
  readonly signal: AbortSignal;
  /** Ends this attempt (a deadline passed): its request and body fail with `reason`. */
  expire(reason: unknown): void;
  /** Lets go of the call's signal. */
  end(): void;
}

/**
 * An abort for one request (and its body) that the call's signal also aborts. Not an
 * `AbortController`: in Node 20 a fresh signal with a listener costs some 30 µs and old-space
 * garbage, more than a small range read itself; one is made only for a caller that needs a real
 * signal. (A class: an object literal with getters costs microseconds more per attempt.)
 */
export function startAttempt(callSignal: AbortSignal | undefined): Attempt {
  return new AttemptAbort(callSignal);
}

class AttemptAbort implements Attempt {
  aborted = false;
  reason: unknown = undefined;
  private listeners: ((reason: unknown) => void)[] = [];
  private controller: AbortController | undefined;
  readonly end: () => void;

  constructor(callSignal: AbortSignal | undefined) {
    this.end = callSignal ? link(callSignal, (why) => this.expire(why)) : noop;
  }

  get signal(): AbortSignal {
    if (!this.controller) {
      this.controller = new AbortController();
      if (this.aborted) this.controller.abort(this.reason);
    }
    return this.controller.signal;
  }

  onAbort(fn: (reason: unknown) => void): () => void {
    if (this.aborted) {
      fn(this.reason);
      return noop;
    }
    this.listeners.push(fn);
    return () => {
      const at = this.listeners.indexOf(fn);
      if (at >= 0) this.listeners.splice(at, 1);
    };
  }

  expire(why: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = why;
    const called = this.listeners;
    this.listeners = [];
    for (const fn of called) fn(why);
    this.controller?.abort(why);
  }
}

/**
 * What a call rejects with once its signal was aborted: the caller's own reason as it is, or, for
 * the total deadline, an {@link HttpError} naming it, the URL, the range and the last cause seen.
 */
export function abortFailure(params: { signal: AbortSignal; url: string; range: [number, number] | undefined; lastCause?: unknown }): unknown {
  const reason: unknown = params.signal.reason;
  return reason instanceof DeadlineError ? deadlineFailure({ ...params, error: reason }) : reason;
}

/** A passed deadline as the {@link HttpError} a caller gets. */
export function deadlineFailure(params: { error: DeadlineError; url: string; range: [number, number] | undefined; lastCause?: unknown; status?: number }): HttpError {
  const { error, lastCause } = params;
  const last = lastCause !== undefined && lastCause !== error ? `; last cause: ${describeNetworkCause(lastCause)}` : '';
  return new HttpError({ url: params.url, range: params.range, status: params.status, deadline: error.deadline, message: `${error.message}${last}`, cause: error });
}

/** The reader's side of a body, as the idle and rate deadlines see it. */
export interface TransferWatch {
  /** The reader waits for bytes: time counts from now. */
  waiting(): void;
  /** The reader has what it asked for and is busy elsewhere: time stops counting. */
  away(): void;
  /** `bytes` body bytes came. */
  got(bytes: number): void;
  /** The body is over (ended, failed, cancelled): no deadline fires any more. */
  stop(): void;
}

/**
 * Watches one body for the idle deadline (no byte for `idleMs` of waiting) and the rate deadline
 * (fewer than `minBytesPerSecond` averaged over `rateWindowMs` of waiting); calls `onExpire` once
 * with the {@link DeadlineError} of the first to pass. Only time the reader spends waiting
 * counts, so a slow consumer is never blamed on the server. One timer per body, checked lazily
 * (a byte only moves timestamps), so the hot path pays a clock read per chunk, not a timer.
 */
export function watchTransfer(params: { timeouts: CallTimeouts; onExpire(error: DeadlineError): void }): TransferWatch {
  const { idleMs, minBytesPerSecond, rateWindowMs } = params.timeouts;
  const rateOn = Number.isFinite(rateWindowMs) && minBytesPerSecond > 0;
  const needed = (minBytesPerSecond * rateWindowMs) / 1000;
  let waitingSince: number | undefined;
  let idle = 0; // waited since the last byte
  let windowWaited = 0;
  let windowBytes = 0;
  let cancelTimer: (() => void) | undefined;
  let over = false;

  const flush = () => {
    if (waitingSince === undefined) return;
    const now = performance.now();
    idle += now - waitingSince;
    windowWaited += now - waitingSince;
    waitingSince = now;
  };
  const expire = (error: DeadlineError) => {
    over = true;
    cancelTimer?.();
    params.onExpire(error);
  };
  /** Fires the deadline that passed, if one did; starts a new rate window when one is complete. */
  const check = (): void => {
    if (idle >= idleMs) return expire(new DeadlineError('idle', `no body byte for ${idleMs} ms (timeouts.idleMs)`));
    if (rateOn && windowWaited >= rateWindowMs) {
      if (windowBytes < needed) {
        const rate = Math.round(windowBytes / (windowWaited / 1000));
        return expire(new DeadlineError('rate', `the body came at ${rate} bytes/s over ${Math.round(windowWaited)} ms, below timeouts.minBytesPerSecond (${minBytesPerSecond})`));
      }
      windowWaited = 0;
      windowBytes = 0;
    }
  };
  const arm = () => {
    if (cancelTimer || over || waitingSince === undefined) return;
    const delay = Math.min(idleMs - idle, rateOn ? rateWindowMs - windowWaited : Infinity);
    cancelTimer = after(Math.max(1, delay), () => {
      cancelTimer = undefined;
      if (over) return;
      flush();
      check();
      arm();
    });
  };

  return {
    waiting() {
      if (over || waitingSince !== undefined) return;
      waitingSince = performance.now();
      arm();
    },
    away() {
      flush();
      waitingSince = undefined; // a timer still set fires once, sees nobody waiting, and stops
    },
    got(bytes) {
      if (over) return;
      flush();
      idle = 0;
      windowBytes += bytes;
      check();
    },
    stop() {
      over = true;
      cancelTimer?.();
    },
  };
}

/** Calls `onAbort(reason)` when `signal` aborts (at once if it has); returns the unlink. */
function link(signal: AbortSignal, onAbort: (reason: unknown) => void): () => void {
  if (signal.aborted) {
    onAbort(signal.reason);
    return noop;
  }
  const listener = () => onAbort(signal.reason);
  signal.addEventListener('abort', listener, { once: true });
  return () => signal.removeEventListener('abort', listener);
}

function noop(): void {}
