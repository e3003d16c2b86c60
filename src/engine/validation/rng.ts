/**
 * @module
 * The validation modules' random generator: the shared xoshiro128** (`domain/random.ts`)
 * seeded from a 53-bit seed through splitmix64, as its authors recommend.
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
import { seedState, type StateWords, Xoshiro128 } from "../../domain/random.ts";

/** A seeded xoshiro128** generator. */
export class Rng extends Xoshiro128 {
  /**
   * @param seed a safe integer ≥ 0 (e.g. from `deriveSeed`)
   * @throws {ValidationError} for any other seed
   */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed) || seed < 0) {
      throw new ValidationError(`seed must be a safe integer ≥ 0, got ${seed}`);
    }
    super(seedState(seed));
  }

  /**
   * A generator in the given raw state (for reproducing reference test vectors).
   * @param words the four 32-bit state words s[0..3], not all 0
   * @throws {ValidationError} for an all-zero state
   */
  static fromState(words: StateWords): Rng {
    if ((words[0] | words[1] | words[2] | words[3]) === 0) {
      throw new ValidationError("xoshiro128** state must not be all zero");
    }
    const rng = new Rng(0);
    rng.setState(words);
    return rng;
  }
}
