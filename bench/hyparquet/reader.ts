/** Which Parquet reader `loadSplit` uses in a bench that called {@link useReaderSwitch}. */
import { register } from 'node:module';

export type Reader = 'package' | 'hyparquet';

const KEY = Symbol.for('diffseg30k.bench.reader');
const state = globalThis as { [KEY]?: Reader };

export function currentReader(): Reader {
  return state[KEY] ?? 'package';
}

export function setReader(reader: Reader): void {
  state[KEY] = reader;
}

/**
 * Routes `open-dataset.ts`'s import of `./open-shard.js` to `open-shard-switch.ts`. Call it before
 * the first import of the package's modules (import them dynamically after it): a module graph
 * already linked keeps the module it was linked with.
 */
export function useReaderSwitch(): void {
  register(new URL('./redirect-open-shard.mjs', import.meta.url));
}
