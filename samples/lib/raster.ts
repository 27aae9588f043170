/**
 * Procedural pictures for the synthetic samples: base "scenes", the textures an edit paints, and
 * the blob-like shapes of edit masks. Everything is plain data rendered by pure functions, so a
 * spec can re-render the base of any committed record and check what the edits changed.
 *
 * Textures are smooth or quantized on purpose: noise-like pixels compress badly in PNG, and the
 * bundled samples must stay small. Only +, −, ×, ÷, sqrt, floor and round are used (no sin/cos),
 * so every platform computes the same pixels.
 */
import { Rng } from './prng.js';

/** An sRGB colour. */
export type RGB = readonly [number, number, number];

/** Side of every sample image. */
export const SIZE = 256;

/** 16 unit directions (multiples of 22.5°), built from square roots only. */
export const DIRECTIONS: readonly (readonly [number, number])[] = (() => {
  const c1 = Math.sqrt(2 + Math.SQRT2) / 2; // cos 22.5°
  const s1 = Math.sqrt(2 - Math.SQRT2) / 2; // sin 22.5°
  const h = Math.SQRT1_2;
  const quarter: [number, number][] = [
    [1, 0],
    [c1, s1],
    [h, h],
    [s1, c1],
  ];
  const out: [number, number][] = [];
  for (let q = 0; q < 4; q++) {
    for (const [x, y] of quarter) {
      // rotate by q × 90°
      const r: [number, number] = q === 0 ? [x, y] : q === 1 ? [-y, x] : q === 2 ? [-x, -y] : [y, -x];
      out.push(r);
    }
  }
  return out;
})();

/** A procedural texture. Coordinates are pixels of a {@link SIZE}² image. */
export type Texture =
  | { kind: 'landscape'; sky: [RGB, RGB]; ground: [RGB, RGB]; horizon: number; seed: number; levels: number }
  | { kind: 'street'; sky: RGB; wall: [RGB, RGB]; road: RGB; stripe: RGB; roadY: number; period: number; levels: number }
  | { kind: 'table'; cloth: [RGB, RGB]; period: number; dir: number; plates: { cx: number; cy: number; r: number; color: RGB }[]; levels: number }
  | { kind: 'room'; wall: [RGB, RGB]; floor: [RGB, RGB]; floorY: number; tile: number; levels: number }
  | { kind: 'marble'; palette: RGB[]; seed: number; cells: number; levels: number }
  | { kind: 'radial'; cx: number; cy: number; r: number; light: RGB; dark: RGB; levels: number }
  | { kind: 'stripes'; colors: [RGB, RGB]; dir: number; period: number }
  | { kind: 'checker'; colors: [RGB, RGB]; size: number }
  /** Removal: a soft fill in the colours found around the region, as an inpainting model would. */
  | { kind: 'inpaint'; seed: number; cells: number; levels: number };

/** The region an edit touches, as plain data. */
export type Shape =
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number; dir: number }
  | { kind: 'circles'; circles: { cx: number; cy: number; r: number }[] }
  | { kind: 'polygon'; points: [number, number][] };

/** x², by multiplication: `**` is not guaranteed to be correctly rounded. */
const sq = (x: number) => x * x;

const clamp8 = (v: number) => (v < 0 ? 0 : v > 255 ? 255 : Math.round(v));

function mix(a: RGB, b: RGB, t: number): [number, number, number] {
  return [clamp8(a[0] + (b[0] - a[0]) * t), clamp8(a[1] + (b[1] - a[1]) * t), clamp8(a[2] + (b[2] - a[2]) * t)];
}

/** Snaps t ∈ [0, 1] to `levels` steps: banding instead of noise keeps PNGs small. */
function quantize(t: number, levels: number): number {
  const c = t < 0 ? 0 : t > 1 ? 1 : t;
  return Math.round(c * (levels - 1)) / (levels - 1);
}

/** Colour along a palette of stops at t ∈ [0, 1]. */
function ramp(palette: readonly RGB[], t: number): [number, number, number] {
  const x = (t < 0 ? 0 : t > 1 ? 1 : t) * (palette.length - 1);
  const i = Math.min(Math.floor(x), palette.length - 2);
  return mix(palette[i], palette[i + 1], x - i);
}

/** Low-frequency value noise: a `cells`² lattice of random values, smoothstep-interpolated. */
export class ValueNoise {
  private readonly lattice: Float64Array;

  constructor(
    seed: number,
    private readonly cells: number,
  ) {
    const rng = new Rng(seed);
    this.lattice = new Float64Array((cells + 1) * (cells + 1));
    for (let i = 0; i < this.lattice.length; i++) this.lattice[i] = rng.next();
  }

  /** Noise in [0, 1) at pixel (x, y). */
  at(x: number, y: number): number {
    const n = this.cells;
    const gx = (x / SIZE) * n;
    const gy = (y / SIZE) * n;
    const ix = Math.min(Math.floor(gx), n - 1);
    const iy = Math.min(Math.floor(gy), n - 1);
    const fx = gx - ix;
    const fy = gy - iy;
    const sx = fx * fx * (3 - 2 * fx);
    const sy = fy * fy * (3 - 2 * fy);
    const l = this.lattice;
    const w = n + 1;
    const top = l[iy * w + ix] + (l[iy * w + ix + 1] - l[iy * w + ix]) * sx;
    const bottom = l[(iy + 1) * w + ix] + (l[(iy + 1) * w + ix + 1] - l[(iy + 1) * w + ix]) * sx;
    return top + (bottom - top) * sy;
  }
}

/**
 * Renders a texture. Without `region` it covers the whole image; with one, only the pixels inside
 * it (the rest stay 0). `context` (the image being edited, RGB) is needed only by `inpaint`, which
 * takes its colours from around `region`.
 */
export function renderTexture(tex: Texture, context?: Uint8Array, region?: Uint8Array): Uint8Array {
  const out = new Uint8Array(SIZE * SIZE * 3);
  // An edit's texture is only ever read inside its region, so a region skips the rest.
  const skip = (x: number, y: number) => region !== undefined && region[y * SIZE + x] === 0;
  const put = (x: number, y: number, c: readonly number[]) => {
    const o = (y * SIZE + x) * 3;
    out[o] = c[0];
    out[o + 1] = c[1];
    out[o + 2] = c[2];
  };
  switch (tex.kind) {
    case 'landscape': {
      const ground = new ValueNoise(tex.seed, 5);
      const hills = new ValueNoise(tex.seed + 1, 3);
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (skip(x, y)) continue;
          const horizon = tex.horizon * SIZE + (hills.at(x, 0) - 0.5) * 40;
          if (y < horizon) put(x, y, mix(tex.sky[0], tex.sky[1], quantize(y / horizon, tex.levels)));
          else put(x, y, mix(tex.ground[0], tex.ground[1], quantize(ground.at(x, y) * 0.7 + (0.3 * (y - horizon)) / SIZE, tex.levels)));
        }
      }
      break;
    }
    case 'street': {
      const roofline = SIZE * 0.22;
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (skip(x, y)) continue;
          if (y >= tex.roadY) {
            const dashed = Math.abs(y - (tex.roadY + (SIZE - tex.roadY) / 2)) < 3 && Math.floor(x / 24) % 2 === 0;
            put(x, y, dashed ? tex.stripe : mix(tex.road, [40, 40, 44], quantize((y - tex.roadY) / (SIZE - tex.roadY), tex.levels)));
          } else if (y < roofline + 20 * (Math.floor(x / tex.period) % 3)) {
            put(x, y, mix(tex.sky, [255, 255, 255], quantize(y / roofline / 2, tex.levels)));
          } else {
            // Building facades with a window grid.
            const facade = Math.floor(x / tex.period) % 2;
            const window = x % tex.period > tex.period * 0.3 && x % tex.period < tex.period * 0.7 && y % 28 > 8 && y % 28 < 20;
            const base = tex.wall[facade];
            put(x, y, window ? mix(base, [30, 40, 60], 0.6) : mix(base, [0, 0, 0], quantize(y / tex.roadY, tex.levels) * 0.3));
          }
        }
      }
      break;
    }
    case 'table': {
      const [dx, dy] = DIRECTIONS[tex.dir];
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (skip(x, y)) continue;
          let c: readonly number[] = Math.floor((x * dx + y * dy) / tex.period) % 2 === 0 ? tex.cloth[0] : tex.cloth[1];
          for (const p of tex.plates) {
            const d2 = (sq(x - p.cx) + sq(y - p.cy)) / (p.r * p.r);
            if (d2 <= 1) c = d2 > 0.75 ? [236, 236, 230] : mix(p.color, [255, 255, 255], quantize(1 - d2, 4) * 0.3);
          }
          put(x, y, c);
        }
      }
      break;
    }
    case 'room': {
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (skip(x, y)) continue;
          if (y < tex.floorY) put(x, y, mix(tex.wall[0], tex.wall[1], quantize(x / SIZE, tex.levels)));
          else {
            // Perspective-ish floor boards: wider towards the viewer.
            const depth = (y - tex.floorY) / (SIZE - tex.floorY);
            const board = Math.floor((x - SIZE / 2) / (tex.tile * (0.4 + depth)) + 64) % 2;
            put(x, y, mix(tex.floor[board], [0, 0, 0], quantize(1 - depth, tex.levels) * 0.35));
          }
        }
      }
      break;
    }
    case 'marble': {
      const coarse = new ValueNoise(tex.seed, tex.cells);
      const fine = new ValueNoise(tex.seed + 7, tex.cells * 2);
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) if (!skip(x, y)) put(x, y, ramp(tex.palette, quantize(coarse.at(x, y) * 0.75 + fine.at(x, y) * 0.25, tex.levels)));
      }
      break;
    }
    case 'radial': {
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (skip(x, y)) continue;
          const d = Math.sqrt(sq(x - tex.cx) + sq(y - tex.cy)) / tex.r;
          put(x, y, mix(tex.light, tex.dark, quantize(d, tex.levels)));
        }
      }
      break;
    }
    case 'stripes': {
      const [dx, dy] = DIRECTIONS[tex.dir];
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) {
          if (skip(x, y)) continue;
          put(x, y, Math.floor((x * dx + y * dy + 1024) / tex.period) % 2 === 0 ? tex.colors[0] : tex.colors[1]);
        }
      }
      break;
    }
    case 'checker': {
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) if (!skip(x, y)) put(x, y, (Math.floor(x / tex.size) + Math.floor(y / tex.size)) % 2 === 0 ? tex.colors[0] : tex.colors[1]);
      }
      break;
    }
    case 'inpaint': {
      if (!context || !region) throw new Error('inpaint needs the image and the region');
      const [a, b] = surroundingColours(context, region);
      const noise = new ValueNoise(tex.seed, tex.cells);
      for (let y = 0; y < SIZE; y++) {
        for (let x = 0; x < SIZE; x++) if (!skip(x, y)) put(x, y, mix(a, b, quantize(noise.at(x, y), tex.levels)));
      }
      break;
    }
  }
  return out;
}

/**
 * The darkest and the lightest quarter's mean colour of the pixels just outside a region (its
 * bounding box grown by 8 px, minus the region): what a removal blends into.
 */
function surroundingColours(image: Uint8Array, region: Uint8Array): [RGB, RGB] {
  let x0 = SIZE;
  let y0 = SIZE;
  let x1 = -1;
  let y1 = -1;
  for (let i = 0; i < region.length; i++) {
    if (!region[i]) continue;
    const x = i % SIZE;
    const y = (i - x) / SIZE;
    if (x < x0) x0 = x;
    if (x > x1) x1 = x;
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  const lum: number[] = [];
  const px: number[] = [];
  for (let y = Math.max(0, y0 - 8); y <= Math.min(SIZE - 1, y1 + 8); y++) {
    for (let x = Math.max(0, x0 - 8); x <= Math.min(SIZE - 1, x1 + 8); x++) {
      const i = y * SIZE + x;
      if (region[i]) continue;
      px.push(i);
      lum.push(image[i * 3] * 2 + image[i * 3 + 1] * 5 + image[i * 3 + 2]);
    }
  }
  if (px.length === 0) return [[90, 90, 90], [170, 170, 170]]; // region covers everything around it
  const order = px.map((_, k) => k).sort((p, q) => lum[p] - lum[q] || px[p] - px[q]);
  const mean = (ks: number[]): RGB => {
    const s = [0, 0, 0];
    for (const k of ks) for (let c = 0; c < 3; c++) s[c] += image[px[k] * 3 + c];
    return [Math.round(s[0] / ks.length), Math.round(s[1] / ks.length), Math.round(s[2] / ks.length)];
  };
  const q = Math.max(1, Math.floor(order.length / 4));
  return [mean(order.slice(0, q)), mean(order.slice(order.length - q))];
}

/** Rasterizes a shape into a row-major 0/1 mask (pixel centres inside are 1). */
export function rasterize(shape: Shape): Uint8Array {
  const mask = new Uint8Array(SIZE * SIZE);
  // Only pixels inside the shape's bounding box can be inside it.
  let [bx0, by0, bx1, by1] = [Infinity, Infinity, -Infinity, -Infinity];
  const grow = (x0: number, y0: number, x1: number, y1: number) => {
    bx0 = Math.min(bx0, x0);
    by0 = Math.min(by0, y0);
    bx1 = Math.max(bx1, x1);
    by1 = Math.max(by1, y1);
  };
  if (shape.kind === 'ellipse') {
    const r = Math.max(shape.rx, shape.ry);
    grow(shape.cx - r, shape.cy - r, shape.cx + r, shape.cy + r);
  } else if (shape.kind === 'circles') {
    for (const c of shape.circles) grow(c.cx - c.r, c.cy - c.r, c.cx + c.r, c.cy + c.r);
  } else {
    for (const [x, y] of shape.points) grow(x, y, x, y);
  }
  const xs = Math.max(0, Math.floor(bx0) - 1);
  const xe = Math.min(SIZE - 1, Math.ceil(bx1) + 1);
  const ys = Math.max(0, Math.floor(by0) - 1);
  const ye = Math.min(SIZE - 1, Math.ceil(by1) + 1);
  for (let y = ys; y <= ye; y++) {
    for (let x = xs; x <= xe; x++) {
      const px = x + 0.5;
      const py = y + 0.5;
      let inside = false;
      if (shape.kind === 'ellipse') {
        const [ux, uy] = DIRECTIONS[shape.dir];
        const dx = px - shape.cx;
        const dy = py - shape.cy;
        const u = (dx * ux + dy * uy) / shape.rx;
        const v = (-dx * uy + dy * ux) / shape.ry;
        inside = u * u + v * v <= 1;
      } else if (shape.kind === 'circles') {
        inside = shape.circles.some((c) => sq(px - c.cx) + sq(py - c.cy) <= c.r * c.r);
      } else {
        // Even–odd rule.
        const pts = shape.points;
        for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
          const [xi, yi] = pts[i];
          const [xj, yj] = pts[j];
          if (yi > py !== yj > py && px < ((xj - xi) * (py - yi)) / (yj - yi) + xi) inside = !inside;
        }
      }
      if (inside) mask[y * SIZE + x] = 1;
    }
  }
  return mask;
}

/** Mean position of a mask's pixels (its centroid), or the image centre for an empty mask. */
export function centroid(mask: Uint8Array): [number, number] {
  let sx = 0;
  let sy = 0;
  let n = 0;
  for (let i = 0; i < mask.length; i++) {
    if (!mask[i]) continue;
    sx += i % SIZE;
    sy += Math.floor(i / SIZE);
    n++;
  }
  return n ? [sx / n, sy / n] : [SIZE / 2, SIZE / 2];
}
