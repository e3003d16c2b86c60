/**
 * @module
 * Hewston's one seeded random generator, xoshiro128** (Blackman & Vigna: 128 bits of state,
 * period 2^128 − 1), and the small mulberry32 kept for test fixtures. All arithmetic is 32-bit
 * integer math plus `Math.log`/`Math.sqrt`, so a seed gives the same sequence on every
 * platform; no caller ever uses `Math.random`.
 *
 * Two seedings feed the same generator, and both are part of artifact contracts (changing one
 * changes every result that used it):
 *
 * | seeding | from | used by |
 * | --- | --- | --- |
 * | {@link seedState} | a safe-integer seed, through splitmix64 (two outputs) | validation (`engine/validation/rng.ts`), test fixtures |
 * | {@link keyState} | a 32-bit stream key, through a splitmix32 (four outputs) | the synthetic market (`market/sources/_prng.ts`) |
 *
 * Variates come at two resolutions, each bit-exact to the code that used it before the merge:
 * 53-bit (`nextFloat`, `nextInt`, `shuffle`, `nextNormal`) and 32-bit (`uniform`, `exp`,
 * `normal`).
 */

import { ValidationError } from "./errors.ts";

const TWO_32 = 4294967296;
const INV_TWO_32 = 1 / TWO_32;
const TWO_53 = 9007199254740992;
const MASK64 = (1n << 64n) - 1n;
const GOLDEN64 = 0x9e3779b97f4a7c15n;
const MAX_EXACT_N = 1 << 21;

/** Four 32-bit state words. */
export type StateWords = readonly [number, number, number, number];

/**
 * The splitmix64 finaliser: a bijection of 64-bit integers with full avalanche.
 * @param z a 64-bit unsigned integer
 * @returns the mixed 64-bit unsigned integer
 */
export function mix64(z: bigint): bigint {
  z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK64;
  z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK64;
  return z ^ (z >> 31n);
}

/** Murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/**
 * The state for a safe-integer seed ≥ 0: two splitmix64 outputs (never all zero).
 * @param seed a safe integer ≥ 0 (the caller checks it)
 */
export function seedState(seed: number): StateWords {
  const a = mix64((BigInt(seed) + GOLDEN64) & MASK64);
  const b = mix64((BigInt(seed) + 2n * GOLDEN64) & MASK64);
  const w: [number, number, number, number] = [
    Number(a & 0xffffffffn) | 0,
    Number(a >> 32n) | 0,
    Number(b & 0xffffffffn) | 0,
    Number(b >> 32n) | 0,
  ];
  // An all-zero state is a fixed point; splitmix64 never gives one in practice.
  if ((w[0] | w[1] | w[2] | w[3]) === 0) w[0] = 1;
  return w;
}

/**
 * The state for a 32-bit stream key: four outputs of a splitmix32 (the last forced odd, so
 * never all zero).
 * @param key a 32-bit stream key
 */
export function keyState(key: number): StateWords {
  let s = key >>> 0;
  const next = () => {
    s = (s + 0x9e3779b9) >>> 0;
    return fmix32(s);
  };
  const a = next();
  const b = next();
  const c = next();
  const d = next() | 1;
  return [a, b, c, d];
}

/** A xoshiro128** generator. */
export class Xoshiro128 {
  // An Int32Array, not four fields: state words beyond the small-integer range would be boxed
  // as heap doubles in object fields, several times slower to update.
  protected readonly s = new Int32Array(4);
  private spare53 = 0;
  private hasSpare53 = false;
  private spare32 = 0;
  private hasSpare32 = false;

  /** @param state four 32-bit words, not all zero (see {@link seedState}, {@link keyState}) */
  constructor(state: StateWords) {
    this.s.set(state);
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

  /** @returns a uniform double in [0, 1) with 53 random bits (two outputs) */
  nextFloat(): number {
    const hi = this.nextU32() >>> 5; // 27 bits
    const lo = this.nextU32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / TWO_53;
  }

  /** @returns a uniform double in [0, 1) with 32 bits of resolution (one output) */
  uniform(): number {
    return this.nextU32() / TWO_32;
  }

  /** @returns an exponential variate with mean 1 (from {@link uniform}) */
  exp(): number {
    return -Math.log(1 - this.uniform());
  }

  /**
   * @param n the number of outcomes, an integer in [1, 2^53]
   * @returns a uniform integer in [0, n): Lemire's multiply-and-reject for n ≤ 2^21 (where
   *   the 32 × 21-bit product is exact in a double), `floor(nextFloat() × n)` above
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

  /** @returns a standard normal deviate from 53-bit uniforms (Marsaglia's polar method) */
  nextNormal(): number {
    if (this.hasSpare53) {
      this.hasSpare53 = false;
      return this.spare53;
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
    this.spare53 = v * f;
    this.hasSpare53 = true;
    return u * f;
  }

  /** @returns a standard normal deviate from 32-bit uniforms (Marsaglia's polar method) */
  normal(): number {
    if (this.hasSpare32) {
      this.hasSpare32 = false;
      return this.spare32;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt(-2 * Math.log(s) / s);
    this.spare32 = v * m;
    this.hasSpare32 = true;
    return u * m;
  }

  /** Replaces the state (and forgets a kept normal deviate). */
  protected setState(words: StateWords): void {
    this.s.set(words);
    this.hasSpare53 = false;
    this.hasSpare32 = false;
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

/**
 * mulberry32, a 32-bit-state generator: kept only because the test fixtures' random walks
 * (and the engine fingerprints recorded on them) were drawn with it.
 */
export class Mulberry32 {
  private state: number;

  /** @param seed any 32-bit integer */
  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return ((z ^ (z >>> 14)) >>> 0) / 4294967296;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
