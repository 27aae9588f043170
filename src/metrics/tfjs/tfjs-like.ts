/**
 * A `@tensorflow/tfjs-core` module as public signatures see it: just enough structure that any
 * `import * as tf from '@tensorflow/tfjs-core'` (or tfjs, or tfjs-node-gpu) fits. Public types
 * use this instead of `typeof import('@tensorflow/tfjs-core')` so the package's declaration
 * files never name tfjs, an optional peer that most users do not install.
 */
export interface TfjsLike {
  /** Name of the active backend. */
  getBackend(): string;
  /** Resolves once the active backend is initialized. */
  ready(): Promise<void>;
}
