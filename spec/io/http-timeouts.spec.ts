/** HttpTimeouts: the defaults, how a call's deadlines are layered, and what is refused. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_TIMEOUTS, callTimeouts, checkTimeouts } from '../../src/io/http-timeouts.js';

describe('callTimeouts', () => {
  it('a file transfer has no total deadline by default, an API call a minute', () => {
    expect(DEFAULT_TIMEOUTS).toEqual({ connectMs: 20_000, idleMs: 20_000, minBytesPerSecond: 4096, rateWindowMs: 30_000, totalMs: Infinity, apiTotalMs: 60_000 });
    expect(callTimeouts({})).toMatchObject({ totalMs: Infinity, totalName: 'totalMs', connectMs: 20_000 });
    expect(callTimeouts({ kind: 'api' })).toMatchObject({ totalMs: 60_000, totalName: 'apiTotalMs' });
  });

  it("layers the call's over the fetch's over the defaults; an undefined field erases nothing", () => {
    const t = callTimeouts({ fetchWide: { connectMs: 5, idleMs: 6, apiTotalMs: 7 }, call: { idleMs: 60, connectMs: undefined }, kind: 'api' });
    expect(t).toEqual({ connectMs: 5, idleMs: 60, minBytesPerSecond: 4096, rateWindowMs: 30_000, totalMs: 7, totalName: 'apiTotalMs' });
  });
});

describe('checkTimeouts', () => {
  it('accepts positive numbers, Infinity, and 0 for the minimum rate', () => {
    expect(checkTimeouts(undefined)).toBeUndefined();
    expect(checkTimeouts({ connectMs: 1, idleMs: Infinity, totalMs: Infinity, minBytesPerSecond: 0 })).toBeUndefined();
  });

  it('names what it refuses', () => {
    expect(checkTimeouts({ connectMs: 0 })).toMatch(/timeouts\.connectMs must be a positive number/);
    expect(checkTimeouts({ totalMs: '5' as never })).toMatch(/timeouts\.totalMs must be a positive number of milliseconds, or Infinity; got 5/);
    expect(checkTimeouts({ minBytesPerSecond: -1 })).toMatch(/minBytesPerSecond must be a finite number ≥ 0/);
    expect(checkTimeouts({ conectMs: 1 } as never)).toMatch(/unknown timeouts key "conectMs" \(known: connectMs, /);
    expect(checkTimeouts(null as never)).toMatch(/must be an object, got null/);
  });
});
