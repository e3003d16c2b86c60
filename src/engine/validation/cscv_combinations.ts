/**
 * @module
 * The in-sample block sets of CSCV: all C(S, S/2) ways to choose S/2 of the S blocks, in
 * lexicographic order of their sorted block indices ({0,1,…,S/2−1} first). When there are
 * more than `max`, a seeded sample of `max` distinct sets is drawn instead (Floyd's
 * algorithm over the lexicographic ranks, mulberry32 generator, 53-bit draws) and evaluated
 * in increasing rank order, so the same (S, max, seed) always gives the same sets.
 */
import { ValidationError } from "../../domain/errors.ts";
import { MAX_CSCV_BLOCKS } from "./cscv_blocks.ts";

/** The in-sample block sets to evaluate. */
export interface CscvCombinations {
  /** Number of sets listed. */
  count: number;
  /** C(S, S/2), the number of sets in all. */
  total: number;
  /** Whether `sets` is a sample of the total. */
  sampled: boolean;
  /** S/2 sorted block indices per set, `count` sets back to back. */
  sets: Int32Array;
}

/**
 * Binomial coefficient C(n, k), exact while it is below 2^53.
 *
 * @throws {ValidationError} when the result is not exactly representable
 */
export function binomial(n: number, k: number): number {
  if (k < 0 || k > n) return 0;
  k = Math.min(k, n - k);
  let c = 1;
  // c · (n − k + i) / i is an integer at every step; the product must stay exact too.
  for (let i = 1; i <= k; i++) {
    const p = c * (n - k + i);
    if (p > Number.MAX_SAFE_INTEGER) {
      throw new ValidationError(`C(${n}, ${k}) is too large to compute exactly`);
    }
    c = p / i;
  }
  return c;
}

/**
 * The `rank`-th (0-based, lexicographic) set of `k` indices out of `0..n−1`.
 *
 * @param out k slots to write the indices into (ascending)
 */
export function unrankCombination(n: number, k: number, rank: number, out: Int32Array): void {
  let x = 0;
  let r = rank;
  for (let i = 0; i < k; i++) {
    for (;;) {
      // Sets starting with x (after the i chosen so far) number C(n − x − 1, k − i − 1).
      const c = binomial(n - x - 1, k - i - 1);
      if (r < c) break;
      r -= c;
      x++;
    }
    out[i] = x++;
  }
}

/**
 * Lists the in-sample block sets for S blocks.
 *
 * @param blocks S (even, 2..{@link MAX_CSCV_BLOCKS})
 * @param max most sets to evaluate (≥ 1); beyond it a seeded sample is drawn
 * @param seed 32-bit seed of the sample (unused when every set is listed)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const c = cscvCombinations(4, 100, 0);
 * assert.deepEqual(Array.from(c.sets), [0, 1, 0, 2, 0, 3, 1, 2, 1, 3, 2, 3]);
 * ```
 */
export function cscvCombinations(blocks: number, max: number, seed: number): CscvCombinations {
  if (!(Number.isInteger(blocks) && blocks >= 2 && blocks <= MAX_CSCV_BLOCKS && blocks % 2 === 0)) {
    throw new ValidationError(
      `cscv: blocks must be an even integer in [2, ${MAX_CSCV_BLOCKS}], got ${blocks}`,
    );
  }
  if (!(Number.isInteger(max) && max >= 1)) {
    throw new ValidationError(`cscv: maxCombinations must be an integer ≥ 1, got ${max}`);
  }
  const k = blocks / 2;
  const total = binomial(blocks, k);
  const sampled = total > max;
  const ranks = sampled ? sampleRanks(total, max, seed) : null;
  const count = sampled ? max : total;
  const sets = new Int32Array(count * k);
  const cur = new Int32Array(k);
  for (let i = 0; i < k; i++) cur[i] = i;
  for (let c = 0; c < count; c++) {
    if (ranks !== null) unrankCombination(blocks, k, ranks[c], cur);
    sets.set(cur, c * k);
    if (ranks === null) nextCombination(cur, blocks);
  }
  return { count, total, sampled, sets };
}

/** Advances `cur` to the next set in lexicographic order (no-op past the last). */
function nextCombination(cur: Int32Array, n: number): void {
  const k = cur.length;
  let i = k - 1;
  while (i >= 0 && cur[i] === n - k + i) i--;
  if (i < 0) return;
  cur[i]++;
  for (let j = i + 1; j < k; j++) cur[j] = cur[j - 1] + 1;
}

/** `m` distinct integers of [0, total), ascending (Floyd's algorithm). */
function sampleRanks(total: number, m: number, seed: number): Float64Array {
  const next = mulberry32(seed);
  const chosen = new Set<number>();
  for (let j = total - m; j < total; j++) {
    // A uniform integer in [0, j] from 53 random bits.
    const u = (next() * 2 ** 21 + (next() >>> 11)) / 2 ** 53;
    const t = Math.floor(u * (j + 1));
    chosen.add(chosen.has(t) ? j : t);
  }
  return Float64Array.from(chosen).sort();
}

/** mulberry32: 32-bit outputs (as unsigned integers) from a 32-bit seed. */
function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 15), z | 1);
    z ^= z + Math.imul(z ^ (z >>> 7), z | 61);
    return (z ^ (z >>> 14)) >>> 0;
  };
}
