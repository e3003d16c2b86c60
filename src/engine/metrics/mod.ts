/**
 * @module
 * Run metrics: returns, risk, drawdown, trade and cost figures of a simulation.
 */

export { computeMetrics } from "./compute_metrics.ts";
export { CurveStats, type CurveSummary } from "./curve_stats.ts";
export type { Metrics, MetricsOptions } from "./types.ts";
export { type DrawdownStats, drawdownStats } from "./drawdown_stats.ts";
export { type ReturnStats, returnStats } from "./return_stats.ts";
export { type TradeStats, tradeStats } from "./trade_stats.ts";
