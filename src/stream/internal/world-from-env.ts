import { ArgumentError } from '../../errors.js';
import { LOADER_STATE_LIMITS } from '../loader-state.js';

/**
 * `rank` and `worldSize`: the options when given, else the `RANK` and `WORLD_SIZE` environment
 * variables that torchrun, `accelerate` and MPI-style launchers set, else one process.
 * @throws {ArgumentError} for a value that is not an integer in range, naming where it came from.
 */
export function worldFromEnv(params: { rank?: number; worldSize?: number; env?: Record<string, string | undefined> }): { rank: number; worldSize: number } {
  const env = params.env ?? process.env;
  const pick = (value: number | undefined, name: string, variable: string, fallback: number, min: number): number => {
    if (value !== undefined) {
      if (!Number.isSafeInteger(value) || value < min) throw new ArgumentError({ message: `loadSplit: ${name} must be an integer ≥ ${min}, got ${value}` });
      return value;
    }
    const text = env[variable];
    if (text === undefined || text === '') return fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text.trim()) || !Number.isSafeInteger(n) || n < min) {
      throw new ArgumentError({ message: `loadSplit: the ${variable} environment variable must be an integer ≥ ${min}, got "${text}" (or pass ${name} explicitly)` });
    }
    return n;
  };
  const worldSize = pick(params.worldSize, 'worldSize', 'WORLD_SIZE', 1, 1);
  // Each rank's list of rows is laid out when an epoch is planned: a world past any real one is refused, not allocated.
  if (worldSize > LOADER_STATE_LIMITS.worldSize) throw new ArgumentError({ message: `loadSplit: worldSize must be at most ${LOADER_STATE_LIMITS.worldSize}, got ${worldSize}` });
  const rank = pick(params.rank, 'rank', 'RANK', 0, 0);
  if (rank >= worldSize) {
    const from = params.rank === undefined || params.worldSize === undefined ? ' (RANK / WORLD_SIZE from the environment)' : '';
    throw new ArgumentError({ message: `loadSplit: rank ${rank} is not below worldSize ${worldSize}${from}` });
  }
  return { rank, worldSize };
}
