/**
 * An order-independent sum of non-negative doubles. Each addend is converted exactly to an
 * integer count of 2⁻¹⁰⁷⁴ (the smallest double step), so the sum is an exact BigInt and any
 * split of the same images across workers, processes or machines merges to the identical total.
 * A plain float sum would depend on the order of additions in its last bits.
 * Internal to the metrics accumulators; not part of the package API.
 */
export class ExactSum {
  /** The exact sum in units of 2⁻¹⁰⁷⁴. */
  units = 0n;

  private static readonly f64 = new Float64Array(1);
  private static readonly u64 = new BigUint64Array(ExactSum.f64.buffer);

  /** Adds a finite, non-negative double exactly. */
  add(value: number): void {
    if (!(value >= 0) || value === Infinity) throw new RangeError(`ExactSum: cannot add ${value}`);
    ExactSum.f64[0] = value;
    const bits = ExactSum.u64[0];
    const exponent = (bits >> 52n) & 0x7ffn;
    const mantissa = bits & 0xfffffffffffffn;
    // value = mantissa·2⁻¹⁰⁷⁴ when subnormal, else (2⁵² + mantissa)·2^(exponent−1075).
    this.units += exponent === 0n ? mantissa : (mantissa | 0x10000000000000n) << (exponent - 1n);
  }

  /** Adds another exact sum. */
  addSum(other: ExactSum): void {
    this.units += other.units;
  }

  /**
   * The sum as a double. Bits below 2⁻⁹⁴⁶ are dropped before rounding (Number() of the full
   * count would overflow); the result depends only on the exact sum, never on addition order.
   */
  valueOf(): number {
    return Number(this.units >> 128n) * 2 ** -946;
  }

  /** Whether the sum is at most `count` (an integer), decided exactly. */
  isAtMost(count: number): boolean {
    return this.units <= BigInt(count) << 1074n;
  }

  /** Lossless text form (hexadecimal units) for JSON. */
  toJSON(): string {
    return this.units.toString(16);
  }

  /** Parses {@link ExactSum.toJSON} output; `undefined` when the text is not a hex count. */
  static fromJSON(text: unknown): ExactSum | undefined {
    if (typeof text !== 'string' || !/^[0-9a-f]+$/.test(text)) return undefined;
    const sum = new ExactSum();
    sum.units = BigInt(`0x${text}`);
    return sum;
  }
}
