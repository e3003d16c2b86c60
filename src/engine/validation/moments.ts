/**
 * @module
 * Per-bar returns of an equity curve and their first four moments, the inputs of the
 * Probabilistic and Deflated Sharpe Ratios and of the bootstrap.
 *
 * Returns follow `returnStats` (metrics): r[t] = equity[t] / equity[t−1] − 1, bar 0 against
 * the initial cash, and 0 after a bar whose equity is ≤ 0. Moments, with n returns:
 * - mean = Σr / n; std = √(Σ(r − mean)² / (n − 1)) (the sample std the Sharpe ratio uses);
 * - skew γ₃ = m₃ / m₂^(3/2) and kurtosis γ₄ = m₄ / m₂² (not excess: 3 for a normal), from the
 *   central moments m_k = Σ(r − mean)^k / n — the plain sample moments Bailey & López de Prado
 *   plug into the PSR.
 */

/** Mean, spread and shape of a return series. */
export interface ReturnMoments {
  /** Number of returns. */
  count: number;
  /** Mean return. */
  mean: number;
  /** Sample standard deviation (n − 1); NaN with fewer than 2 returns. */
  std: number;
  /** Skewness γ₃; NaN when the variance is 0 or there are fewer than 2 returns. */
  skew: number;
  /** Kurtosis γ₄ (normal = 3); NaN like skew. */
  kurtosis: number;
}

/**
 * Per-bar returns of an equity curve, exactly as the metrics compute them.
 *
 * @param equity per-bar equity
 * @param initialCash equity before bar 0
 * @param out optional output array of the same length (reused across calls)
 * @returns the returns (`out` when given)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { barReturns } from "./moments.ts";
 *
 * assert.deepEqual([...barReturns(new Float64Array([110, 99]), 100)], [0.10000000000000009, -0.09999999999999998]);
 * ```
 */
export function barReturns(
  equity: Float64Array,
  initialCash: number,
  out: Float64Array = new Float64Array(equity.length),
): Float64Array {
  let prev = initialCash;
  for (let t = 0; t < equity.length; t++) {
    const e = equity[t];
    out[t] = prev > 0 ? e / prev - 1 : 0;
    prev = e;
  }
  return out;
}

/**
 * The moments of `returns` (two passes: the mean, then the central sums).
 *
 * @param returns the return series
 * @returns count, mean, sample std, skew and kurtosis
 *
 * @example Returns 1, 2, 3, 4: mean 2.5, sample variance 5/3, symmetric so no skew
 * ```ts
 * import assert from "node:assert/strict";
 * import { returnMoments } from "./moments.ts";
 *
 * const m = returnMoments(new Float64Array([1, 2, 3, 4]));
 * assert.equal(m.mean, 2.5);
 * assert.equal(m.std, Math.sqrt(5 / 3));
 * assert.equal(m.skew, 0);
 * assert.equal(m.kurtosis, 1.64); // m4 / m2² = 2.5625 / 1.25²
 * ```
 */
export function returnMoments(returns: Float64Array): ReturnMoments {
  const n = returns.length;
  if (n === 0) return { count: 0, mean: NaN, std: NaN, skew: NaN, kurtosis: NaN };
  let sum = 0;
  for (let t = 0; t < n; t++) sum += returns[t];
  const mean = sum / n;
  let s2 = 0;
  let s3 = 0;
  let s4 = 0;
  for (let t = 0; t < n; t++) {
    const d = returns[t] - mean;
    const d2 = d * d;
    s2 += d2;
    s3 += d2 * d;
    s4 += d2 * d2;
  }
  if (n < 2) return { count: n, mean, std: NaN, skew: NaN, kurtosis: NaN };
  const m2 = s2 / n;
  const shaped = m2 > 0;
  return {
    count: n,
    mean,
    std: Math.sqrt(s2 / (n - 1)),
    skew: shaped ? s3 / n / Math.pow(m2, 1.5) : NaN,
    kurtosis: shaped ? s4 / n / (m2 * m2) : NaN,
  };
}
