/**
 * The tfjs-core module as a type only: referencing it never loads tfjs at runtime, so importing
 * diffseg30k stays free of the optional peer dependency.
 */
export type TfModule = typeof import('@tensorflow/tfjs-core');

/** tfjs tensor type, also type-only. */
export type TfTensor = import('@tensorflow/tfjs-core').Tensor;

/** Rank-4 tfjs tensor ([batch, height, width, channels]), type-only. */
export type TfTensor4D = import('@tensorflow/tfjs-core').Tensor4D;
