/** Shared fixtures of the format specs: varied, valid records with real PNGs, and temp dirs. */
import { tempDir as sharedTempDir } from '../helpers/temp-dir.js';
export { makeRecords, noisePng } from './make-records.js';

/** A fresh temp dir, removed after the file's tests (wherever it is asked for). */
export function tempDir(prefix = 'diffseg30k-format-'): Promise<string> {
  return sharedTempDir(prefix);
}

