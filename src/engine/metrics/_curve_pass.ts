/**
 * @module
 * The pass of `computeMetrics` over a whole equity curve: {@link CurveStats} fed the curve in
 * one range.
 */

import { CurveStats, type CurveSummary } from "./curve_stats.ts";

/**
 * Reads `equity` and `position` for the metrics.
 * @param equity per-bar equity
 * @param position per-bar closing position (same length)
 * @param ts per-bar open time in ms
 * @param initialCash equity before bar 0
 * @param barsPerYear annualisation factor
 * @returns return and drawdown statistics, Σ equity and the exposed-bar count
 */
export function curvePass(
  equity: Float64Array,
  position: Float64Array,
  ts: Float64Array,
  initialCash: number,
  barsPerYear: number,
): CurveSummary {
  const stats = new CurveStats(initialCash);
  stats.addBars(equity, position, 0, equity.length);
  return stats.finish(ts, barsPerYear);
}
