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
  private s0: number;
  private s1: number;
  private s2: number;
  private s3: number;
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
    this.s0 = Number(a & 0xffffffffn) | 0;
    this.s1 = Number(a >> 32n) | 0;
    this.s2 = Number(b & 0xffffffffn) | 0;
    this.s3 = Number(b >> 32n) | 0;
    if ((this.s0 | this.s1 | this.s2 | this.s3) === 0) this.s0 = 1;
  }

  /** @returns the next 32-bit output as an unsigned integer */
  nextU32(): number {
    const s1 = this.s1;
    const result = Math.imul(rotl(Math.imul(s1, 5), 7), 9);
    const t = s1 << 9;
    this.s2 ^= this.s0;
    this.s3 ^= s1;
    this.s1 ^= this.s2;
    this.s0 ^= this.s3;
    this.s2 ^= t;
    this.s3 = rotl(this.s3, 11);
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
      for (;;) {
        const m = this.nextU32() * n;
        const hi = Math.floor(m * INV_TWO_32);
        const low = m - hi * TWO_32;
        if (low >= n || low >= (TWO_32 - n) % n) return hi;
      }
    }
    return Math.floor(this.nextFloat() * n);
  }

  /**
   * Shuffles `a[from..to)` in place (Fisher–Yates, from the top down), drawing exactly what
   * `nextInt(i − from + 1)` would for i = to−1 … from+1. The generator is inlined because
   * this loop is the permutation test's hottest.
   * @param a the array
   * @param from first index of the range
   * @param to end of the range (exclusive); `to − from` at most 2^21
   */
  shuffle(a: Int32Array, from: number, to: number): void {
    if (to - from > MAX_EXACT_N) {
      throw new ValidationError(`shuffle range of ${to - from} exceeds ${MAX_EXACT_N}`);
    }
    let s0 = this.s0;
    let s1 = this.s1;
    let s2 = this.s2;
    let s3 = this.s3;
    for (let i = to - 1; i > from; i--) {
      const span = i - from + 1;
      let x = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
      let t = s1 << 9;
      s2 ^= s0;
      s3 ^= s1;
      s1 ^= s2;
      s0 ^= s3;
      s2 ^= t;
      s3 = (s3 << 11) | (s3 >>> 21);
      let m = x * span;
      let hi = Math.floor(m * INV_TWO_32);
      if (m - hi * TWO_32 < span) {
        // Rare (probability < span / 2^32): reject the low words below 2^32 mod span.
        const threshold = (TWO_32 - span) % span;
        while (m - hi * TWO_32 < threshold) {
          x = Math.imul(rotl(Math.imul(s1, 5), 7), 9) >>> 0;
          t = s1 << 9;
          s2 ^= s0;
          s3 ^= s1;
          s1 ^= s2;
          s0 ^= s3;
          s2 ^= t;
          s3 = (s3 << 11) | (s3 >>> 21);
          m = x * span;
          hi = Math.floor(m * INV_TWO_32);
        }
      }
      const j = from + hi;
      const tmp = a[i];
      a[i] = a[j];
      a[j] = tmp;
    }
    this.s0 = s0;
    this.s1 = s1;
    this.s2 = s2;
    this.s3 = s3;
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
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
