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

/**
 * Bytes the image and label-map decoders of one process may hold at once, together: each decode
 * reserves what it will allocate at its peak (read from the header: the inflated stream, the
 * pixels, what libvips keeps of an interlaced image) before allocating any of it, and waits,
 * first come first served, while others hold the rest. A decode larger than this runs alone. So
 * 32 masks of 16383² pixels decoded at once (a metadata pass over a zip batch) take about one
 * such mask's memory at a time instead of 32, while everyday images (a 1024² photograph needs
 * about 7 MB) never wait. The decoded pixels a consumer keeps (`loadSplit`'s `prefetch`) are its
 * own and not counted.
 * @example
 * // A 16383² grey label map needs ≈ 0.8 GiB at its peak: one at a time.
 */
export const DECODE_MEMORY_BYTES = 1024 * 1024 * 1024;
