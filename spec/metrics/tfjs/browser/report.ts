import type { BoundaryCounts } from '../../../../src/metrics/image-stats.js';

/** ImageStats as JSON-safe plain data. */
export interface PlainStats {
  confusion: number[];
  boundary: (BoundaryCounts | null)[];
}

/** What the spec asks the page to run. */
export interface RunParams {
  backend: 'webgl' | 'webgpu';
  /** Only the LITE_CASES subset (and no small-pass big case). */
  lite: boolean;
  /** Rerun some cases with tiny forced blocks (see runsBlocked). */
  blocked: boolean;
  /** WebGL with float32 render targets disabled (float16 textures). */
  half: boolean;
  /** Turn WebGL's WEBGL_USE_SHAPES_UNIFORMS on first, as a user might. */
  shapeUniforms: boolean;
}

/** What the page returns for one backend. */
export interface BackendReport {
  backend: string;
  /** False when the backend did not initialize (then `reason` says why). */
  ran: boolean;
  reason: string;
  float32?: boolean;
  /** WEBGL_USE_SHAPES_UNIFORMS after the run (the engine must restore it). */
  shapeUniforms?: boolean;
  plainSumOf4097Ones?: number;
  tensorsBefore?: number;
  tensorsAfter?: number;
  ms?: number;
  /** Shared small cases: default blocks and, for some (see runsBlocked), forced tiny blocks. */
  results: { name: string; tfjs: PlainStats; blocked: PlainStats | null }[];
  /** Larger realistic maps, checked against the typed-array engine. */
  big: { name: string; tfjs: PlainStats; js: PlainStats }[];
}
