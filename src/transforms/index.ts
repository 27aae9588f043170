/**
 * Distortions and augmentations applied to an image and its label map together (sharp), the
 * robustness presets of the paper's Table 3 and beyond, and batching for trainers.
 */
export type { Transform, TransformContext, TransformResult, Geometry, EncodedImage } from './transform.js';
export { TransformError } from './transform-error.js';
export { applyTransform } from './apply-transform.js';
export { jpeg, JPEG_ENCODER_OPTIONS } from './jpeg.js';
export { webp } from './webp.js';
export { resize, resizedSize } from './resize.js';
export { scale } from './scale.js';
export { gaussianBlur } from './gaussian-blur.js';
export { gaussianNoise } from './gaussian-noise.js';
export { crop, type CropRect } from './crop.js';
export { randomCrop } from './random-crop.js';
export { flip } from './flip.js';
export { randomFlip } from './random-flip.js';
export { compose } from './compose.js';
export { ROBUSTNESS_PRESETS, robustnessPreset, type RobustnessPreset } from './robustness-preset.js';
export { transformSample, type TransformedSample } from '../sample/transform-sample.js';
export { toBatches, IMAGENET_NORMALIZATION, type Batch, type BatchableSample, type Normalization, type ToBatchesOptions } from './to-batches.js';
