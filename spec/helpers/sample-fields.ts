/** A sample's data fields, without its file name and decoders, for exact comparison of two reads. */
import type { Sample } from '../../src/schema/sample.js';

/** Everything a sample carries but its file and its decode functions. */
export function sampleFields(s: Sample) {
  const { file: _f, image: _i, labelMap: _l, binaryMask: _b, turnMask: _t, ...rest } = s;
  return rest;
}

/** The {@link sampleFields} of every sample a stream yields, in order. */
export async function collectSampleFields(iter: AsyncIterable<Sample>) {
  const out = [];
  for await (const s of iter) out.push(sampleFields(s));
  return out;
}
