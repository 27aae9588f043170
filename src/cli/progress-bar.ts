import type { CommandIo } from './command.js';

/** A progress bar on stderr that exists only on a terminal (in pipes and CI it prints nothing). */
export interface ProgressBar {
  /** Sets the count done (and the total, when it becomes known). */
  update(done: number, total?: number): void;
  /** Clears the bar's line. */
  done(): void;
}

/**
 * A one-line progress bar redrawn at most ~10 times a second, written to stderr so stdout stays
 * clean for tables and JSON. When stdout is not a TTY it is a no-op.
 * @example
 * const bar = progressBar({ io, label: 'validate', total: 30_000 });
 * bar.update(1200);
 * bar.done();
 */
export function progressBar(params: { io: CommandIo; label: string; total?: number }): ProgressBar {
  const { io, label } = params;
  if (!io.isTTY) return { update() {}, done() {} };
  let total = params.total;
  let last = 0;
  let drawn = false;
  const started = Date.now();
  return {
    update(done, newTotal) {
      if (newTotal !== undefined) total = newTotal;
      const now = Date.now();
      if (now - last < 100 && done !== total) return;
      last = now;
      const rate = done / Math.max((now - started) / 1000, 1e-3);
      let line: string;
      if (total) {
        const width = 28;
        const filled = Math.round((done / total) * width);
        line = `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${rate.toFixed(1)}/s`;
      } else line = `${label} ${done} ${rate.toFixed(1)}/s`;
      io.stderr(`\r${line}\u001b[K`);
      drawn = true;
    },
    done() {
      if (drawn) io.stderr('\r\u001b[K');
    },
  };
}
