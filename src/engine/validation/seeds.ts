/**
 * @module
 * Seed derivation: every validation module (and every trial inside it) gets its own random
 * stream from the run's root seed, so adding a test, reordering tests or splitting trials
 * across workers never changes another stream.
 *
 * `deriveSeed(root, module, index)` is, in 64-bit unsigned arithmetic (mod 2^64):
 *
 * ```
 * m = FNV-1a-64(UTF-8 bytes of module)
 * z = mix64(mix64(root XOR m) + (index + 1) × 0x9E3779B97F4A7C15)
 * seed = z >> 11            (the top 53 bits: a safe integer in [0, 2^53))
 * ```
 *
 * where `mix64` is the splitmix64 finaliser
 * `z ^= z >> 30; z *= 0xBF58476D1CE4E5B9; z ^= z >> 27; z *= 0x94D049BB133111EB; z ^= z >> 31`.
 * The formula is part of the artifact contract: changing it changes every validation result.
 */
import { ValidationError } from "../../domain/errors.ts";
import { mix64 } from "../../domain/random.ts";

const MASK = (1n << 64n) - 1n;
const GOLDEN = 0x9e3779b97f4a7c15n;
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const encoder = new TextEncoder();

/** The splitmix64 finaliser (declared in `domain/random.ts`). */
export { mix64 };

/**
 * Derives the seed of one module (and one index inside it) from a root seed.
 *
 * @param rootSeed a safe integer ≥ 0 (the run's seed, or a seed derived earlier)
 * @param module the stream's name, e.g. `"permutation"`
 * @param index sub-stream number, e.g. a trial index (safe integer ≥ 0)
 * @returns a safe integer in [0, 2^53)
 * @throws {ValidationError} for a negative, fractional or unsafe root seed or index
 *
 * @example Each module and each index gets its own seed; the same inputs always agree
 * ```ts
 * import assert from "node:assert/strict";
 * import { deriveSeed } from "./seeds.ts";
 *
 * assert.equal(deriveSeed(42, "permutation"), deriveSeed(42, "permutation", 0));
 * assert.notEqual(deriveSeed(42, "permutation"), deriveSeed(42, "bootstrap"));
 * assert.notEqual(deriveSeed(42, "permutation", 1), deriveSeed(42, "permutation", 2));
 * ```
 */
export function deriveSeed(rootSeed: number, module: string, index = 0): number {
  checkSeed("rootSeed", rootSeed);
  checkSeed("index", index);
  let m = FNV_OFFSET;
  for (const byte of encoder.encode(module)) m = ((m ^ BigInt(byte)) * FNV_PRIME) & MASK;
  const z = mix64((mix64(BigInt(rootSeed) ^ m) + BigInt(index + 1) * GOLDEN) & MASK);
  return Number(z >> 11n);
}

function checkSeed(name: string, v: number): void {
  if (!Number.isSafeInteger(v) || v < 0) {
    throw new ValidationError(`${name} must be a safe integer ≥ 0, got ${v}`);
  }
}
