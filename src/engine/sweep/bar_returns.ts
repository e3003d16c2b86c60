/**
 * @module
 * Per-bar strategy returns of an equity curve, with the same convention as the metrics'
 * Sharpe ratio (`metrics/return_stats.ts`): `r[t] = equity[t] / equity[t−1] − 1`, bar 0
 * against the initial cash, and 0 after a bar whose equity is ≤ 0.
 */
import { ValidationError } from "../../domain/errors.ts";

/**
 * Computes per-bar returns.
 *
 * @param equity per-bar equity
 * @param initialCash equity before bar 0
 * @param out optional output array of at least `equity.length` values (reused)
 * @throws {ValidationError} when `out` is too short
 * @returns the returns (`out` when given, trimmed to `equity.length` as a view)
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * const r = barReturns(new Float64Array([110, 99, 0, 5]), 100);
 * assert.deepEqual(Array.from(r), [0.10000000000000009, -0.09999999999999998, -1, 0]);
 * ```
 */
export function barReturns(
  equity: Float64Array,
  initialCash: number,
  out?: Float64Array,
): Float64Array {
  const n = equity.length;
  if (out !== undefined && out.length < n) {
    throw new ValidationError(`barReturns: out has ${out.length} values for ${n} bars`);
  }
  const r = out === undefined ? new Float64Array(n) : out.subarray(0, n);
  let prev = initialCash;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    r[t] = prev > 0 ? e / prev - 1 : 0;
    prev = e;
  }
  return r;
}
