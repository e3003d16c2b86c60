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
  let trough = initialCash;
  let maxDrawdown = 0;
  let best = 0;
  let bestFrom = 0;
  let bestTo = 0;
  let run = 0;
  for (let t = 0; t < n; t++) {
    const e = equity[t];
    if (e < peak) {
      run++;
      if (e < trough) trough = e;
      continue;
    }
    // A spell ends: its depth needs one division, not one per underwater bar.
    if (run > 0) {
      const dd = 1 - trough / peak;
      if (dd > maxDrawdown) maxDrawdown = dd;
      if (run > best) {
        best = run;
        bestFrom = peakBar;
        bestTo = t;
      }
      run = 0;
    }
    peak = e;
    trough = e;
    peakBar = t;
  }
  if (run > 0) {
    const dd = 1 - trough / peak;
    if (dd > maxDrawdown) maxDrawdown = dd;
    if (run > best) {
      best = run;
      bestFrom = peakBar;
      bestTo = n - 1;
    }
  }
  const durationDays = best > 0 ? (ts[bestTo] - ts[bestFrom]) / MS_PER_DAY : 0;
  return { maxDrawdown, durationBars: best, durationDays };
}
