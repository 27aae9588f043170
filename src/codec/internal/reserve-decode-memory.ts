import { DECODE_MEMORY_BYTES } from '../../schema/limits.js';

/** Bytes reserved by decodes under way, and how many they are. */
let reserved = 0;
let running = 0;
/** Decodes waiting for memory, first come first served (a large one is not overtaken for ever by small ones). */
const waiting: { bytes: number; grant: () => void }[] = [];

/**
 * Reserves `bytes` of the process's decode memory ({@link DECODE_MEMORY_BYTES}) for one decode,
 * waiting while other decodes hold it; resolves to the function that gives it back (call it once
 * the decode's working memory is garbage, whether it succeeded or not). A reservation larger than
 * the whole budget is granted when no other decode runs.
 * @internal
 */
export function reserveDecodeMemory(bytes: number): Promise<() => void> {
  const take = (): (() => void) => {
    reserved += bytes;
    running++;
    let given = false;
    return () => {
      if (given) return;
      given = true;
      reserved -= bytes;
      running--;
      while (waiting.length > 0 && fits(waiting[0].bytes)) waiting.shift()!.grant();
    };
  };
  if (waiting.length === 0 && fits(bytes)) return Promise.resolve(take());
  return new Promise((resolve) => waiting.push({ bytes, grant: () => resolve(take()) }));
}

function fits(bytes: number): boolean {
  return running === 0 || reserved + bytes <= DECODE_MEMORY_BYTES;
}
