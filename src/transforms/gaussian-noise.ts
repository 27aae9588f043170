import { checkNumber, checkSeed } from './internal/args.js';
import { seededRandom } from './internal/prng.js';
import type { Transform } from './transform.js';

/**
 * Additive Gaussian noise: every colour sample gets `N(0, sigma²)` added (in 0–255 units), then is
 * rounded and clamped; an alpha channel is left alone, the label map unchanged. The noise is a
 * pure function of `(seed, context.seed, sample id)`: the same sample always gets the same noise,
 * whatever order samples arrive in.
 *
 * @param sigma - standard deviation in 8-bit intensity units, 0–255.
 * @param seed - transform seed, mixed with the context's seed and the sample id. @default 0
 * @throws {ArgumentError} for a sigma outside 0–255 or a non-finite seed.
 * @example
 * gaussianNoise(5, 42)
 */
export function gaussianNoise(sigma: number, seed?: number): Transform {
  checkNumber('gaussianNoise', 'sigma', sigma, 0, 255);
  const ownSeed = checkSeed('gaussianNoise', seed);
  const name = `gaussianNoise(${sigma}${seed === undefined ? '' : `, ${seed}`})`;
  return {
    name,
    geometry: (width, height) => ({ width, height, sourceIndex: null }),
    async apply(input, context) {
      const { data, width, height, channels } = input.image;
      const random = seededRandom(['gaussianNoise', sigma, ownSeed, context.seed ?? 0, context.id]);
      const out = new Uint8Array(data.length);
      // Alpha (the last channel of 2- and 4-channel images) is copied, not noised.
      const colour = channels === 2 || channels === 4 ? channels - 1 : channels;
      let spare = 0;
      let hasSpare = false;
      for (let i = 0; i < data.length; i += channels) {
        for (let c = 0; c < channels; c++) {
          if (c >= colour) {
            out[i + c] = data[i + c];
            continue;
          }
          let n: number;
          if (hasSpare) {
            n = spare;
            hasSpare = false;
          } else {
            // Box–Muller: two independent normals per two uniforms; 1 − u keeps log() finite.
            const r = Math.sqrt(-2 * Math.log(1 - random()));
            const t = 2 * Math.PI * random();
            n = r * Math.cos(t);
            spare = r * Math.sin(t);
            hasSpare = true;
          }
          const v = Math.round(data[i + c] + sigma * n);
          out[i + c] = v < 0 ? 0 : v > 255 ? 255 : v;
        }
      }
      return { image: { data: out, width, height, channels }, labelMap: input.labelMap };
    },
  };
}
