/**
 * The Python peer of the interop specs: `$PYTHON`, else the project's virtual environment
 * (`/work/venv/bin/python`), else `python3` — the first that runs and imports the modules asked
 * for. A spec that needs it skips with a visible reason when there is none.
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** A Python interpreter that imports every module of `modules`, or `undefined` with the reason why there is none. */
export async function findPython(modules: readonly string[]): Promise<{ python: string | undefined; reason: string }> {
  const candidates = [process.env.PYTHON, existsSync('/work/venv/bin/python') ? '/work/venv/bin/python' : undefined, 'python3'].filter((p): p is string => !!p);
  const reasons: string[] = [];
  for (const python of candidates) {
    try {
      await run(python, ['-c', `import ${modules.join(', ')}`], { timeout: 30_000 });
      return { python, reason: '' };
    } catch (error) {
      reasons.push(`${python}: ${((error as Error).message.split('\n').find((l) => /Error|ENOENT/.test(l)) ?? (error as Error).message).trim()}`);
    }
  }
  return { python: undefined, reason: `no Python with ${modules.join(', ')} (${reasons.join('; ')})` };
}

/** Runs a Python script with arguments; its standard output. */
export async function runPython(python: string, script: string, args: readonly string[] = []): Promise<string> {
  const { stdout } = await run(python, ['-c', script, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
