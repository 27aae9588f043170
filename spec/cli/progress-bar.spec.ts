import { describe, expect, it } from 'vitest';
import { progressBar } from '../../src/cli/progress-bar.js';
import { memoryIo } from './io.js';

describe('progressBar', () => {
  it('draws on stderr of a terminal, finishing with the total, and clears its line', () => {
    const io = memoryIo({ isTTY: true });
    const bar = progressBar({ io, label: 'work', total: 4 });
    bar.update(1);
    bar.update(4);
    expect(io.err()).toMatch(/work \[#{28}\] 4\/4/);
    bar.done();
    expect(io.err().endsWith('\r\u001b[K')).toBe(true);
    expect(io.out()).toBe('');
  });

  it('counts without a total', () => {
    const io = memoryIo({ isTTY: true });
    progressBar({ io, label: 'scan' }).update(7);
    expect(io.err()).toMatch(/scan 7 /);
  });

  it('prints nothing when stdout is not a terminal', () => {
    const io = memoryIo({ isTTY: false });
    const bar = progressBar({ io, label: 'work', total: 2 });
    bar.update(2);
    bar.done();
    expect(io.err() + io.out()).toBe('');
  });
});
