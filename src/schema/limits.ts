/**
 * Most pixels (width × height) of any image, mask or label map the package decodes or builds:
 * 16383 × 16383 = 268 402 689, sharp's own default `limitInputPixels`. A label map that large is
 * already 256 MiB; a record claiming more (a corrupt or hostile `width`/`height`, an RLE `size`,
 * a PNG header) gets a typed error before any buffer is allocated, instead of a `RangeError` or
 * gigabytes of memory.
 * @example
 * width * height <= MAX_IMAGE_PIXELS
 */
export const MAX_IMAGE_PIXELS = 16383 * 16383;
