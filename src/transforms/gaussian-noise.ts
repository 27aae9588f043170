import { checkNumber, checkSeed } from './internal/args.js';
import { normalQuantiles } from './internal/normal.js';
import { seededState } from '../internal/prng.js';
import type { Transform } from './transform.js';
import { checkParams } from '../internal/check-params.js';

/**
 * Additive Gaussian noise: every colour sample gets `N(0, sigma²)` added (in 0–255 units), then is
 * rounded and clamped; an alpha channel is left alone, the label map unchanged. Normal draws come
 * from a 65536-cell quantile table (truncated at ±4.3 σ), two per 32-bit random draw. The noise
 * is a pure function of `(seed, context.seed, sample id)`: the same sample always gets the same
 * noise, whatever order samples arrive in.
 *
 * @param params.sigma - standard deviation in 8-bit intensity units, 0–255.
 * @param params.seed - transform seed, mixed with the context's seed and the sample id. @default 0
 * @throws {ArgumentError} for a sigma outside 0–255 or a non-finite seed.
 * @example
 * gaussianNoise({ sigma: 5, seed: 42 })
 */
export function gaussianNoise(params: { sigma: number; seed?: number }): Transform {
  const { sigma, seed } = checkParams('gaussianNoise', params, ['sigma', 'seed']);
  checkNumber('gaussianNoise', 'sigma', sigma, 0, 255);
  const ownSeed = checkSeed('gaussianNoise', seed);
  let offsets: Int16Array | undefined;
  const name = `gaussianNoise(${sigma}${seed === undefined ? '' : `, ${seed}`})`;
  return {
    name,
    geometry: ({ width, height }) => ({ width, height, sourceIndex: null }),
    async apply(input, context) {
      const { data, width, height, channels } = input.image;
      // Integer offsets round(σ·z) per quantile cell: v + round(σ·z) = round(v + σ·z) for integer v.
      offsets ??= Int16Array.from(normalQuantiles(), (z) => Math.round(sigma * z));
      const table = offsets;
      const state = seededState(['gaussianNoise', sigma, ownSeed, context.seed ?? 0, context.id]);
      // A clamped view does the 0..255 clamp on store, without a branch per sample.
      const clamped = new Uint8ClampedArray(data.length);
      const out = new Uint8Array(clamped.buffer);
      // Alpha (the last channel of 2- and 4-channel images) is copied, not noised.
      const colour = channels === 2 || channels === 4 ? channels - 1 : channels;
      // sfc32 inlined (same steps as sfc32Next): one 32-bit draw gives two 16-bit table indices.
      let a = state[0];
      let b = state[1];
      let c = state[2];
      let d = state[3];
      if (colour === channels) {
        const pairs = data.length >>> 1;
        for (let k = 0; k < pairs; k++) {
          const t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          const i = k << 1;
          clamped[i] = data[i] + table[t & 0xffff];
          clamped[i + 1] = data[i + 1] + table[t >>> 16];
        }
        if (data.length & 1) {
          const t = (((a + b) | 0) + d) | 0;
          clamped[data.length - 1] = data[data.length - 1] + table[t & 0xffff];
        }
      } else {
        let bits = 0;
        let half = 0;
        for (let i = 0; i < data.length; i++) {
          if (i % channels === colour) {
            out[i] = data[i];
            continue;
          }
          if (half) {
            clamped[i] = data[i] + table[bits >>> 16];
            half = 0;
            continue;
          }
          const t = (((a + b) | 0) + d) | 0;
          d = (d + 1) | 0;
          a = b ^ (b >>> 9);
          b = (c + (c << 3)) | 0;
          c = (c << 21) | (c >>> 11);
          c = (c + t) | 0;
          bits = t >>> 0;
          clamped[i] = data[i] + table[bits & 0xffff];
          half = 1;
        }
      }
      return { image: { data: out, width, height, channels }, labelMap: input.labelMap };
    },
  };
}
