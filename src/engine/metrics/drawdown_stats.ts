/**
 * @module
 * Maximum drawdown of an equity curve and the duration of its longest underwater spell.
 */

const MS_PER_DAY = 86_400_000;

/** Drawdown figures of an equity curve. */
export interface DrawdownStats {
  /** max over bars of 1 − equity / peak, ≥ 0. */
  maxDrawdown: number;
  /** Longest run of consecutive bars with equity below the running peak. */
  durationBars: number;
  /** Days from that run's peak bar to its recovery bar (or the last bar if it never recovers). */
  durationDays: number;
}

/**
 * Computes drawdown figures. The running peak starts at `initialCash`, so a first bar below
 * the starting cash is already a drawdown; its peak bar is then bar 0 for the day count.
 *
 * @param equity per-bar equity
 * @param ts per-bar open time in ms (for the day count)
 * @param initialCash equity before bar 0
 * @returns max drawdown (positive fraction) and the longest spell in bars and days
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { drawdownStats } from "./drawdown_stats.ts";
 *
 * const s = drawdownStats(new Float64Array([100, 75, 90, 100]), new Float64Array(4), 100);
 * assert.equal(s.maxDrawdown, 0.25);
 * assert.equal(s.durationBars, 2);
 * ```
 */
export function drawdownStats(
  equity: Float64Array,
  ts: Float64Array,
  initialCash: number,
): DrawdownStats {
  const n = equity.length;
  let peak = initialCash;
  let peakBar = 0;
  let maxDrawdown = 0;
  let best = 0;
  let bestFrom = 0;
  let bestTo = 0;
  let t = 0;
  while (t < n) {
    const e = equity[t];
    if (!(e < peak)) {
      peak = e;
      peakBar = t;
      t++;
      continue;
    }
    // A spell starts at t: a tight scan to its end (a bar back at the peak, or the last bar)
    // keeps the common underwater bar to two comparisons. Its depth needs one division.
    const start = t;
    let trough = e;
    for (t++; t < n; t++) {
      const x = equity[t];
      if (!(x < peak)) break;
      if (x < trough) trough = x;
    }
    const dd = 1 - trough / peak;
    if (dd > maxDrawdown) maxDrawdown = dd;
    if (t - start > best) {
      best = t - start;
      bestFrom = peakBar;
      bestTo = t < n ? t : n - 1;
    }
  }
  return finishDrawdownStats(maxDrawdown, best, bestFrom, bestTo, ts);
}

/**
 * The figures from the state {@link drawdownStats} ends with (shared with `CurveStats`, so
 * both give the same bits).
 * @param maxDrawdown deepest spell, a positive fraction
 * @param best longest spell in bars
 * @param bestFrom its peak bar
 * @param bestTo its recovery bar (or the last bar)
 * @param ts per-bar open time in ms
 * @returns the drawdown figures
 */
export function finishDrawdownStats(
  maxDrawdown: number,
  best: number,
  bestFrom: number,
  bestTo: number,
  ts: Float64Array,
): DrawdownStats {
  const durationDays = best > 0 ? (ts[bestTo] - ts[bestFrom]) / MS_PER_DAY : 0;
  return { maxDrawdown, durationBars: best, durationDays };
}
