/**
 * @module
 * The run metrics a validation test can re-compute on an equity curve alone, each exactly as
 * `computeMetrics` defines it (the same `returnStats` for the ratios), so a permuted or noisy
 * re-run is comparable with the real run's `metrics.json`. Every one is "higher is better".
 */
import { returnStats } from "../metrics/return_stats.ts";
import type { Metrics } from "../metrics/types.ts";

/** Metrics a validation test can use as its statistic. */
export const TEST_METRICS = ["sharpe", "sortino", "total_return", "cagr"] as const;

/** One of {@link TEST_METRICS}. */
export type TestMetric = typeof TEST_METRICS[number];

/**
 * Computes `metric` of an equity curve.
 *
 * @param metric which metric
 * @param equity per-bar equity
 * @param initialCash equity before bar 0
 * @param barsPerYear annualisation factor
 * @returns the value, or NaN where `computeMetrics` reports null (e.g. a flat curve's Sharpe)
 *
 * @example
 * ```ts
 * import assert from "node:assert/strict";
 * import { curveMetric } from "./metric.ts";
 *
 * assert.equal(curveMetric("total_return", new Float64Array([100, 110]), 100, 1), 0.10000000000000009);
 * assert.ok(Number.isNaN(curveMetric("sharpe", new Float64Array([100, 100]), 100, 1)));
 * ```
 */
export function curveMetric(
  metric: TestMetric,
  equity: Float64Array,
  initialCash: number,
  barsPerYear: number,
): number {
  const n = equity.length;
  const growth = (n > 0 ? equity[n - 1] : initialCash) / initialCash;
  switch (metric) {
    case "total_return":
      return growth - 1;
    case "cagr": {
      if (n === 0) return NaN;
      if (growth <= 0) return -1;
      const v = Math.pow(growth, barsPerYear / n) - 1;
      return Number.isFinite(v) ? v : NaN;
    }
    case "sharpe":
    case "sortino": {
      const v = returnStats(equity, initialCash, barsPerYear)[metric];
      return v !== null && Number.isFinite(v) ? v : NaN;
    }
  }
}

/**
 * The real run's value of `metric` from its metrics record (NaN for null).
 * @param metric which metric
 * @param metrics the real run's metrics
 */
export function recordedMetric(metric: TestMetric, metrics: Metrics): number {
  const v = metrics[metric];
  return v === null ? NaN : v;
}
