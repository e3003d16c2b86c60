/**
 * @module
 * Seeded randomness for the synthetic source: 32-bit hashing of seeds, symbols and dates into
 * stream keys, and a small fast generator (xoshiro128**) with uniform, exponential and normal
 * variates. Only 32-bit integer arithmetic plus `Math.log`/`Math.sqrt`, so a key always gives
 * the same sequence.
 */

const TWO_32 = 4294967296;

/** Murmur3's 32-bit finaliser: a bijective avalanche mix. */
export function fmix32(x: number): number {
  x ^= x >>> 16;
  x = Math.imul(x, 0x85ebca6b);
  x ^= x >>> 13;
  x = Math.imul(x, 0xc2b2ae35);
  x ^= x >>> 16;
  return x >>> 0;
}

/** Hashes a list of 32-bit integers (order matters) into one 32-bit key. */
export function hashInts(...parts: number[]): number {
  let h = 0x2545f491;
  for (const p of parts) h = fmix32((h ^ fmix32(p >>> 0)) + 0x9e3779b9);
  return h;
}

/** FNV-1a of the UTF-8 bytes of `s`, finalised with {@link fmix32}. */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (const b of new TextEncoder().encode(s)) h = Math.imul(h ^ b, 0x01000193);
  return fmix32(h);
}

/** Splits a safe integer seed into two 32-bit words, so seeds beyond 2^32 stay distinct. */
export function seedWords(seed: number): [number, number] {
  return [seed >>> 0, Math.floor(seed / TWO_32) >>> 0];
}

/** xoshiro128** generator over a 32-bit key (expanded to 128 bits of state by splitmix32). */
export class Rng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;
  private spare = 0;
  private hasSpare = false;

  /** @param key 32-bit stream key, e.g. from {@link hashInts} */
  constructor(key: number) {
    let s = key >>> 0;
    const next = () => {
      s = (s + 0x9e3779b9) >>> 0;
      return fmix32(s);
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = next() | 1; // never the all-zero state
  }

  /** Next 32-bit unsigned integer. */
  nextU32(): number {
    const b = this.b;
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    this.c ^= this.a;
    this.d ^= b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextU32() / TWO_32;
  }

  /** Exponential with mean 1. */
  exp(): number {
    return -Math.log(1 - this.uniform());
  }

  /** Standard normal (Marsaglia's polar method; the second value of a pair is kept). */
  normal(): number {
    if (this.hasSpare) {
      this.hasSpare = false;
      return this.spare;
    }
    let u: number, v: number, s: number;
    do {
      u = 2 * this.uniform() - 1;
      v = 2 * this.uniform() - 1;
      s = u * u + v * v;
    } while (s >= 1 || s === 0);
    const m = Math.sqrt(-2 * Math.log(s) / s);
    this.spare = v * m;
    this.hasSpare = true;
    return u * m;
  }
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
