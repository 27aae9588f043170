/**
 * The Python peer of the interop specs: `$PYTHON`, else the project's `.venv` (which `.ci/run`
 * makes), else `python3` — whichever has the modules a spec needs. When none has them the spec is
 * skipped and says why in the test output (`describe.skipIf(!python.ok)` plus the reason printed).
 */
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** A Python interpreter with the modules asked for, or why there is none. */
export type PythonPeer = { ok: true; path: string; versions: Record<string, string> } | { ok: false; reason: string };

const venv = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url));

/** The first interpreter that imports every module of `modules`; prints the reason when none does. */
export function findPython(modules: readonly string[]): PythonPeer {
  const candidates = [process.env.PYTHON, existsSync(venv) ? venv : undefined, 'python3'].filter((p): p is string => Boolean(p));
  const tried: string[] = [];
  for (const path of candidates) {
    try {
      const out = execFileSync(path, ['-c', `import json, importlib; print(json.dumps({m: getattr(importlib.import_module(m), '__version__', '?') for m in ${JSON.stringify(modules)}}))`], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      return { ok: true, path, versions: JSON.parse(out.trim().split('\n').pop()!) as Record<string, string> };
    } catch (error) {
      tried.push(`${path}: ${String((error as { stderr?: string }).stderr ?? (error as Error).message).trim().split('\n').pop()}`);
    }
  }
  const reason = `no Python with ${modules.join(', ')} (tried ${tried.join('; ')}); run .ci/run's venv step or set PYTHON`;
  console.log(`SKIPPED: ${reason}`);
  return { ok: false, reason };
}

/** Runs a Python script with arguments (asynchronously: a server in this process keeps answering); its standard output. */
export async function runPython(python: string, script: string, args: readonly string[] = []): Promise<string> {
  const { stdout } = await promisify(execFile)(python, ['-c', script, ...args], { timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
  return stdout;
}
