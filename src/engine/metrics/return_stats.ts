/**
 * @module
 * Statistics of per-bar returns: annualised volatility, Sharpe and Sortino ratios.
 */

/** Annualised figures of a per-bar return series; null where undefined. */
export interface ReturnStats {
  /** Mean per-bar return (0 with no bars). */
  mean: number;
  /** Sample std (n − 1) × √barsPerYear; null with < 2 returns. */
  volatility: number | null;
  /** mean / std × √barsPerYear; null with < 2 returns or std = 0. */
  sharpe: number | null;
  /** mean / downside deviation × √barsPerYear; null with < 2 returns or no negative return. */
  sortino: number | null;
}

/**
 * Computes return statistics of an equity curve. The return of bar t is
 * `equity[t] / equity[t−1] − 1`, bar 0 against `initialCash`; it is 0 after a bar whose
 * equity is ≤ 0 (a ruined account has no meaningful return). The downside deviation is
 * `√(Σ min(r, 0)² / n)` over all n bars (target 0).
 *
 * @param equity per-bar equity
 * @param initialCash equity before bar 0 (> 0)
 * @param barsPerYear annualisation factor
 * @returns mean, volatility, Sharpe and Sortino
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { returnStats } from "./return_stats.ts";
 *
 * // Returns +100 %, −50 %: mean 0.25, std 0.75·√2, downside √(0.25 / 2).
 * const s = returnStats(new Float64Array([200, 100]), 100, 1);
 * assert.equal(s.mean, 0.25);
 * assert.ok(Math.abs(s.sharpe! - 0.25 / (0.75 * Math.SQRT2)) < 1e-15);
 * assert.ok(Math.abs(s.sortino! - Math.SQRT1_2) < 1e-15);
 * ```
 */
export function returnStats(
  equity: Float64Array,
  initialCash: number,
  barsPerYear: number,
): ReturnStats {
  const n = equity.length;
  if (n === 0) return { mean: 0, volatility: null, sharpe: null, sortino: null };
  // One pass with one division per bar. Sums are of r − k, k = the first return (the
  // "shifted data" variance): stable, and exactly 0 for a constant series.
  const k = initialCash > 0 ? equity[0] / initialCash - 1 : 0;
  let s1 = 0;
  let s2 = 0;
  let down = 0;
  let prev = initialCash;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    const r = prev > 0 ? e / prev - 1 : 0;
    prev = e;
    const d = r - k;
    s1 += d;
    s2 += d * d;
    if (r < 0) down += r * r;
  }
  return finishReturnStats(n, k, s1, s2, down, barsPerYear);
}

/**
 * The ratios from the one-pass sums of {@link returnStats} (shared with `CurveStats`, so
 * both give the same bits).
 * @param n number of returns (≥ 1)
 * @param k the shift: the first return
 * @param s1 Σ (r − k)
 * @param s2 Σ (r − k)²
 * @param down Σ min(r, 0)²
 * @param barsPerYear annualisation factor
 * @returns mean, volatility, Sharpe and Sortino
 */
export function finishReturnStats(
  n: number,
  k: number,
  s1: number,
  s2: number,
  down: number,
  barsPerYear: number,
): ReturnStats {
  const mean = k + s1 / n;
  if (n < 2) return { mean, volatility: null, sharpe: null, sortino: null };
  const variance = Math.max(0, (s2 - s1 * s1 / n) / (n - 1));
  const std = Math.sqrt(variance);
  const downside = Math.sqrt(down / n);
  const annual = Math.sqrt(barsPerYear);
  return {
    mean,
    volatility: std * annual,
    sharpe: std > 0 ? mean / std * annual : null,
    sortino: downside > 0 ? mean / downside * annual : null,
  };
}
