/** An in-memory CommandIo for running the CLI in-process. */
import type { CommandIo } from '../../src/cli/command.js';

export function memoryIo(params: { cwd?: string; isTTY?: boolean } = {}): CommandIo & { out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    stdout: (t) => void (out += t),
    stderr: (t) => void (err += t),
    isTTY: params.isTTY ?? false,
    cwd: params.cwd ?? process.cwd(),
    out: () => out,
    err: () => err,
  };
}
