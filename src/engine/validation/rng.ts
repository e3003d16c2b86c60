/**
 * @module
 * The validation modules' random generator: xoshiro128** (Blackman & Vigna), 128 bits of
 * state, period 2^128 − 1, seeded from a 53-bit seed through splitmix64 as its authors
 * recommend. All arithmetic is 32-bit integer math, so it is fast in V8 and bit-identical on
 * every platform.
 *
 * - `nextU32()`: the raw 32-bit output;
 * - `nextFloat()`: uniform in [0, 1) with 53 random bits (two outputs);
 * - `nextInt(n)`: uniform in {0, …, n−1}, unbiased (Lemire's multiply-and-reject for
 *   n ≤ 2^21, where the 32 × 21-bit product is exact in a double; `floor(nextFloat() × n)`
 *   above, whose bias is below n / 2^53);
 * - `nextNormal()`: standard normal by Marsaglia's polar method (each accepted pair gives two
 *   values; the second is kept for the next call).
 */
import { ValidationError } from "../../domain/errors.ts";
import { mix64 } from "./seeds.ts";

const TWO_32 = 4294967296;
const INV_TWO_32 = 1 / TWO_32;
const TWO_53 = 9007199254740992;
const GOLDEN = 0x9e3779b97f4a7c15n;
const MAX_EXACT_N = 1 << 21;

/** A seeded xoshiro128** generator. */
export class Rng {
  // An Int32Array, not four fields: state words beyond the small-integer range would be boxed
  // as heap doubles in object fields, several times slower to update.
  private readonly s = new Int32Array(4);
  private spare = 0;
  private hasSpare = false;

  /**
   * @param seed a safe integer ≥ 0 (e.g. from `deriveSeed`)
   * @throws {ValidationError} for any other seed
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ValidationError(`seed must be a safe integer ≥ 0, got ${seed}`);
    }
    // Two splitmix64 outputs fill the 128-bit state; they are never both zero in practice,
    // but an all-zero state would be a fixed point, so it is guarded anyway.
    const a = mix64((BigInt(seed) + GOLDEN) & 0xffffffffffffffffn);
    const b = mix64((BigInt(seed) + 2n * GOLDEN) & 0xffffffffffffffffn);
    const s = this.s;
    s[0] = Number(a & 0xffffffffn);
    s[1] = Number(a >> 32n);
    s[2] = Number(b & 0xffffffffn);
    s[3] = Number(b >> 32n);
    if ((s[0] | s[1] | s[2] | s[3]) === 0) s[0] = 1;
  }

  /**
   * A generator in the given raw state (for reproducing reference test vectors).
   * @param words the four 32-bit state words s[0..3], not all 0
   * @throws {ValidationError} for an all-zero state
   */
  static fromState(words: readonly [number, number, number, number]): Rng {
    if ((words[0] | words[1] | words[2] | words[3]) === 0) {
      throw new ValidationError("xoshiro128** state must not be all zero");
    }
    const rng = new Rng(0);
    rng.s.set(words);
    rng.hasSpare = false;
    return rng;
  }

  /** @returns the next 32-bit output as an unsigned integer */
  nextU32(): number {
    const s = this.s;
    const s1 = s[1];
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    const s2 = s[2] ^ s[0];
    const s3 = s[3] ^ s1;
    s[1] = s1 ^ s2;
    s[0] ^= s3;
    s[2] = s2 ^ t;
    s[3] = rotl(s3, 11);
    return result >>> 0;
  }

  /** @returns a uniform double in [0, 1) with 53 random bits */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_53;
  }

  /**
   * @param n the number of outcomes, an integer in [1, 2^53]
   * @returns a uniform integer in [0, n)
   */
  nextInt(n: number): number {
    if (n <= MAX_EXACT_N) {
      // Lemire: the high word of x·n is uniform once the low words below 2^32 mod n are rejected.
      const m = this.nextU32() * n;
      const hi = Math.floor(m * INV_TWO_32);
      return m - hi * TWO_32 < n ? this.lemireRetry(m, hi, n) : hi;
    }
    return Math.floor(this.nextFloat() * n);
  }

  /**
   * Shuffles `a[from..to)` in place (Fisher–Yates from the top down: for i = to−1 … from+1,
   * swap `a[i]` with `a[from + nextInt(i − from + 1)]`).
   * @param a the array
   * @param from first index of the range
   * @param to end of the range (exclusive); `to − from` at most 2^21
   * @throws {ValidationError} for a longer range
   */
  shuffle(a: Int32Array, from: number, to: number): void {
    if (to - from > MAX_EXACT_N) {
      throw new ValidationError(`shuffle range of ${to - from} exceeds ${MAX_EXACT_N}`);
    }
    for (let i = to - 1; i > from; i--) {
      const span = i - from + 1;
      // nextInt(span) inlined: Lemire's multiply, with the rare rejection out of line.
      const m = this.nextU32() * span;
      let hi = Math.floor(m * INV_TWO_32);
      if (m - hi * TWO_32 < span) hi = this.lemireRetry(m, hi, span);
      const j = from + hi;
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
  }

  /** @returns a standard normal deviate (mean 0, variance 1) */
  nextNormal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number;
    let v: number;
    let s: number;
    do {
      u = 2 * this.nextFloat() - 1;
      v = 2 * this.nextFloat() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const f = Math.sqrt(-2 * Math.log(s) / s);
    this.spare = v * f;
    this.hasSpare = true;
    return u * f;
  }

  /** Lemire's rejection, out of line: redraws while the low word is below 2^32 mod n. */
  private lemireRetry(m: number, hi: number, n: number): number {
    const threshold = (TWO_32 - n) % n;
    while (m - hi * TWO_32 < threshold) {
      m = this.nextU32() * n;
      hi = Math.floor(m * INV_TWO_32);
    }
    return hi;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
