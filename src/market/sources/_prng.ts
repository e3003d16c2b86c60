/**
 * @module
 * Seeded randomness for the synthetic source: 32-bit hashing of seeds, symbols and dates into
 * stream keys, and the shared generator (xoshiro128**, `domain/random.ts`) keyed by them. Only
 * 32-bit integer arithmetic plus `Math.log`/`Math.sqrt`, so a key always gives the same
 * sequence.
 */
import { fmix32, keyState, Xoshiro128 } from "../../domain/random.ts";

export { fmix32 };

const TWO_32 = 4294967296;

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

/**
 * The shared xoshiro128** (`domain/random.ts`) over a 32-bit key, expanded to 128 bits of
 * state by splitmix32: `uniform()` (32 bits), `exp()` and `normal()` are its 32-bit variates.
 */
export class Rng extends Xoshiro128 {
  /** @param key 32-bit stream key, e.g. from {@link hashInts} */
  constructor(key: number) {
    super(keyState(key));
  }
}
