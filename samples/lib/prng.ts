/**
 * A tiny seeded PRNG for the sample generator. The bundled dataset is committed and a spec
 * regenerates it byte for byte, so nothing here may depend on `Math.random`, the clock, or a
 * platform-specific math routine: mulberry32 uses only 32-bit integer operations.
 */

/** A seeded source of uniform numbers plus the few draws the generator needs. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform float in [0, 1) (mulberry32). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return this.next() < p;
  }

  /** One element, uniformly. */
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)];
  }

  /** One element with probability proportional to its weight. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let u = this.next() * total;
    for (const [item, w] of items) {
      u -= w;
      if (u < 0) return item;
    }
    return items[items.length - 1][0];
  }

  /** A shuffled copy (Fisher–Yates). */
  shuffle<T>(items: readonly T[]): T[] {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  /** A fresh generator seeded from this one, so sub-streams stay independent of draw order elsewhere. */
  fork(): Rng {
    return new Rng(Math.floor(this.next() * 4294967296));
  }
}

/**
 * Draws items in shuffled rounds: every item appears once per round. Used to spread generators
 * and edit types evenly over the dataset the way the paper balances them (Figure 3c).
 */
export class Deck<T> {
  private pile: T[] = [];

  constructor(
    private readonly items: readonly T[],
    private readonly rng: Rng,
  ) {}

  /** Next item not in `exclude` (the first such item of the pile; refills by a new round). */
  draw(exclude: readonly T[] = []): T {
    for (let attempt = 0; attempt < 2; attempt++) {
      if (this.pile.length === 0) this.pile = this.rng.shuffle(this.items);
      const i = this.pile.findIndex((item) => !exclude.includes(item));
      if (i >= 0) return this.pile.splice(i, 1)[0];
      // Everything left in this round is excluded: start the next round early.
      this.pile = [...this.pile, ...this.rng.shuffle(this.items)];
    }
    throw new Error('deck: every item is excluded');
  }
}
