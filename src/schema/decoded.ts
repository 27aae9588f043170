/** A width and a height, always named: an API that takes both positionally invites a silent transposition. */
export interface ImageSize {
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
}

/** Raw pixels of a decoded image: row-major, channels interleaved (`data.length = width·height·channels`). */
export interface DecodedImage {
  /** Interleaved 8-bit samples, row-major. */
  data: Uint8Array;
  /** Columns. */
  width: number;
  /** Rows. */
  height: number;
  /** 1 (grey), 3 (RGB) or 4 (RGBA). */
  channels: number;
}

/** An image with its label map, kept aligned by every transform. */
export interface LabelledImage {
  /** The decoded pixels. */
  image: DecodedImage;
  /** Row-major label ids, `image.width × image.height` bytes. */
  labelMap: Uint8Array;
}
