/**
 * The Python interpreter every bench runs its reference with: `$PYTHON`, else `python3`. The
 * references need numpy and scipy (bench/metrics.ts, plus cv2 for the DAVIS convention) and
 * Hugging Face `datasets` with Pillow (bench/loader.ts), e.g. from a virtual environment:
 *
 *   PYTHON=.venv/bin/python npm run bench
 *
 * A bench whose Python lacks a module prints that its reference was skipped, and why.
 */
export const PYTHON = process.env.PYTHON ?? 'python3';
